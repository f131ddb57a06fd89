import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import type { KnowledgeCollectionDetailDto } from '../../api/models';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { KnowledgeStore, type SearchMode } from './knowledge.store';

export const MAX_QUERY = 500;

/** Tries retrieval on one collection: the ranked passages, with which rankings found each. */
@Component({
  selector: 'wbx-knowledge-search',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DecimalPipe, ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, MatSelectModule, TranslatePipe],
  templateUrl: './knowledge-search.html',
  styleUrl: './knowledge-search.scss',
})
export class KnowledgeSearch {
  protected readonly store = inject(KnowledgeStore);
  private readonly i18n = inject(I18nService);

  readonly collection = input.required<KnowledgeCollectionDetailDto>();

  protected readonly maxQuery = MAX_QUERY;
  protected readonly locale = this.i18n.locale;
  protected readonly submission = new FormSubmission();
  protected readonly form = inject(FormBuilder).nonNullable.group({
    query: ['', [Validators.maxLength(MAX_QUERY)]],
    mode: ['auto' as SearchMode],
  });

  constructor() {
    // Hybrid needs an embedding model: back to auto when the collection no longer has one.
    effect(() => {
      const model = this.collection().embeddingModel;
      untracked(() => {
        if (!model && this.form.controls.mode.value === 'hybrid') this.form.controls.mode.setValue('auto');
      });
    });
  }

  /** A refused query says why under the field; an empty one clears the results. */
  protected search(): void {
    const { query, mode } = this.form.getRawValue();
    if (this.form.valid && !query.trim()) {
      this.submission.error.set(null);
      this.store.clearSearch();
      return;
    }
    this.submission.submit(this.form, () => this.store.search(query, mode));
  }
}
