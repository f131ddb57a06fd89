import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Voice (issue 31): phone assistants (one phone number answers one assistant in the workspace),
 * Twilio connections (a user's, or the workspace's with a null owner; the Auth Token sealed with the
 * SecretBox), calls with their transcript turns (one row per call SID; `turn` makes a retried gather
 * webhook a no-op), and the short-lived audio that `<Play>` fetches.
 */
export class Voice1764490000000 implements MigrationInterface {
  name = 'Voice1764490000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE voice_assistants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name varchar(120) NOT NULL,
        greeting text NOT NULL,
        instructions text NOT NULL,
        agent_id uuid REFERENCES agents (id) ON DELETE SET NULL,
        model varchar(200) NOT NULL,
        voice_provider varchar(16) NOT NULL CHECK (voice_provider IN ('twilio', 'openai', 'elevenlabs', 'offline')),
        voice_name varchar(80) NOT NULL,
        language varchar(16) NOT NULL,
        phone_number varchar(20),
        max_call_seconds int NOT NULL,
        goodbye_phrase text NOT NULL,
        silence_reprompts int NOT NULL,
        silence_prompt text NOT NULL,
        record_calls boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX voice_assistants_owner_idx ON voice_assistants (owner_id, created_at)`);
    await q.query(`CREATE UNIQUE INDEX voice_assistants_phone_number_key ON voice_assistants (phone_number) WHERE phone_number IS NOT NULL`);
    await q.query(`
      CREATE TABLE voice_twilio_connections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid REFERENCES users (id) ON DELETE CASCADE,
        account_sid varchar(64) NOT NULL,
        auth_token_sealed text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX voice_twilio_connections_owner_key ON voice_twilio_connections (owner_id) WHERE owner_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX voice_twilio_connections_workspace_key ON voice_twilio_connections ((owner_id IS NULL)) WHERE owner_id IS NULL`);
    await q.query(`CREATE INDEX voice_twilio_connections_account_idx ON voice_twilio_connections (account_sid)`);
    await q.query(`
      CREATE TABLE voice_calls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        assistant_id uuid REFERENCES voice_assistants (id) ON DELETE SET NULL,
        call_sid varchar(64) NOT NULL UNIQUE,
        direction varchar(8) NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        from_number varchar(32) NOT NULL,
        to_number varchar(32) NOT NULL,
        status varchar(16) NOT NULL,
        turn int NOT NULL DEFAULT 0,
        silent_turns int NOT NULL DEFAULT 0,
        ended_reason varchar(32),
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        duration_seconds int,
        price varchar(32),
        price_unit varchar(8),
        recording_url varchar(2000),
        input_tokens int NOT NULL DEFAULT 0,
        output_tokens int NOT NULL DEFAULT 0,
        cost_usd double precision NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX voice_calls_owner_idx ON voice_calls (owner_id, started_at DESC, id)`);
    await q.query(`
      CREATE TABLE voice_call_turns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_id uuid NOT NULL REFERENCES voice_calls (id) ON DELETE CASCADE,
        turn int NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('caller', 'assistant')),
        text text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (call_id, turn, role)
      )`);
    await q.query(`
      CREATE TABLE voice_audio (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        mime_type varchar(64) NOT NULL,
        audio bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX voice_audio_created_idx ON voice_audio (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE voice_audio`);
    await q.query(`DROP TABLE voice_call_turns`);
    await q.query(`DROP TABLE voice_calls`);
    await q.query(`DROP TABLE voice_twilio_connections`);
    await q.query(`DROP TABLE voice_assistants`);
  }
}
