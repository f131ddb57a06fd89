import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pipedream (issue 30): one connection per user — the OAuth client id, the project and its
 * environment in the clear, the client secret sealed with the SecretBox bound to the owner id —
 * and when Pipedream last accepted them.
 */
export class PipedreamConnections1764492000000 implements MigrationInterface {
  name = 'PipedreamConnections1764492000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pipedream_connections (
        owner_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        client_id varchar(200) NOT NULL,
        project_id varchar(200) NOT NULL,
        environment varchar(20) NOT NULL,
        client_secret_sealed text NOT NULL,
        checked_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pipedream_connections`);
  }
}
