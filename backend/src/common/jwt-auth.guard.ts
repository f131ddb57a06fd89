import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from './domain-error';
import { CommonErrorCode } from './error-codes';
import { IS_PUBLIC } from './auth.decorators';

/** Global: every route needs a valid access token unless it is marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T | false): T {
    // A bad or expired token arrives as `info`, not as `error`: an error here is a real failure
    // (the database, say), which must not tell a user with a valid token to sign in again.
    if (error) throw error;
    if (!user) throw new DomainError('unauthenticated', CommonErrorCode.UNAUTHENTICATED, 'A valid access token is required');
    return user;
  }
}
