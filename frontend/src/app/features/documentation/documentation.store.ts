import { Injectable, computed, inject, signal } from '@angular/core';
import type { DocumentationTreeDto, GuideSearchHitDto, GuideSummaryDto } from '../../api/models';
import { DocumentationService } from '../../api/services';
import { I18nService } from '../../core/i18n/i18n.service';

export type GuideTab = GuideSummaryDto['tab'];
/** The Documentation page's tabs, in the audit's order; `api` is generated from the contract. */
export type DocumentationTab = GuideTab | 'api';
export const DOCUMENTATION_TABS: readonly DocumentationTab[] = ['guides', 'getting-started', 'api', 'faq'];

/** What the documentation's pages share: the tree of the guides in the UI language, and the search. */
@Injectable()
export class DocumentationStore {
  private readonly api = inject(DocumentationService);
  private readonly i18n = inject(I18nService);

  readonly tree = signal<DocumentationTreeDto | null>(null);
  readonly treeState = signal<'loading' | 'ready' | 'failed'>('loading');
  /** The guide shown, to light its tab. */
  readonly currentTab = signal<DocumentationTab | null>(null);
  readonly query = signal('');
  readonly hits = signal<GuideSearchHitDto[]>([]);
  readonly searchState = signal<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  readonly searching = computed(() => this.query().trim() !== '');
  private searchRequest = 0;

  loadTree(): void {
    const lang = this.i18n.language();
    this.treeState.set('loading');
    this.api.getDocumentationTree({ lang }).subscribe({
      next: (tree) => {
        this.tree.set(tree);
        this.treeState.set('ready');
      },
      error: () => this.treeState.set('failed'),
    });
  }

  guidesOf(tab: GuideTab): GuideSummaryDto[] {
    return this.tree()?.tabs.find((entry) => entry.tab === tab)?.guides ?? [];
  }

  /** Searches the guides (the page debounces); an empty query clears the results. */
  search(query: string): void {
    this.query.set(query);
    const q = query.trim();
    const request = ++this.searchRequest;
    if (!q) {
      this.hits.set([]);
      this.searchState.set('idle');
      return;
    }
    this.searchState.set('loading');
    this.api.searchDocumentation({ q: q.slice(0, 100), lang: this.i18n.language() }).subscribe({
      next: (result) => {
        if (request !== this.searchRequest) return;
        this.hits.set(result.items);
        this.searchState.set('ready');
      },
      error: () => request === this.searchRequest && this.searchState.set('failed'),
    });
  }

  clearSearch(): void {
    this.search('');
  }
}
