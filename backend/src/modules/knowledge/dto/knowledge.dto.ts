import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { Optional } from '../../../common/validation';
import { PageDtoOf } from '../../../common/pagination';
import { KNOWLEDGE_FILE_STATUSES, type KnowledgeFileStatus } from '../knowledge-file.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const notNull = (_object: unknown, value: unknown) => value !== null && value !== undefined;

export const SEARCH_MODES = ['auto', 'fulltext', 'hybrid'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];
export const MAX_SEARCH_LIMIT = 50;

// ---- requests --------------------------------------------------------------------------------

export class CreateKnowledgeCollectionDto {
  @IsString()
  @Transform(trim)
  @Length(1, 120, { message: 'name must be 1 to 120 characters' })
  name: string;

  @ApiPropertyOptional({ description: 'What the collection holds (shown to the user, not to models)', maxLength: 1000 })
  @Optional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The embedding model (`provider/model`, see GET /api/knowledge/embedding-models) that makes search semantic as well as full-text; absent or null: full-text search only',
    example: 'openai/text-embedding-3-small',
  })
  @ValidateIf(notNull)
  @IsString()
  @MaxLength(140)
  embeddingModel?: string | null;
}

export class UpdateKnowledgeCollectionDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @Optional()
  @IsString()
  @Transform(trim)
  @Length(1, 120, { message: 'name must be 1 to 120 characters' })
  name?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'A new embedding model, or null for full text only. Changing it re-indexes every file of the collection.' })
  @ValidateIf(notNull)
  @IsString()
  @MaxLength(140)
  embeddingModel?: string | null;
}

export class AddKnowledgeFilesDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 100, description: 'Documents of my media library (PDF, DOCX, HTML, Markdown, text, CSV, JSON); files already in the collection are left as they are' })
  @IsArray()
  @ArrayMinSize(1, { message: 'mediaFileIds must name at least one file' })
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'each of mediaFileIds must be a media file id' })
  mediaFileIds: string[];
}

export class ReindexQueryDto {
  @ApiPropertyOptional({ description: 'true: every file; otherwise only files whose content changed since they were indexed, or whose indexing failed' })
  @Optional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'all must be true or false' })
  all?: boolean;
}

export class KnowledgeSearchDto {
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'Words or a question; "quotes", OR and -word work as in a web search' })
  @IsString()
  @Transform(trim)
  @Length(1, 500, { message: 'query must be 1 to 500 characters' })
  query: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 50, description: 'Collections to search; absent or empty: all of mine' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'each of collectionIds must be a collection id' })
  collectionIds?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SEARCH_LIMIT, default: 10 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SEARCH_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    enum: SEARCH_MODES,
    default: 'auto',
    description: 'auto: hybrid where the collections have an embedding model, else full text; fulltext; hybrid: full text and embeddings fused (400 when no collection searched has an embedding model)',
  })
  @Optional()
  @IsIn(SEARCH_MODES, { message: `mode must be one of ${SEARCH_MODES.join(', ')}` })
  mode?: SearchMode;
}

// ---- responses -------------------------------------------------------------------------------

export class KnowledgeFileDto {
  /** The file's id in the collection (for DELETE and cancel), not the media file's. */
  id: string;
  collectionId: string;
  /** The media-library file. */
  mediaFileId: string;
  /** The media file's current name. */
  name: string;
  mimeType: string;
  @ApiProperty({ enum: KNOWLEDGE_FILE_STATUSES, description: 'pending: queued; indexing; ready: searchable; failed: see error (passages of an earlier indexing, if any, are still searched)' })
  status: KnowledgeFileStatus;
  @ApiProperty({ minimum: 0, maximum: 100 })
  progress: number;
  @ApiProperty({ type: String, nullable: true, description: 'The current step, in words: "Extracting text", "Embedding 3/12", "Storing"' })
  step: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last indexing failed' })
  error: string | null;
  /** Passages stored for this file. */
  chunkCount: number;
  @ApiProperty({ type: String, nullable: true, description: 'The last indexing job (follow it on the WebSocket or cancel it)' })
  jobId: string | null;
  /** The media file changed since it was indexed: POST .../reindex updates it. */
  stale: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export class KnowledgeCollectionDto {
  id: string;
  name: string;
  description: string;
  @ApiProperty({ type: String, nullable: true, description: '`provider/model` that embeds the passages; null: full-text search only' })
  embeddingModel: string | null;
  fileCount: number;
  /** Files whose indexing finished. */
  readyFileCount: number;
  /** Files queued or being indexed. */
  indexingFileCount: number;
  failedFileCount: number;
  chunkCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export class KnowledgeCollectionDetailDto extends KnowledgeCollectionDto {
  @ApiProperty({ type: [KnowledgeFileDto] })
  files: KnowledgeFileDto[];
}

export class KnowledgeCollectionPageDto extends PageDtoOf(KnowledgeCollectionDto) {}

export class KnowledgeHitDto {
  /** The passage: GET /api/knowledge/chunks/{chunkId} opens it. */
  chunkId: string;
  collectionId: string;
  collectionName: string;
  /** The media-library file the passage comes from. */
  fileId: string;
  fileName: string;
  @ApiProperty({ type: Number, nullable: true, description: '1-based page of a PDF; null for formats without pages' })
  page: number | null;
  /** 0-based position of the passage in its file. */
  ordinal: number;
  text: string;
  @ApiProperty({ description: 'Higher is better, comparable only within one answer: the reciprocal-rank-fusion score (k = 60) when embeddings took part, else ts_rank_cd' })
  score: number;
  @ApiPropertyOptional({ description: '1-based rank in the full-text results, when the passage is in them' })
  fullTextRank?: number;
  @ApiPropertyOptional({ description: '1-based rank by cosine similarity to the query, when embeddings took part and the passage is in those results' })
  vectorRank?: number;
}

export class KnowledgeChunkNeighbourDto {
  id: string;
  @ApiProperty({ type: Number, nullable: true })
  page: number | null;
  ordinal: number;
  @ApiProperty({ description: 'At most 300 characters: the end of the previous passage, or the start of the next one' })
  text: string;
}

export class KnowledgeChunkDto {
  id: string;
  text: string;
  @ApiProperty({ type: Number, nullable: true, description: '1-based page of a PDF; null for formats without pages' })
  page: number | null;
  ordinal: number;
  /** The media-library file. */
  fileId: string;
  fileName: string;
  collectionId: string;
  collectionName: string;
  @ApiPropertyOptional({ type: KnowledgeChunkNeighbourDto, description: 'The passage before, when there is one' })
  previous?: KnowledgeChunkNeighbourDto;
  @ApiPropertyOptional({ type: KnowledgeChunkNeighbourDto, description: 'The passage after, when there is one' })
  next?: KnowledgeChunkNeighbourDto;
}

export class EmbeddingModelDto {
  /** `provider/model`, the value of a collection's embeddingModel. */
  id: string;
  name: string;
  @ApiProperty({ enum: ['openai', 'google', 'openai-compatible'] })
  provider: 'openai' | 'google' | 'openai-compatible';
  @ApiProperty({ type: Number, nullable: true, description: 'Length of the vectors stored' })
  dimensions: number | null;
  /** US dollars per million input tokens (0: free, such as a local Ollama). */
  pricePerMTok: number;
  /** A key for its provider is in reach (mine, the workspace's or the server's). */
  available: boolean;
}
