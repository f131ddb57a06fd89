import type { ChatStreamEvent, ChatStreamEventName } from '../../api/models';
import { CHAT_STREAM_EVENT_NAME } from '../../api/models/chat-stream-event-name-array';
import type { SseEvent } from './sse-parser';

/**
 * The events of `POST /api/chat`, `.../regenerate` and `/api/assistants/chat` with `stream: true`
 * are `ChatStreamEvent`s of the generated client (the contract describes each one); this only turns
 * a raw Server-Sent Event into one.
 */
const NAMES: ReadonlySet<string> = new Set<ChatStreamEventName>(CHAT_STREAM_EVENT_NAME);

/** The payload of one event, by name: `ChatStreamEventData<'done'>` is `ChatDoneEventDto`. */
export type ChatStreamEventData<E extends ChatStreamEventName> = Extract<ChatStreamEvent, { event: E }>['data'];

/** The typed chat event of a raw Server-Sent Event, or null for one the contract does not declare (ignored). */
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
