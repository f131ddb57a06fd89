import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard: the activity feed (one row per domain event that names a user, kept 90 days and
 * at most 500 per user) and the indexes that keep the monthly figures an index range per user:
 * conversations and messages by owner and creation time, and the usage ledger covering the
 * columns the figures add up (an index-only scan, however many rows a user has).
 */
export class Dashboard1764480000000 implements MigrationInterface {
  name = 'Dashboard1764480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE activity_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        occurred_at timestamptz NOT NULL,
        summary jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX activity_events_user_idx ON activity_events (user_id, occurred_at DESC)`);
    await q.query(`CREATE INDEX conversations_owner_created_idx ON conversations (owner_id, created_at)`);
    await q.query(`CREATE INDEX chat_messages_owner_created_idx ON chat_messages (owner_id, created_at)`);
    await q.query(`DROP INDEX usage_records_owner_idx`);
    await q.query(`CREATE INDEX usage_records_owner_idx ON usage_records (owner_id, created_at) INCLUDE (provider, input_tokens, output_tokens, cost)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX usage_records_owner_idx`);
    await q.query(`CREATE INDEX usage_records_owner_idx ON usage_records (owner_id, created_at)`);
    await q.query(`DROP INDEX chat_messages_owner_created_idx`);
    await q.query(`DROP INDEX conversations_owner_created_idx`);
    await q.query(`DROP TABLE activity_events`);
  }
}
