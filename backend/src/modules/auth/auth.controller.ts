import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiGoneResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AuthUser, ClientIp, CurrentUser, Public, UserAgent } from '../../common/auth.decorators';
import { AuthSessionDto, LoginDto, RefreshDto, RegisterDto, ResetPasswordDto, UserDto } from './dto/auth.dto';
import { AuthThrottlerGuard } from './auth-throttler.guard';
import { AuthService } from './auth.service';
import { toUserDto } from './user.mapper';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('register')
  @ApiOperation({ summary: 'Create an account and open a session, as the sign-up policy allows (a setup token makes the first admin; an invitation lets in under any open policy but closed)' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address or for this account; see Retry-After' })
  @ApiForbiddenResponse({ description: 'ACCOUNT_PENDING: the account was created and waits for an admin; REGISTRATION_INVITE_ONLY / REGISTRATION_CLOSED; INVALID_SETUP_TOKEN' })
  @ApiGoneResponse({ description: 'INVITATION_USED / INVITATION_EXPIRED / INVITATION_REVOKED / SETUP_TOKEN_USED' })
  register(@Body() dto: RegisterDto, @ClientIp() ip: string | null, @UserAgent() userAgent?: string): Promise<AuthSessionDto> {
    return this.auth.register(dto, { userAgent, ip });
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Open a session with e-mail and password' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address or for this account; see Retry-After' })
  @ApiForbiddenResponse({ description: 'ACCOUNT_PENDING (an admin must approve it) or ACCOUNT_DISABLED' })
  login(@Body() dto: LoginDto, @ClientIp() ip: string | null, @UserAgent() userAgent?: string): Promise<AuthSessionDto> {
    return this.auth.login(dto, { userAgent, ip });
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for a new access and refresh token (the old one stops working)' })
  refresh(@Body() dto: RefreshDto, @ClientIp() ip: string | null): Promise<AuthSessionDto> {
    return this.auth.refresh(dto.refreshToken, ip);
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('password-reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Set a new password with an admin's one-time reset link (every session of the account ends)" })
  @ApiGoneResponse({ description: 'PASSWORD_RESET_GONE: the link was used already or expired' })
  resetPassword(@Body() dto: ResetPasswordDto, @ClientIp() ip: string | null): Promise<void> {
    return this.auth.resetPassword(dto, ip);
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Close the session that the refresh token belongs to' })
  logout(@Body() dto: RefreshDto): Promise<void> {
    return this.auth.logout(dto.refreshToken);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The authenticated user' })
  async getMe(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return toUserDto(await this.users.getById(user.id));
  }
}
