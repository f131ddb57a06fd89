import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { UserDto } from '../../api/models';
import { adminGuard, authGuard, guestGuard } from './auth.guards';
import { SessionStore } from './session.store';

const user: UserDto = { id: 'u1', email: 'a@b.c', name: 'A', role: 'user', status: 'active', language: 'en', theme: 'system', defaultChatModel: null, favoriteModels: [], createdAt: '2026-11-26T00:00:00.000Z' };

describe('route guards', () => {
  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration('')] });
  });

  afterEach(() => localStorage.clear());

  function run(guard: typeof authGuard, url = '/'): boolean | string {
    const result = TestBed.runInInjectionContext(() => guard(new ActivatedRouteSnapshot(), { url } as RouterStateSnapshot));
    return result instanceof UrlTree ? TestBed.inject(Router).serializeUrl(result) : (result as boolean);
  }

  it('sends a visitor to /login, remembering where they were going', () => {
    expect(run(authGuard, '/profile')).toBe('/login?returnUrl=%2Fprofile');
    expect(run(authGuard, '/')).toBe('/login');
    expect(run(guestGuard)).toBe(true);
  });

  it('lets a signed-in user in, but not into /admin, and away from /login', () => {
    TestBed.inject(SessionStore).setUser(user);
    expect(run(authGuard, '/profile')).toBe(true);
    expect(run(adminGuard, '/admin')).toBe('/');
    expect(run(guestGuard)).toBe('/');
  });

  it('lets an administrator into /admin', () => {
    TestBed.inject(SessionStore).setUser({ ...user, role: 'admin' });
    expect(run(adminGuard, '/admin')).toBe(true);
  });
});
