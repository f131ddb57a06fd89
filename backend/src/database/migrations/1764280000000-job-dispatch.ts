import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-user job concurrency: a user's job row waits in PostgreSQL (`dispatched = false`) until fewer
 * than `WEBOX_JOBS_PER_USER` of that user's jobs are in the queue or running. Rows that exist
 * already are in the queue, hence the default.
 */
export class JobDispatch1764280000000 implements MigrationInterface {
  name = 'JobDispatch1764280000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs ADD COLUMN dispatched boolean NOT NULL DEFAULT true`);
    await q.query(`CREATE INDEX jobs_owner_unfinished ON jobs (owner_id, created_at) WHERE status IN ('queued', 'running')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX jobs_owner_unfinished`);
    await q.query(`ALTER TABLE jobs DROP COLUMN dispatched`);
  }
}
