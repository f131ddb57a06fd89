import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { MediaFileDto } from '../../api/models';
import { MediaService } from '../../api/services';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { BytesPipe } from '../../shared/media/media-format';
import { IMAGE_TYPES, MAX_ATTACHMENTS } from './chat-attachments.store';

/** The library's latest files a message can carry: pictures models take, and documents Webox reads. */
const LISTED = 100;
const DOCUMENT_TYPES = ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/html', 'text/markdown', 'text/plain', 'text/csv', 'application/json'];
const attachable = (file: MediaFileDto) => IMAGE_TYPES.includes(file.mimeType) || DOCUMENT_TYPES.includes(file.mimeType);

/** Picks files of the media library to attach to the message; closes with them. */
@Component({
  selector: 'wbx-media-library-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule, MatIconModule, MatProgressBarModule, TranslatePipe, BytesPipe],
  template: `
    <h2 mat-dialog-title>{{ 'chat.attachments.libraryTitle' | t }}</h2>
    <mat-dialog-content>
      <input class="search" type="search" [value]="query()" (input)="search($any($event.target).value)" [placeholder]="'chat.attachments.search' | t" [attr.aria-label]="'chat.attachments.search' | t" />
      @switch (state()) {
        @case ('loading') {
          <mat-progress-bar mode="indeterminate" />
        }
        @case ('failed') {
          <div class="wbx-error-banner" role="alert">
            {{ 'chat.attachments.libraryFailed' | t }}
            <button mat-button type="button" (click)="load()">{{ 'common.retry' | t }}</button>
          </div>
        }
      }
      <ul class="grid" [attr.aria-label]="'chat.attachments.libraryTitle' | t" data-testid="library-files">
        @for (file of files(); track file.id) {
          <li>
            <button type="button" class="file" [class.chosen]="isChosen(file)" [attr.aria-pressed]="isChosen(file)" (click)="toggle(file)" data-testid="library-file">
              @if (file.thumbnailUrl) {
                <img [src]="file.thumbnailUrl" alt="" />
              } @else {
                <mat-icon aria-hidden="true">{{ file.kind === 'image' ? 'image' : 'description' }}</mat-icon>
              }
              <span class="name">{{ file.name }}</span>
              <small>{{ file.size | bytes }}</small>
            </button>
          </li>
        } @empty {
          @if (state() === 'ready') {
            <li class="empty">{{ 'chat.attachments.libraryEmpty' | t }}</li>
          }
        }
      </ul>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
      <button mat-flat-button type="button" [disabled]="!chosen().length" (click)="done()" data-testid="library-attach">
        {{ chosen().length ? ('chat.attachments.attachCount' | t: { count: chosen().length }) : ('chat.attachments.attach' | t) }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .search {
      width: 100%;
      box-sizing: border-box;
      margin-bottom: 12px;
      padding: 8px 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-body-large);
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(130px, 1fr));
      gap: 8px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .file {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 4px;
      width: 100%;
      padding: 8px;
      border: 2px solid transparent;
      border-radius: 10px;
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
      cursor: pointer;
      &.chosen {
        border-color: var(--mat-sys-primary);
        background: var(--mat-sys-primary-container);
      }
      img,
      mat-icon {
        width: 96px;
        height: 72px;
        object-fit: cover;
        border-radius: 6px;
      }
      mat-icon {
        font-size: 48px;
        line-height: 72px;
        text-align: center;
      }
    }
    .name {
      max-width: 100%;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font: var(--mat-sys-label-large);
    }
    small {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .empty {
      grid-column: 1 / -1;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class MediaLibraryPicker {
  private readonly media = inject(MediaService);
  private readonly ref = inject<MatDialogRef<MediaLibraryPicker, MediaFileDto[]>>(MatDialogRef);

  protected readonly query = signal('');
  protected readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  private readonly all = signal<MediaFileDto[]>([]);
  protected readonly files = computed(() => this.all().filter(attachable));
  protected readonly chosen = signal<MediaFileDto[]>([]);

  constructor() {
    this.load();
  }

  load(): void {
    this.state.set('loading');
    const q = this.query().trim();
    this.media.listMediaFiles({ limit: LISTED, sort: 'recent', ...(q ? { q } : {}) }).subscribe({
      next: (page) => {
        this.all.set(page.items);
        this.state.set('ready');
      },
      error: () => this.state.set('failed'),
    });
  }

  protected search(value: string): void {
    this.query.set(value);
    this.load();
  }

  protected isChosen(file: MediaFileDto): boolean {
    return this.chosen().some((other) => other.id === file.id);
  }

  protected toggle(file: MediaFileDto): void {
    this.chosen.update((chosen) => (this.isChosen(file) ? chosen.filter((other) => other.id !== file.id) : chosen.length < MAX_ATTACHMENTS ? [...chosen, file] : chosen));
  }

  protected done(): void {
    this.ref.close(this.chosen());
  }
}
