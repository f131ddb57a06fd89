import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 24 items 1 and 8: conversations can be archived and filed in a folder of the user's own
 * naming, the sidebar searches titles by substring, and a reply read aloud is kept per message,
 * model and voice so playing it again costs nothing.
 */
export class ConversationSidebar1764300000000 implements MigrationInterface {
  name = 'ConversationSidebar1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversations ADD COLUMN archived boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE conversations ADD COLUMN folder varchar(60)`);
    await q.query(`DROP INDEX conversations_owner_idx`);
    await q.query(`CREATE INDEX conversations_owner_idx ON conversations (owner_id, archived, pinned DESC, updated_at DESC)`);
    await q.query(`CREATE INDEX conversations_owner_folder_idx ON conversations (owner_id, folder) WHERE folder IS NOT NULL`);
    await q.query(`
      CREATE TABLE chat_message_speech (
        message_id uuid NOT NULL REFERENCES chat_messages (id) ON DELETE CASCADE,
        model varchar NOT NULL,
        voice varchar NOT NULL,
        mime_type varchar NOT NULL,
        audio bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (message_id, model, voice)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE chat_message_speech`);
    await q.query(`DROP INDEX conversations_owner_folder_idx`);
    await q.query(`DROP INDEX conversations_owner_idx`);
    await q.query(`CREATE INDEX conversations_owner_idx ON conversations (owner_id, pinned DESC, updated_at DESC)`);
    await q.query(`ALTER TABLE conversations DROP COLUMN folder`);
    await q.query(`ALTER TABLE conversations DROP COLUMN archived`);
  }
}
