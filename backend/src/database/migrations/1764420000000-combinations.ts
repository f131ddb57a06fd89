import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * AI combinations (issue 25): saved workflows, their runs, and each run's steps. A step's row is
 * written as the step ends, so a run resumed after a crash skips what already finished.
 */
export class Combinations1764420000000 implements MigrationInterface {
  name = 'Combinations1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE combination_workflows (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name varchar(120) NOT NULL,
        description text NOT NULL DEFAULT '',
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX combination_workflows_owner_idx ON combination_workflows (owner_id, updated_at DESC)`);
    await q.query(`
      CREATE TABLE combination_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        workflow_id uuid REFERENCES combination_workflows (id) ON DELETE SET NULL,
        workflow_name varchar(120) NOT NULL,
        definition jsonb NOT NULL,
        inputs jsonb NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        job_id uuid,
        rerun_of uuid REFERENCES combination_runs (id) ON DELETE SET NULL,
        error text,
        failed_step_id varchar(40),
        cost_usd numeric(12, 6) NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX combination_runs_owner_idx ON combination_runs (owner_id, created_at DESC)`);
    await q.query(`CREATE INDEX combination_runs_workflow_idx ON combination_runs (workflow_id) WHERE workflow_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE combination_run_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES combination_runs (id) ON DELETE CASCADE,
        step_id varchar(40) NOT NULL,
        position smallint NOT NULL,
        kind varchar(16) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled')),
        reused boolean NOT NULL DEFAULT false,
        rendered_input text,
        output text,
        model varchar(120),
        duration_ms integer,
        input_tokens integer NOT NULL DEFAULT 0,
        output_tokens integer NOT NULL DEFAULT 0,
        cost_usd numeric(12, 6) NOT NULL DEFAULT 0,
        error text,
        media_file_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
        started_at timestamptz,
        finished_at timestamptz,
        UNIQUE (run_id, step_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE combination_run_steps`);
    await q.query(`DROP TABLE combination_runs`);
    await q.query(`DROP TABLE combination_workflows`);
  }
}
