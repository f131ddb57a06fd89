import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { PipedreamStatusDto, PipedreamWorkflowDto } from '../../api/models';
import AutomationPage from './automation.page';

const disconnected: PipedreamStatusDto = { connected: false, clientId: null, projectId: null, environment: null, checkedAt: null, externalUserId: null };
const connected: PipedreamStatusDto = { connected: true, clientId: 'oa_abc', projectId: 'proj_abc123', environment: 'development', checkedAt: '2026-12-07T03:00:00.000Z', externalUserId: 'u1' };
const workflow: PipedreamWorkflowDto = { id: 'dc_1', name: 'From Webox', kind: 'component', componentKey: 'http-new-requests-payload-only', url: 'https://en123.m.pipedream.net/', active: true, createdAt: '2026-12-07T03:00:00.000Z' };

describe('AutomationPage (Pipedream)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<AutomationPage>;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration('')] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function render(status: PipedreamStatusDto, workflows?: PipedreamWorkflowDto[]): Promise<HTMLElement> {
    fixture = TestBed.createComponent(AutomationPage);
    fixture.detectChanges();
    http.expectOne('/api/automation/events').flush({ events: ['chat.completed'] });
    http.expectOne('/api/automation/triggers').flush([]);
    http.expectOne('/api/automation/hooks').flush([]);
    http.expectOne((request) => request.url === '/api/combinations/workflows').flush({ items: [], total: 0, page: 1, limit: 100 });
    http.expectOne('/api/automation/status').flush(status);
    if (workflows) http.expectOne('/api/automation/workflows').flush(workflows);
    await settle();
    return fixture.nativeElement as HTMLElement;
  }

  async function settle(): Promise<void> {
    await fixture.whenStable();
    fixture.detectChanges();
  }

  const type = (page: HTMLElement, testid: string, value: string) => {
    const input = page.querySelector<HTMLInputElement>(`[data-testid="${testid}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };

  it('shows the connect form when not connected, and connects with the typed credentials', async () => {
    const page = await render(disconnected);
    expect(page.querySelector('[data-testid="pipedream-connect-form"]')).not.toBeNull();
    const button = page.querySelector<HTMLButtonElement>('[data-testid="pipedream-connect"]')!;
    expect(button.disabled).toBe(true);
    type(page, 'pipedream-client-id', 'oa_abc');
    type(page, 'pipedream-client-secret', 'pd_secret');
    type(page, 'pipedream-project-id', 'proj_abc123');
    await settle();
    expect(button.disabled).toBe(false);
    button.click();
    const request = http.expectOne('/api/automation/connect');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ clientId: 'oa_abc', clientSecret: 'pd_secret', projectId: 'proj_abc123', environment: 'production' });
    request.flush({ ...connected, environment: 'production' });
    http.expectOne('/api/automation/workflows').flush([workflow]);
    await settle();
    expect(page.querySelector('[data-testid="pipedream-project"]')!.textContent).toContain('proj_abc123');
    expect(page.querySelector('[data-testid="pipedream-connect-form"]')).toBeNull();
    // The secret does not stay in the page.
    expect(page.innerHTML).not.toContain('pd_secret');
    expect(page.querySelector('[data-testid="pipedream-workflow-url"]')!.textContent).toContain('https://en123.m.pipedream.net/');
  });

  it('says why when Pipedream refuses the credentials, and stays on the form', async () => {
    const page = await render(disconnected);
    type(page, 'pipedream-client-id', 'oa_abc');
    type(page, 'pipedream-client-secret', 'wrong');
    type(page, 'pipedream-project-id', 'proj_abc123');
    await settle();
    page.querySelector<HTMLButtonElement>('[data-testid="pipedream-connect"]')!.click();
    http
      .expectOne('/api/automation/connect')
      .flush({ statusCode: 400, code: 'AUTOMATION_PIPEDREAM_CREDENTIALS_REJECTED', message: 'Pipedream refused this OAuth client id and secret (401)' }, { status: 400, statusText: 'Bad Request' });
    await settle();
    expect(page.querySelector('[data-testid="pipedream-connect-form"]')).not.toBeNull();
    expect(document.body.textContent).toContain('Pipedream refused this OAuth client id and secret.');
  });

  it('lists the workflows with their trigger URLs when connected, and creates one', async () => {
    const page = await render(connected, [workflow, { ...workflow, id: 'ti_1', name: '0 * * * *', kind: 'timer', componentKey: null, url: null }]);
    const rows = page.querySelectorAll('[data-testid="pipedream-workflow-row"]');
    expect(rows.length).toBe(2);
    expect(rows[0]!.textContent).toContain('From Webox');
    expect(rows[0]!.textContent).toContain('Deployed trigger');
    expect(rows[1]!.textContent).toContain('Schedule');
    expect(rows[1]!.textContent).toContain('No HTTP URL');
    type(page, 'pipedream-workflow-name', 'Orders');
    await settle();
    page.querySelector<HTMLButtonElement>('[data-testid="pipedream-workflow-create"]')!.click();
    const request = http.expectOne('/api/automation/workflows');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ name: 'Orders' });
    request.flush({ ...workflow, id: 'dc_2', name: 'Orders', url: 'https://en456.m.pipedream.net/' });
    await settle();
    expect(page.querySelectorAll('[data-testid="pipedream-workflow-row"]').length).toBe(3);
  });

  it("shows Pipedream's error in the card when the workflows cannot be read", async () => {
    fixture = TestBed.createComponent(AutomationPage);
    fixture.detectChanges();
    http.expectOne('/api/automation/events').flush({ events: [] });
    http.expectOne('/api/automation/triggers').flush([]);
    http.expectOne('/api/automation/hooks').flush([]);
    http.expectOne((request) => request.url === '/api/combinations/workflows').flush({ items: [], total: 0, page: 1, limit: 100 });
    http.expectOne('/api/automation/status').flush(connected);
    http.expectOne('/api/automation/workflows').flush({ statusCode: 502, code: 'AUTOMATION_PIPEDREAM_FAILED', message: 'Pipedream answered 500' }, { status: 502, statusText: 'Bad Gateway' });
    await settle();
    const page = fixture.nativeElement as HTMLElement;
    expect(page.querySelector('[data-testid="pipedream-problem"]')!.textContent).toContain('Pipedream answered an error or could not be reached.');
  });
});
