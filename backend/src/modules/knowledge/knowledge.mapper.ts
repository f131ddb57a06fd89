import type { ModelChoice } from '../../ai/model-catalogue.service';
import type { EmbeddingModel } from '../../ai/models';
import type { MediaFile } from '../media/media-file.entity';
import type { ChunkRow } from './chunk-index';
import type { EmbeddingModelDto, KnowledgeChunkDto, KnowledgeCollectionDto, KnowledgeFileDto, KnowledgeHitDto } from './dto/knowledge.dto';
import type { KnowledgeChunk } from './knowledge-chunk.entity';
import type { KnowledgeCollection } from './knowledge-collection.entity';
import type { KnowledgeFile } from './knowledge-file.entity';

/** How much of each neighbour a passage shows. */
const NEIGHBOUR_CHARS = 300;

export interface CollectionCounts {
  fileCount: number;
  readyFileCount: number;
  indexingFileCount: number;
  failedFileCount: number;
  chunkCount: number;
}

const EMPTY_COUNTS: CollectionCounts = { fileCount: 0, readyFileCount: 0, indexingFileCount: 0, failedFileCount: 0, chunkCount: 0 };

export function toCollectionDto(collection: KnowledgeCollection, counts: CollectionCounts = EMPTY_COUNTS): KnowledgeCollectionDto {
  return {
    id: collection.id,
    name: collection.name,
    description: collection.description,
    embeddingModel: collection.embeddingModel,
    ...counts,
    createdAt: collection.createdAt,
    updatedAt: collection.updatedAt,
  };
}

/** A file of a collection, named after its media-library document; `stale` when the document changed since it was indexed. */
export function toFileDto(file: KnowledgeFile, media: MediaFile | undefined): KnowledgeFileDto {
  return {
    id: file.id,
    collectionId: file.collectionId,
    mediaFileId: file.mediaFileId,
    name: media?.name ?? '',
    mimeType: media?.mimeType ?? '',
    status: file.status,
    progress: file.progress,
    step: file.step,
    error: file.error,
    chunkCount: file.chunkCount,
    jobId: file.jobId,
    stale: file.indexedSha256 !== null && media !== undefined && file.indexedSha256 !== media.sha256,
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
  };
}

export function toEmbeddingModelDto({ model, available }: ModelChoice<EmbeddingModel>): EmbeddingModelDto {
  return { id: model.id, name: model.name, provider: model.provider, dimensions: model.embedding.dimensions, pricePerMTok: model.price.inputPerMTok, available };
}

/** A ranked passage; `fileName` is its document's (empty once the document is gone). */
export function toHitDto(row: ChunkRow, fileName: string, ranking: { score: number; fullTextRank?: number; vectorRank?: number }): KnowledgeHitDto {
  const { score, fullTextRank, vectorRank } = ranking;
  return {
    chunkId: row.id,
    collectionId: row.collectionId,
    collectionName: row.collectionName,
    fileId: row.mediaFileId,
    fileName,
    page: row.page,
    ordinal: row.ordinal,
    text: row.text,
    score,
    ...(fullTextRank !== undefined ? { fullTextRank } : {}),
    ...(vectorRank !== undefined ? { vectorRank } : {}),
  };
}

/** The passage a citation opens, with the end of the one before it and the start of the one after. */
export function toChunkDto(row: ChunkRow, fileName: string, { previous, next }: { previous?: KnowledgeChunk; next?: KnowledgeChunk }): KnowledgeChunkDto {
  return {
    id: row.id,
    text: row.text,
    page: row.page,
    ordinal: row.ordinal,
    fileId: row.mediaFileId,
    fileName,
    collectionId: row.collectionId,
    collectionName: row.collectionName,
    ...(previous ? { previous: { id: previous.id, page: previous.page, ordinal: previous.ordinal, text: tail(previous.text, NEIGHBOUR_CHARS) } } : {}),
    ...(next ? { next: { id: next.id, page: next.page, ordinal: next.ordinal, text: head(next.text, NEIGHBOUR_CHARS) } } : {}),
  };
}

/** At most `max` characters from the start, cut between words when one ends in the second half. */
function head(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = Math.max(...[...text.slice(0, max + 1).matchAll(/\s/g)].map((match) => match.index));
  return `${text.slice(0, cut > max / 2 ? cut : max).trimEnd()}…`;
}

/** At most `max` characters from the end, cut between words when one starts in the first half. */
function tail(text: string, max: number): string {
  if (text.length <= max) return text;
  const from = text.length - max;
  const space = /\s/.exec(text.slice(from - 1, from + max / 2))?.index;
  return `…${text.slice(space !== undefined ? from + space : from).trimStart()}`;
}
