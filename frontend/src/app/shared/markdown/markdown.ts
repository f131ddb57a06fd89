import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, ElementRef, ViewEncapsulation, afterRenderEffect, computed, inject, input, output } from '@angular/core';
import { DomSanitizer, type SafeHtml } from '@angular/platform-browser';
import { Router } from '@angular/router';
import { ICON_FONT_CLASS, type IconName } from '../../core/icons/icons';
import { I18nService } from '../../core/i18n/i18n.service';
import { linkCitations, type MarkdownCitation } from './citation-links';
import { renderMarkdown } from './markdown-renderer';

/** The copy button's ligatures (the button is built with DOM APIs, not a template). */
const COPY_ICON: IconName = 'content_copy';
const COPIED_ICON: IconName = 'check';

/**
 * Markdown from a model or a user, rendered safely: `renderMarkdown` sanitises with DOMPurify,
 * and only its output is trusted as HTML. Code blocks get a copy button, added with DOM APIs
 * after rendering (the sanitiser lets no button through). With `citations`, the `[n]` a reply
 * cites become links to their passages (`linkCitations`, on the sanitised HTML), opened in the app.
 */
@Component({
  selector: 'wbx-markdown',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The rendered HTML carries no component attributes: the styles are global, under `.wbx-markdown`.
  encapsulation: ViewEncapsulation.None,
  host: { class: 'wbx-markdown', '[innerHTML]': 'html()', '(click)': 'copyCode($event); openCitation($event)' },
  template: '',
  styleUrl: './markdown.scss',
})
export class Markdown {
  private readonly sanitizer = inject(DomSanitizer);
  private readonly clipboard = inject(Clipboard);
  private readonly i18n = inject(I18nService);
  private readonly router = inject(Router, { optional: true });
  private readonly host: HTMLElement = inject(ElementRef<HTMLElement>).nativeElement;

  readonly text = input.required<string>();
  /** The passages the text's `[n]` markers cite. */
  readonly citations = input<readonly MarkdownCitation[]>([]);
  /** A click on a citation asks the page to open its passage in place (`citationOpen`) instead of navigating. */
  readonly citationsInPlace = input(false);
  readonly citationOpen = output<number>();

  // DOMPurify has already sanitised it: Angular's own sanitiser would only strip the highlighting classes' neighbours.
  protected readonly html = computed<SafeHtml>(() => this.sanitizer.bypassSecurityTrustHtml(linkCitations(renderMarkdown(this.text()), this.citations())));

  constructor() {
    afterRenderEffect({
      write: () => {
        this.html();
        const label = this.i18n.t('markdown.copyCode');
        for (const block of Array.from(this.host.querySelectorAll<HTMLElement>('.code-block'))) {
          let button = block.querySelector<HTMLButtonElement>(':scope > button.code-copy');
          if (!button) {
            button = document.createElement('button');
            button.type = 'button';
            button.className = `code-copy ${ICON_FONT_CLASS}`;
            button.textContent = COPY_ICON;
            block.prepend(button);
          }
          button.setAttribute('aria-label', label);
          button.title = label;
        }
      },
    });
  }

  /** A citation link opens its passage in the app (a modified click keeps the browser's own behaviour). */
  protected openCitation(event: MouseEvent): void {
    const link = (event.target as Element | null)?.closest('a[data-citation]');
    if (!link || !this.host.contains(link) || (!this.router && !this.citationsInPlace())) return;
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (this.citationsInPlace()) this.citationOpen.emit(Number(link.getAttribute('data-citation')));
    else void this.router?.navigateByUrl(link.getAttribute('href') ?? '/');
  }

  protected copyCode(event: Event): void {
    const button = (event.target as Element | null)?.closest('button.code-copy');
    if (!button || !this.host.contains(button)) return;
    const code = button.parentElement?.querySelector('pre code');
    if (code && this.clipboard.copy(code.textContent ?? '')) {
      button.textContent = COPIED_ICON;
      setTimeout(() => (button.textContent = COPY_ICON), 1500);
    }
  }
}
