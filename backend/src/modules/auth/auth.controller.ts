import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, UserAgent } from '../../common/auth.decorators';
import { AuthSessionDto, LoginDto, RefreshDto, RegisterDto, UserDto } from './dto/auth.dto';
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
  @ApiOperation({ summary: 'Create an account and open a session (the first account becomes admin)' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address or for this account; see Retry-After' })
  register(@Body() dto: RegisterDto, @UserAgent() userAgent?: string): Promise<AuthSessionDto> {
    return this.auth.register(dto, userAgent);
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Open a session with e-mail and password' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address or for this account; see Retry-After' })
  login(@Body() dto: LoginDto, @UserAgent() userAgent?: string): Promise<AuthSessionDto> {
    return this.auth.login(dto, userAgent);
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for a new access and refresh token (the old one stops working)' })
  refresh(@Body() dto: RefreshDto): Promise<AuthSessionDto> {
    return this.auth.refresh(dto.refreshToken);
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
