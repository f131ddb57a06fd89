import { MigrationInterface, QueryRunner } from 'typeorm';

/** Workspace keys: a provider key with no owner, set by an admin for every user. */
export class WorkspaceKeys1764160000000 implements MigrationInterface {
  name = 'WorkspaceKeys1764160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE provider_api_keys ALTER COLUMN owner_id DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM provider_api_keys WHERE owner_id IS NULL`);
    await q.query(`ALTER TABLE provider_api_keys ALTER COLUMN owner_id SET NOT NULL`);
  }
}
