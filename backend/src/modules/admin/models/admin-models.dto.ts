import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Optional } from '../../../common/validation';

/** Per role, whether it may call the model (false: turned off for that role). */
export class ModelRolesDto {
  user: boolean;
  editor: boolean;
  admin: boolean;
}

export class ModelRolesChangeDto {
  @Optional()
  @IsBoolean()
  user?: boolean;

  @Optional()
  @IsBoolean()
  editor?: boolean;

  @Optional()
  @IsBoolean()
  admin?: boolean;
}

/** A chat model of the catalogue and what the workspace decided for it. */
export class AdminModelDto {
  /** `provider/model`. */
  id: string;
  name: string;
  @ApiProperty({ enum: ['openai', 'anthropic', 'google', 'openai-compatible', 'local'] })
  provider: string;
  providerLabel: string;
  /** The built-in offline model. */
  offline: boolean;
  /** US dollars per million input and output tokens. */
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  /** Off: nobody in the workspace may call it (calls answer 403 `MODEL_DISABLED`). */
  enabled: boolean;
  /** While enabled, the roles that may call it. */
  roles: ModelRolesDto;
  /** The workspace's default chat model. */
  isDefault: boolean;
}

export class AdminModelsDto {
  /** The workspace's default chat model (null: none; a user's own default wins over it). */
  @ApiProperty({ type: String, nullable: true })
  defaultChatModel: string | null;
  @ApiProperty({ type: [AdminModelDto] })
  models: AdminModelDto[];
}

export class SetModelAccessDto {
  /** The catalogue id of a chat model (`provider/model`). */
  @IsString()
  @MaxLength(200)
  model: string;

  /** Off: turned off for everyone. */
  @Optional()
  @IsBoolean()
  enabled?: boolean;

  /** Per role, on or off (a missing role keeps its value). */
  @Optional()
  @ValidateNested()
  @Type(() => ModelRolesChangeDto)
  roles?: ModelRolesChangeDto;
}

export class SetDefaultChatModelDto {
  /** An enabled chat model of the catalogue; null removes the workspace default. */
  @ApiProperty({ type: String, nullable: true })
  @Optional({ nullable: true })
  @IsString()
  @MaxLength(200)
  model: string | null;
}
