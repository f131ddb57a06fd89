import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatListModule, type MatSelectionListChange } from '@angular/material/list';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import { Subject, catchError, debounceTime, distinctUntilChanged, map, of, startWith, switchMap, type Observable } from 'rxjs';
import type { KnowledgeFileDto, MediaFileDto } from '../../api/models';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { formatBytes } from '../../shared/media/media-format';

export const PICKER_DEBOUNCE_MS = 300;
/** The server takes at most this many files per call. */
export const MAX_FILES_PER_ADD = 100;

export interface DocumentPickerData {
  /** The documents of the media library, filtered by part of their name. */
  documents: (q: string) => Observable<MediaFileDto[]>;
  /** Media files already in the collection: shown, but not offered again. */
  already: ReadonlySet<string>;
  /** Adds the chosen files; the dialog stays open with the server's message when it is refused. */
  submit: (mediaFileIds: string[]) => Observable<KnowledgeFileDto[]>;
}

type Listing = { state: 'loading' } | { state: 'ready'; files: MediaFileDto[] } | { state: 'failed' };

/** Chooses documents of the media library (PDF, DOCX, Markdown, text, HTML…) to add to a collection. */
@Component({
  selector: 'wbx-document-picker-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, MatDialogModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatListModule, MatProgressSpinnerModule, TranslatePipe],
  templateUrl: './document-picker-dialog.html',
  styles: `
    .intro {
      margin: 0 0 12px;
      color: var(--mat-sys-on-surface-variant);
    }
    mat-form-field {
      margin-bottom: 8px;
    }
    mat-selection-list {
      max-height: 50vh;
      overflow: auto;
    }
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
    .count {
      margin-right: auto;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
})
export class DocumentPickerDialog {
  protected readonly data = inject<DocumentPickerData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<DocumentPickerDialog, KnowledgeFileDto[]>>(MatDialogRef);
  private readonly i18n = inject(I18nService);

  protected readonly locale = this.i18n.locale;
  protected readonly query = new Subject<string>();
  protected readonly listing = signal<Listing>({ state: 'loading' });
  protected readonly chosen = signal<ReadonlySet<string>>(new Set());
  protected readonly submission = new FormSubmission();

  constructor() {
    this.query
      .pipe(
        debounceTime(PICKER_DEBOUNCE_MS),
        startWith(''),
        distinctUntilChanged(),
        switchMap((q) => {
          this.listing.set({ state: 'loading' });
          return this.data.documents(q).pipe(
            map((files): Listing => ({ state: 'ready', files })),
            catchError(() => of<Listing>({ state: 'failed' })),
          );
        }),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((listing) => this.listing.set(listing));
  }

  protected size(file: MediaFileDto): string {
    return formatBytes(file.size, this.locale());
  }

  protected toggle(change: MatSelectionListChange): void {
    this.chosen.update((chosen) => {
      const next = new Set(chosen);
      for (const option of change.options) {
        const id = option.value as string;
        if (option.selected) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }

  protected add(): void {
    const ids = [...this.chosen()];
    if (!ids.length || this.submission.busy()) return;
    if (ids.length > MAX_FILES_PER_ADD) {
      this.submission.error.set(this.i18n.t('knowledge.picker.tooMany', { max: MAX_FILES_PER_ADD }));
      return;
    }
    this.submission.submit(null, () => this.data.submit(ids), { leaves: true, saved: (files) => this.ref.close(files) });
  }
}

export function pickDocuments(dialog: MatDialog, data: DocumentPickerData): Observable<KnowledgeFileDto[] | undefined> {
  return dialog.open<DocumentPickerDialog, DocumentPickerData, KnowledgeFileDto[]>(DocumentPickerDialog, { data, width: '620px', autoFocus: 'first-tabbable' }).afterClosed();
}
