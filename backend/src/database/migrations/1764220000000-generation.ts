import { MigrationInterface, QueryRunner } from 'typeorm';

/** Generation jobs: what a job cost, which run of it is current (retries), and listing a user's jobs by time. */
export class Generation1764220000000 implements MigrationInterface {
  name = 'Generation1764220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs ADD COLUMN cost_usd numeric(12, 6) NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE jobs ADD COLUMN round integer NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX jobs_owner_created_idx ON jobs (owner_id, created_at DESC) WHERE owner_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX jobs_owner_created_idx`);
    await q.query(`ALTER TABLE jobs DROP COLUMN round`);
    await q.query(`ALTER TABLE jobs DROP COLUMN cost_usd`);
  }
}
