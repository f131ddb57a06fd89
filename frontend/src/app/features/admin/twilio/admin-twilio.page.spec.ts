import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { of } from 'rxjs';
import { provideApiConfiguration } from '../../../api/api-configuration';
import type { TwilioConnectionDto } from '../../../api/models';
import AdminTwilioPage from './admin-twilio.page';

const NONE: TwilioConnectionDto = { connected: false, source: 'none', accountSid: null, publicUrlConfigured: true, webhookUrl: 'https://webox.example/api/voice/webhook/twilio' };
const CONNECTED: TwilioConnectionDto = { ...NONE, connected: true, source: 'workspace', accountSid: 'AC12…cdef' };
const SID = 'AC' + '0123456789abcdef'.repeat(2);

describe('AdminTwilioPage', () => {
  let http: HttpTestingController;

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function open(language: 'en' | 'fr', first: TwilioConnectionDto, confirmed = true) {
    localStorage.setItem('webox.language', language);
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), { provide: MatDialog, useValue: { open: () => ({ afterClosed: () => of(confirmed) }) } }],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(AdminTwilioPage);
    fixture.detectChanges();
    http.expectOne({ method: 'GET', url: '/api/admin/voice/twilio' }).flush(first);
    await fixture.whenStable();
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    const settle = async () => {
      await fixture.whenStable();
      fixture.detectChanges();
    };
    const type = (testId: string, value: string) => {
      const input = element.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    const click = (testId: string) => element.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!.click();
    return { fixture, element, settle, type, click };
  }

  it('connects with the SID and token checked by the API, then shows only the masked SID', async () => {
    const page = await open('en', NONE);
    expect(page.element.textContent).toContain('No workspace Twilio account is connected.');
    page.type('admin-twilio-sid', SID);
    page.type('admin-twilio-token', 'secret-token-1');
    page.click('admin-twilio-connect');
    const request = http.expectOne({ method: 'PUT', url: '/api/admin/voice/twilio' });
    expect(request.request.body).toEqual({ accountSid: SID, authToken: 'secret-token-1' });
    request.flush(CONNECTED);
    await page.settle();
    const text = page.element.textContent ?? '';
    expect(text).toContain('Twilio account AC12…cdef is connected for the workspace.');
    expect(text).not.toContain('secret-token-1');
    expect(page.element.querySelector('[data-testid="admin-twilio-token"]')).toBeNull();
  });

  it('does not send a malformed SID, and says what a SID looks like', async () => {
    const page = await open('en', NONE);
    page.type('admin-twilio-sid', 'AC123');
    page.type('admin-twilio-token', 'secret-token-1');
    page.click('admin-twilio-connect');
    await page.settle();
    http.expectNone('/api/admin/voice/twilio');
    expect(page.element.textContent).toContain('An Account SID is AC followed by 32 hexadecimal digits.');
  });

  it('shows the API\'s refusal clearly (a token Twilio refused) in the reader\'s language, and keeps the form', async () => {
    const page = await open('fr', NONE);
    page.type('admin-twilio-sid', SID);
    page.type('admin-twilio-token', 'wrong-token');
    page.click('admin-twilio-connect');
    http
      .expectOne({ method: 'PUT', url: '/api/admin/voice/twilio' })
      .flush({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'Invalid request: authToken', details: [{ field: 'authToken', message: 'Twilio refused these credentials' }] }, { status: 400, statusText: 'Bad Request' });
    await page.settle();
    const banner = page.element.querySelector('[data-testid="admin-twilio-error"]');
    expect(banner?.getAttribute('role')).toBe('alert');
    expect(banner?.textContent?.trim().length).toBeGreaterThan(0);
    expect(page.element.querySelector('[data-testid="admin-twilio-sid"]')).not.toBeNull();
    expect(page.element.textContent).toContain('Aucun compte Twilio n’est connecté');
  });

  it('disconnects after the admin confirms', async () => {
    const page = await open('en', CONNECTED);
    page.click('admin-twilio-disconnect');
    http.expectOne({ method: 'DELETE', url: '/api/admin/voice/twilio' }).flush(null);
    await page.settle();
    http.expectOne({ method: 'GET', url: '/api/admin/voice/twilio' }).flush(NONE);
    await page.settle();
    expect(page.element.textContent).toContain('No workspace Twilio account is connected.');
  });

  it('keeps the account when the admin cancels', async () => {
    const page = await open('en', CONNECTED, false);
    page.click('admin-twilio-disconnect');
    await page.settle();
    http.expectNone({ method: 'DELETE', url: '/api/admin/voice/twilio' });
    expect(page.element.textContent).toContain('AC12…cdef');
  });
});
