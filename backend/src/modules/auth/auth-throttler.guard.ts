import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerOptions, ThrottlerRequest } from '@nestjs/throttler';
import { CommonErrorCode } from '../../common/error-codes';

/** The two counts every login and registration is held to: its client address, and the account it names. */
export const AUTH_THROTTLERS = { address: 'address', account: 'account' } as const;

/** The account an attempt names, normalised as the DTOs normalise it (so case and spaces do not open a new count); empty when none. */
export function accountOf(request: { body?: unknown }): string {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : '';
}

/**
 * Throttles per client address (`req.ip`, which honours WEBOX_TRUST_PROXY and only that) and per
 * account: rotating addresses cannot guess one account's password, and one address hammering
 * cannot lock out the others behind the same proxy. Past either limit: 429 with Retry-After.
 */
export function authThrottlers(limit: number): ThrottlerOptions[] {
  return [
    { name: AUTH_THROTTLERS.address, ttl: 60_000, limit },
    {
      name: AUTH_THROTTLERS.account,
      ttl: 60_000,
      limit,
      getTracker: (request: Record<string, unknown>) => accountOf(request),
      skipIf: (context: ExecutionContext) => !accountOf(context.switchToHttp().getRequest<{ body?: unknown }>()),
    },
  ];
}

@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(request);
    } catch (error) {
      if (!(error instanceof ThrottlerException)) throw error;
      const message =
        request.throttler.name === AUTH_THROTTLERS.account
          ? 'Too many attempts for this account; wait before trying again (see Retry-After)'
          : 'Too many attempts from this address; wait before trying again (see Retry-After)';
      throw new HttpException({ code: CommonErrorCode.RATE_LIMITED, message }, HttpStatus.TOO_MANY_REQUESTS);
    }
  }

  /** One plain `Retry-After`, whichever count ran out (the base class names it after the throttler). */
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    this.setResponseHeader(this.getRequestResponse(context).res, 'Retry-After', Math.max(1, detail.timeToBlockExpire));
    throw new ThrottlerException();
  }
}
