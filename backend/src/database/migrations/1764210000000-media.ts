import { MigrationInterface, QueryRunner } from 'typeorm';

/** The media library: nested folders and files (uploaded or generated), with their previews. */
export class Media1764210000000 implements MigrationInterface {
  name = 'Media1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE media_folders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        parent_id uuid REFERENCES media_folders (id) ON DELETE CASCADE,
        name varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX media_folders_owner_idx ON media_folders (owner_id, parent_id)`);
    await q.query(`
      CREATE TABLE media_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        folder_id uuid REFERENCES media_folders (id) ON DELETE RESTRICT,
        name varchar(255) NOT NULL,
        mime_type varchar(127) NOT NULL,
        kind varchar(16) NOT NULL,
        size bigint NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key varchar(512) NOT NULL UNIQUE,
        thumbnail_key varchar(512),
        source varchar(16) NOT NULL,
        origin jsonb,
        width integer,
        height integer,
        duration_seconds real,
        preview_status varchar(16) NOT NULL DEFAULT 'pending',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX media_files_owner_created_idx ON media_files (owner_id, created_at DESC)`);
    await q.query(`CREATE INDEX media_files_owner_folder_idx ON media_files (owner_id, folder_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE media_files`);
    await q.query(`DROP TABLE media_folders`);
  }
}
