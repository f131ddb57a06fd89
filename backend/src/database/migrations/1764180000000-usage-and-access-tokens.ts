import { MigrationInterface, QueryRunner } from 'typeorm';

/** One ledger of tokens and cost for every model call (chat, API gateway, later jobs); personal access tokens. */
export class UsageAndAccessTokens1764180000000 implements MigrationInterface {
  name = 'UsageAndAccessTokens1764180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE usage_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        source varchar(16) NOT NULL,
        provider varchar(32) NOT NULL,
        model varchar(140) NOT NULL,
        input_tokens integer NOT NULL DEFAULT 0,
        output_tokens integer NOT NULL DEFAULT 0,
        cost numeric(16, 8) NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX usage_records_owner_idx ON usage_records (owner_id, created_at)`);
    await q.query(`
      INSERT INTO usage_records (owner_id, source, provider, model, input_tokens, output_tokens, cost, created_at)
      SELECT owner_id, 'chat', provider, model, coalesce(input_tokens, 0), coalesce(output_tokens, 0), coalesce(cost, 0), created_at
        FROM chat_messages WHERE role = 'assistant' AND model IS NOT NULL AND status <> 'streaming'`);

    await q.query(`
      CREATE TABLE personal_access_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        token_hash char(64) NOT NULL,
        token_hint varchar(32) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX personal_access_tokens_hash_key ON personal_access_tokens (token_hash)`);
    await q.query(`CREATE INDEX personal_access_tokens_owner_idx ON personal_access_tokens (owner_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE personal_access_tokens`);
    await q.query(`DROP TABLE usage_records`);
  }
}
