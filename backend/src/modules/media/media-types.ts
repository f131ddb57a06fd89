import { fromBuffer } from 'file-type';

export type MediaKind = 'image' | 'audio' | 'video' | 'document' | 'text';
export const MEDIA_KINDS: readonly MediaKind[] = ['image', 'audio', 'video', 'document', 'text'];

/** How many leading bytes type detection needs (file-type's own sample size). */
export const SNIFF_BYTES = 4100;

export interface DetectedType {
  mimeType: string;
  kind: MediaKind;
}

/** Binary formats recognised by their magic bytes, and what the library calls them. */
const BINARY_KINDS: Array<[RegExp, MediaKind]> = [
  [/^image\/(png|jpeg|gif|webp|avif|bmp|tiff|heic|heif|x-icon|vnd\.microsoft\.icon)$/, 'image'],
  [/^audio\//, 'audio'],
  [/^application\/ogg$/, 'audio'],
  [/^video\//, 'video'],
  [/^application\/(pdf|epub\+zip)$/, 'document'],
  [/^application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document$/, 'document'],
];

/** The names browsers expect, where file-type uses a rarer registered one. */
const COMMON_NAME: Record<string, string> = { 'audio/vnd.wave': 'audio/wav', 'audio/x-m4a': 'audio/mp4' };

/** Text formats have no magic bytes: they are recognised by their name once the bytes prove to be UTF-8 text. */
const TEXT_TYPES: Record<string, DetectedType> = {
  txt: { mimeType: 'text/plain', kind: 'text' },
  text: { mimeType: 'text/plain', kind: 'text' },
  log: { mimeType: 'text/plain', kind: 'text' },
  md: { mimeType: 'text/markdown', kind: 'text' },
  markdown: { mimeType: 'text/markdown', kind: 'text' },
  json: { mimeType: 'application/json', kind: 'text' },
  csv: { mimeType: 'text/csv', kind: 'text' },
  html: { mimeType: 'text/html', kind: 'document' },
  htm: { mimeType: 'text/html', kind: 'document' },
  svg: { mimeType: 'image/svg+xml', kind: 'image' },
};

export const ALLOWED_DESCRIPTION = 'images, audio, video, PDF, EPUB, DOCX, plain text, Markdown, JSON, CSV, HTML and SVG';

/**
 * The type of a file from its first bytes (and, for text, its name). Undefined when the content
 * is not one the library accepts, whatever the name claims: an executable named `.png` is refused.
 */
export async function detectType(head: Buffer, fileName: string): Promise<DetectedType | undefined> {
  const detected = await fromBuffer(head);
  if (detected && detected.mime !== 'application/xml') {
    const kind = BINARY_KINDS.find(([pattern]) => pattern.test(detected.mime))?.[1];
    return kind ? { mimeType: COMMON_NAME[detected.mime] ?? detected.mime, kind } : undefined;
  }
  if (!isUtf8Text(head)) return undefined;
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const byName = extension ? TEXT_TYPES[extension] : { mimeType: 'text/plain', kind: 'text' as const };
  if (!byName) return undefined;
  if (byName.mimeType === 'image/svg+xml' && !/<svg[\s>]/i.test(head.toString('utf8'))) return undefined;
  return byName;
}

function isUtf8Text(head: Buffer): boolean {
  if (head.includes(0)) return false;
  try {
    // `stream: true` tolerates a character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Types a browser displays without running anything. Everything else (SVG and HTML can carry
 * script) is only ever served as a download.
 */
export function isSafeInline(mimeType: string): boolean {
  return /^(image\/(png|jpeg|gif|webp|avif|bmp)|audio\/.+|video\/.+|application\/ogg|application\/pdf|text\/plain|text\/markdown|text\/csv|application\/json)$/.test(mimeType);
}

const MAX_NAME_LENGTH = 255;

/**
 * A name fit to show and to put in a Content-Disposition header: no folders, no control
 * characters, at most 255 characters with the extension kept. Storage never uses it.
 */
export function safeFileName(raw: string | undefined, fallback = 'file'): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let name = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  if (!name) name = fallback;
  if (name.length <= MAX_NAME_LENGTH) return name;
  const extension = /(\.[A-Za-z0-9]{1,10})$/.exec(name)?.[1] ?? '';
  return name.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
}

/** `attachment; filename="..."; filename*=UTF-8''...` (RFC 6266), safe for any name. */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
