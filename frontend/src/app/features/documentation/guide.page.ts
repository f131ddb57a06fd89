import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, afterRenderEffect, effect, inject, input, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { GuidePageDto } from '../../api/models';
import { DocumentationService } from '../../api/services';
import { toApiProblem } from '../../core/http/api-error';
import { problemMessage } from '../../core/http/problem-message';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { Markdown } from '../../shared/markdown/markdown';
import { DocumentationStore } from './documentation.store';
import { guideRoute } from './guide-links';

/**
 * `/documentation/:slug`: a guide rendered from its Markdown (sanitised by the shared renderer),
 * its table of contents, and links between guides and to the API tab followed in the app.
 */
@Component({
  selector: 'wbx-guide-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, Markdown, TranslatePipe],
  // Links of the rendered guide (keyboard activation clicks them too) are followed in the app.
  host: { '(click)': 'follow($event)' },
  templateUrl: './guide.page.html',
  styleUrl: './guide.page.scss',
})
export default class GuidePage {
  private readonly api = inject(DocumentationService);
  private readonly store = inject(DocumentationStore);
  private readonly i18n = inject(I18nService);
  private readonly router = inject(Router);
  private readonly host: HTMLElement = inject(ElementRef<HTMLElement>).nativeElement;

  readonly slug = input.required<string>();
  private readonly route = inject(ActivatedRoute);
  protected readonly fragment = toSignal(this.route.fragment);
  protected readonly page = signal<GuidePageDto | null>(null);
  protected readonly state = signal<'loading' | 'ready' | 'missing' | 'failed'>('loading');
  protected readonly error = signal('');
  private request = 0;

  constructor() {
    effect(() => {
      const slug = this.slug();
      const lang = this.i18n.language();
      untracked(() => this.load(slug, lang));
    });
    // The renderer writes the headings without ids: they get the server's anchors, in order; then the fragment's heading is scrolled to.
    afterRenderEffect({
      write: () => {
        const page = this.page();
        const fragment = this.fragment();
        if (!page) return;
        const headings = Array.from(this.host.querySelectorAll<HTMLElement>('.guide-body h2, .guide-body h3'));
        headings.forEach((element, index) => {
          const heading = page.headings[index];
          if (heading) element.id = heading.id;
        });
        if (fragment) this.host.querySelector(`[id="${CSS.escape(fragment)}"]`)?.scrollIntoView({ block: 'start' });
      },
    });
    inject(DestroyRef).onDestroy(() => this.store.currentTab.set(null));
  }

  private load(slug: string, lang: 'en' | 'fr'): void {
    const request = ++this.request;
    this.state.set('loading');
    this.api.getDocumentationPage({ slug, lang }).subscribe({
      next: (page) => {
        if (request !== this.request) return;
        this.page.set(page);
        this.state.set('ready');
        this.store.currentTab.set(page.tab);
      },
      error: (error: unknown) => {
        if (request !== this.request) return;
        const problem = toApiProblem(error);
        this.page.set(null);
        this.state.set(problem.code === 'DOCUMENTATION_PAGE_NOT_FOUND' ? 'missing' : 'failed');
        this.error.set(problemMessage(this.i18n, problem));
      },
    });
  }

  /** A link to a guide, the API tab or a heading is followed by the router (a modified click keeps the browser's own behaviour). */
  protected follow(event: MouseEvent): void {
    const link = (event.target as Element | null)?.closest('.guide-body a[href]');
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const route = guideRoute(link.getAttribute('href') ?? '');
    if (!route) return;
    event.preventDefault();
    event.stopPropagation();
    if (route.commands.length) void this.router.navigate(route.commands, { fragment: route.fragment });
    else if (route.fragment) this.goTo(event, route.fragment);
  }

  protected goTo(event: MouseEvent, id: string): void {
    event.preventDefault();
    void this.router.navigate([], { relativeTo: this.route, fragment: id, replaceUrl: true });
    this.host.querySelector(`[id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }
}
