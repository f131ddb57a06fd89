import { HttpEventType } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';
import type { MediaFileDto, MessageAttachmentDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { MediaTransfer } from '../../shared/media/media-transfer';
import { problemMessage } from '../../core/http/problem-message';

/** As many as the server takes on one message. */
export const MAX_ATTACHMENTS = 10;
/** Pictures every vision model takes. */
export const IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
/** What the file picker offers: those images, and the documents whose text Webox reads. */
export const ACCEPTED_FILES = [...IMAGE_TYPES, '.pdf', '.docx', '.md', '.markdown', '.txt', '.html', '.htm', '.csv', '.json'].join(',');

/** One file in the composer: being uploaded to the media library, ready to send, or failed. */
export interface ComposerAttachment {
  key: number;
  name: string;
  kind: 'image' | 'document';
  size: number;
  status: 'uploading' | 'ready' | 'failed';
  mediaFileId: string | null;
  /** A picture to show: the local file's object URL, or the library's thumbnail. */
  previewUrl: string | null;
  error: string | null;
}

const kindOf = (mimeType: string): ComposerAttachment['kind'] => (IMAGE_TYPES.includes(mimeType) ? 'image' : 'document');

/**
 * The files attached to the next message. Files from the computer (button, drop, paste) are
 * uploaded to the media library at once, through the media upload route; files picked from the
 * library are attached as they are. The server checks types and sizes when the message is sent.
 */
@Injectable()
export class ChatAttachments {
  private readonly transfer = inject(MediaTransfer);
  private readonly i18n = inject(I18nService);

  readonly items = signal<ComposerAttachment[]>([]);
  readonly uploading = computed(() => this.items().some((item) => item.status === 'uploading'));
  readonly hasImages = computed(() => this.items().some((item) => item.kind === 'image' && item.status !== 'failed'));
  readonly full = computed(() => this.items().length >= MAX_ATTACHMENTS);

  private readonly uploads = new Map<number, Subscription>();
  private readonly objectUrls = new Map<number, string>();
  private nextKey = 1;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      for (const upload of this.uploads.values()) upload.unsubscribe();
      for (const url of this.objectUrls.values()) URL.revokeObjectURL(url);
    });
  }

  /** Uploads files from the computer (past the tenth, they are left out and the caller is told). */
  addFiles(files: Iterable<File>): number {
    let skipped = 0;
    for (const file of files) {
      if (this.full()) {
        skipped++;
        continue;
      }
      const key = this.nextKey++;
      const kind = kindOf(file.type);
      const previewUrl = kind === 'image' ? this.objectUrl(key, file) : null;
      this.items.update((items) => [...items, { key, name: file.name || this.i18n.t('chat.attachments.pasted'), kind, size: file.size, status: 'uploading', mediaFileId: null, previewUrl, error: null }]);
      const upload = this.transfer.upload(file, null).subscribe({
        next: (event) => {
          if (event.type !== HttpEventType.Response) return;
          const stored = event.body?.[0];
          this.patch(key, stored ? { status: 'ready', mediaFileId: stored.id, kind: kindOf(stored.mimeType), name: stored.name } : { status: 'failed', error: this.i18n.t('chat.attachments.failed') });
          this.uploads.delete(key);
        },
        error: (error: unknown) => {
          const problem = toApiProblem(error);
          this.patch(key, { status: 'failed', error: problemMessage(this.i18n, problem, 'chat.attachments.failed') });
          this.uploads.delete(key);
        },
      });
      if (this.items().some((item) => item.key === key && item.status === 'uploading')) this.uploads.set(key, upload);
    }
    return skipped;
  }

  /** A file of the media library, attached as it is (once). */
  addFromLibrary(file: MediaFileDto): void {
    if (this.full() || this.items().some((item) => item.mediaFileId === file.id)) return;
    const key = this.nextKey++;
    this.items.update((items) => [...items, { key, name: file.name, kind: kindOf(file.mimeType), size: file.size, status: 'ready', mediaFileId: file.id, previewUrl: file.thumbnailUrl, error: null }]);
  }

  remove(key: number): void {
    this.uploads.get(key)?.unsubscribe();
    this.uploads.delete(key);
    const url = this.objectUrls.get(key);
    if (url) URL.revokeObjectURL(url);
    this.objectUrls.delete(key);
    this.items.update((items) => items.filter((item) => item.key !== key));
  }

  /**
   * Takes the files that are ready, for the message being sent (failed ones stay, to be removed or
   * seen); gives back what the turn shows and the ids to send.
   */
  take(): { ids: string[]; shown: ComposerAttachment[] } {
    const ready = this.items().filter((item) => item.status === 'ready');
    this.items.update((items) => items.filter((item) => item.status !== 'ready'));
    return { ids: ready.map((item) => item.mediaFileId!), shown: ready };
  }

  /** Puts back files taken for a message the server refused. */
  restore(taken: readonly ComposerAttachment[]): void {
    this.items.update((items) => [...taken, ...items.filter((item) => !taken.some((t) => t.key === item.key))]);
  }

  private objectUrl(key: number, file: File): string | null {
    try {
      const url = URL.createObjectURL(file);
      this.objectUrls.set(key, url);
      return url;
    } catch {
      return null;
    }
  }

  private patch(key: number, changes: Partial<ComposerAttachment>): void {
    this.items.update((items) => items.map((item) => (item.key === key ? { ...item, ...changes } : item)));
  }
}

/** A stored message's attachment as the turn shows it. */
export function shownAttachment(attachment: MessageAttachmentDto, key: number): ComposerAttachment {
  return { key, name: attachment.name, kind: attachment.kind, size: attachment.size, status: 'ready', mediaFileId: attachment.mediaFileId, previewUrl: null, error: null };
}
