import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import type { Observable } from 'rxjs';
import type { MediaFileDto } from '../../api/models';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { kindIcon } from './media-format';

export interface MediaPickerData {
  /** The files offered (a page of the library, already filtered by kind when the caller needs one). */
  files: Observable<MediaFileDto[]>;
  selectedId: string | null;
  /** i18n keys of the dialog's title, of what an empty list says, and of what a failed load says. */
  texts: { title: MessageKey; empty: MessageKey; failed: MessageKey };
}

type FilesState = { state: 'loading' } | { state: 'ready'; files: MediaFileDto[] } | { state: 'failed' };

/** Picks a file of the media library (a video's start picture, a workflow's media input); closes with the file. */
@Component({
  selector: 'wbx-media-picker-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatDialogModule, MatIconModule, MatProgressSpinnerModule, TranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ data.texts.title | t }}</h2>
    <mat-dialog-content>
      @switch (files().state) {
        @case ('loading') {
          <mat-spinner diameter="32" [attr.aria-label]="'common.loading' | t" />
        }
        @case ('failed') {
          <div class="wbx-error-banner" role="alert">{{ data.texts.failed | t }}</div>
        }
        @default {
          @let loaded = files();
          @if (loaded.state === 'ready') {
            @if (loaded.files.length === 0) {
              <p class="empty">{{ data.texts.empty | t }}</p>
            }
            <div class="grid">
              @for (file of loaded.files; track file.id) {
                <button
                  type="button"
                  class="choice"
                  [attr.aria-pressed]="file.id === data.selectedId"
                  [class.selected]="file.id === data.selectedId"
                  (click)="ref.close(file)"
                  data-testid="media-choice"
                >
                  @if (file.thumbnailUrl || file.kind === 'image') {
                    <img [src]="file.thumbnailUrl ?? file.contentUrl" [alt]="file.name" loading="lazy" />
                  } @else {
                    <mat-icon class="kind" aria-hidden="true">{{ kindIcon(file.kind) }}</mat-icon>
                  }
                  <span class="name">{{ file.name }}</span>
                </button>
              }
            </div>
          }
        }
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(120px, 1fr));
      gap: 12px;
    }
    .choice {
      display: flex;
      flex-direction: column;
      gap: 4px;
      padding: 6px;
      border: 2px solid transparent;
      border-radius: 12px;
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
      cursor: pointer;
      font: var(--mat-sys-body-small);
      &:hover,
      &:focus-visible {
        border-color: var(--mat-sys-outline);
        outline: none;
      }
      &.selected {
        border-color: var(--mat-sys-primary);
      }
      .kind {
        width: 100%;
        height: auto;
        aspect-ratio: 1;
        display: grid;
        place-items: center;
        font-size: 40px;
        color: var(--mat-sys-on-surface-variant);
      }
      img {
        width: 100%;
        aspect-ratio: 1;
        object-fit: cover;
        border-radius: 8px;
      }
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class MediaPickerDialog {
  protected readonly data = inject<MediaPickerData>(MAT_DIALOG_DATA);
  protected readonly ref = inject<MatDialogRef<MediaPickerDialog, MediaFileDto>>(MatDialogRef);
  protected readonly files = signal<FilesState>({ state: 'loading' });
  protected readonly kindIcon = kindIcon;

  constructor() {
    this.data.files.subscribe({ next: (files) => this.files.set({ state: 'ready', files }), error: () => this.files.set({ state: 'failed' }) });
  }
}

export function pickMediaFile(dialog: MatDialog, data: MediaPickerData): Observable<MediaFileDto | undefined> {
  return dialog.open<MediaPickerDialog, MediaPickerData, MediaFileDto>(MediaPickerDialog, { data, width: 'min(640px, 94vw)' }).afterClosed();
}
