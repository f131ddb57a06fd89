import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SharedThrottlerStorage } from '../../common/throttler-storage';
import { AppConfig } from '../../config/app-config';
import { authThrottlers } from './auth-throttler.guard';
import { AuthSession } from './auth-session.entity';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AccessTokenVerifier } from './access-token-verifier';
import { accessTokenKey } from './access-token-key';
import { TokenPurgeProcessor } from './token-purge.processor';
import { RefreshToken } from './refresh-token.entity';
import { User } from './user.entity';
import { UsersService } from './users.service';
import { AuditModule } from '../audit/audit.module';
import { Invitation } from './sign-up/invitation.entity';
import { PasswordReset } from './sign-up/password-reset.entity';
import { SignUpService } from './sign-up/sign-up.service';
import { WorkspaceSetting } from './sign-up/workspace-setting.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([User, AuthSession, RefreshToken, WorkspaceSetting, Invitation, PasswordReset]),
    AuditModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: accessTokenKey(config),
        signOptions: { algorithm: 'HS256', expiresIn: config.accessTokenTtlSeconds },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, SharedThrottlerStorage],
      useFactory: (config: AppConfig, storage: SharedThrottlerStorage) => ({ throttlers: authThrottlers(config.authRateLimitPerMinute), storage, setHeaders: false }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, UsersService, SignUpService, AccessTokenVerifier, TokenPurgeProcessor],
  exports: [AuthService, UsersService, SignUpService, AccessTokenVerifier, JwtModule],
})
export class AuthModule {}
