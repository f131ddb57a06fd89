import { Injectable } from '@nestjs/common';
import { ProviderKeysService } from '../../ai/provider-keys/provider-keys.service';
import { ProviderRegistry } from '../../ai/provider-registry';
import { AuthUser } from '../../common/auth.decorators';
import { Page, PageQueryDto } from '../../common/pagination';
import { UserDto } from '../auth/dto/auth.dto';
import { AuthService } from '../auth/auth.service';
import { toUserDto } from '../auth/user.mapper';
import { UsersService } from '../auth/users.service';
import { AccessTokensService } from './access-tokens.service';
import { ApiKeyDto, ChangePasswordDto, CreateApiKeyDto, UpdateProfileDto } from './dto/profile.dto';
import { toApiKeyDto, toApiKeyPage } from './profile.mapper';

@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly keys: ProviderKeysService,
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

  async createApiKey(user: AuthUser, dto: CreateApiKeyDto): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.keys.create({ userId: user.id }, dto));
  }

  deleteApiKey(user: AuthUser, id: string): Promise<void> {
    return this.keys.delete({ userId: user.id }, id);
  }
}
