import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsNumber, IsString, Max, Min, ValidateNested } from 'class-validator';
import { Optional } from '../../../common/validation';

// OpenAI clients send `null` for parameters they leave unset: here, as at OpenAI, null means absent.

export class CompletionMessageDto {
  @ApiProperty({ enum: ['system', 'developer', 'user', 'assistant'] })
  @IsIn(['system', 'developer', 'user', 'assistant'], { message: 'role must be system, developer, user or assistant' })
  role: 'system' | 'developer' | 'user' | 'assistant';

  /** Text, or a list of `{ type: 'text', text }` parts. */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, text: { type: 'string' } } } }] })
  @IsDefined({ message: 'content is required' })
  content: string | Array<{ type: string; text?: string }>;
}

export class StreamOptionsDto {
  @Optional({ nullable: true })
  @IsBoolean()
  include_usage?: boolean;
}

/** The subset of OpenAI's chat completion request that Webox honours; other fields are ignored. */
export class ChatCompletionRequestDto {
  /** A Webox model id (`provider/model`, see GET /v1/models). */
  @IsString()
  model: string;

  @ApiProperty({ type: [CompletionMessageDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'messages must contain at least one message' })
  @ValidateNested({ each: true })
  @Type(() => CompletionMessageDto)
  messages: CompletionMessageDto[];

  @Optional({ nullable: true })
  @IsBoolean()
  stream?: boolean;

  @ApiPropertyOptional({ type: StreamOptionsDto })
  @Optional({ nullable: true })
  @ValidateNested()
  @Type(() => StreamOptionsDto)
  stream_options?: StreamOptionsDto;

  @Optional({ nullable: true })
  @IsNumber()
  @Min(0)
  @Max(2)
  temperature?: number;

  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  max_tokens?: number;

  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  max_completion_tokens?: number;
}

export class CompletionUsageDto {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** `length`: the reply was cut by its output limit (`max_tokens`), as OpenAI says it. */
export type CompletionFinishReason = 'stop' | 'length';

export class CompletionChoiceDto {
  index: number;
  message: { role: 'assistant'; content: string };
  @ApiProperty({ enum: ['stop', 'length'] })
  finish_reason: CompletionFinishReason;
}

export class ChatCompletionDto {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  @ApiProperty({ type: [CompletionChoiceDto] })
  choices: CompletionChoiceDto[];
  usage: CompletionUsageDto;
}

export class OpenAiModelDto {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

export class OpenAiModelListDto {
  object: 'list';
  @ApiProperty({ type: [OpenAiModelDto] })
  data: OpenAiModelDto[];
}
