import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { EventPayloads } from '../../../common/contract';
import { MEDIA_KINDS, type MediaKind } from '../media-types';

export class MediaUploadedFileDto {
  id: string;
  name: string;
  mimeType: string;
  @ApiProperty({ enum: MEDIA_KINDS })
  kind: MediaKind;
  /** Bytes. */
  size: number;
}

@ApiSchema({ description: 'Files a user uploaded were stored in the media library (one event per upload request).' })
export class MediaUploadedEventDto {
  userId: string;
  @ApiProperty({ type: String, nullable: true })
  folderId: string | null;
  files: MediaUploadedFileDto[];
  /** ISO 8601. */
  occurredAt: string;
}

export const MEDIA_DOMAIN_EVENTS = { 'media.uploaded': MediaUploadedEventDto };

declare module '../../../events/domain-events' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges this area's events into the map
  interface DomainEventMap extends EventPayloads<typeof MEDIA_DOMAIN_EVENTS> {}
}
