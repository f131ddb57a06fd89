import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collaboration notifications (issue 27): a message in one of my conversations, a mention of me, a
 * conversation shared with me. One row per user and message (a mention upgrades the message's row),
 * read one by one, all at once, or when the conversation is read.
 */
export class CollabNotifications1764494000000 implements MigrationInterface {
  name = 'CollabNotifications1764494000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE collab_notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind varchar(16) NOT NULL,
        actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
        message_id uuid REFERENCES collab_messages (id) ON DELETE CASCADE,
        conversation_key varchar(80),
        channel_id uuid,
        project_id uuid,
        recipient_id uuid,
        conversation_id uuid,
        excerpt text NOT NULL DEFAULT '',
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX collab_notifications_user_idx ON collab_notifications (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX collab_notifications_unread_idx ON collab_notifications (user_id, conversation_key) WHERE read_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX collab_notifications_message_idx ON collab_notifications (user_id, message_id) WHERE message_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE collab_notifications`);
  }
}
