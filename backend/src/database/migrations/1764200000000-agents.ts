import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Specialised agents, and the agent a conversation was held with. The built-in agents are not
 * inserted here: the agents module's seed keeps them in step with the code (see `database/seeder.ts`).
 */
export class Agents1764200000000 implements MigrationInterface {
  name = 'Agents1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid REFERENCES users (id) ON DELETE CASCADE,
        slug varchar(32),
        name varchar(100) NOT NULL,
        description varchar(500) NOT NULL DEFAULT '',
        icon varchar(64) NOT NULL DEFAULT 'smart_toy',
        instructions text NOT NULL,
        default_model varchar(140) NOT NULL,
        temperature real NOT NULL DEFAULT 0.7,
        starters jsonb NOT NULL DEFAULT '[]',
        reference_notes text NOT NULL DEFAULT '',
        built_in boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX agents_slug_key ON agents (slug) WHERE slug IS NOT NULL`);
    await q.query(`CREATE INDEX agents_owner_idx ON agents (owner_id)`);
    await q.query(`ALTER TABLE conversations ADD COLUMN agent_id uuid REFERENCES agents (id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE conversations ADD COLUMN agent_name varchar(100)`);
    await q.query(`ALTER TABLE conversations ADD COLUMN system_prompt text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversations DROP COLUMN system_prompt`);
    await q.query(`ALTER TABLE conversations DROP COLUMN agent_name`);
    await q.query(`ALTER TABLE conversations DROP COLUMN agent_id`);
    await q.query(`DROP TABLE agents`);
  }
}
