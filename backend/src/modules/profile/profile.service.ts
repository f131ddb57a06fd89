import { Injectable } from '@nestjs/common';
import { AiErrorCode } from '../../ai/ai.errors';
import { type KeyCheck, KeyVerifier } from '../../ai/provider-keys/key-verifier';
import type { KeyProvider } from '../../ai/provider-keys/provider-api-key.entity';
import { ProviderKeysService } from '../../ai/provider-keys/provider-keys.service';
import { ProviderRegistry } from '../../ai/provider-registry';
import { DomainError } from '../../common/domain-error';
import { AuthUser } from '../../common/auth.decorators';
import { Page, PageQueryDto } from '../../common/pagination';
import { UserDto } from '../auth/dto/auth.dto';
import { AuthService } from '../auth/auth.service';
import { toUserDto } from '../auth/user.mapper';
import { UsersService } from '../auth/users.service';
import { AccessTokensService } from './access-tokens.service';
import { ApiKeyDto, ChangePasswordDto, CreateOwnApiKeyDto, UpdateProfileDto } from './dto/profile.dto';
import { toApiKeyDto, toApiKeyPage } from './profile.mapper';

@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly keys: ProviderKeysService,
    private readonly verifier: KeyVerifier,
    private readonly accessTokens: AccessTokensService,
    private readonly registry: ProviderRegistry,
  ) {}

  async get(user: AuthUser): Promise<UserDto> {
    return toUserDto(await this.users.getById(user.id));
  }

  /** Model choices must be chat models the catalogue knows (any key state: a favorite may wait for its key). */
  async update(user: AuthUser, dto: UpdateProfileDto): Promise<UserDto> {
    if (dto.defaultChatModel) dto.defaultChatModel = this.registry.chatModel(dto.defaultChatModel, 'defaultChatModel').id;
    if (dto.favoriteModels) dto.favoriteModels = dto.favoriteModels.map((id, index) => this.registry.chatModel(id, `favoriteModels.${index}`).id);
    return toUserDto(await this.users.update(user.id, dto));
  }

  /** A new password ends every other session and every personal access token: whoever held the old one may have made them. */
  async changePassword(user: AuthUser, dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, dto.currentPassword, dto.newPassword);
    await this.accessTokens.revokeAll(user);
  }

  async listApiKeys(user: AuthUser, query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    return toApiKeyPage(await this.keys.list({ userId: user.id }, query));
  }

  /**
   * Verifies the key with one real call to its vendor before storing it: a key that fails is stored
   * (marked `failing`, with the vendor's reason) only when the user confirms with `saveIfFailing`.
   */
  async createApiKey(user: AuthUser, dto: CreateOwnApiKeyDto): Promise<ApiKeyDto> {
    const { saveIfFailing, ...input } = dto;
    const owner = { userId: user.id };
    await this.keys.assertOwnKeysAllowed(input.provider);
    await this.keys.assertAcceptable(owner, input);
    const check = await this.verifier.verify(input);
    if (check.status === 'failing' && !saveIfFailing) throw verificationFailed(check, input.provider);
    return toApiKeyDto(await this.keys.create(owner, input, check));
  }

  /** Verifies a stored key again ("check again"), and records what was found. */
  async checkApiKey(user: AuthUser, id: string): Promise<ApiKeyDto> {
    const owner = { userId: user.id };
    const stored = await this.keys.openOwn(owner, id);
    const check = await this.verifier.verify(stored);
    return toApiKeyDto(await this.keys.recordCheck(owner, id, check));
  }

  deleteApiKey(user: AuthUser, id: string): Promise<void> {
    return this.keys.delete({ userId: user.id }, id);
  }
}

/** 400 naming how the verification failed; the message is the vendor's reason (never the key). */
export function verificationFailed(check: KeyCheck, provider: KeyProvider): DomainError {
  const rejected = check.failure === 'invalid_credentials';
  const code = rejected ? AiErrorCode.API_KEY_REJECTED : AiErrorCode.API_KEY_CHECK_FAILED;
  const reason = check.error ?? 'the verification call failed';
  return new DomainError('invalid', code, `The key was not saved: ${reason}. Send saveIfFailing: true to save it anyway (it is then marked as failing).`, [{ field: 'key', message: reason }], {
    provider,
  });
}
