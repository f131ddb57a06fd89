import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provider keys are verified with a real call when saved: what the last check found is kept on the
 * key (`ok`, `failing` with the vendor's reason, or `unchecked` for keys from before and providers
 * with no cheap call). Users can put away the home page's first-run checklist.
 */
export class KeyChecksAndOnboarding1764320000000 implements MigrationInterface {
  name = 'KeyChecksAndOnboarding1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE provider_api_keys ADD COLUMN status varchar NOT NULL DEFAULT 'unchecked'`);
    await q.query(`ALTER TABLE provider_api_keys ADD COLUMN last_checked_at timestamptz`);
    await q.query(`ALTER TABLE provider_api_keys ADD COLUMN last_error text`);
    await q.query(`ALTER TABLE users ADD COLUMN onboarding_dismissed_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN onboarding_dismissed_at`);
    await q.query(`ALTER TABLE provider_api_keys DROP COLUMN last_error`);
    await q.query(`ALTER TABLE provider_api_keys DROP COLUMN last_checked_at`);
    await q.query(`ALTER TABLE provider_api_keys DROP COLUMN status`);
  }
}
