import { Injectable } from '@nestjs/common';
import { JsonWebTokenError, JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AuthUser } from '../../common/auth.decorators';
import { AccessTokenClaims, AuthService } from './auth.service';

/**
 * Who an access token belongs to, for HTTP requests and socket handshakes alike: signature,
 * expiry, then an open session (from memory once warm: AuthService.resolveAccessToken). Written
 * out rather than through Passport, whose strategies are process-wide: two applications in one
 * process (two instances in a test) verified each other's tokens with the last one's key and services.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
  ) {}

  /** Null for a missing, malformed, forged or expired token, or a closed session; a database failure throws. */
  async verify(token: string | undefined): Promise<AuthUser | null> {
    if (!token) return null;
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch (error) {
      if (error instanceof JsonWebTokenError) return null; // TokenExpiredError and NotBeforeError are subclasses
      throw error;
    }
    return this.auth.resolveAccessToken(claims);
  }

  /** The `Authorization: Bearer <token>` of a request, as OAuth 2.0 writes it (the scheme in any case). */
  verifyRequest(request: Request): Promise<AuthUser | null> {
    const match = /^bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    return this.verify(match?.[1]);
  }
}
