import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an admin decides per catalogue model (issue 26 item 4): enabled for the workspace, turned
 * off for some roles, and which one is the workspace's default chat model (at most one row).
 * A model without a row is enabled for everyone.
 */
export class ModelSettings1764470000000 implements MigrationInterface {
  name = 'ModelSettings1764470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE model_settings (
        model_id varchar(200) PRIMARY KEY,
        enabled boolean NOT NULL DEFAULT true,
        disabled_roles text[] NOT NULL DEFAULT '{}',
        is_default boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX model_settings_one_default ON model_settings (is_default) WHERE is_default`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE model_settings`);
  }
}
