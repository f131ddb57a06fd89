import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments of collaboration messages (issue 27): files of the media library, by id, in the order
 * the sender gave them. No foreign key: a file its owner deletes simply drops out of the messages that
 * named it (they list the files that still exist).
 */
export class CollabAttachments1764510000000 implements MigrationInterface {
  name = 'CollabAttachments1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE collab_messages ADD COLUMN attachment_ids uuid[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE collab_messages DROP COLUMN attachment_ids`);
  }
}
