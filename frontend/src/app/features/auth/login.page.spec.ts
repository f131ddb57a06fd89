import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import { SessionStore } from '../../core/auth/session.store';
import LoginPage from './login.page';

describe('LoginPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration('')],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function render() {
    const fixture = TestBed.createComponent(LoginPage);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const input = (name: string) => element.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    const type = async (name: string, value: string) => {
      input(name).value = value;
      input(name).dispatchEvent(new Event('input'));
      input(name).dispatchEvent(new Event('blur'));
      await fixture.whenStable();
    };
    const submit = async () => {
      element.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await fixture.whenStable();
    };
    const errors = () => Array.from(element.querySelectorAll('mat-error')).map((error) => error.textContent?.trim());
    return { fixture, element, type, submit, errors };
  }

  it('does not call the server with empty fields and says what is missing', async () => {
    const page = await render();
    await page.submit();
    expect(page.errors()).toEqual(['This field is required.', 'This field is required.']);
    http.expectNone('/api/auth/login');
  });

  it('rejects a malformed e-mail address', async () => {
    const page = await render();
    await page.type('email', 'not-an-email');
    await page.type('password', 'whatever-1234');
    await page.submit();
    expect(page.errors()).toEqual(['Enter a valid e-mail address.']);
    http.expectNone('/api/auth/login');
  });

  it('says in the reader\'s language that an account waits for approval', async () => {
    const page = await render();
    await page.type('email', 'ada@example.com');
    await page.type('password', 'right-password-1');
    await page.submit();

    http.expectOne('/api/auth/login').flush({ statusCode: 403, code: 'ACCOUNT_PENDING', message: 'Your account waits for an administrator to approve it' }, { status: 403, statusText: 'Forbidden' });
    await page.fixture.whenStable();

    expect(page.element.querySelector('[role="alert"]')?.textContent?.trim()).toBe('Your account waits for an administrator to approve it. You can log in once they have.');
    expect(TestBed.inject(SessionStore).isAuthenticated()).toBe(false);
  });

  it('shows the translated message of the code when the credentials are wrong', async () => {
    const page = await render();
    await page.type('email', 'ada@example.com');
    await page.type('password', 'wrong-password-1');
    await page.submit();

    const request = http.expectOne('/api/auth/login');
    expect(request.request.body).toEqual({ email: 'ada@example.com', password: 'wrong-password-1' });
    request.flush({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong e-mail or password' }, { status: 401, statusText: 'Unauthorized' });
    await page.fixture.whenStable();

    expect(page.element.querySelector('[role="alert"]')?.textContent?.trim()).toBe('Wrong e-mail or password.');
    expect(TestBed.inject(SessionStore).isAuthenticated()).toBe(false);
  });

  it('shows field errors from the server under their fields', async () => {
    const page = await render();
    await page.type('email', 'ada@example.com');
    await page.type('password', 'x');
    await page.submit();

    http.expectOne('/api/auth/login').flush(
      { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Invalid fields', details: [{ field: 'email', message: 'email is not allowed here' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await page.fixture.whenStable();

    const emailField = page.element.querySelector('input[name="email"]')!.closest('mat-form-field')!;
    expect(emailField.querySelector('mat-error')?.textContent?.trim()).toBe('email is not allowed here');
  });

  it('opens the session and goes home on success', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const page = await render();
    await page.type('email', 'ada@example.com');
    await page.type('password', 'correct-horse-1');
    await page.submit();

    http.expectOne('/api/auth/login').flush({
      accessToken: 'a',
      refreshToken: 'r',
      expiresIn: 900,
      user: { id: 'u1', email: 'ada@example.com', name: 'Ada', role: 'user', language: 'en', theme: 'system', defaultChatModel: null, favoriteModels: [], createdAt: '2026-11-26T00:00:00.000Z' },
    });

    const session = TestBed.inject(SessionStore);
    expect(session.user()?.name).toBe('Ada');
    expect(localStorage.getItem('webox.accessToken')).toBe('a');
    // Once the user's dictionary is here (at once: the tests preload both).
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('/'));
  });
});
