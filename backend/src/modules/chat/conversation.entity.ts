import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ChatSettings } from './settings/chat-settings';
import type { BranchSelection } from './turns/chat-tree';

/** The title of a conversation until its first turn names it. */
export const NEW_CONVERSATION = 'New conversation';

/** The tools a conversation's turns may use: its agent's, or the collections attached to a plain chat. */
export interface ToolSettings {
  /** Built-in tool names and `mcp:<serverId>:<toolName>` refs. */
  tools: string[];
  /** Collections `knowledge_search` may search; empty: every collection of the user. */
  collectionIds: string[];
  maxSteps: number;
  timeLimitSeconds: number;
}

@Entity('conversations')
export class Conversation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column()
  title: string;

  @Column()
  pinned: boolean;

  /** Out of the everyday list; still searchable in the archived view. */
  @Column({ default: false })
  archived: boolean;

  /** A folder of the user's own naming; null when the conversation is in none. */
  @Column({ type: 'varchar', nullable: true })
  folder: string | null;

  /** The agent the conversation is held with, if any (its name kept as it was then). */
  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId: string | null;

  @Column({ name: 'agent_name', type: 'varchar', nullable: true })
  agentName: string | null;

  /** Sent as the system message on every turn: an agent's context, or the user's own for a plain chat; null for none. */
  @Column({ name: 'system_prompt', type: 'text', nullable: true })
  systemPrompt: string | null;

  /** Null when the conversation uses no tools. */
  @Column({ name: 'tool_settings', type: 'jsonb', nullable: true })
  toolSettings: ToolSettings | null;

  /** Sampling settings every turn and regeneration uses (temperature, top-p, max tokens, per model); null for the models' defaults. */
  @Column({ type: 'jsonb', nullable: true })
  settings: ChatSettings | null;

  /**
   * The branch on screen, where the user chose: a sibling key (see chat-tree.ts) -> the chosen
   * message's id. Where it says nothing (or names a message no longer there), the newest sibling is shown.
   */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  selection: BranchSelection;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
