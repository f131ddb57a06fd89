import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const VOICE_PROVIDERS = ['twilio', 'openai', 'elevenlabs', 'offline'] as const;
export type VoiceProvider = (typeof VOICE_PROVIDERS)[number];

/** How an assistant converses: Twilio's speech `<Gather>` turn by turn, or a Media Streams WebSocket (its own STT and TTS, barge-in). */
export const ASSISTANT_MODES = ['gather', 'stream'] as const;
export type AssistantMode = (typeof ASSISTANT_MODES)[number];

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** Twilio's call statuses (https://www.twilio.com/docs/voice/api/call-resource#call-status-values). */
export const CALL_STATUSES = ['queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export const FINAL_CALL_STATUSES: readonly CallStatus[] = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

export const TURN_ROLES = ['caller', 'assistant'] as const;
export type TurnRole = (typeof TURN_ROLES)[number];

/** A phone assistant: what it says, how it thinks (instructions or an agent), how it sounds, which number it answers. */
@Entity('voice_assistants')
export class VoiceAssistant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'text' })
  greeting: string;

  @Column({ type: 'text' })
  instructions: string;

  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId: string | null;

  @Column({ type: 'varchar' })
  model: string;

  @Column({ name: 'voice_provider', type: 'varchar' })
  voiceProvider: VoiceProvider;

  @Column({ name: 'voice_name', type: 'varchar' })
  voiceName: string;

  @Column({ type: 'varchar' })
  language: string;

  @Column({ name: 'phone_number', type: 'varchar', nullable: true })
  phoneNumber: string | null;

  @Column({ name: 'max_call_seconds', type: 'int' })
  maxCallSeconds: number;

  @Column({ name: 'goodbye_phrase', type: 'text' })
  goodbyePhrase: string;

  @Column({ name: 'silence_reprompts', type: 'int' })
  silenceReprompts: number;

  @Column({ name: 'silence_prompt', type: 'text' })
  silencePrompt: string;

  @Column({ name: 'record_calls', type: 'boolean' })
  recordCalls: boolean;

  @Column({ type: 'varchar' })
  mode: AssistantMode;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A Twilio account: a user's own (`ownerId`), or the workspace's (`ownerId` null, set by an admin). */
@Entity('voice_twilio_connections')
export class TwilioConnection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId: string | null;

  @Column({ name: 'account_sid', type: 'varchar' })
  accountSid: string;

  /** Sealed with the SecretBox bound to the row id; never returned, never logged. */
  @Column({ name: 'auth_token_sealed', type: 'text', select: false })
  authTokenSealed: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One phone call, inbound or outbound. */
@Entity('voice_calls')
export class VoiceCall {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ name: 'assistant_id', type: 'uuid', nullable: true })
  assistantId: string | null;

  @Column({ name: 'call_sid', type: 'varchar' })
  callSid: string;

  @Column({ type: 'varchar' })
  direction: CallDirection;

  @Column({ name: 'from_number', type: 'varchar' })
  fromNumber: string;

  @Column({ name: 'to_number', type: 'varchar' })
  toNumber: string;

  @Column({ type: 'varchar' })
  status: CallStatus;

  /** The last gather turn applied: a retried webhook with a turn at or below it is not applied again. */
  @Column({ type: 'int' })
  turn: number;

  /** Gathers in a row that heard nothing (the silence rule). */
  @Column({ name: 'silent_turns', type: 'int' })
  silentTurns: number;

  @Column({ name: 'ended_reason', type: 'varchar', nullable: true })
  endedReason: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'duration_seconds', type: 'int', nullable: true })
  durationSeconds: number | null;

  /** Twilio's price of the call (negative in Twilio's answers; kept as Twilio sends it). */
  @Column({ type: 'varchar', nullable: true })
  price: string | null;

  @Column({ name: 'price_unit', type: 'varchar', nullable: true })
  priceUnit: string | null;

  @Column({ name: 'recording_url', type: 'varchar', nullable: true })
  recordingUrl: string | null;

  @Column({ name: 'input_tokens', type: 'int' })
  inputTokens: number;

  @Column({ name: 'output_tokens', type: 'int' })
  outputTokens: number;

  /** What the models and voices of the call cost, in USD. */
  @Column({ name: 'cost_usd', type: 'double precision' })
  costUsd: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One line of a call's transcript. */
@Entity('voice_call_turns')
export class VoiceCallTurn {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'call_id', type: 'uuid' })
  callId: string;

  /** The gather turn it belongs to (0: the greeting). */
  @Column({ type: 'int' })
  turn: number;

  @Column({ type: 'varchar' })
  role: TurnRole;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'timestamptz' })
  at: Date;
}

/** Audio synthesised for a call's `<Play>`, served from a short-lived signed URL. */
@Entity('voice_audio')
export class VoiceAudio {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ name: 'mime_type', type: 'varchar' })
  mimeType: string;

  @Column({ type: 'bytea' })
  audio: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
