import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import type { KnowledgeCollectionDetailDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { KnowledgeStore, type SearchMode } from './knowledge.store';

export const MAX_QUERY = 500;

/** Tries retrieval on one collection: the ranked passages, with which rankings found each. */
@Component({
  selector: 'wbx-knowledge-search',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DecimalPipe, ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, MatSelectModule, TranslatePipe],
  template: `
    <h2>{{ 'knowledge.search.title' | t }}</h2>
    <p class="intro">{{ 'knowledge.search.intro' | t }}</p>
    <form [formGroup]="form" (ngSubmit)="search()" class="search-form" novalidate role="search" data-testid="knowledge-search-form">
      <mat-form-field appearance="outline" class="query">
        <mat-label>{{ 'knowledge.search.query' | t }}</mat-label>
        <mat-icon matPrefix>search</mat-icon>
        <input matInput type="search" formControlName="query" name="query" autocomplete="off" data-testid="knowledge-search-input" />
        @let query = form.controls.query;
        @if (query.hasError('server')) {
          <mat-error>{{ query.getError('server') }}</mat-error>
        } @else if (query.hasError('maxlength')) {
          <mat-error>{{ 'validation.maxLength' | t: { max: maxQuery } }}</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline" class="mode">
        <mat-label>{{ 'knowledge.search.mode' | t }}</mat-label>
        <mat-select formControlName="mode" data-testid="knowledge-search-mode">
          <mat-option value="auto">{{ 'knowledge.search.mode.auto' | t }}</mat-option>
          <mat-option value="fulltext">{{ 'knowledge.search.mode.fulltext' | t }}</mat-option>
          <mat-option value="hybrid" [disabled]="!collection().embeddingModel">{{ 'knowledge.search.mode.hybrid' | t }}</mat-option>
        </mat-select>
      </mat-form-field>
      <button mat-flat-button type="submit" class="submit" [disabled]="store.searching()" data-testid="knowledge-search-submit">{{ 'knowledge.search.submit' | t }}</button>
    </form>
    @if (store.searching()) {
      <mat-progress-bar mode="indeterminate" />
    }
    @if (error(); as message) {
      <div class="wbx-error-banner" role="alert" data-testid="knowledge-search-error">{{ message }}</div>
    }
    @if (store.hits(); as hits) {
      @if (hits.length === 0) {
        <p class="empty" data-testid="knowledge-search-empty">{{ 'knowledge.search.empty' | t }}</p>
      } @else {
        <ol class="hits" data-testid="knowledge-hits">
          @for (hit of hits; track hit.chunkId; let index = $index) {
            <li class="hit" data-testid="knowledge-hit" [attr.data-chunk]="hit.chunkId">
              <div class="hit-head">
                <span class="rank" [attr.aria-label]="'knowledge.search.rankAria' | t: { rank: index + 1 }">#{{ index + 1 }}</span>
                <span class="file" data-testid="hit-file">{{ hit.fileName }}</span>
                @if (hit.page !== null) {
                  <span class="page">{{ 'knowledge.page' | t: { page: hit.page } }}</span>
                }
                <span class="score" data-testid="hit-score">{{ 'knowledge.search.score' | t: { score: (hit.score | number: '1.2-4' : locale()) ?? '' } }}</span>
              </div>
              <div class="rankings">
                @if (hit.fullTextRank) {
                  <span class="chip fulltext" data-testid="hit-fulltext">{{ 'knowledge.search.fullTextRank' | t: { rank: hit.fullTextRank } }}</span>
                }
                @if (hit.vectorRank) {
                  <span class="chip vector" data-testid="hit-vector">{{ 'knowledge.search.vectorRank' | t: { rank: hit.vectorRank } }}</span>
                }
              </div>
              <p class="text" data-testid="hit-text">{{ hit.text }}</p>
              <a mat-button [routerLink]="['/knowledge/passages', hit.chunkId]" class="open" data-testid="open-passage"><mat-icon>open_in_new</mat-icon>{{ 'knowledge.search.open' | t }}</a>
            </li>
          }
        </ol>
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 4px;
    }
    .intro,
    .empty {
      margin: 0 0 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    .search-form {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 0 12px;
      .query {
        flex: 1 1 280px;
      }
      .mode {
        flex: 0 1 200px;
      }
      .submit {
        margin-top: 8px;
      }
    }
    .hits {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .hit {
      display: flex;
      flex-direction: column;
      gap: 6px;
      padding: 12px 16px 8px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container-low);
      border: 1px solid var(--mat-sys-outline-variant);
      min-width: 0;
    }
    .hit-head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 4px 12px;
      .rank {
        font: var(--mat-sys-title-small);
        color: var(--mat-sys-primary);
      }
      .file {
        font: var(--mat-sys-title-small);
        overflow-wrap: anywhere;
      }
      .page,
      .score {
        font: var(--mat-sys-body-small);
        color: var(--mat-sys-on-surface-variant);
      }
      .score {
        margin-left: auto;
        font-variant-numeric: tabular-nums;
      }
    }
    .rankings {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      &:empty {
        display: none;
      }
    }
    .chip {
      padding: 2px 8px;
      border-radius: 8px;
      font: var(--mat-sys-label-small);
      &.fulltext {
        background: var(--mat-sys-secondary-container);
        color: var(--mat-sys-on-secondary-container);
      }
      &.vector {
        background: var(--mat-sys-tertiary-container);
        color: var(--mat-sys-on-tertiary-container);
      }
    }
    .text {
      margin: 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      font: var(--mat-sys-body-medium);
      display: -webkit-box;
      -webkit-line-clamp: 6;
      line-clamp: 6;
      -webkit-box-orient: vertical;
      overflow: hidden;
    }
    .open {
      align-self: flex-start;
    }
  `,
})
export class KnowledgeSearch {
  protected readonly store = inject(KnowledgeStore);
  private readonly i18n = inject(I18nService);

  readonly collection = input.required<KnowledgeCollectionDetailDto>();

  protected readonly maxQuery = MAX_QUERY;
  protected readonly locale = this.i18n.locale;
  protected readonly error = signal<string | null>(null);
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

  protected search(): void {
    const { query, mode } = this.form.getRawValue();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.error.set(null);
    if (!query.trim()) {
      this.store.clearSearch();
      return;
    }
    this.store.search(query, mode).subscribe({
      error: (error: unknown) => {
        const problem = toApiProblem(error);
        const field = problem.fieldErrors['query'];
        if (field) this.form.controls.query.setErrors({ server: field });
        else this.error.set(problem.message ?? this.i18n.t(problem.status === 0 ? 'common.networkError' : 'common.unexpectedError'));
      },
    });
  }
}
