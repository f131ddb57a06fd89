import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agents that act: the tools and knowledge collections an agent may use and its limits; the
 * tool steps and citations of every reply; the tool settings a conversation's turns run with. The
 * built-in agents' tools come with their seed.
 */
export class AgentTools1764250000000 implements MigrationInterface {
  name = 'AgentTools1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agents ADD COLUMN tools jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE agents ADD COLUMN collection_ids jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE agents ADD COLUMN max_steps smallint NOT NULL DEFAULT 8`);
    await q.query(`ALTER TABLE agents ADD COLUMN time_limit_seconds smallint NOT NULL DEFAULT 120`);
    await q.query(`ALTER TABLE conversations ADD COLUMN tool_settings jsonb`);
    await q.query(`ALTER TABLE chat_messages ADD COLUMN steps jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE chat_messages ADD COLUMN citations jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat_messages DROP COLUMN citations`);
    await q.query(`ALTER TABLE chat_messages DROP COLUMN steps`);
    await q.query(`ALTER TABLE conversations DROP COLUMN tool_settings`);
    for (const column of ['time_limit_seconds', 'max_steps', 'collection_ids', 'tools']) await q.query(`ALTER TABLE agents DROP COLUMN ${column}`);
  }
}
