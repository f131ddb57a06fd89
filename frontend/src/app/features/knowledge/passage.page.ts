import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import type { KnowledgeChunkDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { KnowledgeStore } from './knowledge.store';

/**
 * `/knowledge/passages/:chunkId`: what a citation opens. The passage is untrusted text from a
 * document: it is shown as plain text (line breaks kept), between the end of the passage before
 * and the start of the one after, dimmed (the server marks a cut neighbour with "…").
 */
@Component({
  selector: 'wbx-passage-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatIconModule, MatProgressSpinnerModule, TranslatePipe],
  providers: [KnowledgeStore],
  template: `
    @if (passage(); as chunk) {
      <a mat-button [routerLink]="['/knowledge', chunk.collectionId]" class="back"><mat-icon>arrow_back</mat-icon>{{ chunk.collectionName }}</a>
      <header class="head">
        <p class="kicker">{{ 'knowledge.passage.title' | t }}</p>
        <h1 data-testid="passage-file">
          <a routerLink="/media" [queryParams]="{ file: chunk.fileId }" data-testid="passage-file-link">{{ chunk.fileName }}</a>
        </h1>
        <p class="meta" data-testid="passage-meta">
          @if (chunk.page !== null) {
            <span>{{ 'knowledge.page' | t: { page: chunk.page } }}</span>
            <span aria-hidden="true">·</span>
          }
          <span>{{ 'knowledge.passage.number' | t: { number: chunk.ordinal + 1 } }}</span>
          <span aria-hidden="true">·</span>
          <span>
            {{ 'knowledge.passage.collection' | t }}
            <a [routerLink]="['/knowledge', chunk.collectionId]" data-testid="passage-collection">{{ chunk.collectionName }}</a>
          </span>
        </p>
      </header>
      <article class="reader">
        @if (chunk.previous; as previous) {
          <p class="neighbour before" data-testid="passage-before"><span class="wbx-visually-hidden">{{ 'knowledge.passage.before' | t }}</span>{{ previous.text }}</p>
        }
        <p class="passage" data-testid="passage-text">{{ chunk.text }}</p>
        @if (chunk.next; as next) {
          <p class="neighbour after" data-testid="passage-after"><span class="wbx-visually-hidden">{{ 'knowledge.passage.after' | t }}</span>{{ next.text }}</p>
        }
      </article>
      <nav class="pager" [attr.aria-label]="'knowledge.passage.nav' | t">
        @if (chunk.previous; as previous) {
          <a mat-stroked-button [routerLink]="['/knowledge/passages', previous.id]" data-testid="passage-previous"><mat-icon>chevron_left</mat-icon>{{ 'knowledge.passage.previous' | t }}</a>
        }
        <span class="spacer"></span>
        @if (chunk.next; as next) {
          <a mat-stroked-button [routerLink]="['/knowledge/passages', next.id]" data-testid="passage-next">{{ 'knowledge.passage.next' | t }}<mat-icon iconPositionEnd>chevron_right</mat-icon></a>
        }
      </nav>
    } @else if (failed(); as message) {
      <a mat-button routerLink="/knowledge" class="back"><mat-icon>arrow_back</mat-icon>{{ 'knowledge.back' | t }}</a>
      <div class="wbx-error-banner" role="alert" data-testid="passage-error">{{ message }}</div>
    } @else {
      <mat-spinner diameter="32" [attr.aria-label]="'common.loading' | t" />
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
      padding: 16px 24px 24px;
      max-width: 880px;
    }
    .back {
      align-self: flex-start;
      max-width: 100%;
    }
    .head {
      h1 {
        margin: 0;
        font: var(--mat-sys-headline-small);
        overflow-wrap: anywhere;
      }
      h1 a {
        color: inherit;
      }
    }
    .kicker {
      margin: 0 0 4px;
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-primary);
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 8px;
      margin: 6px 0 0;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .reader {
      padding: 20px 24px;
      border-radius: 16px;
      background: var(--mat-sys-surface-container-low);
      border: 1px solid var(--mat-sys-outline-variant);
      font: var(--mat-sys-body-large);
      line-height: 1.6;
      p {
        margin: 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
    }
    .neighbour {
      color: var(--mat-sys-on-surface-variant);
      opacity: 0.7;
      font: var(--mat-sys-body-medium);
      &.before {
        margin-bottom: 12px;
      }
      &.after {
        margin-top: 12px;
      }
    }
    .passage {
      padding-left: 12px;
      border-left: 3px solid var(--mat-sys-primary);
    }
    .pager {
      display: flex;
      gap: 8px;
      .spacer {
        flex: 1;
      }
    }
  `,
})
export default class PassagePage {
  private readonly store = inject(KnowledgeStore);
  private readonly i18n = inject(I18nService);

  /** From the route. */
  readonly chunkId = input.required<string>();

  protected readonly passage = signal<KnowledgeChunkDto | null>(null);
  protected readonly failed = signal<string | null>(null);

  constructor() {
    effect(() => {
      const id = this.chunkId();
      untracked(() => {
        this.passage.set(null);
        this.failed.set(null);
        this.store.chunk(id).subscribe({
          next: (chunk) => this.passage.set(chunk),
          error: (error: unknown) => {
            const problem = toApiProblem(error);
            this.failed.set(problem.message ?? this.i18n.t(problem.status === 0 ? 'common.networkError' : 'knowledge.passage.notFound'));
          },
        });
      });
    });
  }
}
