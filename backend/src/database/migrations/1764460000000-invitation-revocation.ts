import { MigrationInterface, QueryRunner } from 'typeorm';

/** Invitations an admin revoked before they were used: their links answer 410 from then on. */
export class InvitationRevocation1764460000000 implements MigrationInterface {
  name = 'InvitationRevocation1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitations ADD COLUMN revoked_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitations DROP COLUMN revoked_at`);
  }
}
