import { Injectable, computed, inject, signal } from '@angular/core';
import type { Observable } from 'rxjs';
import type { ListCatalogTools$Params } from '../../api/fn/catalog/list-catalog-tools';
import type { CatalogCategoryCountDto, CatalogToolDto, ReviewDto, ReviewInputDto, ReviewPageDto } from '../../api/models';
import { CatalogService } from '../../api/services';
import type { ListView } from '../../shared/list-state/list-state';

export type CatalogCategory = CatalogToolDto['category'];
export type CatalogSort = NonNullable<ListCatalogTools$Params['sort']>;

export const CATALOG_PAGE_SIZE = 24;
export const REVIEWS_PAGE_SIZE = 20;
export const CATALOG_SORTS: readonly CatalogSort[] = ['relevance', 'name', 'rating', 'price', 'favorites'];

export interface CatalogFilters {
  search: string;
  category: CatalogCategory | null;
  favorites: boolean;
  /** Only the tools Webox reaches. */
  integrated: boolean;
  sort: CatalogSort;
}

export const DEFAULT_CATALOG_FILTERS: CatalogFilters = { search: '', category: null, favorites: false, integrated: false, sort: 'relevance' };

/** The catalog's state over the generated client: the filtered tools (pages added by "load more"), the categories, favourites and reviews. */
@Injectable()
export class CatalogStore {
  private readonly api = inject(CatalogService);

  readonly filters = signal<CatalogFilters>(DEFAULT_CATALOG_FILTERS);
  readonly tools = signal<CatalogToolDto[]>([]);
  readonly total = signal(0);
  readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  readonly categories = signal<CatalogCategoryCountDto[]>([]);
  readonly hasMore = computed(() => this.tools().length < this.total());
  /** What `wbx-list-state` shows above the grid. */
  readonly list: ListView = {
    items: this.tools,
    loading: computed(() => this.state() === 'loading'),
    failed: computed(() => this.state() === 'failed'),
    load: () => this.load(),
  };
  private page = 1;
  private request = 0;

  /** Changes some filters and loads the first page again. */
  setFilters(changes: Partial<CatalogFilters>): void {
    this.filters.update((filters) => ({ ...filters, ...changes }));
    this.load();
  }

  /** The first page (replacing the list), or a later one (added to it). */
  load(page = 1): void {
    const filters = this.filters();
    const params: ListCatalogTools$Params = { page, limit: CATALOG_PAGE_SIZE };
    const search = filters.search.trim();
    if (search) params.search = search;
    if (filters.category) params.category = filters.category;
    if (filters.favorites) params.favorites = true;
    if (filters.integrated) params.integrated = true;
    // Relevance means something only with a search: without one the server sorts by name.
    if (filters.sort !== 'relevance' || search) params.sort = filters.sort;
    const request = ++this.request;
    this.state.set('loading');
    this.api.listCatalogTools(params).subscribe({
      next: (result) => {
        if (request !== this.request) return;
        this.page = result.page;
        this.tools.update((tools) => (page === 1 ? result.items : [...tools, ...result.items.filter((tool) => !tools.some((shown) => shown.id === tool.id))]));
        this.total.set(result.total);
        this.state.set('ready');
      },
      error: () => {
        if (request === this.request) this.state.set('failed');
      },
    });
  }

  loadMore(): void {
    if (this.hasMore() && this.state() !== 'loading') this.load(this.page + 1);
  }

  loadCategories(): void {
    this.api.listCatalogCategories().subscribe({ next: (categories) => this.categories.set(categories), error: () => this.categories.set([]) });
  }

  get(id: string): Observable<CatalogToolDto> {
    return this.api.getCatalogTool({ id });
  }

  /**
   * Adds or removes a favourite: the heart changes at once, takes the server's answer, and is put
   * back if the call fails (`failed` is then called). Unfavourited under "Favourites only", the card leaves.
   */
  toggleFavorite(tool: CatalogToolDto, failed?: (error: unknown) => void): void {
    this.patchLocally(tool.id, { favorite: !tool.favorite });
    this.api.toggleCatalogFavorite({ id: tool.id }).subscribe({
      next: ({ favorite }) => {
        this.patchLocally(tool.id, { favorite });
        if (!favorite && this.filters().favorites) {
          this.tools.update((tools) => tools.filter((shown) => shown.id !== tool.id));
          this.total.update((total) => Math.max(0, total - 1));
        }
      },
      error: (error: unknown) => {
        this.patchLocally(tool.id, { favorite: tool.favorite });
        failed?.(error);
      },
    });
  }

  reviews(id: string, page: number): Observable<ReviewPageDto> {
    return this.api.listCatalogReviews({ id, page, limit: REVIEWS_PAGE_SIZE });
  }

  saveReview(id: string, body: ReviewInputDto): Observable<ReviewDto> {
    return this.api.reviewCatalogTool({ id, body });
  }

  deleteReview(id: string): Observable<void> {
    return this.api.deleteCatalogReview({ id });
  }

  /** A tool changed on its own page (favourite, rating): the list shows it too. */
  patchLocally(id: string, changes: Partial<CatalogToolDto>): void {
    this.tools.update((tools) => tools.map((tool) => (tool.id === id ? { ...tool, ...changes } : tool)));
  }
}
