import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who has used each prompt, once per person: `use_count` becomes the number of different users,
 * so calling `POST /api/prompts/{id}/use` again and again no longer pushes a shared prompt up the
 * "popular" ranking. Counts from before have no record of who used what and are kept as they are.
 */
export class PromptUses1764270000000 implements MigrationInterface {
  name = 'PromptUses1764270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE prompt_uses (
        prompt_id uuid NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        first_used_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (prompt_id, user_id)
      )`);
    await q.query(`CREATE INDEX prompt_uses_user_id ON prompt_uses (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE prompt_uses`);
  }
}
