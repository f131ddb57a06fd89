import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, ElementRef, ViewEncapsulation, afterRenderEffect, computed, inject, input } from '@angular/core';
import { DomSanitizer, type SafeHtml } from '@angular/platform-browser';
import { I18nService } from '../../core/i18n/i18n.service';
import { renderMarkdown } from './markdown-renderer';

/**
 * Markdown from a model or a user, rendered safely: `renderMarkdown` sanitises with DOMPurify,
 * and only its output is trusted as HTML. Code blocks get a copy button, added with DOM APIs
 * after rendering (the sanitiser lets no button through).
 */
@Component({
  selector: 'wbx-markdown',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The rendered HTML carries no component attributes: the styles are global, under `.wbx-markdown`.
  encapsulation: ViewEncapsulation.None,
  host: { class: 'wbx-markdown', '[innerHTML]': 'html()', '(click)': 'copyCode($event)' },
  template: '',
  styleUrl: './markdown.scss',
})
export class Markdown {
  private readonly sanitizer = inject(DomSanitizer);
  private readonly clipboard = inject(Clipboard);
  private readonly i18n = inject(I18nService);
  private readonly host: HTMLElement = inject(ElementRef<HTMLElement>).nativeElement;

  readonly text = input.required<string>();

  // DOMPurify has already sanitised it: Angular's own sanitiser would only strip the highlighting classes' neighbours.
  protected readonly html = computed<SafeHtml>(() => this.sanitizer.bypassSecurityTrustHtml(renderMarkdown(this.text())));

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
            button.className = 'code-copy material-symbols-outlined';
            button.textContent = 'content_copy';
            block.prepend(button);
          }
          button.setAttribute('aria-label', label);
          button.title = label;
        }
      },
    });
  }

  protected copyCode(event: Event): void {
    const button = (event.target as Element | null)?.closest('button.code-copy');
    if (!button || !this.host.contains(button)) return;
    const code = button.parentElement?.querySelector('pre code');
    if (code && this.clipboard.copy(code.textContent ?? '')) {
      button.textContent = 'check';
      setTimeout(() => (button.textContent = 'content_copy'), 1500);
    }
  }
}
