import type { MediaFileDto, MediaFolderDto } from './dto/media.dto';
import type { MediaFile } from './media-file.entity';
import type { MediaFolder } from './media-folder.entity';
import type { MediaLinks } from './media-links';

/** A file as the API shows it: its bytes and thumbnail as signed links (`<img>` cannot send a token). */
export function toMediaFileDto(file: MediaFile, links: MediaLinks): MediaFileDto {
  return {
    id: file.id,
    name: file.name,
    mimeType: file.mimeType,
    kind: file.kind,
    size: file.size,
    sha256: file.sha256,
    folderId: file.folderId,
    source: file.source,
    origin: file.origin,
    width: file.width,
    height: file.height,
    durationSeconds: file.durationSeconds,
    previewStatus: file.previewStatus,
    contentUrl: links.url(file.id, 'content'),
    thumbnailUrl: file.thumbnailKey ? links.url(file.id, 'thumbnail') : null,
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
  };
}

export function toMediaFolderDto(folder: MediaFolder, fileCount: number): MediaFolderDto {
  return { id: folder.id, name: folder.name, parentId: folder.parentId, fileCount, createdAt: folder.createdAt, updatedAt: folder.updatedAt };
}
