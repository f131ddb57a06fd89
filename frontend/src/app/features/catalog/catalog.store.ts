import { Injectable, inject, signal } from '@angular/core';
import type { Observable } from 'rxjs';
import type { ListCatalogTools$Params } from '../../api/fn/catalog/list-catalog-tools';
import type { CatalogCategoryCountDto, CatalogToolDto, ReviewDto, ReviewInputDto, ReviewPageDto } from '../../api/models';
import { CatalogService } from '../../api/services';
import { GrowingList } from '../../core/http/paged-list';

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
  private readonly pages = new GrowingList<CatalogToolDto>((page) => this.api.listCatalogTools(this.params(page)));
  readonly tools = this.pages.items;
  readonly total = this.pages.total;
  readonly state = this.pages.state;
  readonly categories = signal<CatalogCategoryCountDto[]>([]);
  readonly hasMore = this.pages.hasMore;
  /** What `wbx-list-state` shows above the list. */
  readonly list = this.pages.view;

  /** Changes some filters and loads the first page again. */
  setFilters(changes: Partial<CatalogFilters>): void {
    this.filters.update((filters) => ({ ...filters, ...changes }));
    this.load();
  }

  /** The first page (replacing the list), or a later one (added to it). */
  load(page = 1): void {
    this.pages.load(page);
  }

  loadMore(): void {
    this.pages.loadMore();
  }

  private params(page: number): ListCatalogTools$Params {
    const filters = this.filters();
    const params: ListCatalogTools$Params = { page, limit: CATALOG_PAGE_SIZE };
    const search = filters.search.trim();
    if (search) params.search = search;
    if (filters.category) params.category = filters.category;
    if (filters.favorites) params.favorites = true;
    if (filters.integrated) params.integrated = true;
    // Relevance means something only with a search: without one the server sorts by name.
    if (filters.sort !== 'relevance' || search) params.sort = filters.sort;
    return params;
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
