import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { EventPayloads } from '../../../common/contract';
import { CHAT_STREAM } from './chat-events.dto';
import { MessageAuthorDto } from './chat.dto';

const CHAT_STREAM_EVENT_NAMES = Object.keys(CHAT_STREAM.events);

@ApiSchema({
  description:
    'One event of a turn in a conversation this socket watches (`chat.watch`), as its sender streams it: `event` and `data` are those of `ChatStreamEvent` (turn, start, delta, tool steps, done or error, end).',
})
export class ChatWatchedTurnEventDto {
  conversationId: string;
  @ApiProperty({ enum: CHAT_STREAM_EVENT_NAMES })
  event: string;
  /** The `data` of that `ChatStreamEvent`. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  data: object;
  /** On the `turn` event of a new turn: the question asked (the stream's sender has it already, a watcher does not). */
  question?: string;
  /** With `question`: who asked it (the conversation's owner, or a recipient continuing it). */
  askedBy?: MessageAuthorDto;
}

export const CHAT_CLIENT_EVENTS = {
  /** A turn of a watched conversation (shared, or one's own on another device), streamed to every watcher. */
  'chat.turn_event': ChatWatchedTurnEventDto,
};

declare module '../../../realtime/client-events' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges this area's events into the map
  interface ClientEventMap extends EventPayloads<typeof CHAT_CLIENT_EVENTS> {}
}
