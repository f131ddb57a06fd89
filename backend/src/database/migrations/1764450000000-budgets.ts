import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budgets and quotas (issue 26): one row per scope — the default (`subject` ''), a role, a user —
 * each limit null when that scope leaves it to the next one (user, then role, then default).
 * The report reads `usage_records` by period: an index on its creation time for every user at once.
 */
export class Budgets1764450000000 implements MigrationInterface {
  name = 'Budgets1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE budget_limits (
        scope varchar(8) NOT NULL CHECK (scope IN ('default', 'role', 'user')),
        subject varchar(64) NOT NULL DEFAULT '',
        monthly_cost_usd numeric CHECK (monthly_cost_usd >= 0),
        daily_requests integer CHECK (daily_requests >= 0),
        storage_bytes bigint CHECK (storage_bytes >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, subject)
      )`);
    await q.query(`CREATE INDEX usage_records_created_idx ON usage_records (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX usage_records_created_idx`);
    await q.query(`DROP TABLE budget_limits`);
  }
}
