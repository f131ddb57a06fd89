import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import type { KnowledgeCollectionDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { openCollectionDialog } from './collection-dialog';
import { KnowledgeStore } from './knowledge.store';
import { problemMessage } from '../../core/http/problem-message';
import { HelpLink } from '../../shared/help-link/help-link';

/** `/knowledge`: my collections of documents, with how far their indexing is. */
@Component({
  selector: 'wbx-knowledge-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HelpLink, RouterLink, MatButtonModule, MatIconModule, MatProgressSpinnerModule, MatTooltipModule, TranslatePipe],
  providers: [KnowledgeStore],
  templateUrl: './knowledge.page.html',
  styleUrl: './knowledge.page.scss',
})
export default class KnowledgePage {
  protected readonly store = inject(KnowledgeStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);
  private readonly router = inject(Router);
  protected readonly error = signal<string | null>(null);

  constructor() {
    this.store.load();
    this.store.loadEmbeddingModels();
  }

  protected create(): void {
    openCollectionDialog(this.dialog, { models: this.store.embeddingModels(), submit: (body) => this.store.create(body) }).subscribe((created) => {
      if (created) void this.router.navigate(['/knowledge', created.id]);
    });
  }

  protected edit(collection: KnowledgeCollectionDto): void {
    openCollectionDialog(this.dialog, { collection, models: this.store.embeddingModels(), submit: (body) => this.store.update(collection.id, body) }).subscribe((saved) => {
      if (saved) this.snackBar.open(this.i18n.t('knowledge.saved'), undefined, { duration: 3000 });
    });
  }

  protected remove(collection: KnowledgeCollectionDto): void {
    const data = {
      title: this.i18n.t('knowledge.deleteTitle'),
      message: this.i18n.t('knowledge.deleteMessage', { name: collection.name }),
      confirm: this.i18n.t('common.delete'),
      cancel: this.i18n.t('common.cancel'),
    };
    confirmAction(this.dialog, data).subscribe((confirmed) => {
      if (!confirmed) return;
      this.error.set(null);
      this.store.delete(collection.id).subscribe({
        next: () => this.snackBar.open(this.i18n.t('knowledge.deleted'), undefined, { duration: 3000 }),
        error: (error: unknown) => {
          const problem = toApiProblem(error);
          this.error.set(problemMessage(this.i18n, problem));
        },
      });
    });
  }
}
