import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Media folders, prompts and agents shared with a project by one of its members (issue 27 §3), and
 * the author of a user turn sent by someone other than the conversation's owner. A share names its
 * resource by kind and id without a foreign key (the resource lives in another area's table; one
 * that is deleted drops out of the lists, which ask its area); it goes with its project.
 */
export class ProjectShares1764535000000 implements MigrationInterface {
  name = 'ProjectShares1764535000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE collab_project_shares (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      project_id uuid NOT NULL REFERENCES collab_projects(id) ON DELETE CASCADE,
      kind varchar NOT NULL,
      resource_id uuid NOT NULL,
      shared_by uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT collab_project_shares_unique UNIQUE (project_id, kind, resource_id)
    )`);
    // "What is shared with me" joins from the member's projects to their shares of one kind.
    await q.query(`CREATE INDEX collab_project_shares_resource ON collab_project_shares (kind, resource_id)`);
    await q.query(`ALTER TABLE chat_messages ADD COLUMN author_id uuid NULL REFERENCES users(id) ON DELETE SET NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat_messages DROP COLUMN author_id`);
    await q.query(`DROP TABLE collab_project_shares`);
  }
}
