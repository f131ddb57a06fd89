import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { findModel } from '../../ai/models';
import { Actor, AuthUser } from '../../common/auth.decorators';
import { DomainError, notFound } from '../../common/domain-error';
import { countUpTo, plannedRows, RANKED_MATCHES, totalOf, walkBeats } from '../../common/estimated-count';
import { Page, PageQueryDto, skipTake } from '../../common/pagination';
import type { UiLanguage } from '../../common/request-language';
import { containsPattern, prefixPattern } from '../../common/sql-like';
import { AuditAction } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import { CATALOG_CATEGORIES, PAGE_CAPABILITY } from './catalog-seed.types';
import { CatalogFavorite } from './catalog-favorite.entity';
import { CatalogReview } from './catalog-review.entity';
import { CatalogTool } from './catalog-tool.entity';
import { CatalogErrorCode } from './catalog.errors';
import { toCatalogToolDto, toReviewDto } from './catalog.mapper';
import { CatalogCategoryCountDto, CatalogQueryDto, CatalogToolDto, CatalogToolInputDto, FavoriteStateDto, RatingDto, ReviewDto, ReviewInputDto } from './dto/catalog.dto';

/** How long the estimate of the tools a filter set lists is kept (see `listedEstimate`). */
const LISTED_ESTIMATE_MS = 60_000;
/** How many matches of each way of matching a search ranks (see `ranked`). */
const CANDIDATES = RANKED_MATCHES;
/** How well a tool's words match (full text). */
const TEXT_RANK = "ts_rank(c.search_document, websearch_to_tsquery('simple', :search))";
/** How well a name a name way found matches: its closest words (trigrams), or its words. */
const NAME_RANK = `greatest(word_similarity(:search, c.search_name), ${TEXT_RANK})`;

/** The AI tool catalog: search that forgives typos, categories, favourites, reviews, and the workspace's own tools. */
@Injectable()
export class CatalogService {
  /** Per filter set (a few dozen at most: categories × integrated), see `listedEstimate`. */
  private readonly listedEstimates = new Map<string, { rows: number; until: number }>();

  constructor(
    @InjectRepository(CatalogTool) private readonly tools: Repository<CatalogTool>,
    @InjectRepository(CatalogFavorite) private readonly favorites: Repository<CatalogFavorite>,
    @InjectRepository(CatalogReview) private readonly reviews: Repository<CatalogReview>,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, query: CatalogQueryDto, language: UiLanguage): Promise<Page<CatalogToolDto>> {
    const builder = this.tools.createQueryBuilder('t').setParameter('user', user.id);
    const filters = (alias: string) => [
      ...(query.category ? [`${alias}.category = :category`] : []),
      ...(query.integrated === undefined ? [] : [query.integrated ? `${alias}.webox_page IS NOT NULL` : `${alias}.webox_page IS NULL`]),
      ...(query.favorites ? [`EXISTS (SELECT 1 FROM catalog_favorites f WHERE f.tool_id = ${alias}.id AND f.user_id = :user)`] : []),
    ];
    if (query.category) builder.setParameter('category', query.category);
    const search = query.search?.trim().toLowerCase();
    const sort = query.sort ?? (search ? 'relevance' : 'name');
    if (search && sort === 'relevance') return this.ranked(user, query, search, filters, language);
    if (search) matching(builder, search, filters('c'));
    else for (const filter of filters('t')) builder.andWhere(filter);
    // Each key is stored on the tool (kept by triggers on reviews and favourites: migration
    // 1764530000000) and indexed with the name order after it, alone and within a category, so a
    // page reads its index's first entries instead of computing the key for every tool.
    if (sort === 'rating') {
      builder.orderBy('t.rating_average', 'DESC', 'NULLS LAST');
    } else if (sort === 'price') {
      builder.orderBy('t.entry_price_usd', 'ASC', 'NULLS LAST');
    } else if (sort === 'favorites') {
      builder.orderBy('t.favorite_count', 'DESC');
    }
    builder.addOrderBy('lower(t.name)', 'ASC').addOrderBy('t.id', 'ASC');
    const { skip, take } = skipTake(query);
    // By name, the page reads its index's first entries; the total is counted up to a limit and estimated past it.
    // The reader's favourites ride along with the page's rows: no second round trip for them.
    const [{ rows, favorite }, counted] = await Promise.all([withFavorites(builder.clone().offset(skip).limit(take)), countUpTo(builder)]);
    return { items: rows.map((row) => toDto(row, language, favorite)), total: await totalOf(builder, counted, skip, take, rows.length), page: query.page, limit: query.limit };
  }

  /**
   * A search by relevance. Ranking every match of a common word reads and ranks thousands of rows
   * (9,920 for "transcription" in 100,000 tools: 177 ms), so only a bounded set is ranked: the
   * first `CANDIDATES` matches of each way of matching in name order (an index gives that order, or
   * sorts a few), which holds every match while there are fewer. Name and vendor matches come
   * through their own ways, so a tool named like the search is among them however common the word
   * is in descriptions. Past the ranked set (a word with more matches, paged that far), the other
   * matches follow in name order. The total is exact when no way reached its bound, and the
   * planner's estimate of the full-text matches otherwise.
   *
   * A word that many of the listed tools' descriptions hold (`frequent`) is not ranked by its
   * descriptions at all: finding even 300 of them walked thousands of rows. Its name and vendor
   * matches are ranked as above, and the description matches follow in name order, read from the
   * name index with the match as a filter: about `limit / share` rows for a page (the frequent
   * word "transcription": 818 buffers for the whole request instead of 6,656).
   */
  private async ranked(user: AuthUser, query: CatalogQueryDto, search: string, filters: (alias: string) => string[], language: UiLanguage): Promise<Page<CatalogToolDto>> {
    const { skip, take } = skipTake(query);
    const parameters = { user: user.id, ...(query.category ? { category: query.category } : {}), search, contains: containsPattern(search), prefix: prefixPattern(search), cap: CANDIDATES };
    const { frequent, matches } = await this.frequent(filters('c'), parameters, query.limit, Boolean(query.favorites));
    const ways = frequent ? NAME_WAYS : WAYS;
    // Each candidate's sort keys are computed from the row its way already read: ranking them
    // afterwards by id fetched every candidate again (300 index lookups, 1,200 buffers).
    // Computed over a way's first `cap` rows only (outside its LIMIT): in the same SELECT, the
    // relevance was computed for every match before the sort kept 300 (682 of them for "video editing").
    // A match of the full-text way ranks by its words alone: the trigram similarity of its name to
    // the search was a third of the ranking's time ("video editing": 4.9 → 3.5 ms at p50), and a
    // name close to the search is found by a name way, which ranks it by that similarity. A tool
    // found by several ways keeps its best key.
    const keys = (rank: string) => `c.id AS id, (c.search_name LIKE :prefix) AS prefix, ${rank} AS relevance, c.name AS name`;
    const candidates = ways
      .map((way) => `(SELECT ${keys(way === WAYS[0] ? TEXT_RANK : NAME_RANK)} FROM (SELECT c.id, c.search_name, c.search_document, lower(c.name) AS name FROM catalog_tools c WHERE ${[...filters('c'), way('c')].join(' AND ')} ORDER BY lower(c.name), c.id LIMIT :cap) c)`)
      .join(' UNION ALL ');
    const ranked = (
      await this.tools.manager
        .createQueryBuilder()
        .select('r.id', 'id')
        .from(`(${candidates})`, 'r')
        .setParameters(parameters)
        .groupBy('r.id')
        .addGroupBy('r.name')
        .orderBy('bool_or(r.prefix)', 'DESC')
        .addOrderBy('max(r.relevance)', 'DESC')
        .addOrderBy('r.name', 'ASC')
        .addOrderBy('r.id', 'ASC')
        .getRawMany<{ id: string }>()
    ).map((row) => row.id);
    // Fewer candidates than one way's bound: no way reached it, every match is ranked.
    const complete = !frequent && ranked.length < CANDIDATES;
    const ids = ranked.slice(skip, skip + take);
    const all = this.tools.createQueryBuilder('t').setParameters(parameters);
    matching(all, search, filters('c'));
    if (!complete && ids.length < take) {
      // A frequent word's rest: the ways as one filter on the name index's walk (each `IN` of a
      // way's matches would read all of them first). While no name way reached its bound, their
      // matches are all ranked already and only the descriptions remain: no trigram similarity
      // computed per row walked (58 ms for 649 rows under load).
      const restWays = ranked.length < CANDIDATES ? WAYS.slice(0, 1) : WAYS;
      const rest = frequent ? this.tools.createQueryBuilder('t').setParameters(parameters).where(`(${restWays.map((way) => way('t')).join(' OR ')})`) : all.clone();
      if (frequent) for (const filter of filters('t')) rest.andWhere(filter);
      const more = await rest
        .select('t.id', 'id')
        .andWhere('t.id <> ALL(:ranked)', { ranked })
        .orderBy('lower(t.name)', 'ASC')
        .addOrderBy('t.id', 'ASC')
        .offset(Math.max(0, skip - ranked.length))
        .limit(take - ids.length)
        .getRawMany<{ id: string }>();
      ids.push(...more.map((row) => row.id));
    }
    const { rows, favorite } = ids.length ? await withFavorites(this.tools.createQueryBuilder('t').where('t.id IN (:...ids)', { ids, user: user.id })) : { rows: [], favorite: new Set<string>() };
    const byId = new Map(rows.map((row) => [row.id, row]));
    const page = ids.flatMap((id) => byId.get(id) ?? []);
    // Past the ranked set, the total is the planner's estimate of the full-text matches, already made
    // to choose the way (the name ways add a handful): planning the whole union again was a fourth
    // statement, a round trip after the page.
    const total = complete ? ranked.length : await totalOf(all, Math.max(ranked.length, matches), skip, take, page.length, false);
    return { items: page.map((row) => toDto(row, language, favorite)), total, page: query.page, limit: query.limit };
  }

  /**
   * Whether the search's words are in so many of the listed tools' descriptions that walking the
   * name order finds a page sooner than gathering the matches (`walkBeats`: at 100,000 tools and 24
   * a page, from about 1,100 matches). By the planner's estimates (its statistics of the
   * documents' words; no rows read): without statistics (a fresh table) they are small and every
   * match is ranked. The same page size gives the same choice on every page, so paging through
   * lists each match once. The estimate of the matches also stands for the total past the ranked set.
   */
  private async frequent(filters: string[], parameters: Record<string, unknown>, limit: number, favorites: boolean): Promise<{ frequent: boolean; matches: number }> {
    const listed = this.tools.createQueryBuilder('c').select('1').where('TRUE').setParameters(parameters);
    for (const filter of filters) listed.andWhere(filter);
    const matched = listed.clone().andWhere(WAYS[0]!('c'));
    const [rows, matches] = await Promise.all([this.listedEstimate(listed, favorites ? undefined : `${filters.join(' AND ')} ${String(parameters['category'])}`), plannedRows(matched, ...matched.getQueryAndParameters())]);
    return { frequent: walkBeats(matches, rows, limit), matches };
  }

  /**
   * The planner's estimate of the tools the filters list, kept `LISTED_ESTIMATE_MS` per filter set
   * (not for favourites: those are the reader's own). It does not depend on the search, and it moves
   * only with the table's statistics (ANALYZE), so a search plans one EXPLAIN instead of two: each
   * statement is a round trip, and on these machines a round trip's socket writes cost more than the
   * planning (docs/performance.md, "Catalog search").
   */
  private async listedEstimate(listed: SelectQueryBuilder<CatalogTool>, key: string | undefined): Promise<number> {
    const kept = key === undefined ? undefined : this.listedEstimates.get(key);
    if (kept && kept.until > Date.now()) return kept.rows;
    const rows = await plannedRows(listed, ...listed.getQueryAndParameters());
    if (key !== undefined) this.listedEstimates.set(key, { rows, until: Date.now() + LISTED_ESTIMATE_MS });
    return rows;
  }

  async get(user: AuthUser, id: string, language: UiLanguage): Promise<CatalogToolDto> {
    const [tool, favorite] = await Promise.all([this.find(id), this.favoritesOf(user, [id])]);
    return toDto(tool, language, favorite);
  }

  /** Every category, with how many tools it holds (zero included, so the chips do not move). */
  async categories(): Promise<CatalogCategoryCountDto[]> {
    const rows: Array<{ category: string; count: string }> = await this.tools.createQueryBuilder('t').select('t.category', 'category').addSelect('count(*)', 'count').groupBy('t.category').getRawMany();
    const counts = new Map(rows.map((row) => [row.category, Number(row.count)]));
    return CATALOG_CATEGORIES.map((category) => ({ category, count: counts.get(category) ?? 0 }));
  }

  /** The audit's toggle: a favourite is removed, anything else becomes one. */
  async toggleFavorite(user: AuthUser, id: string): Promise<FavoriteStateDto> {
    await this.find(id);
    const removed = await this.favorites.delete({ userId: user.id, toolId: id });
    if (removed.affected) return { favorite: false };
    await this.favorites.upsert({ userId: user.id, toolId: id }, ['userId', 'toolId']);
    return { favorite: true };
  }

  async reviewsOf(user: AuthUser, id: string, query: PageQueryDto): Promise<Page<ReviewDto>> {
    await this.find(id);
    const { skip, take } = skipTake(query);
    const [rows, total] = await this.reviews
      .createQueryBuilder('r')
      .where('r.tool_id = :id', { id })
      // The reader's own review first, so the form that edits it finds it on the first page.
      .orderBy('(r.user_id = :reader)', 'DESC')
      .setParameter('reader', user.id)
      .addOrderBy('r.updated_at', 'DESC')
      .addOrderBy('r.id', 'ASC')
      .offset(skip)
      .limit(take)
      .getManyAndCount();
    const authors = await this.authorsOf(rows.map((row) => row.userId));
    return { items: rows.map((row) => toReviewDto(row, authors.get(row.userId) ?? '', user)), total, page: query.page, limit: query.limit };
  }

  /** One review per user and tool: a second one replaces the first. */
  async review(user: AuthUser, id: string, dto: ReviewInputDto): Promise<ReviewDto> {
    await this.find(id);
    await this.reviews.upsert({ toolId: id, userId: user.id, rating: dto.rating, text: dto.text ?? '', updatedAt: new Date() }, ['toolId', 'userId']);
    const row = await this.reviews.findOneByOrFail({ toolId: id, userId: user.id });
    return toReviewDto(row, (await this.authorsOf([user.id])).get(user.id) ?? '', user);
  }

  async deleteReview(user: AuthUser, id: string): Promise<void> {
    await this.find(id);
    const removed = await this.reviews.delete({ toolId: id, userId: user.id });
    if (!removed.affected) throw notFound(CatalogErrorCode.CATALOG_TOOL_NOT_FOUND, 'Your review of this tool');
  }

  async create(user: AuthUser, actor: Actor, dto: CatalogToolInputDto, language: UiLanguage): Promise<CatalogToolDto> {
    checkModels(dto);
    if (await this.tools.existsBy({ slug: dto.slug })) throw slugTaken(dto.slug);
    const saved = await this.tools.save(this.tools.create({ ...columnsOf(dto), builtIn: false }));
    await this.audit.record({ action: AuditAction.CATALOG_TOOL_CREATED, actor, ip: actor.ip, details: { tool: saved.slug } });
    return this.get(user, saved.id, language);
  }

  async update(user: AuthUser, actor: Actor, id: string, dto: CatalogToolInputDto, language: UiLanguage): Promise<CatalogToolDto> {
    const tool = await this.findOwnTool(id);
    checkModels(dto);
    if (dto.slug !== tool.slug && (await this.tools.existsBy({ slug: dto.slug }))) throw slugTaken(dto.slug);
    await this.tools.save(Object.assign(tool, columnsOf(dto)));
    await this.audit.record({ action: AuditAction.CATALOG_TOOL_UPDATED, actor, ip: actor.ip, details: { tool: tool.slug } });
    return this.get(user, id, language);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const tool = await this.findOwnTool(id);
    await this.tools.remove(tool);
    await this.audit.record({ action: AuditAction.CATALOG_TOOL_DELETED, actor, ip: actor.ip, details: { tool: tool.slug } });
  }

  private async find(id: string): Promise<CatalogTool> {
    const tool = await this.tools.findOneBy({ id });
    if (!tool) throw notFound(CatalogErrorCode.CATALOG_TOOL_NOT_FOUND, 'Catalog tool');
    return tool;
  }

  private async findOwnTool(id: string): Promise<CatalogTool> {
    const tool = await this.find(id);
    if (tool.builtIn) throw new DomainError('conflict', CatalogErrorCode.CATALOG_TOOL_BUILT_IN, `${tool.name} ships with Webox and is kept current by its catalog; add a workspace tool instead`, undefined, { tool: tool.name });
    return tool;
  }

  /** Which of these tools the reader has made a favourite. */
  private async favoritesOf(user: AuthUser, ids: string[]): Promise<Set<string>> {
    const rows = await this.favorites.createQueryBuilder('f').select('f.tool_id', 'id').where('f.user_id = :user AND f.tool_id IN (:...ids)', { user: user.id, ids }).getRawMany<{ id: string }>();
    return new Set(rows.map((row) => row.id));
  }

  private async authorsOf(userIds: string[]): Promise<Map<string, string>> {
    if (!userIds.length) return new Map();
    const rows: Array<{ id: string; name: string; email: string }> = await this.reviews.query(`SELECT id, name, email FROM users WHERE id = ANY($1)`, [userIds]);
    return new Map(rows.map((row) => [row.id, row.name?.trim() || row.email.split('@')[0]!]));
  }
}

/**
 * A tool matches when a word of its name, vendor or descriptions matches (full text), when its
 * name or vendor contains the words as typed, or when a word of them is close enough to the search
 * for trigrams (`<%`: word similarity above pg_trgm's threshold, 0.6) — "midjorney" finds
 * Midjourney. Each way is its own index-backed query (full text, trigram LIKE, trigram `<%`), with
 * the page's filters inside it so a category still narrows first, and the tool is in when one of
 * them finds it. As one `OR`, the planner expected a tenth of the table for a common word and
 * scanned it all, computing the trigram similarity of every row (docs/performance.md).
 */
const WAYS = [(alias: string) => `${alias}.search_document @@ websearch_to_tsquery('simple', :search)`, (alias: string) => `${alias}.search_name LIKE :contains`, (alias: string) => `:search <% ${alias}.search_name`];
/** The ways that read names and vendors only: a handful of matches however common a word is in descriptions. */
const NAME_WAYS = WAYS.slice(1);

function matching(builder: SelectQueryBuilder<CatalogTool>, search: string, filters: string[]): void {
  const where = (way: (alias: string) => string) => `SELECT c.id FROM catalog_tools c WHERE ${[...filters, way('c')].join(' AND ')}`;
  builder.andWhere(`t.id IN (${WAYS.map(where).join(' UNION ')})`, {
    search,
    contains: containsPattern(search),
    prefix: prefixPattern(search),
  });
}

/** The rating is the tool's own sum and count (kept by triggers), so no query over its reviews. */
function toDto(tool: CatalogTool, language: UiLanguage, favorites: ReadonlySet<string>): CatalogToolDto {
  const rating: RatingDto = tool.ratingCount > 0 ? { average: Math.round((tool.ratingSum / tool.ratingCount) * 10) / 10, count: tool.ratingCount } : { average: null, count: 0 };
  return toCatalogToolDto(tool, language, favorites.has(tool.id), rating);
}

/** The builder's tools (alias `t`, `:user` set) with which of them the reader has made a favourite, in one query. */
async function withFavorites(builder: SelectQueryBuilder<CatalogTool>): Promise<{ rows: CatalogTool[]; favorite: Set<string> }> {
  const { entities, raw } = await builder.addSelect(`EXISTS (SELECT 1 FROM catalog_favorites f WHERE f.tool_id = t.id AND f.user_id = :user)`, 'favorite').getRawAndEntities<{ t_id: string; favorite: boolean }>();
  return { rows: entities, favorite: new Set(raw.filter((row) => row.favorite).map((row) => row.t_id)) };
}

function checkModels(dto: CatalogToolInputDto): void {
  if (!dto.webox) return;
  const capability = PAGE_CAPABILITY[dto.webox.page];
  for (const model of dto.webox.models) {
    if (!findModel(model, capability)) {
      throw new DomainError('invalid', CatalogErrorCode.CATALOG_UNKNOWN_MODEL, `webox.models: ${model} is not a ${capability} model of the catalogue`, [{ field: 'webox.models', message: `${model} is not a ${capability} model of the catalogue` }], { model, capability });
    }
  }
}

function columnsOf(dto: CatalogToolInputDto): Partial<CatalogTool> {
  return {
    slug: dto.slug,
    name: dto.name,
    vendor: dto.vendor,
    category: dto.category,
    descriptionEn: dto.descriptionEn,
    descriptionFr: dto.descriptionFr,
    website: dto.website,
    pricing: dto.pricing,
    entryPriceUsd: dto.entryPriceUsd ?? null,
    pricingNoteEn: dto.pricingNoteEn ?? '',
    pricingNoteFr: dto.pricingNoteFr ?? '',
    publicApi: dto.publicApi,
    weboxPage: dto.webox?.models.length ? dto.webox.page : null,
    weboxModels: dto.webox?.models ?? [],
    source: dto.website,
    checkedOn: new Date().toISOString().slice(0, 10),
  };
}

const slugTaken = (slug: string) => new DomainError('conflict', CatalogErrorCode.CATALOG_SLUG_TAKEN, `Another tool already has the slug ${slug}`, [{ field: 'slug', message: `${slug} is taken` }], { slug });
