import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import type { CitationDto, ReplyStepDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import type { MarkdownCitation } from '../markdown/citation-links';
import { Markdown } from '../markdown/markdown';
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
  imports: [MatIconModule, RouterLink, TranslatePipe, Markdown, ToolStep],
  template: `
    @for (part of parts(); track part.key) {
      @if (part.kind === 'text') {
        <wbx-markdown [text]="part.text" [citations]="links()" />
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
  styles: `
    :host {
      display: block;
    }
    wbx-markdown + wbx-markdown {
      margin-top: 0.75em;
    }
    .sources {
      margin-top: 12px;
      padding-top: 8px;
      border-top: 1px solid var(--mat-sys-outline-variant);
      h4 {
        margin: 0 0 4px;
        font: var(--mat-sys-label-large);
        color: var(--mat-sys-on-surface-variant);
      }
      ol {
        margin: 0;
        padding: 0;
        list-style: none;
        display: flex;
        flex-direction: column;
        gap: 6px;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0 8px;
      }
    }
    .source-link {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      min-width: 0;
      color: var(--mat-sys-primary);
      font: var(--mat-sys-label-large);
      text-decoration: none;
      &:hover .file,
      &:focus-visible .file {
        text-decoration: underline;
      }
      mat-icon {
        flex: none;
        font-size: 16px;
        width: 16px;
        height: 16px;
      }
    }
    .file {
      overflow-wrap: anywhere;
    }
    .page,
    .collection {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .snippet {
      flex-basis: 100%;
      margin: 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      display: -webkit-box;
      -webkit-line-clamp: 2;
      -webkit-box-orient: vertical;
      overflow: hidden;
      overflow-wrap: anywhere;
    }
  `,
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

  protected passage(citation: CitationDto): string {
    return passageUrl(citation);
  }

  private tooltip(citation: CitationDto): string {
    const snippet = citation.snippet.replace(/\s+/g, ' ').trim();
    const where = citation.page !== null && citation.page !== undefined ? `${citation.fileName}, ${this.i18n.t('chat.sources.page', { page: citation.page })}` : citation.fileName;
    return `${where}\n${snippet.length > TOOLTIP_SNIPPET_CHARS ? `${snippet.slice(0, TOOLTIP_SNIPPET_CHARS)}…` : snippet}`;
  }
}
