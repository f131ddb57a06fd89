import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { EventPayloads } from '../../../common/contract';
import type { MessageStatus } from '../chat-message.entity';

const REPLY_STATUSES: MessageStatus[] = ['complete', 'stopped', 'error'];

export class ChatCompletedReplyDto {
  messageId: string;
  model: string;
  @ApiProperty({ enum: REPLY_STATUSES })
  status: MessageStatus;
}

@ApiSchema({ description: 'A chat turn ended and is stored: every model answered, failed or was stopped (also a regenerated or continued reply).' })
export class ChatCompletedEventDto {
  userId: string;
  conversationId: string;
  turn: number;
  /** The conversation's title after the turn. */
  title: string;
  /** The agent the conversation talks to. */
  @ApiProperty({ type: String, nullable: true })
  agentId: string | null;
  /** The user's message of the turn (none for a regenerated or continued reply). */
  @ApiProperty({ type: String, nullable: true })
  userMessageId: string | null;
  replies: ChatCompletedReplyDto[];
  /** ISO 8601. */
  occurredAt: string;
}

export const CHAT_DOMAIN_EVENTS = { 'chat.completed': ChatCompletedEventDto };

declare module '../../../events/domain-events' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges this area's events into the map
  interface DomainEventMap extends EventPayloads<typeof CHAT_DOMAIN_EVENTS> {}
}
