import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seeder's ledger (`seed_versions`: the version of each seed the database holds), and a
 * stable key for the built-in prompts so their seed can update them in place. Installations whose
 * built-in prompts were inserted by the prompts migration get the keys the seed uses: the title
 * in lower case, each run of other characters a dash ("A/B test plan" -> `a-b-test-plan`).
 */
export class SeedVersions1764260000000 implements MigrationInterface {
  name = 'SeedVersions1764260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE seed_versions (
        name varchar(100) PRIMARY KEY,
        version integer NOT NULL CHECK (version > 0),
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE prompts ADD COLUMN slug varchar(64)`);
    // Only the first of two built-ins with one title gets the key; the seed deletes the other.
    await q.query(`
      UPDATE prompts p SET slug = keyed.slug
      FROM (
        SELECT id, slug, row_number() OVER (PARTITION BY slug ORDER BY created_at, id) AS n
        FROM (SELECT id, created_at, left(trim(BOTH '-' FROM regexp_replace(lower(title), '[^a-z0-9]+', '-', 'g')), 64) AS slug FROM prompts WHERE built_in) titled
      ) keyed
      WHERE p.id = keyed.id AND keyed.n = 1`);
    await q.query(`ALTER TABLE prompts ADD CONSTRAINT prompts_slug_key UNIQUE (slug)`);
    // A key marks a built-in row: the seeds never match, update or delete a user's own.
    await q.query(`ALTER TABLE prompts ADD CONSTRAINT prompts_slug_built_in CHECK (slug IS NULL OR built_in)`);
    await q.query(`ALTER TABLE agents ADD CONSTRAINT agents_slug_built_in CHECK (slug IS NULL OR built_in)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agents DROP CONSTRAINT agents_slug_built_in`);
    await q.query(`ALTER TABLE prompts DROP COLUMN slug`);
    await q.query(`DROP TABLE seed_versions`);
  }
}
