import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsString, Length } from 'class-validator';
import { PageDtoOf } from '../../../common/pagination';
import { ChatSettingsDto, ModelSettingsDto } from './chat-settings.dto';
import { MAX_MODELS_PER_TURN } from './chat.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A preset as written: its name, the models it selects (none: it keeps the chat's), and the settings of ChatSettingsDto. */
export class ChatPresetInputDto extends ChatSettingsDto {
  @IsString()
  @Transform(trim)
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name: string;

  /** 0 to 12 chat model ids (`provider/model`). */
  @IsString({ each: true })
  @ArrayMaxSize(MAX_MODELS_PER_TURN, { message: `models must name at most ${MAX_MODELS_PER_TURN} models` })
  @ArrayUnique({ message: 'models must not repeat a model' })
  models: string[];
}

export class ChatPresetDto {
  id: string;
  name: string;
  models: string[];
  @ApiProperty({ type: String, nullable: true })
  systemPrompt: string | null;
  @ApiProperty({ type: Number, nullable: true })
  temperature: number | null;
  @ApiProperty({ type: Number, nullable: true })
  topP: number | null;
  @ApiProperty({ type: Number, nullable: true })
  maxTokens: number | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: { $ref: getSchemaPath(ModelSettingsDto) } })
  modelSettings: Record<string, ModelSettingsDto> | null;
  createdAt: Date;
  updatedAt: Date;
}

export class ChatPresetPageDto extends PageDtoOf(ChatPresetDto) {}
