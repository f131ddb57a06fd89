import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Observable, catchError, defaultIfEmpty, finalize, map, of, share, take, tap, throwError } from 'rxjs';
import type { AuthSessionDto, UserDto } from '../../api/models';
import { AuthService } from '../../api/services/auth.service';
import { I18nService } from '../i18n/i18n.service';
import { ThemeService } from '../theme/theme.service';

const ACCESS_KEY = 'webox.accessToken';
const REFRESH_KEY = 'webox.refreshToken';

/**
 * The signed-in user and the token pair. Tokens live in localStorage so a reload keeps the
 * session; the user is fetched again at start-up (`restore`).
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly authApi = inject(AuthService);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18nService);
  private readonly themes = inject(ThemeService);

  private readonly currentUser = signal<UserDto | null>(null);
  private readonly access = signal<string | null>(readStorage(ACCESS_KEY));
  private readonly refresh = signal<string | null>(readStorage(REFRESH_KEY));
  private refreshInFlight: Observable<string> | null = null;

  readonly user = this.currentUser.asReadonly();
  readonly accessToken = this.access.asReadonly();
  readonly refreshToken = this.refresh.asReadonly();
  readonly isAuthenticated = computed(() => this.currentUser() !== null);
  readonly isAdmin = computed(() => this.currentUser()?.role === 'admin');

  /** After login or register: keep the tokens and the user. */
  start(session: AuthSessionDto): void {
    this.setTokens(session.accessToken, session.refreshToken);
    this.setUser(session.user);
  }

  /** The user changed (profile saved): apply their language and theme. */
  setUser(user: UserDto): void {
    this.currentUser.set(user);
    // Always: it also cancels a switch to another language that is still loading.
    this.i18n.setLanguage(user.language);
    if (user.theme !== this.themes.theme()) this.themes.setTheme(user.theme);
  }

  /** At start-up: if a refresh token is stored, load the user (the interceptor refreshes the access token if needed). */
  restore(): Observable<void> {
    if (!this.refresh()) {
      // An access token alone cannot be renewed: start clean.
      this.setTokens(null, null);
      return of(undefined);
    }
    return this.authApi.getMe().pipe(
      tap((user) => this.setUser(user)),
      map(() => undefined),
      // The server is down or the session is gone: start logged out; the tokens stay unless the refresh failed.
      catchError(() => of(undefined)),
    );
  }

  /**
   * Exchanges the refresh token for a new pair. Concurrent callers share one request, so a
   * burst of 401s costs one refresh. On failure the session is over: back to /login.
   */
  refreshAccessToken(): Observable<string> {
    const refreshToken = this.refresh();
    if (!refreshToken) {
      this.expire();
      return throwError(() => new Error('No refresh token'));
    }
    this.refreshInFlight ??= this.authApi.refresh({ body: { refreshToken } }).pipe(
      tap((session) => this.start(session)),
      map((session) => session.accessToken),
      catchError((error: unknown) => {
        this.expire();
        return throwError(() => error);
      }),
      finalize(() => (this.refreshInFlight = null)),
      share(),
    );
    return this.refreshInFlight;
  }

  /** Closes the session on the server (best effort), then locally, then goes to /login. */
  logout(): Observable<void> {
    const refreshToken = this.refresh();
    const closeOnServer: Observable<unknown> = refreshToken ? this.authApi.logout({ body: { refreshToken } }) : of(null);
    return closeOnServer.pipe(
      catchError(() => of(null)),
      defaultIfEmpty(null),
      take(1),
      map(() => {
        this.clear();
        void this.router.navigateByUrl('/login');
      }),
    );
  }

  /** The session cannot be refreshed: forget it and ask to log in again. */
  expire(): void {
    const wasSignedIn = this.currentUser() !== null || this.refresh() !== null;
    this.clear();
    if (wasSignedIn) void this.router.navigate(['/login'], { queryParams: { expired: 1 } });
  }

  private clear(): void {
    this.currentUser.set(null);
    this.setTokens(null, null);
  }

  private setTokens(access: string | null, refresh: string | null): void {
    this.access.set(access);
    this.refresh.set(refresh);
    writeStorage(ACCESS_KEY, access);
    writeStorage(REFRESH_KEY, refresh);
  }
}

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Without storage the session lasts for this page only.
  }
}
