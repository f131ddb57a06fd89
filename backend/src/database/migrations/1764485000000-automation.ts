import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Automation (issue 30): triggers (a user's URL subscribed to domain events, its signing secret
 * sealed with the SecretBox), their deliveries (the row is the queue: `next_attempt_at` says when
 * the next attempt is due, so a retry survives a restart with or without Redis) and every attempt;
 * hooks (a URL that runs one of the owner's saved workflows; only the secret's SHA-256 is kept) and
 * their calls.
 */
export class Automation1764485000000 implements MigrationInterface {
  name = 'Automation1764485000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE automation_triggers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name varchar(120) NOT NULL,
        url varchar(2000) NOT NULL,
        events text[] NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        secret_sealed text NOT NULL,
        consecutive_failures int NOT NULL DEFAULT 0,
        last_delivery_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX automation_triggers_owner_idx ON automation_triggers (owner_id, created_at)`);
    await q.query(`
      CREATE TABLE automation_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trigger_id uuid NOT NULL REFERENCES automation_triggers (id) ON DELETE CASCADE,
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        message_id varchar(64) NOT NULL,
        event_type varchar(80) NOT NULL,
        body text NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        expires_at timestamptz NOT NULL,
        last_status_code int,
        last_error text,
        redelivery_of uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX automation_deliveries_trigger_idx ON automation_deliveries (trigger_id, created_at DESC)`);
    await q.query(`CREATE INDEX automation_deliveries_due_idx ON automation_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE automation_delivery_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delivery_id uuid NOT NULL REFERENCES automation_deliveries (id) ON DELETE CASCADE,
        attempt int NOT NULL,
        status_code int,
        duration_ms int NOT NULL,
        response_excerpt varchar(1024),
        error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX automation_delivery_attempts_delivery_idx ON automation_delivery_attempts (delivery_id, attempt)`);
    await q.query(`
      CREATE TABLE automation_hooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name varchar(120) NOT NULL,
        workflow_id uuid NOT NULL REFERENCES combination_workflows (id) ON DELETE CASCADE,
        secret_hash varchar(64) NOT NULL,
        secret_hint varchar(8) NOT NULL,
        revoked_at timestamptz,
        last_called_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX automation_hooks_owner_idx ON automation_hooks (owner_id, created_at)`);
    await q.query(`
      CREATE TABLE automation_hook_calls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        hook_id uuid NOT NULL REFERENCES automation_hooks (id) ON DELETE CASCADE,
        status_code int NOT NULL,
        run_id uuid,
        error text,
        duration_ms int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX automation_hook_calls_hook_idx ON automation_hook_calls (hook_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE automation_hook_calls`);
    await q.query(`DROP TABLE automation_hooks`);
    await q.query(`DROP TABLE automation_delivery_attempts`);
    await q.query(`DROP TABLE automation_deliveries`);
    await q.query(`DROP TABLE automation_triggers`);
  }
}
