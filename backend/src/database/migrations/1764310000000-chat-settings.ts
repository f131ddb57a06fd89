import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-chat settings (issue 24): a conversation keeps its sampling settings for its follow-ups and
 * regenerations; presets keep a set of models and settings to apply again; a user has a default
 * chat model and favourite models.
 */
export class ChatSettings1764310000000 implements MigrationInterface {
  name = 'ChatSettings1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversations ADD COLUMN settings jsonb`);
    await q.query(`
      CREATE TABLE chat_presets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        models text[] NOT NULL DEFAULT '{}',
        system_prompt text,
        temperature real,
        top_p real,
        max_tokens integer,
        model_settings jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX chat_presets_owner_id ON chat_presets (owner_id, name)`);
    await q.query(`ALTER TABLE users ADD COLUMN default_chat_model varchar(140)`);
    await q.query(`ALTER TABLE users ADD COLUMN favorite_models text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN favorite_models`);
    await q.query(`ALTER TABLE users DROP COLUMN default_chat_model`);
    await q.query(`DROP TABLE chat_presets`);
    await q.query(`ALTER TABLE conversations DROP COLUMN settings`);
  }
}
