import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A conversation becomes a tree (issue 24, edit and resend): a user message's `parent_id` is the
 * user message before it on its branch (null for the first), a reply's is the user message it
 * answers; an edited message is a sibling of the one it replaces, a regenerated reply a sibling of
 * the model's earlier ones. The conversation's `selection` remembers which sibling is on screen
 * where the user chose one (otherwise the newest is). `truncated` marks a reply cut by its length
 * limit, which may be continued. Existing conversations become a single branch.
 */
export class ChatBranches1764400000000 implements MigrationInterface {
  name = 'ChatBranches1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat_messages ADD COLUMN parent_id uuid REFERENCES chat_messages (id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE chat_messages ADD COLUMN truncated boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE conversations ADD COLUMN selection jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await ChatBranches1764400000000.linkTurns(q);
    await q.query(`CREATE INDEX chat_messages_parent_idx ON chat_messages (parent_id)`);
  }

  /** Each conversation's turns as one branch: a reply under its turn's question, a question under the previous turn's. */
  static async linkTurns(q: { query(sql: string): Promise<unknown> }): Promise<void> {
    await q.query(`
      UPDATE chat_messages m SET parent_id = u.id
        FROM chat_messages u
       WHERE m.role = 'assistant' AND u.role = 'user' AND u.conversation_id = m.conversation_id AND u.turn = m.turn`);
    await q.query(`
      UPDATE chat_messages m SET parent_id = p.id
        FROM chat_messages p
       WHERE m.role = 'user' AND p.role = 'user' AND p.conversation_id = m.conversation_id AND p.turn = m.turn - 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversations DROP COLUMN selection`);
    await q.query(`ALTER TABLE chat_messages DROP COLUMN truncated`);
    await q.query(`ALTER TABLE chat_messages DROP COLUMN parent_id`);
  }
}
