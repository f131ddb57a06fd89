import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { KEY_PROVIDERS, type KeyProvider } from '../../../ai/provider-keys/provider-api-key.entity';
import { Optional } from '../../../common/validation';

export class ProviderAccessDto {
  @ApiProperty({ enum: KEY_PROVIDERS })
  provider: KeyProvider;
  /** Users may bring their own key: when off, their keys of this provider are kept but not used, and saving one answers 403 `OWN_KEYS_NOT_ALLOWED`. */
  allowOwnKeys: boolean;
  /** Users may use the workspace's key (the admin's, else the server's environment): when off, a user without a key of their own cannot call the provider. */
  allowWorkspaceKey: boolean;
  /** How many workspace keys are stored for it (the most recent one is used). */
  workspaceKeys: number;
}

export class UpdateProviderAccessDto {
  @Optional()
  @IsBoolean()
  allowOwnKeys?: boolean;

  @Optional()
  @IsBoolean()
  allowWorkspaceKey?: boolean;
}

export class ProviderParamDto {
  @ApiProperty({ enum: KEY_PROVIDERS })
  @IsIn(KEY_PROVIDERS, { message: `provider must be one of ${KEY_PROVIDERS.join(', ')}` })
  provider: KeyProvider;
}
