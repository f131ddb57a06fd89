import { createSecretKey, KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config';
import { deriveKey } from '../../common/secret-box';
import { AuthUser } from '../../common/auth.decorators';
import { AccessTokenClaims, AuthService } from './auth.service';

/**
 * The HMAC key of access tokens, for signing (JwtModule) and verifying (JwtStrategy) alike. A
 * KeyObject, not a Buffer: given a Buffer, jsonwebtoken first tries `createPublicKey` on it (which
 * throws) and then `createSecretKey`, on every request — about 1 ms of CPU each time.
 */
export const accessTokenKey = (config: AppConfig): KeyObject => createSecretKey(deriveKey(config.secretKey, 'jwt'));

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands the key to jsonwebtoken as it is; its types predate KeyObject.
      secretOrKey: accessTokenKey(config) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /** A revoked session (logout, reuse, password change) makes its access tokens useless at once. */
  validate(claims: AccessTokenClaims): Promise<AuthUser | null> {
    return this.auth.resolveAccessToken(claims);
  }
}
