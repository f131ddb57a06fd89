import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { EventPayloads } from '../../../common/contract';

/** The Generation page's tabs, as its job names say them (`generation.image` → `image`). */
export const GENERATION_TABS = ['image', 'video', 'audio', 'ebook', 'short'] as const;
export type GenerationTab = (typeof GENERATION_TABS)[number];

@ApiSchema({ description: 'A generation job succeeded: its files are in the media library (outputs that failed are listed apart).' })
export class GenerationCompletedEventDto {
  userId: string;
  jobId: string;
  @ApiProperty({ enum: GENERATION_TABS })
  kind: GenerationTab;
  /** The media files it made, in the order they were asked for. */
  fileIds: string[];
  /** How many of the asked outputs could not be made (for example image 3 of 4). */
  failedOutputs: number;
  /** ISO 8601. */
  occurredAt: string;
}

export const GENERATION_DOMAIN_EVENTS = { 'generation.completed': GenerationCompletedEventDto };

declare module '../../../events/domain-events' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges this area's events into the map
  interface DomainEventMap extends EventPayloads<typeof GENERATION_DOMAIN_EVENTS> {}
}
