import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '../../common/auth.decorators';
import { PageQueryDto } from '../../common/pagination';
import { AuditEventPageDto, AuditQueryDto } from '../audit/dto/audit.dto';
import { ApiKeyDto, ApiKeyPageDto, CreateOwnApiKeyDto } from '../profile/dto/profile.dto';
import { CreatedInvitationDto, CreateInvitationDto, InvitationDto, InvitationPageDto, RegistrationSettingsDto, UpdateRegistrationDto } from './dto/admin.dto';
import { AdminService } from './admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('api-keys')
  @ApiOperation({ summary: 'Workspace provider keys (used by every user who has no key of their own), masked' })
  listWorkspaceApiKeys(@Query() query: PageQueryDto): Promise<ApiKeyPageDto> {
    return this.admin.listWorkspaceApiKeys(query);
  }

  @Post('api-keys')
  @ApiOperation({ summary: 'Verify a workspace provider key with one cheap call to its vendor, then store it (encrypted at rest; shown masked). A failing key is stored only with saveIfFailing' })
  createWorkspaceApiKey(@CurrentActor() actor: Actor, @Body() dto: CreateOwnApiKeyDto): Promise<ApiKeyDto> {
    return this.admin.createWorkspaceApiKey(actor, dto);
  }

  @Delete('api-keys/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a workspace provider key' })
  deleteWorkspaceApiKey(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string): Promise<void> {
    return this.admin.deleteWorkspaceApiKey(actor, id);
  }

  @Get('registration')
  @ApiOperation({ summary: 'The sign-up policy in force and where it comes from' })
  getRegistration(): Promise<RegistrationSettingsDto> {
    return this.admin.getRegistration();
  }

  @Put('registration')
  @ApiOperation({ summary: 'Set the sign-up policy (wins over WEBOX_REGISTRATION from now on)' })
  setRegistration(@CurrentActor() actor: Actor, @Body() dto: UpdateRegistrationDto): Promise<RegistrationSettingsDto> {
    return this.admin.setRegistration(actor, dto);
  }

  @Get('invitations')
  @ApiOperation({ summary: 'Invitations, newest first (their tokens are never shown again)' })
  listInvitations(@Query() query: PageQueryDto): Promise<InvitationPageDto> {
    return this.admin.listInvitations(query);
  }

  @Post('invitations')
  @ApiOperation({ summary: 'Create a single-use, expiring invitation link (its token is shown once)' })
  createInvitation(@CurrentActor() actor: Actor, @Body() dto: CreateInvitationDto): Promise<CreatedInvitationDto> {
    return this.admin.createInvitation(actor, dto);
  }

  @Post('invitations/:id/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Revoke an unused invitation: its link answers 410 from now on (404 for an unknown one, 410 for a used one)' })
  revokeInvitation(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string): Promise<InvitationDto> {
    return this.admin.revokeInvitation(actor, id);
  }

  @Get('audit')
  @ApiOperation({ summary: 'The audit trail, newest first: admin actions and security events (append-only: no route changes it)' })
  searchAudit(@Query() query: AuditQueryDto): Promise<AuditEventPageDto> {
    return this.admin.searchAudit(query);
  }
}
