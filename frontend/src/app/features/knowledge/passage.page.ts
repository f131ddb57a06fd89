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
import { problemMessage } from '../../core/http/problem-message';

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
  templateUrl: './passage.page.html',
  styleUrl: './passage.page.scss',
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
            this.failed.set(problemMessage(this.i18n, problem, 'knowledge.passage.notFound'));
          },
        });
      });
    });
  }
}
