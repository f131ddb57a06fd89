import type { ConversationDetailDto, MessageDto } from '../../api/models';
import type { ReplyTrace } from './reply-trace';

/**
 * A reply as the page shows it. Besides the server's statuses: `pending` (sent, the model has
 * not started) and `incomplete` (stored as still streaming, for example by another tab).
 */
export type ReplyStatus = 'pending' | 'streaming' | 'complete' | 'stopped' | 'error' | 'incomplete';

/** `steps` and `citations`: what the model did with its tools, and the passages it cites (reply-trace.ts). */
export interface ReplyView extends ReplyTrace {
  model: string;
  messageId: string | null;
  content: string;
  status: ReplyStatus;
  /** Why it failed: the server's English sentence, or a text already in the reader's language (a failure seen by this client). */
  error: string | null;
  /** Why it failed, as the server's code and values: what the page translates (reply-error.ts), `error` being the fallback. */
  errorCode?: string | null;
  errorParams?: Readonly<Record<string, string | number>>;
  inputTokens: number | null;
  outputTokens: number | null;
  /** US dollars. */
  cost: number | null;
  ttftMs: number | null;
  durationMs: number | null;
  /** Stopped at its length limit: it may be continued. */
  truncated: boolean;
  /** The versions of this model's reply to the question (regenerations), oldest first, this one included. */
  siblingIds: readonly string[];
}

/** A file attached to a user's message, as the turn shows it. */
export interface TurnAttachment {
  name: string;
  kind: 'image' | 'document';
  /** A picture of it, when the page has one (a file just attached from this device, a library thumbnail). */
  previewUrl: string | null;
  /** Documents: the models got only this many characters of it. */
  truncatedTo?: number;
}

/** One user message and the replies of every model that was asked, by model id. */
export interface TurnView {
  /** Stable for the page's lifetime (the turn number is only known once the server answers). */
  key: string;
  turn: number;
  question: string;
  userMessageId: string | null;
  /** The versions of the question (edits), oldest first, this one included; empty until stored. */
  siblingIds: readonly string[];
  replies: Readonly<Record<string, ReplyView>>;
  /** The turn's merged answer (one model's synthesis of its columns), when one was asked for. */
  merged?: ReplyView;
  /** Files the user attached to the message. */
  attachments?: readonly TurnAttachment[];
  /** Who asked it, in a shared conversation (shown when it is not the reader). */
  askedBy?: { userId: string; name: string };
}

/** One model's view of the conversation: each user message with that model's reply (null when it was not asked). */
export interface ThreadEntry {
  turn: TurnView;
  reply: ReplyView | null;
}

export const isLive = (reply: ReplyView) => reply.status === 'pending' || reply.status === 'streaming';

export function pendingReply(model: string): ReplyView {
  return { model, messageId: null, content: '', status: 'pending', error: null, inputTokens: null, outputTokens: null, cost: null, ttftMs: null, durationMs: null, truncated: false, siblingIds: [], steps: [], citations: [] };
}

let lastKey = 0;
export const newTurnKey = () => `t${++lastKey}`;

function toReply(message: MessageDto): ReplyView {
  return {
    model: message.model ?? '',
    messageId: message.id,
    content: message.content,
    status: message.status === 'streaming' ? 'incomplete' : message.status,
    error: message.error ?? null,
    ...(message.errorCode ? { errorCode: message.errorCode, errorParams: message.errorParams ?? {} } : {}),
    inputTokens: message.inputTokens ?? null,
    outputTokens: message.outputTokens ?? null,
    cost: message.cost ?? null,
    ttftMs: message.ttftMs ?? null,
    durationMs: message.durationMs ?? null,
    truncated: message.truncated ?? false,
    siblingIds: message.siblingIds ?? [message.id],
    steps: message.steps ?? [],
    citations: message.citations ?? [],
  };
}

/** The turns of a stored conversation's branch on screen (messages come ordered by turn, the user's first). */
export function turnsFromMessages(messages: readonly MessageDto[]): TurnView[] {
  const turns = new Map<number, TurnView>();
  for (const message of messages) {
    const turn = turns.get(message.turn) ?? { key: newTurnKey(), turn: message.turn, question: '', userMessageId: null, siblingIds: [], replies: {} };
    if (message.role === 'user') {
      const attachments = (message.attachments ?? []).map(({ name, kind, truncatedTo }): TurnAttachment => ({ name, kind, previewUrl: null, ...(truncatedTo ? { truncatedTo } : {}) }));
      turns.set(message.turn, { ...turn, question: message.content, userMessageId: message.id, siblingIds: message.siblingIds ?? [message.id], ...(attachments.length ? { attachments } : {}), ...(message.askedBy ? { askedBy: message.askedBy } : {}) });
    }
    else if (message.kind === 'merged') turns.set(message.turn, { ...turn, merged: { ...toReply(message), truncated: false } });
    // A model with two replies in a turn (a regeneration under way): the later one wins.
    else if (message.model) turns.set(message.turn, { ...turn, replies: { ...turn.replies, [message.model]: toReply(message) } });
  }
  return [...turns.values()].sort((a, b) => a.turn - b.turn);
}

/** The models to show for a stored conversation: those of its last turn first, then the others that answered before. */
export function modelsOfConversation(detail: ConversationDetailDto, turns: readonly TurnView[]): string[] {
  const last = turns[turns.length - 1];
  const ordered = [...Object.keys(last?.replies ?? {}), ...turns.flatMap((turn) => Object.keys(turn.replies)), ...detail.models];
  return [...new Set(ordered)];
}

/** Where a message is among its versions, for `< 2/3 >`: its 1-based place, the count, and the ids before and after it (null at the ends). */
export interface VersionPlace {
  index: number;
  count: number;
  previous: string | null;
  next: string | null;
}

export function versionPlace(id: string | null, siblingIds: readonly string[]): VersionPlace | null {
  const at = id ? siblingIds.indexOf(id) : -1;
  if (at < 0 || siblingIds.length < 2) return null;
  return { index: at + 1, count: siblingIds.length, previous: siblingIds[at - 1] ?? null, next: siblingIds[at + 1] ?? null };
}

/** Replaces one reply of one turn, leaving every other object as it was (so unchanged views do not re-render). */
export function updateReply(turns: readonly TurnView[], key: string, model: string, change: (reply: ReplyView) => ReplyView): TurnView[] {
  return turns.map((turn) => {
    if (turn.key !== key) return turn;
    const reply = turn.replies[model] ?? pendingReply(model);
    return { ...turn, replies: { ...turn.replies, [model]: change(reply) } };
  });
}

/** The columns of a turn that have an answer to merge (complete or stopped, with text). */
export const answeredReplies = (turn: TurnView): ReplyView[] =>
  Object.values(turn.replies).filter((reply) => (reply.status === 'complete' || reply.status === 'stopped') && reply.content.trim().length > 0);

/** Replaces (or sets) the merged answer of one turn. */
export function updateMerged(turns: readonly TurnView[], key: string, model: string, change: (reply: ReplyView) => ReplyView): TurnView[] {
  return turns.map((turn) => (turn.key === key ? { ...turn, merged: change(turn.merged ?? pendingReply(model)) } : turn));
}
