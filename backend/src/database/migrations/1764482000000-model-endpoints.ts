import { MigrationInterface, QueryRunner } from 'typeorm';

/** OpenAI-compatible endpoints an administrator added for everyone (issue 26 item 4), their models inline. */
export class ModelEndpoints1764482000000 implements MigrationInterface {
  name = 'ModelEndpoints1764482000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE model_endpoints (
        id uuid PRIMARY KEY,
        name varchar(120) NOT NULL,
        slug varchar(40) NOT NULL UNIQUE,
        base_url varchar(500) NOT NULL,
        api_key_sealed text,
        key_last4 varchar(4),
        models jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE model_endpoints`);
  }
}
