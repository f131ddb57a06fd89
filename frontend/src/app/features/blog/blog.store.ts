import { Injectable, inject, signal } from '@angular/core';
import { filter, map, type Observable } from 'rxjs';
import type { ListBlogArticles$Params } from '../../api/fn/blog/list-blog-articles';
import type {
  ArticleDto,
  ArticleInputDto,
  ArticleRevisionDto,
  ArticleSummaryDto,
  BlogAiCoverInputDto,
  BlogAiDraftEvent,
  BlogAiDraftInputDto,
  BlogAiOutlineDto,
  BlogAiOutlineInputDto,
  BlogAiTitleDto,
  BlogAiTitleInputDto,
  BlogCategoryCountDto,
  ChatModelDto,
  GenerationJobDto,
  MediaFileDto,
} from '../../api/models';
import { BLOG_AI_DRAFT_EVENT_NAME } from '../../api/models/blog-ai-draft-event-name-array';
import { BlogService, ChatService, GenerationService, MediaService } from '../../api/services';
import { GrowingList } from '../../core/http/paged-list';
import { SseClient } from '../../core/streaming/sse-client';
import type { SseEvent } from '../../core/streaming/sse-parser';

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
  private readonly chat = inject(ChatService);
  private readonly generation = inject(GenerationService);
  private readonly sse = inject(SseClient);

  readonly filters = signal<BlogFilters>({ search: '', category: null });
  private readonly pages = new GrowingList<ArticleSummaryDto>((page) => this.api.listBlogArticles(this.params(page)));
  readonly articles = this.pages.items;
  readonly total = this.pages.total;
  readonly state = this.pages.state;
  readonly categories = signal<BlogCategoryCountDto[]>([]);
  readonly hasMore = this.pages.hasMore;
  /** What `wbx-list-state` shows above the list. */
  readonly list = this.pages.view;

  setFilters(changes: Partial<BlogFilters>): void {
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

  private params(page: number): ListBlogArticles$Params {
    const filters = this.filters();
    const params: ListBlogArticles$Params = { page, limit: BLOG_PAGE_SIZE };
    const search = filters.search.trim();
    if (search) params.search = search;
    if (filters.category) params.category = filters.category;
    return params;
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

  // ---- Write with AI ----------------------------------------------------------------------------

  /** The chat models the editor may write with. */
  chatModels(): Observable<ChatModelDto[]> {
    return this.chat.listChatModels();
  }

  outline(body: BlogAiOutlineInputDto): Observable<BlogAiOutlineDto> {
    return this.api.suggestBlogOutline({ body });
  }

  /** The draft's events as they arrive (unsubscribing stops the model); events the contract does not name are skipped. */
  draft(body: BlogAiDraftInputDto): Observable<BlogAiDraftEvent> {
    return this.sse.post(BlogService.StreamBlogDraftPath, body).pipe(
      map(toDraftEvent),
      filter((event): event is BlogAiDraftEvent => event !== null),
    );
  }

  titleAndExcerpt(body: BlogAiTitleInputDto): Observable<BlogAiTitleDto> {
    return this.api.suggestBlogTitle({ body });
  }

  cover(body: BlogAiCoverInputDto): Observable<GenerationJobDto> {
    return this.api.generateBlogCover({ body });
  }

  job(id: string): Observable<GenerationJobDto> {
    return this.generation.getGenerationJob({ id });
  }
}

const DRAFT_EVENTS: ReadonlySet<string> = new Set(BLOG_AI_DRAFT_EVENT_NAME);

/** The typed draft event of a raw Server-Sent Event, or null for one the contract does not declare. */
export function toDraftEvent(raw: SseEvent): BlogAiDraftEvent | null {
  if (!DRAFT_EVENTS.has(raw.event)) return null;
  try {
    const data: unknown = JSON.parse(raw.data);
    return typeof data === 'object' && data !== null ? ({ event: raw.event, data } as BlogAiDraftEvent) : null;
  } catch {
    return null;
  }
}
