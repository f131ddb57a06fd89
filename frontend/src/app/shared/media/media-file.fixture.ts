import type { MediaFileDto } from '../../api/models';

/** A media file as the API returns it, for unit tests: a small ready PNG, overridable field by field. */
export function mediaFile(id: string, options: Partial<MediaFileDto> = {}): MediaFileDto {
  return {
    id,
    name: `${id}.png`,
    mimeType: 'image/png',
    kind: 'image',
    size: 100,
    sha256: 'x',
    folderId: null,
    source: 'uploaded',
    origin: null,
    width: 2,
    height: 2,
    durationSeconds: null,
    previewStatus: 'ready',
    contentUrl: `/api/media/files/${id}/content?token=1.a`,
    thumbnailUrl: `/api/media/files/${id}/thumbnail?token=1.a`,
    createdAt: '',
    updatedAt: '',
    ...options,
  };
}
