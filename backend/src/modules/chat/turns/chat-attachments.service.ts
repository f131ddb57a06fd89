import { Injectable, Logger } from '@nestjs/common';
import type { ChatImage } from '../../../ai/capabilities';
import { DomainError, ErrorParams, notFound } from '../../../common/domain-error';
import { AppConfig } from '../../../config/app-config';
import { KnowledgeService } from '../../knowledge/knowledge.service';
import type { MediaFile } from '../../media/media-file.entity';
import { MediaErrorCode } from '../../media/media.errors';
import { MediaService } from '../../media/media.service';
import { formatBytes } from '../../media/upload-meter';
import type { MessageAttachment } from '../chat-message.entity';
import { ChatErrorCode } from '../chat.errors';

/** The picture formats every vision vendor (OpenAI, Anthropic, Gemini) accepts. */
export const IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
/** A document is read whole before its text is cut to the cap: this bounds the read. */
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

const ACCEPTED = 'images (PNG, JPEG, GIF, WebP) and documents (PDF, DOCX, HTML, Markdown, plain text, CSV, JSON)';

/**
 * Files of the media library attached to a chat message: checked (the owner's only, types and
 * sizes) before anything is stored or sent, documents read into text, images read for the models
 * that take them.
 */
@Injectable()
export class ChatAttachmentsService {
  private readonly logger = new Logger('Chat');

  constructor(
    private readonly media: MediaService,
    private readonly knowledge: KnowledgeService,
    private readonly config: AppConfig,
  ) {}

  /**
   * The attachments of a new message. Another user's file (or one gone) is a 404; a type or size
   * past the limits a 400 naming the file and the limit; every file is checked before any is read.
   */
  async prepare(ownerId: string, ids: readonly string[] | undefined): Promise<MessageAttachment[]> {
    if (!ids?.length) return [];
    const found = await this.media.byIds(ownerId, [...ids]);
    const files = ids.map((id) => found.get(id));
    if (files.some((file) => !file)) throw notFound(MediaErrorCode.MEDIA_FILE_NOT_FOUND, 'Media file');
    files.forEach((file, index) => this.check(file!, `attachments.${index}`));
    return Promise.all(files.map((file) => this.describe(file!)));
  }

  /**
   * The bytes of the images among these messages' attachments, by media file id, for models that
   * take images. A file deleted since is left out (its message still names it).
   */
  async images(ownerId: string, messages: ReadonlyArray<{ attachments?: MessageAttachment[] }>): Promise<Map<string, ChatImage>> {
    const ids = [...new Set(messages.flatMap((message) => (message.attachments ?? []).filter((a) => a.kind === 'image').map((a) => a.mediaFileId)))];
    const files = await this.media.byIds(ownerId, ids);
    const images = new Map<string, ChatImage>();
    await Promise.all(
      [...files.values()].map(async (file) => {
        try {
          images.set(file.id, { mimeType: file.mimeType, data: await this.media.readAll(file, this.config.chatAttachments.imageMaxBytes) });
        } catch (error) {
          this.logger.warn({ err: error, mediaFileId: file.id }, 'An attached image could not be read; the models get its name only');
        }
      }),
    );
    return images;
  }

  private check(file: MediaFile, field: string): void {
    const refuse = (code: ChatErrorCode, message: string, params: ErrorParams) => new DomainError('invalid', code, message, [{ field, message }], params);
    const isImage = IMAGE_TYPES.includes(file.mimeType);
    if (!isImage && this.knowledge.documentRefusal(file.mimeType)) {
      throw refuse(ChatErrorCode.ATTACHMENT_TYPE_REFUSED, `"${file.name}" (${file.mimeType}) cannot be attached to a message: only ${ACCEPTED} can`, { name: file.name, type: file.mimeType });
    }
    const limit = isImage ? this.config.chatAttachments.imageMaxBytes : DOCUMENT_MAX_BYTES;
    if (file.size > limit) {
      throw refuse(ChatErrorCode.ATTACHMENT_TOO_LARGE, `"${file.name}" is ${formatBytes(file.size)}, over the ${formatBytes(limit)} limit for an attached ${isImage ? 'image' : 'document'}`, {
        name: file.name,
        sizeBytes: file.size,
        limitBytes: limit,
      });
    }
  }

  private async describe(file: MediaFile): Promise<MessageAttachment> {
    const base = { mediaFileId: file.id, name: file.name, mimeType: file.mimeType, size: file.size };
    if (IMAGE_TYPES.includes(file.mimeType)) return { ...base, kind: 'image' };
    const text = await this.knowledge.documentText(await this.media.readAll(file, DOCUMENT_MAX_BYTES), file.mimeType, file.name);
    const cap = this.config.chatAttachments.documentMaxChars;
    return text.length > cap ? { ...base, kind: 'document', text: text.slice(0, cap), truncatedTo: cap } : { ...base, kind: 'document', text };
  }
}
