import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { ApiKeyDto, CreateOwnApiKeyDto } from '../../api/models';
import { ApiKeyForm } from '../../shared/api-keys/api-key-form';
import { ProfileStore } from './profile.store';

describe('ApiKeyForm', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration(''), ProfileStore],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function render() {
    const fixture = TestBed.createComponent(ApiKeyForm);
    const store = TestBed.inject(ProfileStore);
    fixture.componentRef.setInput('save', (body: CreateOwnApiKeyDto) => store.createApiKey(body));
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const form = fixture.componentInstance['form'];
    const submit = async () => {
      element.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await fixture.whenStable();
    };
    const errors = () => Array.from(element.querySelectorAll('mat-error')).map((error) => error.textContent?.trim());
    return { fixture, element, form, submit, errors };
  }

  it('requires a base URL for an OpenAI-compatible server only', async () => {
    const page = await render();
    page.form.patchValue({ provider: 'openai-compatible', key: 'local-key-123' });
    await page.submit();
    expect(page.errors()).toEqual(['This field is required.']);
    http.expectNone('/api/profile/api-keys');

    page.form.patchValue({ provider: 'openai' });
    expect(page.form.valid).toBe(true);
  });

  it('asks for the Account SID only for Twilio, and only sends it for Twilio', async () => {
    const page = await render();
    expect(page.element.querySelector('input[name="accountId"]')).toBeNull();

    page.form.patchValue({ provider: 'twilio', key: 'twilio-auth-token-1' });
    await page.fixture.whenStable();
    expect(page.element.querySelector('input[name="accountId"]')).not.toBeNull();
    expect(page.form.controls.accountId.hasError('required')).toBe(true);

    page.form.patchValue({ accountId: 'AC0123456789abcdef0123456789abcdef' });
    await page.submit();
    const request = http.expectOne((req) => req.method === 'POST' && req.url === '/api/profile/api-keys');
    expect(request.request.body).toEqual({ provider: 'twilio', key: 'twilio-auth-token-1', accountId: 'AC0123456789abcdef0123456789abcdef' });
    request.flush({ id: 'k1', provider: 'twilio', label: 'Twilio', maskedKey: 'twi…en-1', accountId: 'AC0123456789abcdef0123456789abcdef', status: 'unchecked', createdAt: '2026-11-26T00:00:00.000Z', allowed: true } satisfies ApiKeyDto);
    http.expectOne((req) => req.method === 'GET' && req.url === '/api/profile/api-keys').flush({ items: [], total: 0, page: 1, limit: 20 });
  });

  it('sends the key once, then clears it and reports the new key', async () => {
    const page = await render();
    const created: ApiKeyDto[] = [];
    page.fixture.componentInstance.created.subscribe((apiKey) => created.push(apiKey));
    page.form.patchValue({ provider: 'openai', label: ' Main ', key: 'sk-test-1234567890abcd', accountId: 'ignored' });
    await page.submit();

    const request = http.expectOne((req) => req.method === 'POST' && req.url === '/api/profile/api-keys');
    expect(request.request.body).toEqual({ provider: 'openai', label: 'Main', key: 'sk-test-1234567890abcd' });
    const saved: ApiKeyDto = { id: 'k1', provider: 'openai', label: 'Main', maskedKey: 'sk-…abcd', status: 'ok', createdAt: '2026-11-26T00:00:00.000Z', allowed: true };
    request.flush(saved);
    http.expectOne((req) => req.method === 'GET' && req.url === '/api/profile/api-keys').flush({ items: [saved], total: 1, page: 1, limit: 20 });
    await page.fixture.whenStable();

    expect(created).toEqual([saved]);
    expect(page.form.controls.key.value).toBe('');
    expect(page.element.querySelector<HTMLInputElement>('input[name="key"]')!.value).toBe('');
    expect(TestBed.inject(ProfileStore).apiKeys.items()).toEqual([saved]);
  });

  it("puts the server's field errors under the fields", async () => {
    const page = await render();
    page.form.patchValue({ provider: 'openai-compatible', key: 'local-key-123', baseUrl: 'http://10.0.0.1/v1' });
    await page.submit();
    http.expectOne('/api/profile/api-keys').flush(
      { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Invalid fields', details: [{ field: 'baseUrl', message: 'baseUrl must not point to a private address' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await page.fixture.whenStable();
    expect(page.errors()).toEqual(['baseUrl must not point to a private address']);
    expect(page.element.querySelector('[role="alert"]')?.textContent?.trim()).toBe('Some fields are not valid: endpoint URL.');
  });

  it('a key that fails its check: says why, saves nothing, and saves it only when asked, marked failing', async () => {
    const page = await render();
    const created: ApiKeyDto[] = [];
    page.fixture.componentInstance.created.subscribe((apiKey) => created.push(apiKey));
    page.form.patchValue({ provider: 'openai', key: 'sk-bogus-1234567890' });
    await page.submit();
    http.expectOne('/api/profile/api-keys').flush(
      {
        statusCode: 400,
        code: 'API_KEY_REJECTED',
        message: 'The key was not saved: OpenAI refused the API key (401). Send saveIfFailing: true to save it anyway.',
        details: [{ field: 'key', message: 'OpenAI refused the API key (401)' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await page.fixture.whenStable();
    const alert = page.element.querySelector('[data-testid="api-key-check-failed"]')!;
    expect(alert.textContent).toContain('The provider refused this key.');
    expect(alert.textContent).toContain('Provider’s answer: OpenAI refused the API key (401)');
    expect(page.element.textContent).not.toContain('saveIfFailing');
    expect(page.errors()).toEqual([]);
    expect(created).toEqual([]);
    expect(page.form.controls.key.value).toBe('sk-bogus-1234567890');

    page.element.querySelector<HTMLButtonElement>('[data-testid="api-key-save-anyway"]')!.click();
    await page.fixture.whenStable();
    const retry = http.expectOne((req) => req.method === 'POST' && req.url === '/api/profile/api-keys');
    expect(retry.request.body).toEqual({ provider: 'openai', key: 'sk-bogus-1234567890', saveIfFailing: true });
    const saved: ApiKeyDto = { id: 'k2', provider: 'openai', label: 'openai', maskedKey: 'sk-…7890', status: 'failing', lastError: 'OpenAI refused the API key (401)', createdAt: '2026-11-26T00:00:00.000Z', allowed: true };
    retry.flush(saved);
    http.expectOne((req) => req.method === 'GET' && req.url === '/api/profile/api-keys').flush({ items: [saved], total: 1, page: 1, limit: 20 });
    await page.fixture.whenStable();
    expect(created).toEqual([saved]);
    expect(page.element.querySelector('[data-testid="api-key-check-failed"]')).toBeNull();
  });

  it('an unreachable vendor reads as a key that could not be checked, and editing the key clears the offer', async () => {
    const page = await render();
    page.form.patchValue({ provider: 'openai', key: 'sk-test-1234567890' });
    await page.submit();
    http.expectOne('/api/profile/api-keys').flush(
      { statusCode: 400, code: 'API_KEY_CHECK_FAILED', message: 'The key was not saved', details: [{ field: 'key', message: 'OpenAI could not be reached or dropped the connection' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await page.fixture.whenStable();
    expect(page.element.querySelector('[data-testid="api-key-check-failed"]')!.textContent).toContain('The key could not be checked.');
    page.form.patchValue({ key: 'sk-test-other-123456' });
    await page.fixture.whenStable();
    expect(page.element.querySelector('[data-testid="api-key-save-anyway"]')).toBeNull();
  });
});
