import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

export type Role = 'user' | 'admin';

/** The authenticated caller, as the JWT strategy resolved it. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  /** The login session (refresh-token family) this access token belongs to. */
  sessionId: string;
}

export const IS_PUBLIC = 'webox:public';
export const ROLES = 'webox:roles';

/** Opts a route out of the global JWT guard. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Restricts a route to the given roles (checked after authentication). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<Request & { user: AuthUser }>().user;
});

/** The caller's User-Agent header (kept out of the API contract: browsers send it anyway). */
export const UserAgent = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  return context.switchToHttp().getRequest<Request>().headers['user-agent'];
});
