import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, Repository } from 'typeorm';
import { EmbeddingRegistry } from '../../ai/embedding-registry';
import { DomainError } from '../../common/domain-error';
import type { JobContext } from '../../queue/jobs.service';
import { JobsService } from '../../queue/jobs.service';
import { PermanentJobError } from '../../queue/queue-driver';
import type { MediaFile } from '../media/media-file.entity';
import { MediaService } from '../media/media.service';
import { chunkSections } from './chunk';
import { ChunkIndex } from './chunk-index';
import { extractText } from './extract';
import { KnowledgeCollection } from './knowledge-collection.entity';
import { KnowledgeFile } from './knowledge-file.entity';
import { MediaErrorCode } from '../media/media.errors';

declare module '../../queue/job-types' {
  interface JobPayloads {
    /** Extracts, chunks and embeds one file of a knowledge collection, then replaces its passages. */
    'knowledge.index': { knowledgeFileId: string };
  }
}

/** Largest document read into memory for indexing. */
const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

type Job = JobContext<'knowledge.index'>;

/**
 * `knowledge.index`: reads a collection file from the media library, extracts its text, cuts it
 * into passages, embeds them when the collection has a model, and replaces the file's passages in
 * one transaction at the end. A failure leaves the earlier passages in place and marks the file
 * failed with the reason; other files are not touched. Only the file's current job may write: the
 * row's `job_id` is this job's, or still empty in the moment between enqueueing and recording it.
 */
@Injectable()
export class KnowledgeIndexProcessor implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly media: MediaService,
    private readonly embeddings: EmbeddingRegistry,
    private readonly index: ChunkIndex,
    @InjectRepository(KnowledgeFile) private readonly files: Repository<KnowledgeFile>,
    @InjectRepository(KnowledgeCollection) private readonly collections: Repository<KnowledgeCollection>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.jobs.register('knowledge.index', (job) => this.run(job));
  }

  async run(job: Job): Promise<Record<string, unknown>> {
    const file = await this.files.findOneBy({ id: job.payload.knowledgeFileId });
    if (!file) return { skipped: 'the file left its collection' };
    if (file.jobId !== null && file.jobId !== job.id) return { skipped: 'a newer indexing replaced this one' };
    const collection = await this.collections.findOneBy({ id: file.collectionId });
    if (!collection) return { skipped: 'the collection was deleted' };
    try {
      return await this.indexFile(job, file, collection);
    } catch (error) {
      // A cancel is recorded on the row by whoever cancelled; a file deleted meanwhile has no row to mark.
      if (job.signal.aborted) throw error;
      const reason = describe(error);
      const { affected } = await this.mine(job, file.id).set({ status: 'failed', error: reason, step: null }).execute();
      if (!affected) return { skipped: 'the file left its collection, or a newer indexing replaced this one' };
      throw new PermanentJobError(reason);
    }
  }

  private async indexFile(job: Job, file: KnowledgeFile, collection: KnowledgeCollection): Promise<Record<string, unknown>> {
    const report = async (percent: number, step: string) => {
      await job.progress(percent, step);
      await this.mine(job, file.id).set({ progress: Math.round(percent), step }).execute();
    };
    await this.mine(job, file.id).set({ status: 'indexing', progress: 0, step: 'Extracting text', error: null }).execute();
    await report(2, 'Extracting text');
    const media: MediaFile = await this.media.owned(file.ownerId, file.mediaFileId);
    const sections = await extractText(await this.media.readAll(media, MAX_DOCUMENT_BYTES), media.mimeType, media.name);
    job.signal.throwIfAborted();
    const chunks = chunkSections(sections);

    let vectors: number[][] | null = null;
    if (collection.embeddingModel) {
      const session = await this.embeddings.open(file.ownerId, collection.embeddingModel);
      await report(10, `Embedding 0/${Math.ceil(chunks.length / this.embeddings.batchSize)}`);
      const outcome = await session.embed(
        chunks.map((chunk) => chunk.text),
        job.signal,
        { purpose: 'document', onBatch: (done, total) => report(10 + (80 * done) / total, `Embedding ${done}/${total}`) },
      );
      await job.addCost(outcome.costUsd);
      vectors = outcome.vectors;
    }
    job.signal.throwIfAborted();
    await report(92, 'Storing');

    const stored = await this.dataSource.transaction(async (manager) => {
      // The lock orders this write after a concurrent cancel or re-queue of the same row.
      const current = await manager.getRepository(KnowledgeFile).findOne({ where: { id: file.id }, lock: { mode: 'pessimistic_write' } });
      if (!current || (current.jobId !== null && current.jobId !== job.id) || job.signal.aborted) return false;
      await this.index.replace(manager, current, chunks, vectors, collection.embeddingModel);
      await manager.getRepository(KnowledgeFile).update({ id: file.id }, { status: 'ready', progress: 100, step: null, error: null, chunkCount: chunks.length, indexedSha256: media.sha256 });
      return true;
    });
    if (!stored) return { skipped: 'the file left its collection, or a newer indexing replaced this one' };
    this.index.scheduleAnalyze();
    return { chunks: chunks.length, pages: sections.filter((section) => section.page !== null).length, embeddingModel: vectors ? collection.embeddingModel : null };
  }

  /** An UPDATE of the file that applies only while this job is still the file's current one. */
  private mine(job: Job, fileId: string) {
    return this.files
      .createQueryBuilder()
      .update(KnowledgeFile)
      .where('id = :fileId', { fileId })
      .andWhere(new Brackets((where) => where.where('job_id = :jobId', { jobId: job.id }).orWhere('job_id IS NULL')));
  }
}

/** The reason a user reads on the failed file. */
function describe(error: unknown): string {
  if (error instanceof DomainError && error.code === MediaErrorCode.MEDIA_FILE_NOT_FOUND) return 'The media file was deleted';
  return error instanceof Error ? error.message : String(error);
}
