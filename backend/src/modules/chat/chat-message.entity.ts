import type { Citation, ToolSummaryKey, ToolSummaryParams } from '../tools/tool';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ReplyNoteKey, ReplyNoteParams } from '../../ai/reply-notes';
import { numericAsNumber } from '../../database/column-transformers';

export type MessageRole = 'user' | 'assistant';
/** `streaming` while the model answers; `stopped` keeps what arrived before the user stopped it. */
export type MessageStatus = 'streaming' | 'complete' | 'stopped' | 'error';
/** A reply is a model's column; a merged answer one model's synthesis of a turn's columns (shown beside them, never fed to the next turn). */
export type MessageKind = 'reply' | 'merged';

/**
 * One step of an agent's reply, in order: a tool call (with its result once known) or a note from
 * the loop (a limit reached, a tool that could not be offered). `offset` is the length of the
 * reply's text when the step happened, so a client can show it in place.
 */
export type ReplyStep =
  | {
      kind: 'tool';
      callId: string;
      name: string;
      arguments: Record<string, unknown>;
      offset: number;
      status: 'running' | 'ok' | 'error';
      summary?: string;
      /** The summary from the dashboard's dictionary, with `params` (built-in tools, since it existed). */
      summaryKey?: ToolSummaryKey;
      params?: ToolSummaryParams;
      error?: string;
      durationMs?: number;
      mediaFileIds?: string[];
      jobIds?: string[];
    }
  | { kind: 'note'; text: string; offset: number; noteKey?: ReplyNoteKey; params?: ReplyNoteParams };

/** A media-library file attached to a user's message, as the models were given it. */
export interface MessageAttachment {
  mediaFileId: string;
  name: string;
  mimeType: string;
  /** Images go to models that take images; documents as their text, in the message. */
  kind: 'image' | 'document';
  size: number;
  /** Documents: the text the models were given (at most the cap). */
  text?: string;
  /** Documents: the text was longer and was cut to this many characters. */
  truncatedTo?: number;
}

@Entity('chat_messages')
export class ChatMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  /** Depth in the conversation's tree: 1 for the first user message and its replies. */
  @Column({ type: 'int' })
  turn: number;

  /**
   * The tree: a user message's parent is the user message before it on its branch (null for the
   * first), a reply's the user message it answers. Siblings are the versions: edited messages,
   * regenerated replies (of one model).
   */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @Column({ type: 'varchar' })
  role: MessageRole;

  /** `merged` for a merged answer; `reply` for everything else (user messages included). */
  @Column({ type: 'varchar', default: 'reply' })
  kind: MessageKind;

  /** A reply's place in its turn: the order in which the models were chosen. */
  @Column({ type: 'smallint' })
  position: number;

  /** `provider/model` for replies; null for the user's message. */
  @Column({ type: 'varchar', nullable: true })
  model: string | null;

  @Column({ type: 'varchar', nullable: true })
  provider: string | null;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar' })
  status: MessageStatus;

  /** Why a reply failed, in English (logs, API clients that read no codes). */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Why a reply failed, as a code a client translates (`PROVIDER_RATE_LIMITED`, `MODEL_CANNOT_SEE_IMAGES`...), with its values. */
  @Column({ name: 'error_code', type: 'varchar', nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_params', type: 'jsonb', nullable: true })
  errorParams: Record<string, string | number> | null;

  /** A reply cut by its length limit (the vendor said so): it may be continued. */
  @Column({ default: false })
  truncated: boolean;

  @Column({ name: 'input_tokens', type: 'int', nullable: true })
  inputTokens: number | null;

  @Column({ name: 'output_tokens', type: 'int', nullable: true })
  outputTokens: number | null;

  /** US dollars. */
  @Column({ type: 'numeric', nullable: true, transformer: numericAsNumber })
  cost: number | null;

  @Column({ name: 'ttft_ms', type: 'int', nullable: true })
  ttftMs: number | null;

  @Column({ name: 'duration_ms', type: 'int', nullable: true })
  durationMs: number | null;

  /** The agent loop's trace: tool calls, results and notes (empty for a plain reply). */
  @Column({ type: 'jsonb' })
  steps: ReplyStep[];

  /** Passages the reply may cite as [n]. */
  @Column({ type: 'jsonb' })
  citations: Citation[];

  /** The user's attached files (empty for replies). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments: MessageAttachment[];

  /** Who asked a user message, when not the conversation's owner (a recipient continuing a shared conversation); null for the owner's. */
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
