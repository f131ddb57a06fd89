import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '../../common/auth.decorators';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { AdminUserDto, AdminUserPageDto, AdminUserQueryDto, ChangeRoleDto, PasswordResetLinkDto } from './dto/admin.dto';
import { AdminUsersService } from './admin-users.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOperation({ summary: 'Accounts, searchable, with their usage over 30 days and their storage' })
  listUsers(@Query() query: AdminUserQueryDto): Promise<AdminUserPageDto> {
    return this.users.list(query);
  }

  @Put(':id/role')
  @ApiOperation({ summary: "Change an account's role" })
  @ApiConflictResponse({ description: 'LAST_ADMIN: the last active administrator cannot be demoted' })
  setUserRole(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Body() dto: ChangeRoleDto): Promise<AdminUserDto> {
    return this.users.setRole(actor, id, dto.role);
  }

  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Approve a pending account: it may sign in from now on' })
  @ApiConflictResponse({ description: 'USER_STATE_CONFLICT: the account is not pending' })
  approveUser(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string): Promise<AdminUserDto> {
    return this.users.approve(actor, id);
  }

  @Post(':id/disable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Disable an account: its sessions, refresh tokens, personal tokens and sockets stop working at once' })
  @ApiConflictResponse({ description: 'LAST_ADMIN, or USER_STATE_CONFLICT: the account is disabled already' })
  disableUser(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string): Promise<AdminUserDto> {
    return this.users.disable(actor, id);
  }

  @Post(':id/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Re-enable a disabled account (its old sessions and tokens stay revoked)' })
  @ApiConflictResponse({ description: 'USER_STATE_CONFLICT: the account is not disabled' })
  enableUser(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string): Promise<AdminUserDto> {
    return this.users.enable(actor, id);
  }

  @Post(':id/password-reset')
  @ApiOperation({ summary: 'Make a one-time password-reset link for an account (valid 24 hours; shown once)' })
  createPasswordResetLink(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string): Promise<PasswordResetLinkDto> {
    return this.users.createPasswordReset(actor, id);
  }
}
