import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Knowledge: collections of the user's documents, cut into passages that are searched by full
 * text always and by embeddings when the collection has an embedding model.
 *
 * Embeddings are stored as `real[]` so the schema is the same with and without pgvector. Where the
 * extension is available (PGlite bundles it; so can the deployment's PostgreSQL image) it is
 * created and the search casts to `vector` for `<=>`; elsewhere the distance is computed in
 * process over the collection's vectors (VectorScan in modules/knowledge).
 */
export class Knowledge1764230000000 implements MigrationInterface {
  name = 'Knowledge1764230000000';

  async up(q: QueryRunner): Promise<void> {
    // A role that may not create extensions must not fail the migration: the portable path serves.
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
          CREATE EXTENSION IF NOT EXISTS vector;
        END IF;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'pgvector is available but this role cannot create it; knowledge search computes distances in process';
      END $$`);
    await q.query(`
      CREATE TABLE knowledge_collections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name varchar(120) NOT NULL,
        description varchar(1000) NOT NULL DEFAULT '',
        embedding_model varchar(140),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX knowledge_collections_owner_idx ON knowledge_collections (owner_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE knowledge_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collection_id uuid NOT NULL REFERENCES knowledge_collections (id) ON DELETE CASCADE,
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        media_file_id uuid NOT NULL REFERENCES media_files (id) ON DELETE CASCADE,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'indexing', 'ready', 'failed')),
        error text,
        progress smallint NOT NULL DEFAULT 0,
        step varchar(200),
        chunk_count integer NOT NULL DEFAULT 0,
        indexed_sha256 char(64),
        job_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (collection_id, media_file_id)
      )`);
    await q.query(`CREATE INDEX knowledge_files_media_idx ON knowledge_files (media_file_id)`);
    await q.query(`
      CREATE TABLE knowledge_chunks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        collection_id uuid NOT NULL REFERENCES knowledge_collections (id) ON DELETE CASCADE,
        file_id uuid NOT NULL REFERENCES knowledge_files (id) ON DELETE CASCADE,
        owner_id uuid NOT NULL,
        ordinal integer NOT NULL,
        page integer,
        text text NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED,
        embedding real[],
        embedding_model varchar(140)
      )`);
    await q.query(`CREATE INDEX knowledge_chunks_tsv_idx ON knowledge_chunks USING gin (tsv)`);
    await q.query(`CREATE INDEX knowledge_chunks_collection_idx ON knowledge_chunks (collection_id)`);
    await q.query(`CREATE INDEX knowledge_chunks_file_idx ON knowledge_chunks (file_id, ordinal)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE knowledge_chunks`);
    await q.query(`DROP TABLE knowledge_files`);
    await q.query(`DROP TABLE knowledge_collections`);
    // The vector extension stays: other schemas of the database may use it.
  }
}
