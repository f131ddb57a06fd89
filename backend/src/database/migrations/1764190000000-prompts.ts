import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The prompt library and favourites. The built-in prompts are not inserted here: the prompts
 * module's seed keeps them in step with the code (see `database/seeder.ts`).
 */
export class Prompts1764190000000 implements MigrationInterface {
  name = 'Prompts1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE prompts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid REFERENCES users (id) ON DELETE CASCADE,
        title varchar(120) NOT NULL,
        body text NOT NULL,
        category varchar(32) NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        visibility varchar(16) NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'shared')),
        built_in boolean NOT NULL DEFAULT false,
        use_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX prompts_owner_idx ON prompts (owner_id)`);
    await q.query(`CREATE INDEX prompts_visible_idx ON prompts (visibility, built_in)`);
    await q.query(`
      CREATE TABLE prompt_favorites (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        prompt_id uuid NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, prompt_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE prompt_favorites`);
    await q.query(`DROP TABLE prompts`);
  }
}
