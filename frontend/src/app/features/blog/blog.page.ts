import { ChangeDetectionStrategy, Component, DestroyRef, Injector, computed, inject } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute, Router } from '@angular/router';
import { Subject, debounceTime, distinctUntilChanged, map } from 'rxjs';
import type { ArticleSummaryDto } from '../../api/models';
import { SessionStore } from '../../core/auth/session.store';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { ListState } from '../../shared/list-state/list-state';
import { BlogEditor } from './blog-editor';
import { BlogReaderDialog } from './blog-reader.dialog';
import { BlogStore } from './blog.store';
import { HelpLink } from '../../shared/help-link/help-link';

export const BLOG_SEARCH_DEBOUNCE_MS = 250;

/** `/blog`: published articles (and my drafts), searched in their language, by category; editors write from here. */
@Component({
  selector: 'wbx-blog-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HelpLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, TranslatePipe, ListState, BlogEditor],
  templateUrl: './blog.page.html',
  styleUrl: './blog.page.scss',
})
export default class BlogPage {
  protected readonly store = inject(BlogStore);
  private readonly session = inject(SessionStore);
  private readonly i18n = inject(I18nService);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly query = new Subject<string>();
  /** The dialog reads through this page's BlogStore (provided by the route, not at the root). */
  private readonly injector = inject(Injector);

  /** Editors and admins write. */
  protected readonly canWrite = computed(() => ['editor', 'admin'].includes(this.session.user()?.role ?? ''));
  /** `?edit=new` or `?edit=<slug>`: the editor instead of the list. */
  protected readonly editing = toSignal(this.route.queryParamMap.pipe(map((params) => params.get('edit'))), { initialValue: null });

  constructor() {
    this.query
      .pipe(debounceTime(BLOG_SEARCH_DEBOUNCE_MS), distinctUntilChanged(), takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((search) => this.store.setFilters({ search }));
    this.store.load();
    this.store.loadCategories();
  }

  protected search(value: string): void {
    this.query.next(value);
  }

  protected setCategory(category: string | null): void {
    this.store.setFilters({ category });
  }

  protected open(article: ArticleSummaryDto): void {
    this.dialog
      .open(BlogReaderDialog, { data: { slug: article.slug }, injector: this.injector, width: 'min(820px, 96vw)', maxHeight: '92vh', autoFocus: 'dialog' })
      .afterClosed()
      .subscribe((edit?: string) => {
        if (edit) this.edit(edit);
      });
  }

  protected edit(slug: string | null): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { edit: slug ?? 'new' } });
  }

  protected closeEditor(changed: boolean): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
    if (changed) {
      this.store.load();
      this.store.loadCategories();
    }
  }

  protected statusKey(status: ArticleSummaryDto['status']): MessageKey {
    return `blog.status.${status}`;
  }

  protected date(value: string | null): string {
    return value ? new Date(value).toLocaleDateString(this.i18n.locale(), { year: 'numeric', month: 'short', day: 'numeric' }) : '';
  }
}
