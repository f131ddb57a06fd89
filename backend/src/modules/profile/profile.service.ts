import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuthUser } from '../../common/auth.decorators';
import { DomainError, notFound } from '../../common/domain-error';
import { Page, PageQueryDto, skipTake, toPage } from '../../common/pagination';
import { maskSecret, SecretBox } from '../../common/secret-box';
import { UserDto } from '../auth/dto/auth.dto';
import { AuthService } from '../auth/auth.service';
import { toUserDto } from '../auth/user.mapper';
import { UsersService } from '../auth/users.service';
import { ApiKeyDto, ChangePasswordDto, CreateApiKeyDto, UpdateProfileDto } from './dto/profile.dto';
import { KeyProvider, ProviderApiKey } from './provider-api-key.entity';

const TWILIO_ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

/** A decrypted credential, for the provider layer only: never serialised to a client or a log. */
export interface ProviderCredential {
  provider: KeyProvider;
  key: string;
  baseUrl?: string;
  accountId?: string;
}

function toApiKeyDto(row: ProviderApiKey): ApiKeyDto {
  return {
    id: row.id,
    provider: row.provider,
    label: row.label,
    maskedKey: row.maskedKey,
    ...(row.baseUrl ? { baseUrl: row.baseUrl } : {}),
    ...(row.accountId ? { accountId: row.accountId } : {}),
    createdAt: row.createdAt,
  };
}

@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly secrets: SecretBox,
    @InjectRepository(ProviderApiKey) private readonly keys: Repository<ProviderApiKey>,
  ) {}

  async get(user: AuthUser): Promise<UserDto> {
    return toUserDto(await this.users.getById(user.id));
  }

  async update(user: AuthUser, dto: UpdateProfileDto): Promise<UserDto> {
    return toUserDto(await this.users.update(user.id, dto));
  }

  changePassword(user: AuthUser, dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(user, dto.currentPassword, dto.newPassword);
  }

  async listApiKeys(user: AuthUser, query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    const result = await this.keys.findAndCount({ where: { ownerId: user.id }, order: { createdAt: 'DESC' }, ...skipTake(query) });
    return toPage(result, query, toApiKeyDto);
  }

  async createApiKey(user: AuthUser, dto: CreateApiKeyDto): Promise<ApiKeyDto> {
    if (dto.provider === 'twilio' && !TWILIO_ACCOUNT_SID.test(dto.accountId ?? '')) {
      throw new DomainError('invalid', 'VALIDATION_FAILED', 'Invalid request: accountId', [
        { field: 'accountId', message: 'accountId must be a Twilio Account SID (AC followed by 32 hex characters)' },
      ]);
    }
    const row = this.keys.create({
      ownerId: user.id,
      provider: dto.provider,
      label: dto.label ?? dto.provider,
      encryptedKey: this.secrets.seal(dto.key, user.id),
      maskedKey: maskSecret(dto.key),
      baseUrl: dto.baseUrl ?? null,
      accountId: dto.accountId ?? null,
    });
    return toApiKeyDto(await this.keys.save(row));
  }

  async deleteApiKey(user: AuthUser, id: string): Promise<void> {
    const result = await this.keys.delete({ id, ownerId: user.id });
    if (!result.affected) throw notFound('API key');
  }

  /** The user's most recent credential for a provider, decrypted, for the provider layer. */
  async findCredential(ownerId: string, provider: KeyProvider): Promise<ProviderCredential | undefined> {
    const row = await this.keys.findOne({ where: { ownerId, provider }, order: { createdAt: 'DESC' } });
    if (!row) return undefined;
    return {
      provider: row.provider,
      key: this.secrets.open(row.encryptedKey, ownerId),
      ...(row.baseUrl ? { baseUrl: row.baseUrl } : {}),
      ...(row.accountId ? { accountId: row.accountId } : {}),
    };
  }
}
