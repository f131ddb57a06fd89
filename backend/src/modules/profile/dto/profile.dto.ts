import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsBoolean, IsIn, IsInt, IsString, IsUrl, Length, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { Optional } from '../../../common/validation';
import { PageDtoOf } from '../../../common/pagination';
import { PASSWORD_RULE, PASSWORD_RULE_MESSAGE } from '../../auth/dto/auth.dto';
import type { Language, Theme } from '../../auth/user.entity';
import { KEY_PROVIDERS, KEY_STATUSES, type KeyProvider, type KeyStatus } from '../../../ai/provider-keys/provider-api-key.entity';

export const MAX_FAVORITE_MODELS = 24;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class UpdateProfileDto {
  @Optional()
  @IsString()
  @Transform(trim)
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: ['en', 'fr'] })
  @Optional()
  @IsIn(['en', 'fr'])
  language?: Language;

  @ApiPropertyOptional({ enum: ['light', 'dark', 'system'] })
  @Optional()
  @IsIn(['light', 'dark', 'system'])
  theme?: Theme;

  /** A chat model id (`provider/model`) new chats start with; null forgets it. */
  @ApiPropertyOptional({ type: String, nullable: true })
  @Optional({ nullable: true })
  @IsString()
  @Length(3, 140)
  defaultChatModel?: string | null;

  /** Chat model ids shown first in the model picker, in this order. */
  @Optional()
  @IsString({ each: true })
  @ArrayMaxSize(MAX_FAVORITE_MODELS, { message: `favoriteModels must name at most ${MAX_FAVORITE_MODELS} models` })
  @ArrayUnique({ message: 'favoriteModels must not repeat a model' })
  favoriteModels?: string[];
}

export class ChangePasswordDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword: string;

  /** At least 10 characters, with a letter and a digit. */
  @IsString()
  @Matches(PASSWORD_RULE, { message: PASSWORD_RULE_MESSAGE.replace('password', 'newPassword') })
  newPassword: string;
}

export class CreateApiKeyDto {
  @ApiProperty({ enum: KEY_PROVIDERS })
  @IsIn(KEY_PROVIDERS, { message: `provider must be one of ${KEY_PROVIDERS.join(', ')}` })
  provider: KeyProvider;

  /** A name to tell several keys apart; defaults to the provider's name. */
  @Optional()
  @IsString()
  @Transform(trim)
  @Length(1, 100)
  label?: string;

  /** The secret itself. It is encrypted at rest and never returned. */
  @IsString()
  @Transform(trim)
  @Length(8, 1000, { message: 'key must be between 8 and 1000 characters' })
  key: string;

  /** The API base URL: required for openai-compatible endpoints (Ollama, vLLM, OpenRouter…), optional otherwise. */
  @ValidateIf((dto: CreateApiKeyDto) => dto.provider === 'openai-compatible' || dto.baseUrl !== undefined)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'baseUrl must be an http(s) URL' })
  @MaxLength(500)
  baseUrl?: string;

  /** Twilio's Account SID (`AC` + 32 hex characters); required for twilio. */
  @ValidateIf((dto: CreateApiKeyDto) => dto.provider === 'twilio' || dto.accountId !== undefined)
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,200}$/, { message: 'accountId must be 1 to 200 letters, digits or _.:-' })
  accountId?: string;
}

/** A key of the user's own: verified with a real call to the vendor before it is stored. */
export class CreateOwnApiKeyDto extends CreateApiKeyDto {
  /**
   * Store the key even though its verification failed (it is then marked `failing`). Without it, a
   * key the vendor refuses or that cannot be checked is answered 400 `API_KEY_REJECTED` or
   * `API_KEY_CHECK_FAILED` and nothing is stored.
   */
  @Optional()
  @IsBoolean()
  saveIfFailing?: boolean;
}

export class ApiKeyDto {
  id: string;
  @ApiProperty({ enum: KEY_PROVIDERS })
  provider: KeyProvider;
  label: string;
  /** The key as `sk-…abcd`: recognisable, never usable. */
  maskedKey: string;
  baseUrl?: string;
  accountId?: string;
  /** What the last verification call found: `unchecked` for providers with no such call (Twilio, Pipedream) and workspace keys. */
  @ApiProperty({ enum: KEY_STATUSES })
  status: KeyStatus;
  /** When the key was last verified. */
  lastCheckedAt?: Date;
  /** The vendor's reason when the last verification failed. */
  lastError?: string;
  createdAt: Date;
  /**
   * False when an admin turned this kind of key off for its provider (users' own keys, or the
   * workspace's): the key is kept but no call uses it until they turn it back on.
   */
  allowed: boolean;
}

export class ApiKeyPageDto extends PageDtoOf(ApiKeyDto) {}

export class CreateAccessTokenDto {
  /** What the token is for ("my laptop", "n8n"). */
  @IsString()
  @Transform(trim)
  @Length(1, 100)
  name: string;

  /** Lifetime in days; no expiry when absent. */
  @Optional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

export class AccessTokenDto {
  id: string;
  name: string;
  /** `wbx_…abcd`. */
  hint: string;
  createdAt: Date;
  lastUsedAt?: Date;
  expiresAt?: Date;
  revokedAt?: Date;
}

export class CreatedAccessTokenDto extends AccessTokenDto {
  /** The token itself, shown this once: it is stored hashed. */
  token: string;
}

export class AccessTokenPageDto extends PageDtoOf(AccessTokenDto) {}
