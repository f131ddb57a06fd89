import { computed, signal } from '@angular/core';
import type { Observable } from 'rxjs';
import type { ListView } from '../../shared/list-state/list-state';

/** What every paginated list route answers (`PageDto` on the server). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
}

/**
 * One page of a server list and its loading state, for a table with a paginator: `load(page)`
 * fetches and replaces it; a failure keeps the rows shown and sets `failed` (the view offers a retry).
 */
export class PagedList<T> {
  readonly items = signal<T[]>([]);
  readonly total = signal(0);
  readonly page = signal(1);
  readonly loading = signal(false);
  readonly failed = signal(false);

  constructor(private readonly fetch: (page: number) => Observable<Page<T>>) {}

  load(page = this.page()): void {
    this.loading.set(true);
    this.failed.set(false);
    this.fetch(page).subscribe({
      next: (result) => {
        this.items.set(result.items);
        this.total.set(result.total);
        this.page.set(result.page);
        this.loading.set(false);
      },
      error: () => {
        this.failed.set(true);
        this.loading.set(false);
      },
    });
  }

  /** After deleting a row: the page before when it was the last row of a later page, else this one again. */
  reloadAfterRemoval(): void {
    this.load(this.items().length === 1 && this.page() > 1 ? this.page() - 1 : this.page());
  }
}

/**
 * A server list read page after page ("Show more"): `load()` fetches the first page and replaces
 * the list, `loadMore()` adds the next one without repeating a row that moved meanwhile; an
 * answer to an older request (filters changed since) is dropped. `view` is what `wbx-list-state` shows.
 */
export class GrowingList<T extends { id: string }> {
  readonly items = signal<T[]>([]);
  readonly total = signal(0);
  readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  readonly hasMore = computed(() => this.items().length < this.total());
  readonly view: ListView = {
    items: this.items,
    loading: computed(() => this.state() === 'loading'),
    failed: computed(() => this.state() === 'failed'),
    load: () => this.load(),
  };
  private page = 1;
  private request = 0;

  constructor(private readonly fetch: (page: number) => Observable<Page<T>>) {}

  /** The first page (replacing the list), or a later one (added to it). */
  load(page = 1): void {
    const request = ++this.request;
    this.state.set('loading');
    this.fetch(page).subscribe({
      next: (result) => {
        if (request !== this.request) return;
        this.page = result.page;
        this.items.update((items) => (page === 1 ? result.items : [...items, ...result.items.filter((item) => !items.some((shown) => shown.id === item.id))]));
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
}
