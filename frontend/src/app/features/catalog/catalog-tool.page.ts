import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import type { CatalogToolDto, ReviewDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { problemMessage } from '../../core/http/problem-message';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { FavoriteButton } from './favorite-button';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { categoryKey, formatRating, priceLabel, tryInWebox } from './catalog-links';
import { CatalogStore } from './catalog.store';

export const REVIEW_MAX_LENGTH = 1000;
const STARS = [1, 2, 3, 4, 5] as const;

/** `/catalog/:id`: a tool's facts and where they were checked, its reviews, mine to write, and "Try in Webox". */
@Component({
  selector: 'wbx-catalog-tool-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressSpinnerModule, TranslatePipe, FavoriteButton],
  templateUrl: './catalog-tool.page.html',
  styleUrl: './catalog-tool.page.scss',
})
export default class CatalogToolPage {
  private readonly store = inject(CatalogStore);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly i18n = inject(I18nService);

  /** From the route (`withComponentInputBinding`). */
  readonly id = input.required<string>();

  protected readonly tool = signal<CatalogToolDto | null>(null);
  protected readonly state = signal<'loading' | 'ready' | 'failed' | 'missing'>('loading');
  protected readonly reviews = signal<ReviewDto[]>([]);
  protected readonly reviewsTotal = signal(0);
  protected readonly reviewsState = signal<'loading' | 'ready' | 'failed'>('loading');
  protected readonly mine = signal<ReviewDto | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly saving = signal(false);
  private reviewsPage = 1;

  protected readonly stars = STARS;
  protected readonly maxLength = REVIEW_MAX_LENGTH;
  protected readonly categoryKey = categoryKey;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    rating: [0, [Validators.min(1), Validators.max(5)]],
    text: ['', Validators.maxLength(REVIEW_MAX_LENGTH)],
  });
  protected readonly tryLink = computed(() => {
    const tool = this.tool();
    return tool ? tryInWebox(tool) : null;
  });
  protected readonly price = computed(() => {
    const tool = this.tool();
    return tool ? priceLabel(tool, this.i18n) : '';
  });
  protected readonly average = computed(() => {
    const average = this.tool()?.rating.average;
    return average === null || average === undefined ? null : formatRating(average, this.i18n.locale());
  });
  protected readonly hasMoreReviews = computed(() => this.reviews().length < this.reviewsTotal());

  constructor() {
    effect(() => {
      const id = this.id();
      this.i18n.language();
      untracked(() => this.load(id));
    });
  }

  protected load(id = this.id()): void {
    this.state.set('loading');
    this.store.get(id).subscribe({
      next: (tool) => {
        this.tool.set(tool);
        this.state.set('ready');
      },
      error: (error: unknown) => this.state.set(toApiProblem(error).status === 404 ? 'missing' : 'failed'),
    });
    this.loadReviews(1);
  }

  protected loadReviews(page: number): void {
    const id = this.id();
    this.reviewsState.set('loading');
    this.store.reviews(id, page).subscribe({
      next: (result) => {
        this.reviewsPage = result.page;
        this.reviews.update((reviews) => (page === 1 ? result.items : [...reviews, ...result.items]));
        this.reviewsTotal.set(result.total);
        this.reviewsState.set('ready');
        const mine = result.items.find((review) => review.mine);
        if (mine && !this.mine()) this.editMine(mine);
      },
      error: () => this.reviewsState.set('failed'),
    });
  }

  protected moreReviews(): void {
    this.loadReviews(this.reviewsPage + 1);
  }

  protected setRating(rating: number): void {
    this.form.controls.rating.setValue(rating);
    this.form.controls.rating.markAsDirty();
  }

  protected toggleFavorite(): void {
    const tool = this.tool();
    if (!tool) return;
    this.tool.set({ ...tool, favorite: !tool.favorite });
    this.store.toggleFavorite(tool, (error) => {
      this.tool.set(tool);
      this.fail(error);
    });
  }

  protected tryIt(): void {
    const link = this.tryLink();
    if (link) void this.router.navigate([link.path], { queryParams: link.queryParams });
  }

  protected saveReview(): void {
    const { rating, text } = this.form.getRawValue();
    if (rating < 1 || this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.store.saveReview(this.id(), { rating, text: text.trim() }).subscribe({
      next: (review) => {
        this.saving.set(false);
        this.mine.set(review);
        this.reviews.update((reviews) => [review, ...reviews.filter((shown) => !shown.mine)]);
        this.snackBar.open(this.i18n.t('catalog.review.saved'), undefined, { duration: 3000 });
        this.refreshRating();
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.fail(error);
      },
    });
  }

  protected deleteReview(): void {
    const data = { title: this.i18n.t('catalog.review.deleteTitle'), message: this.i18n.t('catalog.review.deleteMessage'), confirm: this.i18n.t('common.delete'), cancel: this.i18n.t('common.cancel') };
    confirmAction(this.dialog, data).subscribe((confirmed) => {
      if (!confirmed) return;
      this.store.deleteReview(this.id()).subscribe({
        next: () => {
          this.mine.set(null);
          this.form.reset({ rating: 0, text: '' });
          this.reviews.update((reviews) => reviews.filter((review) => !review.mine));
          this.reviewsTotal.update((total) => Math.max(0, total - 1));
          this.snackBar.open(this.i18n.t('catalog.review.deleted'), undefined, { duration: 3000 });
          this.refreshRating();
        },
        error: (error: unknown) => this.fail(error),
      });
    });
  }

  private editMine(review: ReviewDto): void {
    this.mine.set(review);
    this.form.reset({ rating: review.rating, text: review.text });
  }

  /** The average and count after my review changed (the server computes them). */
  private refreshRating(): void {
    this.store.get(this.id()).subscribe({
      next: (tool) => {
        this.tool.set(tool);
        this.store.patchLocally(tool.id, { rating: tool.rating });
      },
      error: () => undefined,
    });
  }

  private fail(error: unknown): void {
    this.error.set(problemMessage(this.i18n, toApiProblem(error)));
  }
}
