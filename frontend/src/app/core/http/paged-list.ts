import { signal } from '@angular/core';
import type { Observable } from 'rxjs';

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
