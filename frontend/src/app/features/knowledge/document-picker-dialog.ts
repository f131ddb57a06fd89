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
import { toApiProblem } from '../../core/http/api-error';
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
  template: `
    <h2 mat-dialog-title>{{ 'knowledge.picker.title' | t }}</h2>
    <mat-dialog-content>
      <p class="intro">{{ 'knowledge.picker.intro' | t }}</p>
      @if (error(); as message) {
        <div class="wbx-error-banner" role="alert" data-testid="picker-error">{{ message }}</div>
      }
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wbx-full-width">
        <mat-label>{{ 'knowledge.picker.search' | t }}</mat-label>
        <mat-icon matPrefix>search</mat-icon>
        <input matInput #q type="search" (input)="query.next(q.value)" data-testid="picker-search" />
      </mat-form-field>
      @let current = listing();
      @switch (current.state) {
        @case ('loading') {
          <mat-spinner diameter="28" [attr.aria-label]="'common.loading' | t" />
        }
        @case ('failed') {
          <div class="wbx-error-banner" role="alert">{{ 'knowledge.picker.loadFailed' | t }}</div>
        }
        @case ('ready') {
          @if (current.files.length === 0) {
            <p class="empty" data-testid="picker-empty">
              {{ 'knowledge.picker.empty' | t }}
              <a routerLink="/media" mat-dialog-close>{{ 'knowledge.picker.toMedia' | t }}</a>
            </p>
          } @else {
            <mat-selection-list (selectionChange)="toggle($event)" [attr.aria-label]="'knowledge.picker.title' | t" data-testid="picker-list">
              @for (file of current.files; track file.id) {
                <mat-list-option
                  [value]="file.id"
                  [selected]="chosen().has(file.id)"
                  [disabled]="data.already.has(file.id)"
                  togglePosition="before"
                  [attr.data-name]="file.name"
                  data-testid="picker-option"
                >
                  <mat-icon matListItemIcon>{{ file.mimeType === 'application/pdf' ? 'picture_as_pdf' : 'description' }}</mat-icon>
                  <span matListItemTitle>{{ file.name }}</span>
                  <span matListItemLine>
                    @if (data.already.has(file.id)) {
                      {{ 'knowledge.picker.already' | t }}
                    } @else {
                      {{ size(file) }} · {{ file.createdAt | date: 'mediumDate' : undefined : locale() }}
                    }
                  </span>
                </mat-list-option>
              }
            </mat-selection-list>
          }
        }
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <span class="count">{{ 'knowledge.picker.chosen' | t: { count: chosen().size } }}</span>
      <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
      <button mat-flat-button type="button" (click)="add()" [disabled]="chosen().size === 0 || saving()" data-testid="picker-add">
        {{ 'knowledge.picker.add' | t: { count: chosen().size } }}
      </button>
    </mat-dialog-actions>
  `,
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
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

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
    if (!ids.length || this.saving()) return;
    if (ids.length > MAX_FILES_PER_ADD) {
      this.error.set(this.i18n.t('knowledge.picker.tooMany', { max: MAX_FILES_PER_ADD }));
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.data.submit(ids).subscribe({
      next: (files) => this.ref.close(files),
      error: (error: unknown) => {
        const problem = toApiProblem(error);
        this.error.set(problem.message ?? this.i18n.t(problem.status === 0 ? 'common.networkError' : 'common.unexpectedError'));
        this.saving.set(false);
      },
    });
  }
}

export function pickDocuments(dialog: MatDialog, data: DocumentPickerData): Observable<KnowledgeFileDto[] | undefined> {
  return dialog.open<DocumentPickerDialog, DocumentPickerData, KnowledgeFileDto[]>(DocumentPickerDialog, { data, width: '620px', autoFocus: 'first-tabbable' }).afterClosed();
}
