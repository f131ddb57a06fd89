import type { SseEvent } from '../../core/streaming/sse-parser';

/**
 * The events of `POST /api/chat` and `.../regenerate` with `stream: true`. The OpenAPI contract
 * describes them in prose only (a schema cannot describe an event stream), so they are typed
 * here, after `backend/src/modules/chat/chat-events.ts`.
 */
export interface ChatStreamEventMap {
  turn: { conversationId: string; turn: number; userMessageId: string | null };
  start: { model: string; messageId: string };
  delta: { model: string; text: string };
  done: { model: string; messageId: string; status: 'complete'; usage: { inputTokens: number; outputTokens: number }; cost: number; ttftMs: number | null; durationMs: number };
  /** Without `model`: the turn itself failed on the server after it started (`end` still follows). */
  error: { model?: string; messageId?: string; code: string; message: string; provider?: string };
  end: { conversationId: string; turn: number; title: string };
}

export type ChatStreamEvent = { [E in keyof ChatStreamEventMap]: { event: E; data: ChatStreamEventMap[E] } }[keyof ChatStreamEventMap];

const NAMES = new Set<string>(['turn', 'start', 'delta', 'done', 'error', 'end']);

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
