import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { Subject, debounceTime, distinctUntilChanged } from 'rxjs';
import type { CatalogToolDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { problemMessage } from '../../core/http/problem-message';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { FavoriteButton } from './favorite-button';
import { ListState } from '../../shared/list-state/list-state';
import { categoryKey, formatRating, priceLabel, tryInWebox } from './catalog-links';
import { CATALOG_SORTS, CatalogStore, type CatalogCategory, type CatalogSort } from './catalog.store';
import { HelpLink } from '../../shared/help-link/help-link';

export const CATALOG_SEARCH_DEBOUNCE_MS = 250;

/** `/catalog`: the AI tools, searched as you type (the server forgives typos), filtered by category, favourites and integration. */
@Component({
  selector: 'wbx-catalog-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HelpLink, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, MatSlideToggleModule, TranslatePipe, ListState, FavoriteButton],
  templateUrl: './catalog.page.html',
  styleUrl: './catalog.page.scss',
})
export default class CatalogPage {
  protected readonly store = inject(CatalogStore);
  private readonly i18n = inject(I18nService);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly query = new Subject<string>();

  protected readonly sorts = CATALOG_SORTS;
  protected readonly categoryKey = categoryKey;
  protected readonly tryLink = tryInWebox;

  constructor() {
    this.query
      .pipe(debounceTime(CATALOG_SEARCH_DEBOUNCE_MS), distinctUntilChanged(), takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((search) => this.store.setFilters({ search }));
    // Descriptions come in the language asked for: a language switch loads them again.
    effect(() => {
      this.i18n.language();
      untracked(() => {
        this.store.load();
        this.store.loadCategories();
      });
    });
  }

  protected search(value: string): void {
    this.query.next(value);
  }

  protected setCategory(category: CatalogCategory | null): void {
    this.store.setFilters({ category });
  }

  protected setSort(sort: CatalogSort): void {
    this.store.setFilters({ sort });
  }

  protected sortKey(sort: CatalogSort): MessageKey {
    return `catalog.sort.${sort}`;
  }

  protected price(tool: CatalogToolDto): string {
    return priceLabel(tool, this.i18n);
  }

  protected rating(tool: CatalogToolDto): string {
    return tool.rating.average === null ? '' : formatRating(tool.rating.average, this.i18n.locale());
  }

  protected toggleFavorite(tool: CatalogToolDto): void {
    this.store.toggleFavorite(tool, (error) => this.snackBar.open(problemMessage(this.i18n, toApiProblem(error)), undefined, { duration: 4000 }));
  }

  protected tryIt(tool: CatalogToolDto): void {
    const link = tryInWebox(tool);
    if (link) void this.router.navigate([link.path], { queryParams: link.queryParams });
  }
}
