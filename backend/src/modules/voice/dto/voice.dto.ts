import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../../common/pagination';
import { Optional } from '../../../common/validation';
import { ASSISTANT_MODES, CALL_DIRECTIONS, CALL_STATUSES, VOICE_PROVIDERS, type AssistantMode, TURN_ROLES, type CallDirection, type CallStatus, type TurnRole, type VoiceProvider } from '../voice.entities';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** E.164: `+` then 2 to 15 digits, the first not 0. */
export const E164 = /^\+[1-9]\d{1,14}$/;
/** BCP 47 as Twilio takes it for speech recognition and `<Say>`: `en-US`, `fr-FR`, `es`. */
export const LANGUAGE = /^[a-z]{2,3}(-[A-Z][a-zA-Z]{1,3}|-\d{3})?$/;

@ApiSchema({ description: "How the assistant sounds: a Twilio `<Say>` voice (`alice`, `man`, `woman`, `Polly.Joanna`, `Google.en-US-Neural2-A`), or a voice of a speech model played with `<Play>` (openai, elevenlabs, or the offline voice)." })
export class VoiceChoiceDto {
  @ApiProperty({ enum: VOICE_PROVIDERS })
  @IsIn(VOICE_PROVIDERS)
  provider: VoiceProvider;

  @ApiProperty({ description: 'The voice of that provider (`Polly.Joanna`; `alloy`; `Rachel`; `warm`)', maxLength: 80 })
  @IsString()
  @Length(1, 80)
  voice: string;
}

export class VoiceAssistantInputDto {
  @ApiProperty({ maxLength: 120 })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name: string;

  /** What the assistant says when it picks up. */
  @ApiProperty({ maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @Length(1, 1000)
  greeting: string;

  /** How the assistant behaves (its system prompt); may be empty when it speaks as an agent. */
  @ApiPropertyOptional({ maxLength: 20000 })
  @Optional()
  @IsString()
  @MaxLength(20000)
  instructions?: string;

  /** An agent (yours or built in) to speak as: its instructions, tools and knowledge. */
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Optional({ nullable: true })
  @IsUUID()
  agentId?: string | null;

  /** A chat model (`GET /api/chat/models`); the agent's own model when absent and an agent is set, the offline model otherwise. */
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  model?: string;

  @ApiPropertyOptional({ type: VoiceChoiceDto, description: 'Default: Twilio `alice`' })
  @Optional()
  @ValidateNested()
  @Type(() => VoiceChoiceDto)
  voice?: VoiceChoiceDto;

  @ApiPropertyOptional({ description: 'BCP 47 (`en-US`, `fr-FR`); default `en-US`', maxLength: 16 })
  @Optional()
  @Matches(LANGUAGE, { message: 'language must be a BCP 47 tag such as en-US or fr-FR' })
  language?: string;

  /** The Twilio number it answers, E.164 (`+14155550100`); one assistant per number in the workspace. */
  @ApiPropertyOptional({ nullable: true, example: '+14155550100' })
  @Optional({ nullable: true })
  @Matches(E164, { message: 'phoneNumber must be E.164, such as +14155550100' })
  phoneNumber?: string | null;

  @ApiPropertyOptional({ minimum: 30, maximum: 3600, default: 600 })
  @Optional()
  @IsInt()
  @Min(30)
  @Max(3600)
  maxCallSeconds?: number;

  /** Said before the assistant hangs up (goodbye, silence, time limit). */
  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  goodbyePhrase?: string;

  /** How many times the assistant asks again when it hears nothing, before it hangs up. */
  @ApiPropertyOptional({ minimum: 0, maximum: 5, default: 2 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(5)
  silenceReprompts?: number;

  /** What it says when it heard nothing. */
  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  silencePrompt?: string;

  @ApiPropertyOptional({ default: false })
  @Optional()
  @IsBoolean()
  recordCalls?: boolean;

  /**
   * `gather` (default): Twilio recognises the caller's speech turn by turn. `stream`: Twilio Media Streams
   * carry the call's audio over a WebSocket; Webox transcribes it (an STT provider: an OpenAI key), answers
   * in a synthesised voice (not a Twilio `<Say>` voice), and the caller can interrupt it.
   */
  @ApiPropertyOptional({ enum: ASSISTANT_MODES, default: 'gather' })
  @Optional()
  @IsIn(ASSISTANT_MODES)
  mode?: AssistantMode;
}

export class VoiceAssistantPatchDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 1000)
  greeting?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @Optional()
  @IsString()
  @MaxLength(20000)
  instructions?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Optional({ nullable: true })
  @IsUUID()
  agentId?: string | null;

  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  model?: string;

  @ApiPropertyOptional({ type: VoiceChoiceDto })
  @Optional()
  @ValidateNested()
  @Type(() => VoiceChoiceDto)
  voice?: VoiceChoiceDto;

  @ApiPropertyOptional({ maxLength: 16 })
  @Optional()
  @Matches(LANGUAGE, { message: 'language must be a BCP 47 tag such as en-US or fr-FR' })
  language?: string;

  @ApiPropertyOptional({ nullable: true })
  @Optional({ nullable: true })
  @Matches(E164, { message: 'phoneNumber must be E.164, such as +14155550100' })
  phoneNumber?: string | null;

  @ApiPropertyOptional({ minimum: 30, maximum: 3600 })
  @Optional()
  @IsInt()
  @Min(30)
  @Max(3600)
  maxCallSeconds?: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  goodbyePhrase?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 5 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(5)
  silenceReprompts?: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  silencePrompt?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  recordCalls?: boolean;

  /**
   * `gather` (default): Twilio recognises the caller's speech turn by turn. `stream`: Twilio Media Streams
   * carry the call's audio over a WebSocket; Webox transcribes it (an STT provider: an OpenAI key), answers
   * in a synthesised voice (not a Twilio `<Say>` voice), and the caller can interrupt it.
   */
  @ApiPropertyOptional({ enum: ASSISTANT_MODES })
  @Optional()
  @IsIn(ASSISTANT_MODES)
  mode?: AssistantMode;
}

export class VoiceAssistantDto {
  id: string;
  name: string;
  greeting: string;
  instructions: string;
  agentId: string | null;
  model: string;
  voice: VoiceChoiceDto;
  language: string;
  phoneNumber: string | null;
  maxCallSeconds: number;
  goodbyePhrase: string;
  silenceReprompts: number;
  silencePrompt: string;
  recordCalls: boolean;
  @ApiProperty({ enum: ASSISTANT_MODES })
  mode: AssistantMode;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
}

export class TwilioCredentialsDto {
  @ApiProperty({ description: 'Account SID: `AC` and 32 hex digits', example: 'AC00000000000000000000000000000000' })
  @Transform(trim)
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'accountSid must be AC followed by 32 hexadecimal digits' })
  accountSid: string;

  @ApiProperty({ description: 'Auth Token (checked with Twilio, stored encrypted, never returned)' })
  @Transform(trim)
  @IsString()
  @Length(8, 128)
  authToken: string;
}

export class TwilioConnectionDto {
  connected: boolean;
  /** Whose account calls use: the user's own, the workspace's (an admin's), or none. */
  @ApiProperty({ enum: ['user', 'workspace', 'none'] })
  source: 'user' | 'workspace' | 'none';
  /** `AC12…cdef`; null when not connected. */
  accountSid: string | null;
  /** Whether WEBOX_PUBLIC_URL is set (Twilio must reach Webox at it). */
  publicUrlConfigured: boolean;
  /** The URL to set as a number's voice webhook. */
  webhookUrl: string | null;
}

export class TwilioNumberDto {
  /** `PN…` */
  sid: string;
  /** E.164. */
  phoneNumber: string;
  friendlyName: string;
  voiceUrl: string | null;
  /** The assistant of yours that answers it, if any. */
  assistantId: string | null;
}

export class ConnectNumberDto {
  @ApiProperty({ format: 'uuid', description: 'The assistant that answers the number' })
  @IsUUID()
  assistantId: string;
}

export class PlaceCallDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  assistantId: string;

  @ApiProperty({ description: 'The number to call, E.164', example: '+14155550123' })
  @Matches(E164, { message: 'to must be E.164, such as +14155550123' })
  to: string;
}

export class CallQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  assistantId?: string;

  @ApiPropertyOptional({ enum: CALL_STATUSES })
  @Optional()
  @IsIn(CALL_STATUSES)
  status?: CallStatus;

  /** Calls started at or after (ISO 8601). */
  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsDateString()
  from?: string;

  /** Calls started before (ISO 8601). */
  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsDateString()
  to?: string;
}

export class CallTurnDto {
  @ApiProperty({ enum: TURN_ROLES })
  role: TurnRole;
  text: string;
  /** ISO 8601. */
  at: string;
}

export class CallUsageDto {
  inputTokens: number;
  outputTokens: number;
  /** Models and synthesised voices, USD. */
  costUsd: number;
  /** Twilio's own price of the call as it reported it (`-0.0130`), null until known. */
  twilioPrice: string | null;
  twilioPriceUnit: string | null;
}

export class VoiceCallDto {
  id: string;
  assistantId: string | null;
  callSid: string;
  @ApiProperty({ enum: CALL_DIRECTIONS })
  direction: CallDirection;
  from: string;
  to: string;
  @ApiProperty({ enum: CALL_STATUSES })
  status: CallStatus;
  /** Why the assistant ended it (`goodbye`, `silence`, `time_limit`, `unknown_number`), null otherwise. */
  endedReason: string | null;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601. */
  endedAt: string | null;
  durationSeconds: number | null;
  recordingUrl: string | null;
  usage: CallUsageDto;
}

export class VoiceCallDetailDto extends VoiceCallDto {
  @ApiProperty({ type: [CallTurnDto] })
  turns: CallTurnDto[];
}

export class VoiceCallPageDto extends PageDtoOf(VoiceCallDto) {}

export class TestTurnLineDto {
  @ApiProperty({ enum: TURN_ROLES })
  @IsIn(TURN_ROLES)
  role: TurnRole;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @MaxLength(4000)
  text: string;
}

export class TestTurnInputDto {
  /** The dialogue so far (without the greeting is fine), oldest first. */
  @ApiPropertyOptional({ type: [TestTurnLineDto], maxItems: 100 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => TestTurnLineDto)
  turns?: TestTurnLineDto[];

  /** What the caller says now. */
  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  text: string;

  /** Also synthesise the reply in the assistant's voice (not for Twilio `<Say>` voices): answers `audioUrl`. */
  @ApiPropertyOptional({ default: false })
  @Optional()
  @IsBoolean()
  speak?: boolean;
}

export class TestTurnDto {
  /** What the assistant answers. */
  reply: string;
  /** True when the assistant ends the call with this reply (the caller said goodbye). */
  ended: boolean;
  /** The model that answered. */
  model: string;
  /** A short-lived link to the reply spoken (when `speak` was asked and the voice is not a Twilio one). */
  audioUrl: string | null;
  /** Whether the model failed and the reply is the apology a caller would hear. */
  failed: boolean;
}
