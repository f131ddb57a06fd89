import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, of, switchMap, throwError } from 'rxjs';
import { AuthService } from '../../api/services/auth.service';
import { SessionStore } from './session.store';

/** Endpoints that open or close sessions: they carry no bearer token and a 401 from them is final. */
const SESSION_ENDPOINTS = new Set<string>([AuthService.LoginPath, AuthService.RegisterPath, AuthService.RefreshPath, AuthService.LogoutPath]);

/**
 * Attaches `Authorization: Bearer <access>` to calls to our API. On a 401 it refreshes the token
 * once (shared by concurrent calls) and retries the call once; if the refresh fails, the session
 * store logs out to /login.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const path = apiPath(request.url);
  if (path === null || SESSION_ENDPOINTS.has(path)) return next(request);

  const session = inject(SessionStore);
  const sentToken = session.accessToken();
  return next(withToken(request, sentToken)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !session.refreshToken()) {
        return throwError(() => error);
      }
      // Another call may already have refreshed the token while this one was in flight.
      const current = session.accessToken();
      const freshToken$ = current && current !== sentToken ? of(current) : session.refreshAccessToken();
      return freshToken$.pipe(switchMap((token) => next(withToken(request, token))));
    }),
  );
};

function withToken<T>(request: HttpRequest<T>, token: string | null): HttpRequest<T> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

/** The path of a same-origin `/api/...` URL, or null for anything else (never send the token elsewhere). */
function apiPath(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, globalThis.location?.origin ?? 'http://localhost');
  } catch {
    return null;
  }
  const sameOrigin = !/^[a-z][a-z\d+.-]*:/i.test(url) || parsed.origin === globalThis.location?.origin;
  return sameOrigin && parsed.pathname.startsWith('/api/') ? parsed.pathname : null;
}
