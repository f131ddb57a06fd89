import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { AuthSessionDto } from '../../api/models';
import { authInterceptor } from '../../core/auth/auth.interceptor';
import { SessionStore } from '../../core/auth/session.store';
import { I18nService } from '../../core/i18n/i18n.service';
import RegisterPage from './register.page';

const created: AuthSessionDto = {
  accessToken: 'access-1',
  refreshToken: 'refresh-1',
  expiresIn: 900,
  user: { id: 'u1', email: 'marie@example.com', name: 'Marie', role: 'user', status: 'active', language: 'en', theme: 'system', defaultChatModel: null, favoriteModels: [], createdAt: '2026-11-26T00:00:00.000Z' },
};

describe('RegisterPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration('')],
    });
    http = TestBed.inject(HttpTestingController);
    vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function fillAndSubmit(values: { name: string; email: string; password: string }) {
    const fixture = TestBed.createComponent(RegisterPage);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    for (const [name, value] of Object.entries(values)) {
      const input = element.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      input.dispatchEvent(new Event('blur'));
    }
    element.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await fixture.whenStable();
    return element;
  }

  it('mirrors the server password rule before sending anything', async () => {
    TestBed.inject(I18nService).setLanguage('en');
    const element = await fillAndSubmit({ name: 'Marie', email: 'marie@example.com', password: 'onlyletters' });
    expect(element.querySelector('mat-error')?.textContent?.trim()).toBe('Use at least 10 characters, with at least one letter and one digit.');
    http.expectNone('/api/auth/register');
  });

  it('keeps the language the visitor was reading in the new profile', async () => {
    TestBed.inject(I18nService).setLanguage('fr');
    await fillAndSubmit({ name: 'Marie', email: 'marie@example.com', password: 'radium-1898' });

    http.expectOne('/api/auth/register').flush(created, { status: 201, statusText: 'Created' });
    const patch = http.expectOne((request) => request.method === 'PATCH' && request.url === '/api/profile');
    expect(patch.request.body).toEqual({ language: 'fr' });
    expect(patch.request.headers.get('Authorization')).toBe('Bearer access-1');
    patch.flush({ ...created.user, language: 'fr' });

    expect(TestBed.inject(I18nService).language()).toBe('fr');
    expect(TestBed.inject(SessionStore).user()?.language).toBe('fr');
  });

  it('does not touch the profile when the languages already match', async () => {
    TestBed.inject(I18nService).setLanguage('en');
    await fillAndSubmit({ name: 'Marie', email: 'marie@example.com', password: 'radium-1898' });
    http.expectOne('/api/auth/register').flush(created, { status: 201, statusText: 'Created' });
    http.expectNone('/api/profile');
    expect(TestBed.inject(SessionStore).isAuthenticated()).toBe(true);
  });
});
