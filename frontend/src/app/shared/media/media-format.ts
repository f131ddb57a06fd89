import { Pipe, PipeTransform, inject } from '@angular/core';
import type { MediaFileDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import type { IconName } from '../../core/icons/icons';

export type MediaKind = MediaFileDto['kind'];
export type MediaSource = MediaFileDto['source'];

export const MEDIA_KINDS: readonly MediaKind[] = ['image', 'audio', 'video', 'document', 'text'];

const UNITS: Record<'en' | 'fr', readonly string[]> = {
  en: ['B', 'KB', 'MB', 'GB', 'TB'],
  fr: ['o', 'Ko', 'Mo', 'Go', 'To'],
};

/** `512 B`, `1.5 KB`, `12 MB` (en) or `1,5 Ko` (fr): binary multiples, as the server counts its limits. */
export function formatBytes(bytes: number, locale: string): string {
  const units = UNITS[locale.toLowerCase().startsWith('fr') ? 'fr' : 'en'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  // Round first, so that 1023.97 KB reads 1 MB rather than 1,024 KB.
  if (unit < units.length - 1 && Number(value.toFixed(1)) >= 1024) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** A player's clock: `0:07`, `3:25`, `1:02:03`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** `1920 × 1080` for a picture or a video, else null. */
export function formatDimensions(file: Pick<MediaFileDto, 'width' | 'height'>): string | null {
  return file.width && file.height ? `${file.width} × ${file.height}` : null;
}

/** What the list view shows in its "dimensions / duration" column. */
export function formatDetails(file: Pick<MediaFileDto, 'width' | 'height' | 'durationSeconds'>): string {
  const parts = [formatDimensions(file), file.durationSeconds !== null ? formatDuration(file.durationSeconds) : null];
  return parts.filter(Boolean).join(' · ') || '—';
}

const KIND_ICONS: Record<MediaKind, IconName> = { image: 'image', audio: 'music_note', video: 'movie', document: 'description', text: 'article' };

/** The Material Symbols ligature of a kind, for files without a thumbnail. */
export function kindIcon(kind: MediaKind): IconName {
  return KIND_ICONS[kind];
}

export type PreviewMode = 'image' | 'video' | 'audio' | 'pdf' | 'text' | 'download';

/** Pictures a browser shows without running anything; SVG is left out (it can hold script). */
const INLINE_IMAGES = /^image\/(png|jpeg|gif|webp|avif|bmp)$/;

/**
 * How the preview dialog shows a file. Only what the server also serves inline is shown inline:
 * SVG and HTML (which may hold script) are never put in an `<img>` or an `<iframe>`.
 */
export function previewMode(file: Pick<MediaFileDto, 'kind' | 'mimeType'>): PreviewMode {
  switch (file.kind) {
    case 'image':
      return INLINE_IMAGES.test(file.mimeType) ? 'image' : 'download';
    case 'video':
      return 'video';
    case 'audio':
      return 'audio';
    case 'text':
      return file.mimeType === 'text/html' ? 'download' : 'text';
    case 'document':
      return file.mimeType === 'application/pdf' ? 'pdf' : 'download';
  }
}

/** The file's signed link, asking the server for an attachment. */
export function downloadUrl(file: Pick<MediaFileDto, 'contentUrl'>): string {
  return `${file.contentUrl}${file.contentUrl.includes('?') ? '&' : '?'}download=true`;
}

/** `{{ file.size | bytes }}` in the current language. */
@Pipe({ name: 'bytes', pure: false })
export class BytesPipe implements PipeTransform {
  private readonly i18n = inject(I18nService);
  transform(bytes: number): string {
    return formatBytes(bytes, this.i18n.locale());
  }
}
