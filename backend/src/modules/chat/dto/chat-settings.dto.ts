import { ApiExtraModels, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsInt, IsNumber, IsObject, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../../../common/validation';

export const MAX_SYSTEM_PROMPT_CHARS = 20_000;
/** Per-model settings a conversation or a preset may keep (more than a turn's twelve models: they outlive one turn). */
export const MAX_MODEL_SETTINGS = 24;

/**
 * One model's own sampling settings, over the conversation's. Ranges: temperature 0–2, topP 0–1,
 * maxTokens 1 to the model's output limit (checked against the catalogue by the service).
 */
export class ModelSettingsDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 2 })
  temperature?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  topP?: number;
  @ApiPropertyOptional({ minimum: 1 })
  maxTokens?: number;
}

/**
 * The settings of a chat: its system prompt and sampling, for every model or per model. In a turn,
 * a field given replaces the conversation's, `null` clears it, and a field left out keeps it: the
 * conversation keeps them, so follow-ups and regenerations reuse them.
 */
@ApiExtraModels(ModelSettingsDto)
export class ChatSettingsDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_SYSTEM_PROMPT_CHARS })
  @Optional({ nullable: true })
  @IsString()
  @MaxLength(MAX_SYSTEM_PROMPT_CHARS, { message: `systemPrompt must be at most ${MAX_SYSTEM_PROMPT_CHARS} characters` })
  systemPrompt?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 2 })
  @Optional({ nullable: true })
  @IsNumber({}, { message: 'temperature must be a number' })
  @Min(0, { message: 'temperature must be between 0 and 2' })
  @Max(2, { message: 'temperature must be between 0 and 2' })
  temperature?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 1 })
  @Optional({ nullable: true })
  @IsNumber({}, { message: 'topP must be a number' })
  @Min(0, { message: 'topP must be between 0 and 1' })
  @Max(1, { message: 'topP must be between 0 and 1' })
  topP?: number | null;

  /** At most the output limit of every model of the turn (GET /api/chat/models: maxOutputTokens). */
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1 })
  @Optional({ nullable: true })
  @IsInt({ message: 'maxTokens must be a whole number' })
  @Min(1, { message: 'maxTokens must be at least 1' })
  maxTokens?: number | null;

  /** Settings of one model over the ones above, by model id (`provider/model`). */
  @ApiPropertyOptional({ type: 'object', nullable: true, additionalProperties: { $ref: getSchemaPath(ModelSettingsDto) } })
  @Optional({ nullable: true })
  @IsObject({ message: 'modelSettings must be an object keyed by model id' })
  modelSettings?: Record<string, ModelSettingsDto> | null;
}

/** What a conversation keeps of its settings (its system prompt has its own column). */
export class StoredChatSettingsDto {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: getSchemaPath(ModelSettingsDto) } })
  modelSettings?: Record<string, ModelSettingsDto>;
}
