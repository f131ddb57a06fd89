import { Injectable, effect, inject } from '@angular/core';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { I18nService } from './i18n.service';

/**
 * The Material paginator's labels in the language shown (its own are English only): set again, and
 * the paginators told, whenever the language or its dictionary changes.
 */
@Injectable()
export class I18nPaginatorIntl extends MatPaginatorIntl {
  private readonly i18n = inject(I18nService);

  constructor() {
    super();
    effect(() => {
      this.itemsPerPageLabel = this.i18n.t('paginator.itemsPerPage');
      this.nextPageLabel = this.i18n.t('paginator.nextPage');
      this.previousPageLabel = this.i18n.t('paginator.previousPage');
      this.firstPageLabel = this.i18n.t('paginator.firstPage');
      this.lastPageLabel = this.i18n.t('paginator.lastPage');
      this.changes.next();
    });
  }

  override getRangeLabel = (page: number, pageSize: number, length: number): string => {
    const format = (value: number) => new Intl.NumberFormat(this.i18n.language()).format(value);
    if (length === 0 || pageSize === 0) return this.i18n.t('paginator.empty', { length: format(length) });
    const start = page * pageSize;
    const end = Math.min(start + pageSize, Math.max(length, start));
    return this.i18n.t('paginator.range', { start: format(start + 1), end: format(end), length: format(length) });
  };
}
