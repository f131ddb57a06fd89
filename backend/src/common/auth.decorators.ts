import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

/** `editor` has the rights of `user` for now; the areas that need more (items of issue 26 still to come) check it. */
export const ROLE_NAMES = ['user', 'editor', 'admin'] as const;
export type Role = (typeof ROLE_NAMES)[number];

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

/** Who did something and from where, for the audit trail: the authenticated caller and the client's address. */
export interface Actor {
  id: string;
  email: string;
  ip: string | null;
}

/** The client's address as Express resolved it (WEBOX_TRUST_PROXY decides whether X-Forwarded-For counts). */
export const ClientIp = createParamDecorator((_data: unknown, context: ExecutionContext): string | null => {
  return context.switchToHttp().getRequest<Request>().ip ?? null;
});

/** The authenticated caller and their address: `@CurrentActor() actor: Actor`. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<Request & { user: AuthUser }>();
  return { id: request.user.id, email: request.user.email, ip: request.ip ?? null };
});
