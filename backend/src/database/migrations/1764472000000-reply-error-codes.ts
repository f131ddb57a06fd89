import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A failed reply keeps why it failed as a code and its values (issue 24 item 10): `error_code`
 * (`PROVIDER_RATE_LIMITED`, `MODEL_CANNOT_SEE_IMAGES`...) and `error_params` (`{ provider }`...),
 * so that a client shows the reason in the reader's language; `error` keeps the English sentence.
 */
export class ReplyErrorCodes1764472000000 implements MigrationInterface {
  name = 'ReplyErrorCodes1764472000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat_messages ADD COLUMN error_code varchar(64), ADD COLUMN error_params jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat_messages DROP COLUMN error_code, DROP COLUMN error_params`);
  }
}
