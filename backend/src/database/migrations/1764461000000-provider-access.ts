import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an admin allows per provider: users' own keys ("bring your own key") and the workspace's
 * shared key. A provider without a row allows both.
 */
export class ProviderAccess1764461000000 implements MigrationInterface {
  name = 'ProviderAccess1764461000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE provider_access (
        provider varchar(32) PRIMARY KEY,
        allow_own_keys boolean NOT NULL DEFAULT true,
        allow_workspace_key boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE provider_access`);
  }
}
