import type { CitationDto } from '../../api/models';
import type { SseEvent } from './sse-parser';

/**
 * The events of `POST /api/chat` and `.../regenerate` with `stream: true`. The OpenAPI contract
 * describes them in prose only (a schema cannot describe an event stream), so they are typed
 * here, after `backend/src/modules/chat/chat-events.ts`.
 */
export interface ChatStreamEventMap {
  turn: { conversationId: string; turn: number; userMessageId: string | null };
  start: { model: string; messageId: string };
  delta: { model: string; text: string };
  /** The model asked for a tool; its arguments are complete. */
  tool_call: { model: string; messageId: string; callId: string; name: string; arguments: Record<string, unknown> };
  /** A tool finished: a one-line summary for the user, or the error the model was told. */
  tool_result: { model: string; messageId: string; callId: string; name: string; summary: string; durationMs: number; error?: string; mediaFileIds?: string[]; jobIds?: string[] };
  /** The agent loop says something: a limit reached, a tool that could not be offered and why. */
  note: { model: string; messageId: string; text: string };
  /** `citations`: the passages the reply's `[n]` refer to (absent from servers without tools). */
  done: { model: string; messageId: string; status: 'complete'; usage: { inputTokens: number; outputTokens: number }; cost: number; ttftMs: number | null; durationMs: number; citations?: CitationDto[] };
  /** Without `model`: the turn itself failed on the server after it started (`end` still follows). */
  error: { model?: string; messageId?: string; code: string; message: string; provider?: string };
  end: { conversationId: string; turn: number; title: string };
}

export type ChatStreamEvent = { [E in keyof ChatStreamEventMap]: { event: E; data: ChatStreamEventMap[E] } }[keyof ChatStreamEventMap];

const NAMES = new Set<string>(['turn', 'start', 'delta', 'tool_call', 'tool_result', 'note', 'done', 'error', 'end']);

/** The typed chat event of a raw Server-Sent Event, or null for one this page does not know (ignored). */
export function toChatStreamEvent(raw: SseEvent): ChatStreamEvent | null {
  if (!NAMES.has(raw.event)) return null;
  let data: unknown;
  try {
    data = JSON.parse(raw.data);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  return { event: raw.event, data } as ChatStreamEvent;
}
