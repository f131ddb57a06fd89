import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TextChunk } from './chunk';
import { KnowledgeChunk } from './knowledge-chunk.entity';
import { anyWordQuery, usesSearchSyntax } from './search-terms';
import { VectorScan } from './vector-scan';

/** A stored passage with what a hit or a citation shows of it. */
export interface ChunkRow {
  id: string;
  collectionId: string;
  collectionName: string;
  /** The knowledge file. */
  fileId: string;
  mediaFileId: string;
  page: number | null;
  ordinal: number;
  text: string;
}

export interface RankedChunk extends ChunkRow {
  /** ts_rank_cd for full text (higher is better), cosine distance for vectors (lower is better). */
  value: number;
}

export type VectorPath = 'pgvector' | 'portable';

/** How long after the last stored file the table's statistics are refreshed (one ANALYZE per burst of indexing). */
const ANALYZE_DELAY_MS = 2_000;

/** Candidates beyond the limit that the in-process scan returns, so that ties order as in SQL. */
const TIE_MARGIN = 10;

/** Rows inserted per statement: 9 parameters each, far under PostgreSQL's 65 535. */
const INSERT_BATCH = 200;

const ROW_COLUMNS = `c.id, c.collection_id AS "collectionId", k.name AS "collectionName", c.file_id AS "fileId", f.media_file_id AS "mediaFileId", c.page, c.ordinal, c.text`;
const ROW_JOINS = `JOIN knowledge_files f ON f.id = c.file_id JOIN knowledge_collections k ON k.id = c.collection_id`;

/**
 * The passages table and the SQL that searches it. Every query is scoped by owner and by the
 * collections the caller resolved as the owner's: nothing here trusts an id on its own.
 */
@Injectable()
export class ChunkIndex implements OnApplicationShutdown {
  private readonly logger = new Logger('Knowledge');
  private analyzeTimer: NodeJS.Timeout | undefined;

  /**
   * How cosine distance is computed: pgvector's `<=>` when the extension is installed (PGlite,
   * or a PostgreSQL image that ships it), else in process over the collection's vectors read
   * once (VectorScan); both give the same ranking. Detected at the first vector search; a test
   * may set it to compare them.
   */
  vectorPath: VectorPath | undefined;

  private readonly scan: VectorScan;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.scan = new VectorScan(dataSource);
  }

  /**
   * Refreshes the planner's statistics of the passages table soon after passages were stored.
   * Without them the full-text query never uses its GIN index (PGlite never analyses, and a
   * PostgreSQL without autovacuum neither): measured 19 → 5 ms at 10,000 passages.
   */
  scheduleAnalyze(): void {
    clearTimeout(this.analyzeTimer);
    this.analyzeTimer = setTimeout(() => {
      this.analyzeTimer = undefined;
      this.dataSource.query('ANALYZE knowledge_chunks').catch((error: unknown) => this.logger.warn({ err: error }, 'Could not refresh the statistics of knowledge_chunks'));
    }, ANALYZE_DELAY_MS).unref();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.analyzeTimer);
  }

  /** Replaces every passage of a file, inside the caller's transaction. */
  async replace(manager: EntityManager, file: { id: string; collectionId: string; ownerId: string }, chunks: readonly TextChunk[], embeddings: number[][] | null, embeddingModel: string | null): Promise<void> {
    await manager.delete(KnowledgeChunk, { fileId: file.id });
    for (let start = 0; start < chunks.length; start += INSERT_BATCH) {
      const rows = chunks.slice(start, start + INSERT_BATCH).map((chunk, offset) => ({
        collectionId: file.collectionId,
        fileId: file.id,
        ownerId: file.ownerId,
        ordinal: chunk.ordinal,
        page: chunk.page,
        text: chunk.text,
        embedding: embeddings?.[start + offset] ?? null,
        embeddingModel: embeddings ? embeddingModel : null,
      }));
      await manager.createQueryBuilder().insert().into(KnowledgeChunk).values(rows).execute();
    }
  }

  /**
   * Full-text search with `websearch_to_tsquery` (quotes, OR, -word), ranked by `ts_rank_cd`.
   * When every word must match and no passage has them all, falls back to passages with ANY
   * significant word, so a question in plain words still finds what it is about (not when the
   * query used search syntax: it then says exactly what must match).
   */
  async fullText(ownerId: string, collectionIds: readonly string[], query: string, limit: number): Promise<RankedChunk[]> {
    const strict = await this.textQuery(ownerId, collectionIds, `websearch_to_tsquery('simple', $3)`, query, limit);
    if (strict.length || usesSearchSyntax(query)) return strict;
    const loose = anyWordQuery(query);
    return loose ? this.textQuery(ownerId, collectionIds, `to_tsquery('simple', $3)`, loose, limit) : [];
  }

  /** The passages embedded by `model` nearest to `vector` by cosine distance. */
  async nearest(ownerId: string, collectionIds: readonly string[], model: string, vector: readonly number[], limit: number): Promise<RankedChunk[]> {
    if ((await this.detectVectorPath()) === 'portable') return this.nearestScanned(ownerId, collectionIds, model, vector, limit);
    const rows: RankedChunk[] = await this.dataSource.query(
      `SELECT ${ROW_COLUMNS}, c.embedding::vector <=> $3::vector AS value
         FROM knowledge_chunks c ${ROW_JOINS}
        WHERE c.owner_id = $1 AND c.collection_id = ANY($2::uuid[]) AND c.embedding_model = $4 AND c.embedding IS NOT NULL
        ORDER BY value ASC NULLS LAST, c.file_id, c.ordinal
        LIMIT $5`,
      [ownerId, collectionIds, `[${vector.join(',')}]`, model, limit],
    );
    return rows.map(numeric);
  }

  /**
   * Without pgvector: the distances computed in process (VectorScan), then the rows read and
   * ordered as the SQL path orders them. A few more candidates than asked let ties at the limit
   * fall as they would in SQL.
   */
  private async nearestScanned(ownerId: string, collectionIds: readonly string[], model: string, vector: readonly number[], limit: number): Promise<RankedChunk[]> {
    const nearest = await this.scan.nearest(ownerId, collectionIds, model, vector, limit + TIE_MARGIN);
    if (!nearest.length) return [];
    const distances = new Map(nearest.map(({ id, distance }) => [id, distance]));
    const rows: ChunkRow[] = await this.dataSource.query(`SELECT ${ROW_COLUMNS} FROM knowledge_chunks c ${ROW_JOINS} WHERE c.id = ANY($1::uuid[])`, [[...distances.keys()]]);
    return rows
      .map((row) => ({ ...row, value: distances.get(row.id)! }))
      .sort((a, b) => a.value - b.value || (a.fileId < b.fileId ? -1 : a.fileId > b.fileId ? 1 : 0) || a.ordinal - b.ordinal)
      .slice(0, limit);
  }

  /** One passage of the owner, or undefined. */
  async find(ownerId: string, id: string): Promise<ChunkRow | undefined> {
    const [row] = (await this.dataSource.query(`SELECT ${ROW_COLUMNS} FROM knowledge_chunks c ${ROW_JOINS} WHERE c.id = $1 AND c.owner_id = $2`, [id, ownerId])) as ChunkRow[];
    return row;
  }

  /** The passages just before and after one of a file. */
  async neighbours(fileId: string, ordinal: number): Promise<{ previous?: KnowledgeChunk; next?: KnowledgeChunk }> {
    const rows = await this.dataSource.getRepository(KnowledgeChunk).find({
      select: { id: true, ordinal: true, page: true, text: true },
      where: [
        { fileId, ordinal: ordinal - 1 },
        { fileId, ordinal: ordinal + 1 },
      ],
    });
    return { previous: rows.find((row) => row.ordinal === ordinal - 1), next: rows.find((row) => row.ordinal === ordinal + 1) };
  }

  async detectVectorPath(): Promise<VectorPath> {
    if (!this.vectorPath) {
      const [{ present }] = (await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS present`)) as Array<{ present: boolean }>;
      this.vectorPath = present ? 'pgvector' : 'portable';
    }
    return this.vectorPath;
  }

  private async textQuery(ownerId: string, collectionIds: readonly string[], tsquery: string, text: string, limit: number): Promise<RankedChunk[]> {
    const rows: RankedChunk[] = await this.dataSource.query(
      `SELECT ${ROW_COLUMNS}, ts_rank_cd(c.tsv, ${tsquery}) AS value
         FROM knowledge_chunks c ${ROW_JOINS}
        WHERE c.owner_id = $1 AND c.collection_id = ANY($2::uuid[]) AND c.tsv @@ ${tsquery}
        ORDER BY value DESC, c.file_id, c.ordinal
        LIMIT $4`,
      [ownerId, collectionIds, text, limit],
    );
    return rows.map(numeric);
  }
}

/** node-postgres gives real and double precision as numbers, but NaN and nulls need care. */
function numeric(row: RankedChunk): RankedChunk {
  return { ...row, value: row.value === null ? Number.NaN : Number(row.value) };
}
