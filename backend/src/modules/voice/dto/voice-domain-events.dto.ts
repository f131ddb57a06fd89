import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { EventPayloads } from '../../../common/contract';
import { CALL_DIRECTIONS, CALL_STATUSES, type CallDirection, type CallStatus } from '../voice.entities';

@ApiSchema({ description: 'A phone call ended: Twilio reported its final status.' })
export class VoiceCallCompletedEventDto {
  userId: string;
  callId: string;
  assistantId: string | null;
  @ApiProperty({ enum: CALL_DIRECTIONS })
  direction: CallDirection;
  from: string;
  to: string;
  @ApiProperty({ enum: CALL_STATUSES })
  status: CallStatus;
  durationSeconds: number | null;
  /** Lines of the transcript. */
  turns: number;
  /** ISO 8601. */
  occurredAt: string;
}

export const VOICE_DOMAIN_EVENTS = { 'voice.call.completed': VoiceCallCompletedEventDto };

declare module '../../../events/domain-events' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges this area's events into the map
  interface DomainEventMap extends EventPayloads<typeof VOICE_DOMAIN_EVENTS> {}
}
