import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import type { KnowledgeFileDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { openCollectionDialog } from './collection-dialog';
import { pickDocuments } from './document-picker-dialog';
import { KnowledgeSearch } from './knowledge-search';
import { KnowledgeStore, isLive, type KnowledgeFileStatus } from './knowledge.store';
import type { IconName } from '../../core/icons/icons';
import { problemMessage } from '../../core/http/problem-message';

/** `/knowledge/:id`: a collection's documents with their indexing, and a retrieval test. */
@Component({
  selector: 'wbx-collection-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatIconModule, MatMenuModule, MatProgressBarModule, MatProgressSpinnerModule, MatTooltipModule, TranslatePipe, KnowledgeSearch],
  providers: [KnowledgeStore],
  templateUrl: './collection.page.html',
  styleUrl: './collection.page.scss',
})
export default class CollectionPage {
  protected readonly store = inject(KnowledgeStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);
  private readonly router = inject(Router);

  /** From the route. */
  readonly id = input.required<string>();

  protected readonly isLive = isLive;
  protected readonly error = signal<string | null>(null);
  /** Files whose removal or cancel is on its way. */
  protected readonly busy = signal<ReadonlySet<string>>(new Set());

  constructor() {
    this.store.loadEmbeddingModels();
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.error.set(null);
        this.store.open(id);
      });
    });
  }

  protected statusKey(status: KnowledgeFileStatus): MessageKey {
    return `knowledge.status.${status}`;
  }

  protected fileIcon(file: KnowledgeFileDto): IconName {
    if (file.mimeType === 'application/pdf') return 'picture_as_pdf';
    if (file.mimeType === 'text/html') return 'html';
    if (file.mimeType === 'text/csv' || file.mimeType === 'application/json') return 'data_object';
    return 'description';
  }

  protected addFiles(): void {
    const collection = this.store.collection();
    if (!collection) return;
    const data = {
      documents: (q: string) => this.store.documents(q),
      already: new Set(collection.files.map((file) => file.mediaFileId)),
      submit: (ids: string[]) => this.store.addFiles(ids),
    };
    pickDocuments(this.dialog, data).subscribe((added) => {
      if (added?.length) this.snackBar.open(this.i18n.t('knowledge.filesAdded', { count: added.length }), undefined, { duration: 3000 });
    });
  }

  protected reindex(all: boolean): void {
    this.error.set(null);
    this.store.reindex(all).subscribe({
      next: (queued) => this.snackBar.open(this.i18n.t(queued.length ? 'knowledge.reindexed' : 'knowledge.reindexNothing', { count: queued.length }), undefined, { duration: 4000 }),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected edit(): void {
    const collection = this.store.collection();
    if (!collection) return;
    openCollectionDialog(this.dialog, { collection, models: this.store.embeddingModels(), submit: (body) => this.store.update(collection.id, body) }).subscribe((saved) => {
      if (saved) this.snackBar.open(this.i18n.t('knowledge.saved'), undefined, { duration: 3000 });
    });
  }

  protected remove(): void {
    const collection = this.store.collection();
    if (!collection) return;
    const data = {
      title: this.i18n.t('knowledge.deleteTitle'),
      message: this.i18n.t('knowledge.deleteMessage', { name: collection.name }),
      confirm: this.i18n.t('common.delete'),
      cancel: this.i18n.t('common.cancel'),
    };
    confirmAction(this.dialog, data).subscribe((confirmed) => {
      if (!confirmed) return;
      this.store.delete(collection.id).subscribe({
        next: () => {
          this.snackBar.open(this.i18n.t('knowledge.deleted'), undefined, { duration: 3000 });
          void this.router.navigate(['/knowledge']);
        },
        error: (error: unknown) => this.fail(error),
      });
    });
  }

  protected removeFile(file: KnowledgeFileDto): void {
    const data = {
      title: this.i18n.t('knowledge.removeFileTitle'),
      message: this.i18n.t('knowledge.removeFileMessage', { name: file.name }),
      confirm: this.i18n.t('knowledge.removeFile'),
      cancel: this.i18n.t('common.cancel'),
    };
    confirmAction(this.dialog, data).subscribe((confirmed) => {
      if (!confirmed) return;
      this.track(file.id, true);
      this.store.removeFile(file).subscribe({
        next: () => this.track(file.id, false),
        error: (error: unknown) => {
          this.track(file.id, false);
          this.fail(error);
        },
      });
    });
  }

  protected cancel(file: KnowledgeFileDto): void {
    this.track(file.id, true);
    this.store.cancelIndexing(file).subscribe({
      next: () => this.track(file.id, false),
      error: (error: unknown) => {
        this.track(file.id, false);
        this.fail(error);
      },
    });
  }

  private track(id: string, busy: boolean): void {
    this.busy.update((ids) => {
      const next = new Set(ids);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  private fail(error: unknown): void {
    const problem = toApiProblem(error);
    this.error.set(problemMessage(this.i18n, problem));
  }
}
