import { Injectable } from '@nestjs/common';
import { ProviderKeysService } from '../../ai/provider-keys/provider-keys.service';
import { AuthUser } from '../../common/auth.decorators';
import { Page, PageQueryDto } from '../../common/pagination';
import { UserDto } from '../auth/dto/auth.dto';
import { AuthService } from '../auth/auth.service';
import { toUserDto } from '../auth/user.mapper';
import { UsersService } from '../auth/users.service';
import { ApiKeyDto, ChangePasswordDto, CreateApiKeyDto, UpdateProfileDto } from './dto/profile.dto';
import { toApiKeyDto, toApiKeyPage } from './profile.mapper';

@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly keys: ProviderKeysService,
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
    return toApiKeyPage(await this.keys.list({ userId: user.id }, query));
  }

  async createApiKey(user: AuthUser, dto: CreateApiKeyDto): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.keys.create({ userId: user.id }, dto));
  }

  deleteApiKey(user: AuthUser, id: string): Promise<void> {
    return this.keys.delete({ userId: user.id }, id);
  }
}
