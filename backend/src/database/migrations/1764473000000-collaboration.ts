import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collaboration, first slice (issue 27): projects with members and roles, one channel per project,
 * messages in a channel or between two users (a direct conversation), thread replies, and each
 * user's read marker per conversation. `seq` orders messages and is what cursors compare.
 */
export class Collaboration1764473000000 implements MigrationInterface {
  name = 'Collaboration1764473000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE collab_projects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(80) NOT NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE collab_project_members (
        project_id uuid NOT NULL REFERENCES collab_projects (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role varchar(16) NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, user_id)
      )`);
    await q.query(`CREATE INDEX collab_project_members_user_idx ON collab_project_members (user_id)`);
    await q.query(`
      CREATE TABLE collab_channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL UNIQUE REFERENCES collab_projects (id) ON DELETE CASCADE,
        name varchar(80) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE collab_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        conversation_key varchar(80) NOT NULL,
        channel_id uuid REFERENCES collab_channels (id) ON DELETE CASCADE,
        recipient_id uuid REFERENCES users (id) ON DELETE CASCADE,
        sender_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        reply_to_id uuid REFERENCES collab_messages (id) ON DELETE CASCADE,
        body text,
        edited_at timestamptz,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((channel_id IS NULL) <> (recipient_id IS NULL))
      )`);
    await q.query(`CREATE INDEX collab_messages_conversation_idx ON collab_messages (conversation_key, seq)`);
    await q.query(`CREATE INDEX collab_messages_reply_idx ON collab_messages (reply_to_id, seq) WHERE reply_to_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE collab_read_markers (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        conversation_key varchar(80) NOT NULL,
        last_read_seq bigint NOT NULL,
        PRIMARY KEY (user_id, conversation_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE collab_read_markers`);
    await q.query(`DROP TABLE collab_messages`);
    await q.query(`DROP TABLE collab_channels`);
    await q.query(`DROP TABLE collab_project_members`);
    await q.query(`DROP TABLE collab_projects`);
  }
}
