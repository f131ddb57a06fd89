import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shared chat conversations (issue 27): a conversation shared by its owner with a user or with a
 * project's members, to read or to continue; and at most one public read-only link per
 * conversation, kept as the SHA-256 of its token (the token itself is shown once), optionally expiring.
 */
export class ConversationShares1764481000000 implements MigrationInterface {
  name = 'ConversationShares1764481000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conversation_shares (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        project_id uuid REFERENCES collab_projects (id) ON DELETE CASCADE,
        permission varchar(16) NOT NULL CHECK (permission IN ('read', 'continue')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((user_id IS NULL) <> (project_id IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX conversation_shares_user_uq ON conversation_shares (conversation_id, user_id) WHERE user_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX conversation_shares_project_uq ON conversation_shares (conversation_id, project_id) WHERE project_id IS NOT NULL`);
    await q.query(`CREATE INDEX conversation_shares_user_idx ON conversation_shares (user_id) WHERE user_id IS NOT NULL`);
    await q.query(`CREATE INDEX conversation_shares_project_idx ON conversation_shares (project_id) WHERE project_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE conversation_share_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL UNIQUE REFERENCES conversations (id) ON DELETE CASCADE,
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash varchar(64) NOT NULL UNIQUE,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE conversation_share_links`);
    await q.query(`DROP TABLE conversation_shares`);
  }
}
