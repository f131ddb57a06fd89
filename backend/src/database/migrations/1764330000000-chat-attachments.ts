import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files attached to a user's chat message (issue 24): media-library ids with their name, type and
 * size, and for documents the text the models were given, so history, reload and export show them
 * and later turns still see them.
 */
export class ChatAttachments1764330000000 implements MigrationInterface {
  name = 'ChatAttachments1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat_messages ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat_messages DROP COLUMN attachments`);
  }
}
