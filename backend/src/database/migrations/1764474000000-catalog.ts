import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The AI tool catalog: the tools (shipped ones, kept current by the `catalog.tools` seed, and the
 * workspace's own, added by admins), each user's favourites and reviews. Search is full text over
 * names and both descriptions plus trigram similarity on the name and vendor (`pg_trgm`, a trusted
 * extension that PostgreSQL 13+ lets a database owner create and PGlite bundles), so a typo still
 * finds the tool.
 */
export class Catalog1764474000000 implements MigrationInterface {
  name = 'Catalog1764474000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE catalog_tools (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug varchar(80) NOT NULL UNIQUE,
        name varchar(120) NOT NULL,
        vendor varchar(120) NOT NULL,
        category varchar(32) NOT NULL,
        description_en varchar(1000) NOT NULL,
        description_fr varchar(1000) NOT NULL,
        website varchar(500) NOT NULL,
        pricing varchar(16) NOT NULL CHECK (pricing IN ('free', 'freemium', 'subscription', 'usage', 'open-source')),
        entry_price_usd numeric(10, 2) CHECK (entry_price_usd >= 0),
        pricing_note_en varchar(300) NOT NULL DEFAULT '',
        pricing_note_fr varchar(300) NOT NULL DEFAULT '',
        public_api boolean NOT NULL DEFAULT false,
        webox_page varchar(16),
        webox_models text[] NOT NULL DEFAULT '{}',
        source varchar(500) NOT NULL DEFAULT '',
        checked_on date,
        built_in boolean NOT NULL DEFAULT false,
        search_name text GENERATED ALWAYS AS (lower(name || ' ' || vendor)) STORED,
        search_document tsvector GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || vendor || ' ' || description_en || ' ' || description_fr)) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX catalog_tools_category_idx ON catalog_tools (category, lower(name))`);
    await q.query(`CREATE INDEX catalog_tools_name_trgm_idx ON catalog_tools USING gin (search_name gin_trgm_ops)`);
    await q.query(`CREATE INDEX catalog_tools_document_idx ON catalog_tools USING gin (search_document)`);
    await q.query(`
      CREATE TABLE catalog_favorites (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        tool_id uuid NOT NULL REFERENCES catalog_tools (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, tool_id)
      )`);
    await q.query(`CREATE INDEX catalog_favorites_tool_idx ON catalog_favorites (tool_id)`);
    await q.query(`
      CREATE TABLE catalog_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tool_id uuid NOT NULL REFERENCES catalog_tools (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
        text varchar(1000) NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tool_id, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalog_reviews`);
    await q.query(`DROP TABLE catalog_favorites`);
    await q.query(`DROP TABLE catalog_tools`);
  }
}
