import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Brackets, In, Repository } from 'typeorm';
import { AuthUser } from '../../common/auth.decorators';
import type { UiLanguage } from '../../common/request-language';
import { DomainError, notFound } from '../../common/domain-error';
import { Page, skipTake } from '../../common/pagination';
import { fieldProblems } from '../../common/validation';
import { ShareableResource, SharedResources } from '../../common/shared-resources';
import { ImportResultDto, PromptCategoryCountDto, PromptDto, PromptExportDto, PromptInputDto, PromptQueryDto, RenderedPromptDto, UsePromptDto } from './dto/prompt.dto';
import { PromptFavorite } from './prompt-favorite.entity';
import { parseVariables, renderTemplate, TemplateError } from './prompt-template';
import { Prompt } from './prompt.entity';
import { CommonErrorCode } from '../../common/error-codes';
import { PromptErrorCode } from './prompts.errors';
import { promptTexts, toPromptDto, toPromptExportDto } from './prompts.mapper';
import { frenchTag, STARTER_PROMPTS_FR, storedTagsFor } from './starter-prompts.fr';

const NO_ID = '00000000-0000-0000-0000-000000000000';

const SORT: Record<NonNullable<PromptQueryDto['sort']>, [string, 'ASC' | 'DESC']> = { recent: ['p.updated_at', 'DESC'], popular: ['p.use_count', 'DESC'], title: ['lower(p.title)', 'ASC'] };

/** The prompt library: private, shared and built-in prompts with variables, favourites, import and export. */
@Injectable()
export class PromptsService {
  constructor(
    @InjectRepository(Prompt) private readonly prompts: Repository<Prompt>,
    @InjectRepository(PromptFavorite) private readonly favorites: Repository<PromptFavorite>,
    private readonly shared: SharedResources,
  ) {}

  async list(user: AuthUser, query: PromptQueryDto, language: UiLanguage = 'en'): Promise<Page<PromptDto>> {
    const builder = await this.readable(user);
    if (query.scope === 'mine') builder.andWhere('p.owner_id = :user');
    if (query.scope === 'shared') builder.andWhere(`((p.visibility = 'shared' AND NOT p.built_in) OR p.id IN (:...projectShared)) AND p.owner_id <> :user`);
    if (query.scope === 'builtin') builder.andWhere('p.built_in');
    if (query.category) builder.andWhere('p.category = :category', { category: query.category });
    if (query.tag) {
      const tag = query.tag.trim().toLowerCase();
      // A French reader filters by the French tags they see; the built-ins store the English ones.
      const originals = language === 'fr' ? storedTagsFor(tag).filter((stored) => stored !== tag) : [];
      builder.andWhere(originals.length ? '(:tag = ANY(p.tags) OR (p.built_in AND p.tags && :originals::text[]))' : ':tag = ANY(p.tags)', { tag, originals });
    }
    if (query.favorites) builder.andWhere('EXISTS (SELECT 1 FROM prompt_favorites f WHERE f.prompt_id = p.id AND f.user_id = :user)');
    if (query.q?.trim()) {
      // Search as you type (the chat's `/` picker): the last word may be the start of one ("/tra" finds "translate").
      const prefix = prefixQuery(query.q);
      const document = `to_tsvector('simple', p.title || ' ' || p.body || ' ' || array_to_string(p.tags, ' '))`;
      // A French reader searches the built-ins' French texts too ("tradu" finds what they read as « Traduire … »).
      const french = language === 'fr' ? frenchBuiltInsMatching(query.q) : [];
      const match = prefix ? `(${document} @@ websearch_to_tsquery('simple', :q) OR ${document} @@ to_tsquery('simple', :prefix))` : `${document} @@ websearch_to_tsquery('simple', :q)`;
      builder.andWhere(french.length ? `(${match} OR (p.built_in AND p.slug IN (:...french)))` : match, { q: query.q.trim(), prefix, french });
    }
    const [column, direction] = SORT[query.sort ?? 'recent'];
    const { skip, take } = skipTake(query);
    const [rows, total] = await builder.orderBy(column, direction).addOrderBy('p.id').skip(skip).take(take).getManyAndCount();
    const favorites = await this.favoriteIds(user, rows.map((row) => row.id));
    return { items: rows.map((row) => toPromptDto(user, row, favorites.has(row.id), language)), total, page: query.page, limit: query.limit };
  }

  async get(user: AuthUser, id: string, language: UiLanguage = 'en'): Promise<PromptDto> {
    const prompt = await this.findReadable(user, id);
    return toPromptDto(user, prompt, (await this.favoriteIds(user, [id])).has(id), language);
  }

  async create(user: AuthUser, dto: PromptInputDto): Promise<PromptDto> {
    checkTemplate(dto.body);
    const prompt = await this.prompts.save(this.prompts.create({ ...normalise(dto), ownerId: user.id, builtIn: false, useCount: 0 }));
    return toPromptDto(user, prompt, false);
  }

  async update(user: AuthUser, id: string, dto: PromptInputDto): Promise<PromptDto> {
    const prompt = await this.findOwned(user, id);
    checkTemplate(dto.body);
    Object.assign(prompt, normalise(dto));
    await this.prompts.save(prompt);
    return this.get(user, id);
  }

  async delete(user: AuthUser, id: string): Promise<void> {
    await this.prompts.remove(await this.findOwned(user, id));
  }

  /** The copy of a built-in prompt is the text its reader saw (French for a French reader). */
  async duplicate(user: AuthUser, id: string, language: UiLanguage = 'en'): Promise<PromptDto> {
    const source = await this.findReadable(user, id);
    const { title, body } = promptTexts(source, language);
    const copy = this.prompts.create({ ownerId: user.id, title: `${title.slice(0, 112)} ${language === 'fr' ? '(copie)' : '(copy)'}`, body, category: source.category, tags: source.builtIn && language === 'fr' ? source.tags.map(frenchTag) : source.tags, visibility: 'private', builtIn: false, useCount: 0 });
    return toPromptDto(user, await this.prompts.save(copy), false);
  }

  async setFavorite(user: AuthUser, id: string, favorite: boolean): Promise<void> {
    await this.findReadable(user, id);
    if (favorite) await this.favorites.upsert({ userId: user.id, promptId: id }, ['userId', 'promptId']);
    else await this.favorites.delete({ userId: user.id, promptId: id });
  }

  /** Fills the variables and counts the use, once per user. Missing required values: 400 naming each. */
  async use(user: AuthUser, id: string, dto: UsePromptDto, language: UiLanguage = 'en'): Promise<RenderedPromptDto> {
    const prompt = await this.findReadable(user, id);
    const values = Object.fromEntries(Object.entries(dto.variables ?? {}).map(([key, value]) => [key, String(value)]));
    const { text, missing } = renderTemplate(promptTexts(prompt, language).body, values);
    if (missing.length) {
      throw new DomainError('invalid', PromptErrorCode.MISSING_VARIABLES, `Missing values for: ${missing.join(', ')}`, missing.map((name) => ({ field: `variables.${name}`, message: `${name} needs a value` })), { names: missing.join(', ') });
    }
    // `useCount` counts people, not calls: a user calling again and again must not push a shared prompt up "popular".
    const first: unknown[] = await this.prompts.query(`INSERT INTO prompt_uses (prompt_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING prompt_id`, [id, user.id]);
    if (!first.length) return { text, useCount: prompt.useCount };
    await this.prompts.increment({ id }, 'useCount', 1);
    return { text, useCount: prompt.useCount + 1 };
  }

  async categories(user: AuthUser): Promise<PromptCategoryCountDto[]> {
    const rows: Array<{ category: PromptCategoryCountDto['category']; count: string }> = await (await this.readable(user)).select('p.category', 'category').addSelect('count(*)', 'count').groupBy('p.category').orderBy('p.category').getRawMany();
    return rows.map((row) => ({ category: row.category, count: Number(row.count) }));
  }

  async export(user: AuthUser): Promise<PromptExportDto> {
    const rows = await this.prompts.find({ where: { ownerId: user.id }, order: { createdAt: 'ASC' } });
    return toPromptExportDto(rows);
  }

  /** Takes every valid prompt and reports each refused one; all in one transaction, so a failure imports nothing. */
  async import(user: AuthUser, items: unknown[]): Promise<ImportResultDto> {
    const accepted: Prompt[] = [];
    const refused: ImportResultDto['refused'] = [];
    for (const [index, item] of items.entries()) {
      const title = typeof (item as { title?: unknown })?.title === 'string' ? (item as { title: string }).title : undefined;
      const reason = await this.importProblem(item);
      if (reason) refused.push({ index, ...(title ? { title } : {}), reason });
      else accepted.push(this.prompts.create({ ...normalise(plainToInstance(PromptInputDto, item)), ownerId: user.id, builtIn: false, useCount: 0 }));
    }
    await this.prompts.manager.transaction((tx) => tx.save(accepted));
    return { imported: accepted.length, refused };
  }

  private async importProblem(item: unknown): Promise<string | undefined> {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return 'not an object';
    const dto = plainToInstance(PromptInputDto, item);
    const problems = fieldProblems(await validate(dto, { whitelist: true, forbidNonWhitelisted: false }));
    if (problems.length) return problems.map((p) => p.message).join('; ');
    try {
      parseVariables(dto.body);
    } catch (error) {
      return (error as Error).message;
    }
    return undefined;
  }

  /** Prompts of another user, for sharing with a project (collaboration asks through the `SharedResources` hook). */
  async shareable(ids: readonly string[]): Promise<ShareableResource[]> {
    const rows = await this.prompts.find({ select: { id: true, ownerId: true, title: true }, where: { id: In([...ids]), builtIn: false } });
    return rows.flatMap((row) => (row.ownerId ? [{ id: row.id, ownerId: row.ownerId, name: row.title }] : []));
  }

  /** Mine, shared with everyone, built in, or shared with a project I am a member of (read-only unless mine). */
  private async readable(user: AuthUser) {
    // A placeholder id keeps `IN (...)` valid when nothing is shared with the user's projects.
    const projectShared = [...(await this.shared.sharedIds(user.id, 'prompt')), NO_ID];
    return this.prompts
      .createQueryBuilder('p')
      .where(new Brackets((visible) => visible.where('p.owner_id = :user').orWhere("p.visibility = 'shared'").orWhere('p.built_in').orWhere('p.id IN (:...projectShared)')))
      .setParameter('user', user.id)
      .setParameter('projectShared', projectShared);
  }

  /** Someone else's private prompt answers exactly like one that does not exist. */
  private async findReadable(user: AuthUser, id: string): Promise<Prompt> {
    const prompt = await (await this.readable(user)).andWhere('p.id = :id', { id }).getOne();
    if (!prompt) throw notFound(PromptErrorCode.PROMPT_NOT_FOUND, 'Prompt');
    return prompt;
  }

  /** Readable but not the caller's (shared or built-in): 403, it exists but is read-only for them. */
  private async findOwned(user: AuthUser, id: string): Promise<Prompt> {
    const prompt = await this.findReadable(user, id);
    if (prompt.ownerId !== user.id) {
      throw new DomainError('forbidden', prompt.builtIn ? PromptErrorCode.PROMPT_BUILT_IN : PromptErrorCode.PROMPT_NOT_YOURS, prompt.builtIn ? 'Built-in prompts cannot be changed; duplicate it to edit a copy' : 'Only its owner can change this shared prompt; duplicate it to edit a copy');
    }
    return prompt;
  }

  private async favoriteIds(user: AuthUser, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.favorites.createQueryBuilder('f').where('f.user_id = :user AND f.prompt_id IN (:...ids)', { user: user.id, ids }).getMany();
    return new Set(rows.map((row) => row.promptId));
  }
}

function normalise(dto: PromptInputDto) {
  return { title: dto.title, body: dto.body, category: dto.category, tags: dto.tags ?? [], visibility: dto.visibility ?? 'private' };
}

function checkTemplate(body: string): void {
  try {
    parseVariables(body);
  } catch (error) {
    if (error instanceof TemplateError) throw new DomainError('invalid', CommonErrorCode.VALIDATION_FAILED, `Invalid request: body`, [{ field: 'body', message: error.message, constraint: 'template' }]);
    throw error;
  }
}

/** Every word of a query, the last one as a prefix (`budget pla` → `budget & pla:*`); only letters and digits reach to_tsquery. */
function prefixQuery(q: string): string | null {
  const words = q.match(/[\p{L}\p{N}]+/gu);
  if (!words?.length) return null;
  return words.map((word, index) => (index === words.length - 1 ? `${word}:*` : word)).join(' & ');
}

/**
 * The built-in prompts whose French title or text holds every word of `q` (the last one as the start
 * of a word), accents and case aside: the database only has their English texts to search.
 */
function frenchBuiltInsMatching(q: string): string[] {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const words = fold(q).match(/[\p{L}\p{N}]+/gu);
  if (!words?.length) return [];
  return Object.entries(STARTER_PROMPTS_FR)
    .filter(([, { title, body }]) => {
      const tokens = fold(`${title} ${body}`).match(/[\p{L}\p{N}]+/gu) ?? [];
      return words.every((word, index) => tokens.some((token) => (index === words.length - 1 ? token.startsWith(word) : token === word)));
    })
    .map(([slug]) => slug);
}
