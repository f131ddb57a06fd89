import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('agents')
export class Agent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for the built-in agents. */
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId: string | null;

  /** The built-in agents' stable name (the audit's `agent_type`, e.g. `sales`). */
  @Column({ type: 'varchar', nullable: true })
  slug: string | null;

  @Column()
  name: string;

  @Column()
  description: string;

  /** A Material Symbols icon name. */
  @Column()
  icon: string;

  /** The agent's context, sent as the system message on every turn. */
  @Column({ type: 'text' })
  instructions: string;

  @Column({ name: 'default_model' })
  defaultModel: string;

  @Column({ type: 'real' })
  temperature: number;

  @Column({ type: 'jsonb' })
  starters: string[];

  /** Background the agent should know (added to its context). */
  @Column({ name: 'reference_notes', type: 'text' })
  referenceNotes: string;

  /** Built-in tool names and MCP tools (`mcp:<serverId>:<toolName>`) the agent may call. */
  @Column({ type: 'jsonb' })
  tools: string[];

  /** Knowledge collections `knowledge_search` searches; empty: every collection of the user. */
  @Column({ name: 'collection_ids', type: 'jsonb' })
  collectionIds: string[];

  /** Rounds of tool calls in one turn before the loop stops the model. */
  @Column({ name: 'max_steps', type: 'smallint' })
  maxSteps: number;

  @Column({ name: 'time_limit_seconds', type: 'smallint' })
  timeLimitSeconds: number;

  @Column({ name: 'built_in' })
  builtIn: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
