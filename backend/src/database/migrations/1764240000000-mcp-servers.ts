import { MigrationInterface, QueryRunner } from 'typeorm';

/** Model Context Protocol servers: a user's own, or shared by an admin (owner NULL) with everyone. */
export class McpServers1764240000000 implements MigrationInterface {
  name = 'McpServers1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mcp_servers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid REFERENCES users (id) ON DELETE CASCADE,
        name varchar(80) NOT NULL,
        transport varchar(8) NOT NULL CHECK (transport IN ('http', 'stdio')),
        url text,
        command text,
        args jsonb NOT NULL DEFAULT '[]',
        token_encrypted text,
        allowlisted boolean NOT NULL DEFAULT false,
        enabled boolean NOT NULL DEFAULT true,
        status varchar(8) NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown', 'ok', 'error')),
        last_error text,
        tools jsonb NOT NULL DEFAULT '[]',
        checked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((transport = 'http' AND url IS NOT NULL) OR (transport = 'stdio' AND command IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX mcp_servers_owner_idx ON mcp_servers (owner_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mcp_servers`);
  }
}
