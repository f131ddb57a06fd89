import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { AuthSessionDto, UserDto } from '../../api/models';
import { AuthService, ProfileService } from '../../api/services';
import { authInterceptor } from './auth.interceptor';
import { SessionStore } from './session.store';

const user: UserDto = {
  id: 'u1',
  email: 'ada@example.com',
  name: 'Ada',
  role: 'user',
  status: 'active',
  language: 'en',
  theme: 'system',
  defaultChatModel: null,
  favoriteModels: [],
  createdAt: '2026-11-26T00:00:00.000Z',
};

function session(accessToken: string, refreshToken: string): AuthSessionDto {
  return { accessToken, refreshToken, expiresIn: 900, user };
}

describe('authInterceptor', () => {
  let http: HttpTestingController;
  let profile: ProfileService;
  let store: SessionStore;
  let navigate: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem('webox.language', 'en');
    localStorage.setItem('webox.accessToken', 'access-1');
    localStorage.setItem('webox.refreshToken', 'refresh-1');
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        provideApiConfiguration(''),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    profile = TestBed.inject(ProfileService);
    store = TestBed.inject(SessionStore);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  it('sends the access token to the API', () => {
    profile.getProfile().subscribe();
    const request = http.expectOne('/api/profile');
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    request.flush(user);
  });

  it('sends no token to the session endpoints', () => {
    TestBed.inject(AuthService).login({ body: { email: 'ada@example.com', password: 'x' } }).subscribe({ error: () => undefined });
    const request = http.expectOne('/api/auth/login');
    expect(request.request.headers.has('Authorization')).toBe(false);
    // A 401 there is final: no refresh.
    request.flush({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong e-mail or password' }, { status: 401, statusText: 'Unauthorized' });
    http.expectNone('/api/auth/refresh');
  });

  it('on a 401, refreshes once, keeps the new pair and retries with the new token', () => {
    let result: UserDto | undefined;
    profile.getProfile().subscribe((value) => (result = value));

    http.expectOne('/api/profile').flush({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Expired' }, { status: 401, statusText: 'Unauthorized' });

    const refresh = http.expectOne('/api/auth/refresh');
    expect(refresh.request.method).toBe('POST');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    expect(refresh.request.headers.has('Authorization')).toBe(false);
    refresh.flush(session('access-2', 'refresh-2'));

    const retry = http.expectOne('/api/profile');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retry.flush(user);

    expect(result).toEqual(user);
    expect(store.accessToken()).toBe('access-2');
    expect(localStorage.getItem('webox.refreshToken')).toBe('refresh-2');
  });

  it('shares one refresh between calls that fail together', () => {
    const results: string[] = [];
    profile.getProfile().subscribe((value) => results.push(`profile:${value.name}`));
    profile.listApiKeys({ page: 1, limit: 20 }).subscribe((value) => results.push(`keys:${value.total}`));

    http.expectOne('/api/profile').flush(null, { status: 401, statusText: 'Unauthorized' });
    http.expectOne((request) => request.url === '/api/profile/api-keys').flush(null, { status: 401, statusText: 'Unauthorized' });

    const refreshes = http.match('/api/auth/refresh');
    expect(refreshes).toHaveLength(1);
    refreshes[0].flush(session('access-2', 'refresh-2'));

    const retries = [http.expectOne('/api/profile'), http.expectOne((request) => request.url === '/api/profile/api-keys')];
    for (const retry of retries) expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retries[0].flush(user);
    retries[1].flush({ items: [], total: 0, page: 1, limit: 20 });

    expect(results.sort()).toEqual(['keys:0', 'profile:Ada']);
  });

  it('retries only once: a second 401 reaches the caller without another refresh', () => {
    let status: number | undefined;
    profile.getProfile().subscribe({ error: (error: { status: number }) => (status = error.status) });

    http.expectOne('/api/profile').flush(null, { status: 401, statusText: 'Unauthorized' });
    http.expectOne('/api/auth/refresh').flush(session('access-2', 'refresh-2'));
    http.expectOne('/api/profile').flush(null, { status: 401, statusText: 'Unauthorized' });

    http.expectNone('/api/auth/refresh');
    expect(status).toBe(401);
  });

  it('logs out to /login when the refresh fails', () => {
    store.setUser(user);
    let failed = false;
    profile.getProfile().subscribe({ error: () => (failed = true) });

    http.expectOne('/api/profile').flush(null, { status: 401, statusText: 'Unauthorized' });
    http.expectOne('/api/auth/refresh').flush({ statusCode: 401, code: 'INVALID_REFRESH_TOKEN', message: 'Invalid' }, { status: 401, statusText: 'Unauthorized' });

    expect(failed).toBe(true);
    expect(store.isAuthenticated()).toBe(false);
    expect(store.accessToken()).toBeNull();
    expect(localStorage.getItem('webox.refreshToken')).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { expired: 1 } });
    http.expectNone('/api/profile');
  });

  it('does not try to refresh other errors', () => {
    let status: number | undefined;
    profile.getProfile().subscribe({ error: (error: { status: number }) => (status = error.status) });
    http.expectOne('/api/profile').flush(null, { status: 403, statusText: 'Forbidden' });
    http.expectNone('/api/auth/refresh');
    expect(status).toBe(403);
  });
});
