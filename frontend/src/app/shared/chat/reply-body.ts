import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import type { CitationDto, ReplyStepDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import type { MarkdownCitation } from '../markdown/citation-links';
import { Markdown } from '../markdown/markdown';
import { CitationPopover } from './citation-popover';
import { passageUrl, replyParts } from './reply-trace';
import { ToolStep } from './tool-step';

/** The most of a passage a citation's tooltip shows. */
const TOOLTIP_SNIPPET_CHARS = 240;

/**
 * A reply as the chat page and the agent page show it: its Markdown with each tool step and note
 * where it happened, its `[n]` markers linked to the passages they cite, and the list of those
 * sources under it. Shown the same while it streams and when it is read back.
 */
@Component({
  selector: 'wbx-reply-body',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, RouterLink, TranslatePipe, Markdown, ToolStep, CitationPopover],
  template: `
    @for (part of parts(); track part.key) {
      @if (part.kind === 'text') {
        <wbx-markdown [text]="part.text" [citations]="links()" [citationsInPlace]="true" (citationOpen)="openCitation($event, part.key)" />
        @if (opened(); as citation) {
          @if (openedIn() === part.key) {
            <wbx-citation-popover [citation]="citation" (closed)="opened.set(null)" />
          }
        }
      } @else {
        <wbx-tool-step [step]="part.step" />
      }
    }
    @if (citations().length) {
      <section class="sources" [attr.aria-label]="'chat.sources.title' | t" data-testid="reply-sources">
        <h4>{{ 'chat.sources.title' | t }}</h4>
        <ol>
          @for (citation of citations(); track citation.n) {
            <li [attr.data-citation]="citation.n">
              <a [routerLink]="passage(citation)" class="source-link">
                <span class="n">[{{ citation.n }}]</span>
                <mat-icon aria-hidden="true">description</mat-icon>
                <span class="file">{{ citation.fileName }}</span>
                @if (citation.page !== null && citation.page !== undefined) {
                  <span class="page">{{ 'chat.sources.page' | t: { page: citation.page } }}</span>
                }
              </a>
              <span class="collection">{{ citation.collectionName }}</span>
              <p class="snippet">{{ citation.snippet }}</p>
            </li>
          }
        </ol>
      </section>
    }
  `,
  styleUrl: './reply-body.scss',
})
export class ReplyBody {
  private readonly i18n = inject(I18nService);

  readonly content = input.required<string>();
  readonly steps = input<readonly ReplyStepDto[]>([]);
  readonly citations = input<readonly CitationDto[]>([]);

  protected readonly parts = computed(() => replyParts(this.content(), this.steps()));
  /** What the `[n]` markers link to, with their tooltips: file, page, passage. */
  protected readonly links = computed<MarkdownCitation[]>(() =>
    this.citations().map((citation) => ({ n: citation.n, href: passageUrl(citation), title: this.tooltip(citation) })),
  );

  /** The citation whose passage is open in place, and the part of the reply it was opened from. */
  protected readonly opened = signal<CitationDto | null>(null);
  protected readonly openedIn = signal<string | null>(null);

  protected openCitation(n: number, partKey: string): void {
    const citation = this.citations().find((c) => c.n === n) ?? null;
    this.opened.set(citation);
    this.openedIn.set(partKey);
  }

  protected passage(citation: CitationDto): string {
    return passageUrl(citation);
  }

  private tooltip(citation: CitationDto): string {
    const snippet = citation.snippet.replace(/\s+/g, ' ').trim();
    const where = citation.page !== null && citation.page !== undefined ? `${citation.fileName}, ${this.i18n.t('chat.sources.page', { page: citation.page })}` : citation.fileName;
    return `${where}\n${snippet.length > TOOLTIP_SNIPPET_CHARS ? `${snippet.slice(0, TOOLTIP_SNIPPET_CHARS)}…` : snippet}`;
  }
}
