import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { UserDto } from '../../api/models';
import { I18nService } from '../i18n/i18n.service';
import { ThemeService } from '../theme/theme.service';
import { authInterceptor } from './auth.interceptor';
import { SessionStore } from './session.store';

const user: UserDto = { id: 'u1', email: 'ada@example.com', name: 'Ada', role: 'user', status: 'active', language: 'fr', theme: 'dark', defaultChatModel: null, favoriteModels: [], createdAt: '2026-11-26T00:00:00.000Z' };

describe('SessionStore', () => {
  let http: HttpTestingController;
  let navigateByUrl: ReturnType<typeof vi.spyOn>;

  function setUp(tokens: { access?: string; refresh?: string }) {
    localStorage.clear();
    localStorage.setItem('webox.language', 'en');
    if (tokens.access) localStorage.setItem('webox.accessToken', tokens.access);
    if (tokens.refresh) localStorage.setItem('webox.refreshToken', tokens.refresh);
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration('')],
    });
    http = TestBed.inject(HttpTestingController);
    navigateByUrl = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    return TestBed.inject(SessionStore);
  }

  afterEach(() => {
    http.verify();
    localStorage.clear();
    document.documentElement.classList.remove('theme-dark', 'theme-light');
  });

  it('restores the user at start-up and applies their language and theme', async () => {
    const store = setUp({ access: 'access-1', refresh: 'refresh-1' });
    const restored = firstValueFrom(store.restore());
    const me = http.expectOne('/api/auth/me');
    expect(me.request.headers.get('Authorization')).toBe('Bearer access-1');
    me.flush(user);
    await restored;

    expect(store.user()).toEqual(user);
    expect(TestBed.inject(I18nService).language()).toBe('fr');
    expect(TestBed.inject(ThemeService).theme()).toBe('dark');
    expect(document.documentElement.classList.contains('theme-dark')).toBe(true);
  });

  it('starts logged out, without calling the server, when no refresh token is stored', async () => {
    const store = setUp({ access: 'orphan-access' });
    await firstValueFrom(store.restore());
    http.expectNone('/api/auth/me');
    expect(store.isAuthenticated()).toBe(false);
    expect(localStorage.getItem('webox.accessToken')).toBeNull();
  });

  it('logs out on the server with the refresh token, forgets the session and goes to /login', async () => {
    const store = setUp({ access: 'access-1', refresh: 'refresh-1' });
    store.setUser(user);
    const done = firstValueFrom(store.logout());
    const logout = http.expectOne('/api/auth/logout');
    expect(logout.request.body).toEqual({ refreshToken: 'refresh-1' });
    logout.flush(null, { status: 204, statusText: 'No Content' });
    await done;

    expect(store.isAuthenticated()).toBe(false);
    expect(localStorage.getItem('webox.accessToken')).toBeNull();
    expect(localStorage.getItem('webox.refreshToken')).toBeNull();
    expect(navigateByUrl).toHaveBeenCalledWith('/login');
  });

  it('still logs out locally when the server cannot be reached', async () => {
    const store = setUp({ access: 'access-1', refresh: 'refresh-1' });
    store.setUser(user);
    const done = firstValueFrom(store.logout());
    http.expectOne('/api/auth/logout').error(new ProgressEvent('error'));
    await done;
    expect(store.isAuthenticated()).toBe(false);
    expect(navigateByUrl).toHaveBeenCalledWith('/login');
  });
});
