import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import type { Observable } from 'rxjs';
import type { MediaFileDto } from '../../api/models';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

export interface StartImageDialogData {
  files: Observable<MediaFileDto[]>;
  selectedId: string | null;
}

type FilesState = { state: 'loading' } | { state: 'ready'; files: MediaFileDto[] } | { state: 'failed' };

/** Picks a picture of the media library for a video to start from; closes with the file. */
@Component({
  selector: 'wbx-start-image-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatDialogModule, MatIconModule, MatProgressSpinnerModule, TranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ 'generation.startImage.title' | t }}</h2>
    <mat-dialog-content>
      @switch (files().state) {
        @case ('loading') {
          <mat-spinner diameter="32" [attr.aria-label]="'common.loading' | t" />
        }
        @case ('failed') {
          <div class="wbx-error-banner" role="alert">{{ 'generation.startImage.failed' | t }}</div>
        }
        @default {
          @let loaded = files();
          @if (loaded.state === 'ready') {
            @if (loaded.files.length === 0) {
              <p class="empty">{{ 'generation.startImage.empty' | t }}</p>
            }
            <div class="grid">
              @for (file of loaded.files; track file.id) {
                <button
                  type="button"
                  class="choice"
                  [attr.aria-pressed]="file.id === data.selectedId"
                  [class.selected]="file.id === data.selectedId"
                  (click)="ref.close(file)"
                  data-testid="start-image-choice"
                >
                  <img [src]="file.thumbnailUrl ?? file.contentUrl" [alt]="file.name" loading="lazy" />
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
export class StartImageDialog {
  protected readonly data = inject<StartImageDialogData>(MAT_DIALOG_DATA);
  protected readonly ref = inject<MatDialogRef<StartImageDialog, MediaFileDto>>(MatDialogRef);
  protected readonly files = signal<FilesState>({ state: 'loading' });

  constructor() {
    this.data.files.subscribe({ next: (files) => this.files.set({ state: 'ready', files }), error: () => this.files.set({ state: 'failed' }) });
  }
}

export function pickStartImage(dialog: MatDialog, data: StartImageDialogData): Observable<MediaFileDto | undefined> {
  return dialog.open<StartImageDialog, StartImageDialogData, MediaFileDto>(StartImageDialog, { data, width: 'min(640px, 94vw)' }).afterClosed();
}
