import { Injectable } from '@nestjs/common';
import { ProviderKeysService } from '../../ai/provider-keys/provider-keys.service';
import { Page, PageQueryDto } from '../../common/pagination';
import { UserDto } from '../auth/dto/auth.dto';
import { UsersService } from '../auth/users.service';
import { ApiKeyDto, CreateApiKeyDto } from '../profile/dto/profile.dto';
import { toApiKeyDto, toApiKeyPage } from '../profile/profile.mapper';

@Injectable()
export class AdminService {
  constructor(
    private readonly users: UsersService,
    private readonly keys: ProviderKeysService,
  ) {}

  listUsers(query: PageQueryDto): Promise<Page<UserDto>> {
    return this.users.list(query);
  }

  async listWorkspaceApiKeys(query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    return toApiKeyPage(await this.keys.list('workspace', query));
  }

  async createWorkspaceApiKey(dto: CreateApiKeyDto): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.keys.create('workspace', dto));
  }

  deleteWorkspaceApiKey(id: string): Promise<void> {
    return this.keys.delete('workspace', id);
  }
}
