import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Merged answers in chat (issue 25): a reply's `kind` is `reply` (a model's column) or `merged`
 * (one model's synthesis of a turn's columns, kept beside them). A merged answer hangs under the
 * question like a column does; its versions are the turn's other merged answers.
 */
export class MergedAnswers1764440000000 implements MigrationInterface {
  name = 'MergedAnswers1764440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat_messages ADD COLUMN kind varchar NOT NULL DEFAULT 'reply'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat_messages DROP COLUMN kind`);
  }
}
