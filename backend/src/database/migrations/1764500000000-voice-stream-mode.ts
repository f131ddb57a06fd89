import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Streaming phone conversations (issue 31 item 6): an assistant answers in `gather` mode (Twilio's
 * `<Gather input="speech">`, as before) or in `stream` mode (Twilio Media Streams over a WebSocket).
 */
export class VoiceStreamMode1764500000000 implements MigrationInterface {
  name = 'VoiceStreamMode1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE voice_assistants ADD COLUMN mode varchar(16) NOT NULL DEFAULT 'gather'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE voice_assistants DROP COLUMN mode`);
  }
}
