import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessTokenVerifier } from './access-token-verifier';
import { AuthUser, IS_PUBLIC } from '../../common/auth.decorators';
import { DomainError } from '../../common/domain-error';
import { CommonErrorCode } from '../../common/error-codes';

/** Global: every route needs a valid access token unless it is marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    // A bad or expired token is a 401; a failure of the database throws as it is (a 500): a user
    // with a valid token must not be told to sign in again.
    const user = await this.verifier.verifyRequest(request);
    if (!user) throw new DomainError('unauthenticated', CommonErrorCode.UNAUTHENTICATED, 'A valid access token is required');
    request.user = user;
    return true;
  }
}
