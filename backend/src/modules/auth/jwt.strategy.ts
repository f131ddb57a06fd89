import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config';
import { deriveKey } from '../../common/secret-box';
import { AuthUser } from '../../common/auth.decorators';
import { AccessTokenClaims, AuthService } from './auth.service';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: deriveKey(config.secretKey, 'jwt'),
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /** A revoked session (logout, reuse, password change) makes its access tokens useless at once. */
  validate(claims: AccessTokenClaims): Promise<AuthUser | null> {
    return this.auth.resolveAccessToken(claims);
  }
}
