import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { PageQueryDto } from '../../common/pagination';
import { UserDto } from '../auth/dto/auth.dto';
import { AccessTokensService } from './access-tokens.service';
import { AccessTokenPageDto, ApiKeyDto, ApiKeyPageDto, ChangePasswordDto, CreateAccessTokenDto, CreateOwnApiKeyDto, CreatedAccessTokenDto, UpdateProfileDto } from './dto/profile.dto';
import { ProfileExportService } from './profile-export.service';
import { ProfileService } from './profile.service';

@ApiTags('profile')
@ApiBearerAuth()
@Controller('profile')
export class ProfileController {
  constructor(
    private readonly profile: ProfileService,
    private readonly accessTokens: AccessTokensService,
    private readonly exports: ProfileExportService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The profile of the authenticated user' })
  getProfile(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.profile.get(user);
  }

  @Get('export')
  @ApiOperation({ summary: 'Export my data: one ZIP archive of my conversations (with their messages), prompts, agents and media list (metadata, not the files)' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async exportProfileData(@CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const file = await this.exports.export(user);
    return new StreamableFile(file.body, { type: 'application/zip', disposition: `attachment; filename="${file.filename}"`, length: file.body.length });
  }

  @Patch()
  @ApiOperation({ summary: 'Change name, interface language or theme' })
  updateProfile(@CurrentUser() user: AuthUser, @Body() dto: UpdateProfileDto): Promise<UserDto> {
    return this.profile.update(user, dto);
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change the password; every other session is signed out (its sockets cut) and every personal access token revoked' })
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.profile.changePassword(user, dto);
  }

  @Get('api-keys')
  @ApiOperation({ summary: 'The stored provider keys, masked' })
  listApiKeys(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<ApiKeyPageDto> {
    return this.profile.listApiKeys(user, query);
  }

  @Post('api-keys')
  @ApiOperation({
    summary: 'Verify a provider key with one cheap call to its vendor, then store it (encrypted at rest; the answer shows it masked). A key that fails is stored, marked failing, only with saveIfFailing',
  })
  createApiKey(@CurrentUser() user: AuthUser, @Body() dto: CreateOwnApiKeyDto): Promise<ApiKeyDto> {
    return this.profile.createApiKey(user, dto);
  }

  @Post('api-keys/:id/check')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Verify a stored provider key again and record the result (status, lastCheckedAt, lastError)' })
  checkApiKey(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe()) id: string): Promise<ApiKeyDto> {
    return this.profile.checkApiKey(user, id);
  }

  @Delete('api-keys/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a stored provider key' })
  deleteApiKey(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe()) id: string): Promise<void> {
    return this.profile.deleteApiKey(user, id);
  }

  @Get('tokens')
  @ApiOperation({ summary: 'Personal access tokens for the OpenAI-compatible API (/v1)' })
  listAccessTokens(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<AccessTokenPageDto> {
    return this.accessTokens.list(user, query);
  }

  @Post('tokens')
  @ApiOperation({ summary: 'Create a personal access token; the answer is the only time it is shown' })
  createAccessToken(@CurrentUser() user: AuthUser, @Body() dto: CreateAccessTokenDto): Promise<CreatedAccessTokenDto> {
    return this.accessTokens.create(user, dto);
  }

  @Delete('tokens/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a personal access token' })
  revokeAccessToken(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe()) id: string): Promise<void> {
    return this.accessTokens.revoke(user, id);
  }
}
