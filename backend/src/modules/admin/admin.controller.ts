import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth.decorators';
import { PageQueryDto } from '../../common/pagination';
import { ApiKeyDto, ApiKeyPageDto, CreateApiKeyDto } from '../profile/dto/profile.dto';
import { UserPageDto } from './dto/admin.dto';
import { AdminService } from './admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('users')
  @ApiOperation({ summary: 'Every account of the workspace (admins only)' })
  listUsers(@Query() query: PageQueryDto): Promise<UserPageDto> {
    return this.admin.listUsers(query);
  }

  @Get('api-keys')
  @ApiOperation({ summary: 'Workspace provider keys (used by every user who has no key of their own), masked' })
  listWorkspaceApiKeys(@Query() query: PageQueryDto): Promise<ApiKeyPageDto> {
    return this.admin.listWorkspaceApiKeys(query);
  }

  @Post('api-keys')
  @ApiOperation({ summary: 'Store a workspace provider key (encrypted at rest)' })
  createWorkspaceApiKey(@Body() dto: CreateApiKeyDto): Promise<ApiKeyDto> {
    return this.admin.createWorkspaceApiKey(dto);
  }

  @Delete('api-keys/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a workspace provider key' })
  deleteWorkspaceApiKey(@Param('id', new ParseIdPipe()) id: string): Promise<void> {
    return this.admin.deleteWorkspaceApiKey(id);
  }
}
