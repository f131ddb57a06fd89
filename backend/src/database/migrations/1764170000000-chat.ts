import { MigrationInterface, QueryRunner } from 'typeorm';

/** Conversations and their messages: one user message per turn, one reply per model per turn. */
export class Chat1764170000000 implements MigrationInterface {
  name = 'Chat1764170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        title varchar(200) NOT NULL,
        pinned boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX conversations_owner_idx ON conversations (owner_id, pinned DESC, updated_at DESC)`);
    await q.query(`CREATE INDEX conversations_title_fts_idx ON conversations USING gin (to_tsvector('simple', title))`);

    await q.query(`
      CREATE TABLE chat_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        turn integer NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('user', 'assistant')),
        position smallint NOT NULL DEFAULT 0,
        model varchar(140),
        provider varchar(32),
        content text NOT NULL DEFAULT '',
        status varchar(16) NOT NULL CHECK (status IN ('streaming', 'complete', 'stopped', 'error')),
        error text,
        input_tokens integer,
        output_tokens integer,
        cost numeric(16, 8),
        ttft_ms integer,
        duration_ms integer,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX chat_messages_conversation_idx ON chat_messages (conversation_id, turn)`);
    await q.query(`CREATE INDEX chat_messages_usage_idx ON chat_messages (owner_id, created_at) WHERE role = 'assistant'`);
    await q.query(`CREATE INDEX chat_messages_fts_idx ON chat_messages USING gin (to_tsvector('simple', content))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE chat_messages`);
    await q.query(`DROP TABLE conversations`);
  }
}
