import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository, SelectQueryBuilder } from 'typeorm';
import { AuthUser } from '../../common/auth.decorators';
import { DomainError, notFound } from '../../common/domain-error';
import { countUpTo, plannedRows, RANKED_MATCHES, totalOf, walkBeats } from '../../common/estimated-count';
import { Page, skipTake } from '../../common/pagination';
import { CacheHub } from '../../common/shared-cache';
import { AppConfig } from '../../config/app-config';
import { EventBus } from '../../events/event-bus';
import { JobsService } from '../../queue/jobs.service';
import { MediaService } from '../media/media.service';
import { BlogArticle } from './blog-article.entity';
import { BlogRevision } from './blog-revision.entity';
import { readingMinutes, slugify, type ArticleStatus } from './blog-types';
import { BlogErrorCode } from './blog.errors';
import { SLUG_PATTERN, ArticleDto, ArticleInputDto, ArticleQueryDto, ArticleRevisionDto, ArticleSummaryDto, BlogCategoryCountDto } from './dto/blog.dto';

declare module '../../queue/job-types' {
  interface JobPayloads {
    /** Publishes a scheduled article when its date comes (a delayed job; it checks the date again). */
    'blog.publish': { articleId: string };
  }
}

/** What every cached public page, feed and sitemap carries: one change to any article drops them all. */
export const PUBLIC_CACHE_TAG = 'blog:public';

/** Raster images only: an SVG cover would be a document of its own on the public page. */
export const COVER_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif']);

/** A job woken this much early (a clock drift, a restart) publishes anyway. */
const EARLY_TOLERANCE_MS = 1_000;

/** The columns of a list item (all but the body and the search document). */
const SUMMARY_COLUMNS = ['id', 'authorId', 'slug', 'title', 'excerpt', 'coverMediaId', 'category', 'tags', 'language', 'status', 'publishedAt', 'readingMinutes', 'createdAt', 'updatedAt'].map((column) => `a.${column}`);

/** How many matches of a search are ranked (the newest ones; see `ranked`). */
const CANDIDATES = RANKED_MATCHES;

const MATCHES = `((a.language = 'en' AND a.search_document @@ websearch_to_tsquery('english', :search)) OR (a.language = 'fr' AND a.search_document @@ websearch_to_tsquery('french', :search)))`;
const RANK = `ts_rank(a.search_document, CASE WHEN a.language = 'fr' THEN websearch_to_tsquery('french', :search) ELSE websearch_to_tsquery('english', :search) END)`;

/**
 * The blog: articles in Markdown that editors (the `editor` role, or admins) write and everyone
 * signed in reads once published; drafts and scheduled ones stay with their author and admins.
 * Each save keeps the previous version; a scheduled article publishes itself through a delayed job.
 */
@Injectable()
export class BlogService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Blog');

  constructor(
    @InjectRepository(BlogArticle) private readonly articles: Repository<BlogArticle>,
    @InjectRepository(BlogRevision) private readonly revisions: Repository<BlogRevision>,
    private readonly media: MediaService,
    private readonly jobs: JobsService,
    private readonly events: EventBus,
    private readonly cache: CacheHub,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register('blog.publish', async (job) => {
      const article = await this.articles.findOneBy({ id: job.payload.articleId });
      if (!article || article.status !== 'scheduled' || !article.publishedAt) return { published: false };
      const wait = article.publishedAt.getTime() - Date.now();
      // Run early (the in-process queue resumes unfinished jobs at start-up at once): wait again.
      if (wait > EARLY_TOLERANCE_MS) {
        await this.schedule(article);
        return { published: false, waiting: true };
      }
      return { published: await this.publishDue(article.id) };
    });
  }

  /** Scheduled articles whose date passed while nothing ran (the server was down): published now. */
  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    void this.publishOverdue().catch((error: Error) => this.logger.error(`Publishing overdue articles failed: ${error.message}`));
  }

  async publishOverdue(): Promise<number> {
    const due = await this.articles.createQueryBuilder('a').select('a.id', 'id').where(`a.status = 'scheduled' AND a.published_at <= now()`).getRawMany<{ id: string }>();
    let published = 0;
    for (const { id } of due) if (await this.publishDue(id)) published++;
    if (published) this.logger.log(`Published ${published} overdue scheduled article(s)`);
    return published;
  }

  async list(user: AuthUser, query: ArticleQueryDto): Promise<Page<ArticleSummaryDto>> {
    const builder = this.articles.createQueryBuilder('a').select(SUMMARY_COLUMNS).setParameter('me', user.id);
    if (user.role !== 'admin') builder.andWhere(`(a.status = 'published' OR a.author_id = :me)`);
    if (query.status) builder.andWhere('a.status = :status', { status: query.status });
    if (query.mine) builder.andWhere('a.author_id = :me');
    if (query.category) builder.andWhere('a.category = :category', { category: query.category });
    if (query.language) builder.andWhere('a.language = :language', { language: query.language });
    if (query.tag) builder.andWhere('a.tags @> ARRAY[:tag]::text[]', { tag: query.tag });
    const search = query.search?.trim();
    const listed = builder.clone();
    if (search) builder.andWhere(MATCHES, { search });
    // Newest first, read from blog_articles_date_order_idx.
    builder.orderBy('a.published_at', 'DESC', 'NULLS FIRST').addOrderBy('a.updated_at', 'DESC').addOrderBy('a.id', 'ASC');
    const { skip, take } = skipTake(query);
    const { rows, total } = search ? await this.ranked(builder, listed, skip, take, query.limit) : await this.newest(builder, skip, take);
    const authors = await this.authorsOf(rows.map((row) => row.authorId));
    return { items: rows.map((row) => this.toSummary(row, user, authors)), total, page: query.page, limit: query.limit };
  }

  /** A page newest first; the total counted up to a limit and estimated past it. */
  private async newest(builder: SelectQueryBuilder<BlogArticle>, skip: number, take: number): Promise<{ rows: BlogArticle[]; total: number }> {
    const [rows, counted] = await Promise.all([builder.clone().offset(skip).limit(take).getMany(), countUpTo(builder)]);
    return { rows, total: await totalOf(builder, counted, skip, take, rows.length, false) };
  }

  /**
   * A search, best matches first. Ranking every match of a common word reads and ranks tens of
   * thousands of articles, so only the newest `CANDIDATES` matches are ranked (all of them while
   * there are fewer); older matches follow them newest first. The total is exact below that bound
   * and the planner's estimate past it.
   *
   * A frequent word (see `frequent`) is listed newest first without ranking: its page is read from
   * `blog_articles_date_order_idx` with the match as a filter, about `limit / share` rows, where
   * gathering even its newest 300 matches read every one of them from the GIN index first (2,000
   * for a word in one article in 50 of 100,000).
   */
  private async ranked(builder: SelectQueryBuilder<BlogArticle>, listed: SelectQueryBuilder<BlogArticle>, skip: number, take: number, limit: number): Promise<{ rows: BlogArticle[]; total: number }> {
    const { frequent, matches } = await this.frequent(builder, listed, limit);
    if (frequent) {
      const rows = await builder.clone().offset(skip).limit(take).getMany();
      return { rows, total: await totalOf(builder, Math.max(CANDIDATES, matches), skip, take, rows.length, false) };
    }
    const candidates = builder.clone().select('a.id').limit(CANDIDATES).getQuery();
    const ranked: Array<{ id: string }> = await this.articles
      .createQueryBuilder('a')
      .select('a.id', 'id')
      .where(`a.id IN (${candidates})`, builder.getParameters())
      .orderBy(RANK, 'DESC')
      .addOrderBy('a.published_at', 'DESC', 'NULLS FIRST')
      .addOrderBy('a.updated_at', 'DESC')
      .addOrderBy('a.id', 'ASC')
      .getRawMany();
    const complete = ranked.length < CANDIDATES;
    const ids = ranked.slice(skip, skip + take).map((row) => row.id);
    // Past the ranked ones: the matches after the newest CANDIDATES, in the same order.
    const older = !complete && ids.length < take ? await builder.clone().offset(Math.max(CANDIDATES, skip)).limit(take - ids.length).getMany() : [];
    const found = ids.length ? await this.articles.createQueryBuilder('a').select(SUMMARY_COLUMNS).where('a.id IN (:...ids)', { ids }).getMany() : [];
    const byId = new Map(found.map((row) => [row.id, row]));
    const rows = [...ids.flatMap((id) => byId.get(id) ?? []), ...older];
    if (complete) return { rows, total: ranked.length };
    return { rows, total: await totalOf(builder, Math.max(CANDIDATES, matches), skip, take, rows.length, false) };
  }

  /**
   * Whether a search's word is common enough among the listed articles that walking them newest
   * first finds a page sooner than gathering its matches (`walkBeats`: at 100,000 articles and 20
   * a page, from about 1,000 matches). From the planner's estimates (its statistics of the
   * documents' words; no rows read), so a fresh table without statistics ranks every match. The
   * same page size gives the same choice on every page, so paging through lists each match once.
   */
  private async frequent(builder: SelectQueryBuilder<BlogArticle>, listed: SelectQueryBuilder<BlogArticle>, limit: number): Promise<{ frequent: boolean; matches: number }> {
    const [sql, parameters] = builder.clone().select('1').orderBy().getQueryAndParameters();
    const [listedSql, listedParameters] = listed.clone().select('1').orderBy().getQueryAndParameters();
    const [matches, rows] = await Promise.all([plannedRows(builder, sql, parameters), plannedRows(listed, listedSql, listedParameters)]);
    return { frequent: walkBeats(matches, rows, limit), matches };
  }

  async bySlug(user: AuthUser, slug: string): Promise<ArticleDto> {
    // Not a slug (a NUL byte, a space...): no article has it, and PostgreSQL is not asked.
    if (!SLUG_PATTERN.test(slug)) throw articleNotFound();
    const article = await this.articles.findOneBy({ slug });
    if (!article || !canSee(user, article)) throw articleNotFound();
    return this.toDto(article, user);
  }

  /** Published articles per category, most used first. */
  async categories(): Promise<BlogCategoryCountDto[]> {
    const rows = await this.articles
      .createQueryBuilder('a')
      .select('a.category', 'category')
      .addSelect('count(*)', 'count')
      .where(`a.status = 'published'`)
      .groupBy('a.category')
      .orderBy('count(*)', 'DESC')
      .addOrderBy('a.category', 'ASC')
      .getRawMany<{ category: string; count: string }>();
    return rows.map((row) => ({ category: row.category, count: Number(row.count) }));
  }

  async create(user: AuthUser, dto: ArticleInputDto): Promise<ArticleDto> {
    await this.checkCover(user.id, dto.coverMediaId);
    const slug = dto.slug ?? (await this.freeSlug(slugify(dto.title)));
    if (dto.slug && (await this.articles.existsBy({ slug }))) throw slugTaken(slug);
    const publication = publicationOf(dto, null);
    const saved = await this.saving(slug, () => this.articles.save(this.articles.create({ authorId: user.id, slug, ...contentOf(dto), ...publication })));
    await this.afterSave(saved, null);
    return this.toDto(saved, user);
  }

  async update(user: AuthUser, id: string, dto: ArticleInputDto): Promise<ArticleDto> {
    const article = await this.editable(user, id);
    await this.checkCover(article.authorId, dto.coverMediaId);
    const slug = dto.slug ?? article.slug;
    if (slug !== article.slug && (await this.articles.existsBy({ slug }))) throw slugTaken(slug);
    const before = article.status;
    const saved = await this.articles.manager.transaction(async (manager) => {
      await manager.save(this.revisionOf(article, user));
      return this.saving(slug, () => manager.save(Object.assign(article, { slug, ...contentOf(dto), ...publicationOf(dto, article) })));
    });
    await this.afterSave(saved, before);
    return this.toDto(saved, user);
  }

  async delete(user: AuthUser, id: string): Promise<void> {
    const article = await this.editable(user, id);
    await this.articles.remove(article);
    await this.cache.invalidate([PUBLIC_CACHE_TAG]);
  }

  /** Earlier versions, newest first. */
  async revisionsOf(user: AuthUser, id: string): Promise<ArticleRevisionDto[]> {
    await this.editable(user, id);
    const rows = await this.revisions.find({ where: { articleId: id }, order: { createdAt: 'DESC', id: 'ASC' }, take: 100 });
    const names = await this.authorsOf(rows.flatMap((row) => (row.replacedBy ? [row.replacedBy] : [])));
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      excerpt: row.excerpt,
      body: row.body,
      coverMediaId: row.coverMediaId,
      category: row.category,
      tags: row.tags,
      language: row.language,
      replacedBy: (row.replacedBy && names.get(row.replacedBy)) || '',
      createdAt: row.createdAt.toISOString(),
    }));
  }

  /** Brings an earlier version's content back (slug and status stay); the current one becomes a revision too. */
  async restore(user: AuthUser, id: string, revisionId: string): Promise<ArticleDto> {
    const article = await this.editable(user, id);
    const revision = await this.revisions.findOneBy({ id: revisionId, articleId: id });
    if (!revision) throw notFound(BlogErrorCode.BLOG_REVISION_NOT_FOUND, 'Revision');
    const saved = await this.articles.manager.transaction(async (manager) => {
      await manager.save(this.revisionOf(article, user));
      const { title, excerpt, body, coverMediaId, category, tags, language } = revision;
      return manager.save(Object.assign(article, { title, excerpt, body, coverMediaId, category, tags, language, readingMinutes: readingMinutes(body) }));
    });
    await this.cache.invalidate([PUBLIC_CACHE_TAG]);
    return this.toDto(saved, user);
  }

  /** Publishes a scheduled article whose date has come; false when it is not (any more) one. */
  private async publishDue(id: string): Promise<boolean> {
    const result = await this.articles
      .createQueryBuilder()
      .update(BlogArticle)
      .set({ status: 'published' })
      .where(`id = :id AND status = 'scheduled' AND published_at <= now() + interval '1 second'`, { id })
      .returning(['id'])
      .execute();
    if (!result.affected) return false;
    const article = await this.articles.findOneBy({ id });
    if (article) this.announce(article);
    await this.cache.invalidate([PUBLIC_CACHE_TAG]);
    return true;
  }

  private async afterSave(article: BlogArticle, before: ArticleStatus | null): Promise<void> {
    if (article.status === 'published' && before !== 'published') this.announce(article);
    if (article.status === 'scheduled') await this.schedule(article);
    await this.cache.invalidate([PUBLIC_CACHE_TAG]);
  }

  private async schedule(article: BlogArticle): Promise<void> {
    const delayMs = Math.max(1, article.publishedAt!.getTime() - Date.now());
    await this.jobs.enqueue('blog.publish', { articleId: article.id }, { delayMs, maxAttempts: 5 });
  }

  private announce(article: BlogArticle): void {
    this.events.publish('blog.published', {
      articleId: article.id,
      authorId: article.authorId,
      slug: article.slug,
      title: article.title,
      language: article.language,
      publishedAt: article.publishedAt!.toISOString(),
      occurredAt: new Date().toISOString(),
    });
  }

  /** An article the caller may change: theirs, or any for an admin. Anyone else's answers 404. */
  private async editable(user: AuthUser, id: string): Promise<BlogArticle> {
    const article = await this.articles.findOneBy({ id });
    if (!article || !canEdit(user, article)) throw articleNotFound();
    return article;
  }

  private revisionOf(article: BlogArticle, user: AuthUser): BlogRevision {
    const { id, title, excerpt, body, coverMediaId, category, tags, language } = article;
    return this.revisions.create({ articleId: id, replacedBy: user.id, title, excerpt, body, coverMediaId, category, tags, language });
  }

  /** The cover must be a raster image of the author's own media library. */
  private async checkCover(authorId: string, coverId: string | null | undefined): Promise<void> {
    if (!coverId) return;
    const file = (await this.media.byIds(authorId, [coverId])).get(coverId);
    if (file && file.kind === 'image' && COVER_TYPES.has(file.mimeType)) return;
    const message = file ? `${file.name} is not a PNG, JPEG, WebP, GIF or AVIF image` : 'not an image of your media library';
    throw new DomainError('invalid', BlogErrorCode.BLOG_COVER_NOT_IMAGE, `coverMediaId: ${message}`, [{ field: 'coverMediaId', message }]);
  }

  /** A slug derived from a title: the title's, or with -2, -3, ... when taken. */
  private async freeSlug(base: string): Promise<string> {
    const taken = new Set(
      (await this.articles.createQueryBuilder('a').select('a.slug', 'slug').where(`a.slug = :base OR a.slug LIKE :pattern`, { base, pattern: `${base}-%` }).getRawMany<{ slug: string }>()).map((row) => row.slug),
    );
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  /** A save that lost a race for its slug is the same 409 as one that was taken already. */
  private async saving<T>(slug: string, save: () => Promise<T>): Promise<T> {
    try {
      return await save();
    } catch (error) {
      if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505') throw slugTaken(slug);
      throw error;
    }
  }

  private async toDto(article: BlogArticle, user: AuthUser): Promise<ArticleDto> {
    const authors = await this.authorsOf([article.authorId]);
    const summary = this.toSummary(article, user, authors);
    if (article.coverMediaId && article.status !== 'published') {
      summary.coverUrl = (await this.media.get(article.authorId, article.coverMediaId).catch(() => null))?.contentUrl ?? null;
    }
    return { ...summary, body: article.body };
  }

  private toSummary(article: BlogArticle, user: AuthUser, authors: Map<string, string>): ArticleSummaryDto {
    const published = article.status === 'published';
    return {
      id: article.id,
      slug: article.slug,
      title: article.title,
      excerpt: article.excerpt,
      coverMediaId: article.coverMediaId,
      coverUrl: article.coverMediaId && published ? `/blog/${article.slug}/cover` : null,
      category: article.category,
      tags: article.tags,
      language: article.language,
      status: article.status,
      publishedAt: article.publishedAt?.toISOString() ?? null,
      readingMinutes: article.readingMinutes,
      author: { id: article.authorId, name: authors.get(article.authorId) ?? '' },
      publicUrl: published ? `/blog/${article.slug}` : null,
      canEdit: canEdit(user, article),
      createdAt: article.createdAt.toISOString(),
      updatedAt: article.updatedAt.toISOString(),
    };
  }

  private async authorsOf(userIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(userIds)];
    if (!ids.length) return new Map();
    const rows: Array<{ id: string; name: string | null; email: string }> = await this.articles.query(`SELECT id, name, email FROM users WHERE id = ANY($1)`, [ids]);
    return new Map(rows.map((row) => [row.id, row.name?.trim() || row.email.split('@')[0]!]));
  }
}

const canSee = (user: AuthUser, article: BlogArticle) => article.status === 'published' || article.authorId === user.id || user.role === 'admin';
const canEdit = (user: AuthUser, article: BlogArticle) => user.role === 'admin' || (user.role === 'editor' && article.authorId === user.id);

function contentOf(dto: ArticleInputDto): Pick<BlogArticle, 'title' | 'excerpt' | 'body' | 'coverMediaId' | 'category' | 'tags' | 'language' | 'readingMinutes'> {
  return {
    title: dto.title,
    excerpt: dto.excerpt ?? '',
    body: dto.body,
    coverMediaId: dto.coverMediaId ?? null,
    category: dto.category,
    tags: [...new Set(dto.tags ?? [])],
    language: dto.language,
    readingMinutes: readingMinutes(dto.body),
  };
}

/**
 * The status and date an input asks for: a draft has no date; published keeps the first
 * publication's date; scheduled needs a date, and one already past publishes at once.
 */
function publicationOf(dto: ArticleInputDto, current: BlogArticle | null): Pick<BlogArticle, 'status' | 'publishedAt'> {
  const now = new Date();
  if (dto.status === 'draft') return { status: 'draft', publishedAt: null };
  if (dto.status === 'published') return { status: 'published', publishedAt: current?.status === 'published' && current.publishedAt ? current.publishedAt : now };
  if (!dto.publishAt) {
    throw new DomainError('invalid', BlogErrorCode.BLOG_SCHEDULE_NEEDS_DATE, 'publishAt: a scheduled article needs its publication date', [{ field: 'publishAt', message: 'a scheduled article needs its publication date' }]);
  }
  const at = new Date(dto.publishAt);
  return at.getTime() <= now.getTime() ? { status: 'published', publishedAt: current?.status === 'published' && current.publishedAt ? current.publishedAt : now } : { status: 'scheduled', publishedAt: at };
}

const articleNotFound = () => notFound(BlogErrorCode.BLOG_ARTICLE_NOT_FOUND, 'Article');
const slugTaken = (slug: string) => new DomainError('conflict', BlogErrorCode.BLOG_SLUG_TAKEN, `Another article already has the slug ${slug}`, [{ field: 'slug', message: `${slug} is taken` }], { slug });
