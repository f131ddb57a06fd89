import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Repository } from 'typeorm';
import { EmbeddingRegistry } from '../../ai/embedding-registry';
import { ModelCatalogue } from '../../ai/model-catalogue.service';
import type { AuthUser } from '../../common/auth.decorators';
import { DomainError, notFound, withParams } from '../../common/domain-error';
import { PageQueryDto, skipTake } from '../../common/pagination';
import { JobsService } from '../../queue/jobs.service';
import { MediaService } from '../media/media.service';
import { ChunkIndex, ChunkRow, RankedChunk } from './chunk-index';
import {
  AddKnowledgeFilesDto,
  CreateKnowledgeCollectionDto,
  EmbeddingModelDto,
  KnowledgeChunkDto,
  KnowledgeCollectionDetailDto,
  KnowledgeCollectionPageDto,
  KnowledgeFileDto,
  KnowledgeHitDto,
  MAX_SEARCH_LIMIT,
  SearchMode,
  UpdateKnowledgeCollectionDto,
} from './dto/knowledge.dto';
import { ExtractionError, extractText, unsupportedReason } from './extract';
import { KnowledgeCollection } from './knowledge-collection.entity';
import { KnowledgeFile } from './knowledge-file.entity';
import { reciprocalRankFusion } from './rank-fusion';
import { CommonErrorCode } from '../../common/error-codes';
import { KnowledgeErrorCode } from './knowledge.errors';
import { CollectionCounts, toChunkDto, toCollectionDto, toEmbeddingModelDto, toFileDto, toHitDto } from './knowledge.mapper';

export type KnowledgeHit = KnowledgeHitDto;

export interface SearchOptions {
  /** Empty or absent: every collection of the user. */
  collectionIds?: readonly string[];
  limit?: number;
  mode?: SearchMode;
  /**
   * Search the named collections that still exist and skip the others (an agent's list may name
   * a collection since deleted). Without it, a collection that is not the user's is a 404.
   */
  skipMissing?: boolean;
  /** Stops embedding the query (a tool run's signal); the embedding call also gives up after 30 s. */
  signal?: AbortSignal;
}

const DEFAULT_LIMIT = 10;
/** Candidates taken from each ranking before fusion: enough for a passage good in one list to surface. */
const MIN_CANDIDATES = 30;
const QUERY_EMBEDDING_TIMEOUT_MS = 30_000;

/** Knowledge collections of the user's documents: their files, their indexing, and search over their passages. */
@Injectable()
export class KnowledgeService {
  private readonly logger = new Logger('Knowledge');

  constructor(
    @InjectRepository(KnowledgeCollection) private readonly collections: Repository<KnowledgeCollection>,
    @InjectRepository(KnowledgeFile) private readonly files: Repository<KnowledgeFile>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly media: MediaService,
    private readonly jobs: JobsService,
    private readonly embeddings: EmbeddingRegistry,
    private readonly catalogue: ModelCatalogue,
    private readonly index: ChunkIndex,
  ) {}

  // ---- documents given straight to a model --------------------------------------------------

  /** Why the text of this type of file cannot be read, or undefined when it can (PDF, DOCX, HTML, Markdown, text...). */
  documentRefusal(mimeType: string): string | undefined {
    return unsupportedReason(mimeType);
  }

  /**
   * The text of a document, read by the same extractors as indexing (PDF and DOCX in a worker
   * thread), pages marked. A file that cannot be read is a 400 (`DOCUMENT_UNREADABLE`) naming it.
   */
  async documentText(data: Buffer, mimeType: string, fileName: string): Promise<string> {
    const sections = await extractText(data, mimeType, fileName).catch((error: unknown) => {
      throw error instanceof ExtractionError ? new DomainError('invalid', KnowledgeErrorCode.DOCUMENT_UNREADABLE, error.message) : error;
    });
    return sections.map((section) => (section.page !== null && sections.length > 1 ? `[page ${section.page}]\n${section.text.trim()}` : section.text.trim())).join('\n\n');
  }

  // ---- collections ---------------------------------------------------------------------------

  async listCollections(user: AuthUser, query: PageQueryDto): Promise<KnowledgeCollectionPageDto> {
    const [rows, total] = await this.collections.findAndCount({ where: { ownerId: user.id }, order: { createdAt: 'DESC', id: 'ASC' }, ...skipTake(query) });
    const counts = await this.counts(rows.map((row) => row.id));
    return { items: rows.map((row) => toCollectionDto(row, counts.get(row.id))), total, page: query.page, limit: query.limit };
  }

  async createCollection(user: AuthUser, dto: CreateKnowledgeCollectionDto): Promise<KnowledgeCollectionDetailDto> {
    const embeddingModel = dto.embeddingModel ? this.embeddings.model(dto.embeddingModel).id : null;
    const saved = await this.collections.save(this.collections.create({ ownerId: user.id, name: dto.name, description: dto.description?.trim() ?? '', embeddingModel }));
    return this.detail(saved);
  }

  async getCollection(user: AuthUser, id: string): Promise<KnowledgeCollectionDetailDto> {
    return this.detail(await this.ownedCollection(user, id));
  }

  /** Changing the embedding model re-indexes every file, so no passage keeps a vector of the old model. */
  async updateCollection(user: AuthUser, id: string, dto: UpdateKnowledgeCollectionDto): Promise<KnowledgeCollectionDetailDto> {
    const collection = await this.ownedCollection(user, id);
    if (dto.name !== undefined) collection.name = dto.name;
    if (dto.description !== undefined) collection.description = dto.description.trim();
    let modelChanged = false;
    if (dto.embeddingModel !== undefined) {
      const embeddingModel = dto.embeddingModel ? this.embeddings.model(dto.embeddingModel).id : null;
      modelChanged = embeddingModel !== collection.embeddingModel;
      collection.embeddingModel = embeddingModel;
    }
    const saved = await this.collections.save(collection);
    if (modelChanged) await this.queue(await this.files.findBy({ collectionId: saved.id }));
    return this.detail(saved);
  }

  async deleteCollection(user: AuthUser, id: string): Promise<void> {
    const collection = await this.ownedCollection(user, id);
    const files = await this.files.findBy({ collectionId: collection.id });
    await this.collections.delete({ id: collection.id });
    await Promise.all(files.map((file) => this.stopJob(file)));
  }

  /** For forms that pick collections (an agent, a chat turn): a 404 naming `field` unless every id is a collection of the user. */
  async checkCollections(user: AuthUser, ids: readonly string[], field = 'collectionIds'): Promise<void> {
    const wanted = [...new Set(ids)];
    if (!wanted.length) return;
    const found = new Set((await this.collections.find({ select: { id: true }, where: { ownerId: user.id, id: In(wanted) } })).map((collection) => collection.id));
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length) {
      // Another user's collection answers exactly like one that does not exist.
      throw new DomainError(
        'not_found',
        KnowledgeErrorCode.KNOWLEDGE_COLLECTION_NOT_FOUND,
        'Knowledge collection not found',
        missing.map((id) => ({ field, message: `${id} is not one of your knowledge collections` })),
      );
    }
  }

  async embeddingModels(user: AuthUser): Promise<EmbeddingModelDto[]> {
    return (await this.catalogue.forUser(user.id, 'embedding')).map(toEmbeddingModelDto);
  }

  // ---- files ---------------------------------------------------------------------------------

  /**
   * Adds documents of the user's library and queues their indexing. Every file is checked first:
   * one that is not the user's, or not a document Webox can read, refuses the whole request.
   */
  async addFiles(user: AuthUser, collectionId: string, dto: AddKnowledgeFilesDto): Promise<KnowledgeFileDto[]> {
    const collection = await this.ownedCollection(user, collectionId);
    const ids = [...new Set(dto.mediaFileIds)];
    const media = await this.media.byIds(user.id, ids);
    const problems = ids.flatMap((id) => {
      const file = media.get(id);
      if (!file) return [{ field: 'mediaFileIds', message: `${id} is not a file of your media library` }];
      const reason = unsupportedReason(file.mimeType);
      return reason ? [{ field: 'mediaFileIds', message: `"${file.name}" cannot be added: ${reason}` }] : [];
    });
    if (problems.length) throw new DomainError('invalid', CommonErrorCode.VALIDATION_FAILED, problems.map((problem) => problem.message).join('; '), problems);

    const existing = await this.files.findBy({ collectionId: collection.id, mediaFileId: In(ids) });
    const known = new Set(existing.map((file) => file.mediaFileId));
    const fresh = ids.filter((id) => !known.has(id));
    if (fresh.length) {
      // ON CONFLICT: two requests adding the same file at once leave one row, as if in sequence.
      await this.files
        .createQueryBuilder()
        .insert()
        .values(fresh.map((mediaFileId) => ({ collectionId: collection.id, ownerId: user.id, mediaFileId, status: 'pending' as const, progress: 0, chunkCount: 0, step: 'Queued' })))
        .orIgnore()
        .execute();
      const added = await this.files.findBy({ collectionId: collection.id, mediaFileId: In(fresh), jobId: IsNull(), status: 'pending' });
      await this.queue(added);
    }
    const rows = await this.files.findBy({ collectionId: collection.id, mediaFileId: In(ids) });
    const byMedia = new Map(rows.map((row) => [row.mediaFileId, row]));
    return ids.map((id) => toFileDto(byMedia.get(id)!, media.get(id)));
  }

  async removeFile(user: AuthUser, collectionId: string, fileId: string): Promise<void> {
    const file = await this.ownedFile(user, collectionId, fileId);
    await this.files.delete({ id: file.id });
    await this.stopJob(file);
  }

  /** Stops a file's queued or running indexing; its earlier passages, if any, stay searchable. */
  async cancelIndexing(user: AuthUser, collectionId: string, fileId: string): Promise<KnowledgeFileDto> {
    const file = await this.ownedFile(user, collectionId, fileId);
    if (!file.jobId || !['pending', 'indexing'].includes(file.status)) {
      throw withParams('conflict', KnowledgeErrorCode.KNOWLEDGE_FILE_NOT_INDEXING, `The file is ${file.status}; only a queued or running indexing can be cancelled`, { status: file.status });
    }
    await this.jobs.cancel(file.jobId, user.id);
    await this.files.update({ id: file.id, jobId: file.jobId }, { status: 'failed', error: 'Indexing was cancelled', step: null });
    return this.fileDto(user, (await this.files.findOneBy({ id: file.id }))!);
  }

  /** Re-indexes the files whose content changed since they were indexed, or whose indexing failed; with `all`, every file. */
  async reindex(user: AuthUser, collectionId: string, all = false): Promise<KnowledgeFileDto[]> {
    const collection = await this.ownedCollection(user, collectionId);
    const files = await this.files.findBy({ collectionId: collection.id });
    const media = await this.media.byIds(user.id, files.map((file) => file.mediaFileId));
    const chosen = all ? files : files.filter((file) => file.status === 'failed' || (file.status === 'ready' && file.indexedSha256 !== media.get(file.mediaFileId)?.sha256));
    const queued = await this.queue(chosen);
    return queued.map((file) => toFileDto(file, media.get(file.mediaFileId)));
  }

  // ---- search --------------------------------------------------------------------------------

  /**
   * Searches the user's collections: full text always; in `auto` and `hybrid` modes, also by
   * embeddings for collections that have a model (one ranking per model), then fuses the
   * rankings by reciprocal rank. In `auto`, a failing embedding call falls back to full text.
   */
  async search(user: AuthUser, query: string, options: SearchOptions = {}): Promise<KnowledgeHit[]> {
    const text = query.trim();
    if (!text) throw new DomainError('invalid', CommonErrorCode.VALIDATION_FAILED, 'Invalid request: query', [{ field: 'query', message: 'query must not be empty' }]);
    const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_SEARCH_LIMIT);
    const mode = options.mode ?? 'auto';
    const collections = await this.searchable(user, options.collectionIds ?? [], options.skipMissing ?? false);
    if (!collections.length) return [];
    const ids = collections.map((collection) => collection.id);
    const candidates = Math.max(limit * 3, MIN_CANDIDATES);

    const fullText = await this.index.fullText(user.id, ids, text, mode === 'fulltext' ? limit : candidates);
    const byModel = groupByModel(collections);
    if (mode === 'hybrid' && !byModel.size) {
      throw new DomainError('invalid', KnowledgeErrorCode.NO_EMBEDDING_MODEL, 'No collection searched has an embedding model: search in full text, or give a collection an embedding model', [
        { field: 'mode', message: 'hybrid needs a collection with an embedding model' },
      ]);
    }
    const vectorLists: RankedChunk[][] = [];
    if (mode !== 'fulltext') {
      for (const [model, collectionIds] of byModel) {
        try {
          const session = await this.embeddings.open(user.id, model);
          const timeout = AbortSignal.timeout(QUERY_EMBEDDING_TIMEOUT_MS);
          const { vectors } = await session.embed([text], options.signal ? AbortSignal.any([options.signal, timeout]) : timeout, { purpose: 'query' });
          vectorLists.push(await this.index.nearest(user.id, collectionIds, model, vectors[0]!, candidates));
        } catch (error) {
          if (mode === 'hybrid' || options.signal?.aborted) throw error;
          this.logger.warn(`Searching ${collectionIds.length} collection(s) in full text only: embedding the query with ${model} failed: ${(error as Error).message}`);
        }
      }
    }
    if (!vectorLists.length) {
      return this.toHits(user, fullText.slice(0, limit).map((row, index) => ({ row, score: row.value, fullTextRank: index + 1 })));
    }
    const rows = new Map<string, ChunkRow>([...fullText, ...vectorLists.flat()].map((row) => [row.id, row]));
    const fused = reciprocalRankFusion([fullText.map((row) => row.id), ...vectorLists.map((list) => list.map((row) => row.id))]).slice(0, limit);
    return this.toHits(
      user,
      fused.map((item) => ({
        row: rows.get(item.id)!,
        score: item.score,
        fullTextRank: item.ranks[0],
        // A passage is in at most one vector list: its collection has one model.
        vectorRank: item.ranks.slice(1).find((rank) => rank !== undefined),
      })),
    );
  }

  /** The passage a citation opens, with a little of its neighbours. */
  async getChunk(user: AuthUser, id: string): Promise<KnowledgeChunkDto> {
    const row = await this.index.find(user.id, id);
    if (!row) throw notFound(KnowledgeErrorCode.KNOWLEDGE_CHUNK_NOT_FOUND, 'Knowledge chunk');
    const [{ previous, next }, media] = await Promise.all([this.index.neighbours(row.fileId, row.ordinal), this.media.byIds(user.id, [row.mediaFileId])]);
    return toChunkDto(row, media.get(row.mediaFileId)?.name ?? '', { previous, next });
  }

  // ---- internals -----------------------------------------------------------------------------

  private async ownedCollection(user: AuthUser, id: string): Promise<KnowledgeCollection> {
    const collection = await this.collections.findOneBy({ id, ownerId: user.id });
    if (!collection) throw notFound(KnowledgeErrorCode.KNOWLEDGE_COLLECTION_NOT_FOUND, 'Knowledge collection');
    return collection;
  }

  private async ownedFile(user: AuthUser, collectionId: string, fileId: string): Promise<KnowledgeFile> {
    const file = await this.files.findOneBy({ id: fileId, collectionId, ownerId: user.id });
    if (!file) throw notFound(KnowledgeErrorCode.KNOWLEDGE_FILE_NOT_FOUND, 'Knowledge file');
    return file;
  }

  private async searchable(user: AuthUser, requested: readonly string[], skipMissing: boolean): Promise<KnowledgeCollection[]> {
    if (!requested.length) return this.collections.find({ where: { ownerId: user.id }, order: { createdAt: 'ASC' } });
    const wanted = [...new Set(requested)];
    const found = await this.collections.findBy({ ownerId: user.id, id: In(wanted) });
    if (!skipMissing && found.length !== wanted.length) throw notFound(KnowledgeErrorCode.KNOWLEDGE_COLLECTION_NOT_FOUND, 'Knowledge collection');
    return found;
  }

  /**
   * Queues (again) the indexing of these files: an earlier job still running is cancelled, and
   * the row forgets it before the new job starts, so only the newest job may store passages.
   */
  private async queue(files: KnowledgeFile[]): Promise<KnowledgeFile[]> {
    const queued: KnowledgeFile[] = [];
    for (const file of files) {
      if (file.jobId && ['pending', 'indexing'].includes(file.status)) await this.stopJob(file);
      await this.files.update({ id: file.id }, { status: 'pending', progress: 0, step: 'Queued', error: null, jobId: null });
      try {
        const job = await this.jobs.enqueue('knowledge.index', { knowledgeFileId: file.id }, { ownerId: file.ownerId, maxAttempts: 1 });
        // Only while no newer request took the file over in between.
        await this.files.update({ id: file.id, jobId: IsNull() }, { jobId: job.id });
      } catch (error) {
        await this.files.update({ id: file.id }, { status: 'failed', step: null, error: (error as Error).message });
      }
      queued.push((await this.files.findOneBy({ id: file.id }))!);
    }
    return queued;
  }

  /** Best effort: the job may have finished, or never have been queued. */
  private async stopJob(file: KnowledgeFile): Promise<void> {
    if (!file.jobId) return;
    await this.jobs.cancel(file.jobId, file.ownerId).catch(() => undefined);
  }

  private async detail(collection: KnowledgeCollection): Promise<KnowledgeCollectionDetailDto> {
    const files = await this.files.find({ where: { collectionId: collection.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const media = await this.media.byIds(collection.ownerId, files.map((file) => file.mediaFileId));
    const counts = await this.counts([collection.id]);
    return { ...toCollectionDto(collection, counts.get(collection.id)), files: files.map((file) => toFileDto(file, media.get(file.mediaFileId))) };
  }

  private async fileDto(user: AuthUser, file: KnowledgeFile): Promise<KnowledgeFileDto> {
    return toFileDto(file, (await this.media.byIds(user.id, [file.mediaFileId])).get(file.mediaFileId));
  }

  private async counts(collectionIds: string[]): Promise<Map<string, CollectionCounts>> {
    if (!collectionIds.length) return new Map();
    const rows: Array<{ id: string; files: string; ready: string; indexing: string; failed: string; chunks: string }> = await this.dataSource.query(
      `SELECT f.collection_id AS id, count(*) AS files,
              count(*) FILTER (WHERE f.status = 'ready') AS ready,
              count(*) FILTER (WHERE f.status IN ('pending', 'indexing')) AS indexing,
              count(*) FILTER (WHERE f.status = 'failed') AS failed,
              coalesce(sum(f.chunk_count), 0) AS chunks
         FROM knowledge_files f WHERE f.collection_id = ANY($1::uuid[]) GROUP BY f.collection_id`,
      [collectionIds],
    );
    return new Map(
      rows.map((row) => [row.id, { fileCount: Number(row.files), readyFileCount: Number(row.ready), indexingFileCount: Number(row.indexing), failedFileCount: Number(row.failed), chunkCount: Number(row.chunks) }]),
    );
  }

  private async toHits(user: AuthUser, ranked: Array<{ row: ChunkRow; score: number; fullTextRank?: number; vectorRank?: number }>): Promise<KnowledgeHit[]> {
    const media = await this.media.byIds(user.id, [...new Set(ranked.map(({ row }) => row.mediaFileId))]);
    return ranked.map(({ row, ...ranking }) => toHitDto(row, media.get(row.mediaFileId)?.name ?? '', ranking));
  }
}

function groupByModel(collections: KnowledgeCollection[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const collection of collections) {
    if (collection.embeddingModel) groups.set(collection.embeddingModel, [...(groups.get(collection.embeddingModel) ?? []), collection.id]);
  }
  return groups;
}
