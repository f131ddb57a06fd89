import { HttpEventType } from '@angular/common/http';
import { Injectable, OnDestroy, computed, inject, signal } from '@angular/core';
import { Subject, type Subscription } from 'rxjs';
import type { MediaFileDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { formatBytes } from '../../shared/media/media-format';
import { MediaTransfer } from '../../shared/media/media-transfer';
import { problemMessage } from '../../core/http/problem-message';

/** Files sent at the same time; the others wait their turn. */
export const MAX_PARALLEL_UPLOADS = 2;

export type UploadStatus = 'queued' | 'uploading' | 'done' | 'failed';

export interface UploadEntry {
  id: number;
  name: string;
  size: number;
  /** The folder it goes to; null: the top of the library. */
  folderId: string | null;
  status: UploadStatus;
  /** 0 to 100: the share of the bytes sent. At 100 the server is still storing the file. */
  progress: number;
  /** What the server answered when it refused the file, as it said it. */
  error: string | null;
}

/**
 * The uploads of the media page: one request per file, so each has its own progress bar and a
 * refused file (too large, a type the library does not take) leaves the others alone.
 */
@Injectable()
export class UploadQueue implements OnDestroy {
  private readonly transfer = inject(MediaTransfer);
  private readonly i18n = inject(I18nService);

  readonly entries = signal<UploadEntry[]>([]);
  readonly busy = computed(() => this.entries().some((entry) => entry.status === 'queued' || entry.status === 'uploading'));
  readonly finished = computed(() => this.entries().filter((entry) => entry.status === 'done' || entry.status === 'failed').length);
  /** Each file the server kept, as it returned it. */
  readonly uploaded = new Subject<MediaFileDto>();

  private readonly files = new Map<number, File>();
  private readonly running = new Map<number, Subscription>();
  private nextId = 1;

  /**
   * Queues files for a folder. With `maxFileBytes` (the server's limit) a file over it fails at
   * once instead of being sent only to be refused.
   */
  add(files: Iterable<File>, folderId: string | null, maxFileBytes?: number): void {
    const added: UploadEntry[] = [];
    for (const file of files) {
      const entry: UploadEntry = { id: this.nextId++, name: file.name, size: file.size, folderId, status: 'queued', progress: 0, error: null };
      if (maxFileBytes !== undefined && file.size > maxFileBytes) {
        entry.status = 'failed';
        entry.error = this.i18n.t('media.upload.tooLarge', { name: file.name, limit: formatBytes(maxFileBytes, this.i18n.locale()) });
      } else {
        this.files.set(entry.id, file);
      }
      added.push(entry);
    }
    if (!added.length) return;
    this.entries.update((entries) => [...added, ...entries]);
    this.pump();
  }

  /** Stops a file that is waiting or being sent. */
  cancel(id: number): void {
    this.running.get(id)?.unsubscribe();
    this.running.delete(id);
    this.files.delete(id);
    this.patch(id, { status: 'failed', error: this.i18n.t('media.upload.cancelled') });
    this.pump();
  }

  /** Takes a finished file off the list. */
  dismiss(id: number): void {
    this.entries.update((entries) => entries.filter((entry) => entry.id !== id || entry.status === 'queued' || entry.status === 'uploading'));
  }

  clearFinished(): void {
    this.entries.update((entries) => entries.filter((entry) => entry.status === 'queued' || entry.status === 'uploading'));
  }

  ngOnDestroy(): void {
    for (const subscription of this.running.values()) subscription.unsubscribe();
    this.running.clear();
    this.files.clear();
    this.uploaded.complete();
  }

  /** Starts waiting files, in the order they were added, while fewer than MAX_PARALLEL_UPLOADS are being sent. */
  private pump(): void {
    while (this.running.size < MAX_PARALLEL_UPLOADS) {
      // The list shows the latest files first: the oldest waiting one has the smallest id.
      const next = this.entries().reduce<UploadEntry | undefined>((oldest, entry) => (entry.status === 'queued' && (!oldest || entry.id < oldest.id) ? entry : oldest), undefined);
      if (!next) return;
      this.start(next);
    }
  }

  private start(entry: UploadEntry): void {
    const file = this.files.get(entry.id);
    if (!file) {
      this.patch(entry.id, { status: 'failed', error: this.i18n.t('media.upload.failed') });
      return;
    }
    this.patch(entry.id, { status: 'uploading' });
    const finish = (changes: Partial<UploadEntry>) => {
      this.running.delete(entry.id);
      this.files.delete(entry.id);
      this.patch(entry.id, changes);
      this.pump();
    };
    const subscription = this.transfer.upload(file, entry.folderId).subscribe({
      next: (event) => {
        if (event.type === HttpEventType.UploadProgress) {
          const total = event.total ?? file.size;
          this.patch(entry.id, { progress: total ? Math.min(100, Math.round((100 * event.loaded) / total)) : 100 });
        } else if (event.type === HttpEventType.Response) {
          finish({ status: 'done', progress: 100 });
          for (const stored of event.body ?? []) this.uploaded.next(stored);
        }
      },
      error: (error: unknown) => {
        const problem = toApiProblem(error);
        finish({ status: 'failed', error: problemMessage(this.i18n, problem, 'media.upload.failed') });
      },
    });
    // A synchronous answer (as in tests) has already finished the entry.
    if (this.files.has(entry.id)) this.running.set(entry.id, subscription);
  }

  private patch(id: number, changes: Partial<UploadEntry>): void {
    this.entries.update((entries) => entries.map((entry) => (entry.id === id ? { ...entry, ...changes } : entry)));
  }
}
