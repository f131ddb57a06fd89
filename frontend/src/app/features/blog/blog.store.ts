import { Injectable, computed, inject, signal } from '@angular/core';
import { map, type Observable } from 'rxjs';
import type { ListBlogArticles$Params } from '../../api/fn/blog/list-blog-articles';
import type { ArticleDto, ArticleInputDto, ArticleRevisionDto, ArticleSummaryDto, BlogCategoryCountDto, MediaFileDto } from '../../api/models';
import { BlogService, MediaService } from '../../api/services';
import type { ListView } from '../../shared/list-state/list-state';

export const BLOG_PAGE_SIZE = 12;

export interface BlogFilters {
  search: string;
  category: string | null;
}

/** The blog's state over the generated client: the filtered articles (pages added by "load more"), the categories, and the editor's calls. */
@Injectable()
export class BlogStore {
  private readonly api = inject(BlogService);
  private readonly media = inject(MediaService);

  readonly filters = signal<BlogFilters>({ search: '', category: null });
  readonly articles = signal<ArticleSummaryDto[]>([]);
  readonly total = signal(0);
  readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  readonly categories = signal<BlogCategoryCountDto[]>([]);
  readonly hasMore = computed(() => this.articles().length < this.total());
  readonly list: ListView = {
    items: this.articles,
    loading: computed(() => this.state() === 'loading'),
    failed: computed(() => this.state() === 'failed'),
    load: () => this.load(),
  };
  private page = 1;
  private request = 0;

  setFilters(changes: Partial<BlogFilters>): void {
    this.filters.update((filters) => ({ ...filters, ...changes }));
    this.load();
  }

  load(page = 1): void {
    const filters = this.filters();
    const params: ListBlogArticles$Params = { page, limit: BLOG_PAGE_SIZE };
    const search = filters.search.trim();
    if (search) params.search = search;
    if (filters.category) params.category = filters.category;
    const request = ++this.request;
    this.state.set('loading');
    this.api.listBlogArticles(params).subscribe({
      next: (result) => {
        if (request !== this.request) return;
        this.page = result.page;
        this.articles.update((articles) => (page === 1 ? result.items : [...articles, ...result.items.filter((item) => !articles.some((shown) => shown.id === item.id))]));
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
    this.api.listBlogCategories().subscribe({ next: (categories) => this.categories.set(categories), error: () => this.categories.set([]) });
  }

  bySlug(slug: string): Observable<ArticleDto> {
    return this.api.getBlogArticleBySlug({ slug });
  }

  save(id: string | null, body: ArticleInputDto): Observable<ArticleDto> {
    return id ? this.api.updateBlogArticle({ id, body }) : this.api.createBlogArticle({ body });
  }

  delete(id: string): Observable<void> {
    return this.api.deleteBlogArticle({ id });
  }

  revisions(id: string): Observable<ArticleRevisionDto[]> {
    return this.api.listBlogRevisions({ id });
  }

  restore(id: string, revId: string): Observable<ArticleDto> {
    return this.api.restoreBlogRevision({ id, revId });
  }

  /** Pictures of my media library, for the cover. */
  imageFiles(): Observable<MediaFileDto[]> {
    return this.media.listMediaFiles({ kind: 'image', limit: 60, sort: 'recent' }).pipe(map((page) => page.items));
  }
}
