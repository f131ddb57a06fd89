import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../../api/api-configuration';
import type { AdminModelDto, AdminModelsDto } from '../../../api/models';
import AdminModelsPage from './admin-models.page';

const model = (id: string, name: string, changes: Partial<AdminModelDto> = {}): AdminModelDto => ({
  id,
  name,
  provider: id.split('/')[0] as AdminModelDto['provider'],
  providerLabel: id.split('/')[0]!,
  offline: id.startsWith('local/'),
  inputPricePerMTok: 1,
  outputPricePerMTok: 2,
  enabled: true,
  roles: { user: true, editor: true, admin: true },
  isDefault: false,
  ...changes,
});

const LIST: AdminModelsDto = {
  defaultChatModel: 'local/webox-mini',
  models: [model('openai/gpt-5.4', 'GPT-5.4'), model('anthropic/claude-sonnet-4-6', 'Claude Sonnet 4.6'), model('local/webox-mini', 'Webox mini', { isDefault: true })],
};

describe('AdminModelsPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration('')] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function open() {
    const fixture = TestBed.createComponent(AdminModelsPage);
    fixture.detectChanges();
    http.expectOne('/api/admin/models').flush(LIST);
    await fixture.whenStable();
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    return { fixture, element, rows: () => [...element.querySelectorAll('[data-testid^="admin-model-"]')].map((cell) => cell.getAttribute('data-testid')) };
  }

  it('lists the models and filters them by the search words', async () => {
    const { fixture, element, rows } = await open();
    expect(rows()).toEqual(['admin-model-openai/gpt-5.4', 'admin-model-anthropic/claude-sonnet-4-6', 'admin-model-local/webox-mini']);
    const search = element.querySelector<HTMLInputElement>('[data-testid="admin-models-search"]')!;
    search.value = 'claude';
    search.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    expect(rows()).toEqual(['admin-model-anthropic/claude-sonnet-4-6']);
    search.value = 'nothing like it';
    search.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    expect(element.querySelector('[data-testid="admin-models-empty"]')?.textContent).toContain('No model matches');
  });

  it('turns a model off for the workspace and shows what the server answers', async () => {
    const { fixture, element } = await open();
    element.querySelector<HTMLButtonElement>('[data-testid="model-enabled-openai/gpt-5.4"] button')!.click();
    const request = http.expectOne('/api/admin/models/access');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ model: 'openai/gpt-5.4', enabled: false });
    request.flush(model('openai/gpt-5.4', 'GPT-5.4', { enabled: false }));
    fixture.detectChanges();
    // With the model off, its role switches and its "make default" button are disabled.
    expect(element.querySelector<HTMLButtonElement>('[data-testid="model-role-user-openai/gpt-5.4"] button')!.disabled).toBe(true);
    expect(element.querySelector<HTMLButtonElement>('[data-testid="model-default-openai/gpt-5.4"]')!.disabled).toBe(true);
  });

  it('turns a model off for one role only', async () => {
    const { element } = await open();
    element.querySelector<HTMLButtonElement>('[data-testid="model-role-editor-anthropic/claude-sonnet-4-6"] button')!.click();
    const request = http.expectOne('/api/admin/models/access');
    expect(request.request.body).toEqual({ model: 'anthropic/claude-sonnet-4-6', roles: { editor: false } });
    request.flush(model('anthropic/claude-sonnet-4-6', 'Claude Sonnet 4.6', { roles: { user: true, editor: false, admin: true } }));
  });

  it('makes a model the default, and on a refusal reloads what the server keeps', async () => {
    const { fixture, element } = await open();
    element.querySelector<HTMLButtonElement>('[data-testid="model-default-openai/gpt-5.4"]')!.click();
    const request = http.expectOne('/api/admin/models/default');
    expect(request.request.body).toEqual({ model: 'openai/gpt-5.4' });
    request.flush({ code: 'DEFAULT_MODEL_DISABLED', message: 'disabled', statusCode: 400 }, { status: 400, statusText: 'Bad Request' });
    http.expectOne('/api/admin/models').flush({ ...LIST, models: LIST.models.map((row) => (row.id === 'openai/gpt-5.4' ? { ...row, enabled: false } : row)) });
    fixture.detectChanges();
    expect(element.querySelector<HTMLButtonElement>('[data-testid="model-default-openai/gpt-5.4"]')!.disabled).toBe(true);
    expect(element.querySelector('[data-testid="model-default-local/webox-mini"]')?.textContent).toContain('Default');
  });
});
