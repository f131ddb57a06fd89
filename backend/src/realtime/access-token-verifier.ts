import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthUser } from '../common/auth.decorators';
import { AccessTokenClaims, AuthService } from '../modules/auth/auth.service';

/** The socket handshake is checked exactly as HTTP requests are: signature, expiry, open session. */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
  ) {}

  async verify(token: string | undefined): Promise<AuthUser | null> {
    if (!token) return null;
    const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    return this.auth.resolveAccessToken(claims);
  }
}
