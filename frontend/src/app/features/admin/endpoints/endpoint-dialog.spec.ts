import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { vi } from 'vitest';
import { provideApiConfiguration } from '../../../api/api-configuration';
import type { AdminEndpointDto } from '../../../api/models';
import { EndpointDialog, slugOf } from './endpoint-dialog';

const SAVED: AdminEndpointDto = {
  id: '0b9c9d9e-1111-4222-8333-444455556666',
  name: 'Lab GPU',
  slug: 'lab-gpu',
  baseUrl: 'http://127.0.0.1:11434/v1',
  hasKey: true,
  keyLast4: 'abcd',
  models: [{ id: 'endpoint/lab-gpu/llama3.2', vendorModel: 'llama3.2', name: 'Llama 3.2', contextTokens: null, vision: false, inputPricePerMTok: 0, outputPricePerMTok: 0 }],
  createdAt: '2026-12-07T00:00:00.000Z',
  updatedAt: '2026-12-07T00:00:00.000Z',
};

describe('EndpointDialog', () => {
  let http: HttpTestingController | undefined;
  const close = vi.fn();

  function open(endpoint?: AdminEndpointDto) {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), { provide: MAT_DIALOG_DATA, useValue: { endpoint } }, { provide: MatDialogRef, useValue: { close } }],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(EndpointDialog);
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    const input = (testId: string) => element.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)!;
    const type = (testId: string, value: string) => {
      input(testId).value = value;
      input(testId).dispatchEvent(new Event('input'));
      fixture.detectChanges();
    };
    const save = () => {
      element.querySelector<HTMLFormElement>('[data-testid="endpoint-form"]')!.dispatchEvent(new Event('submit'));
      fixture.detectChanges();
    };
    return { fixture, element, input, type, save };
  }

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    close.mockReset();
  });
  afterEach(() => {
    http?.verify();
    http = undefined;
    localStorage.clear();
  });

  it('makes a slug from a name', () => {
    expect(slugOf('Lab GPU (Ollama)')).toBe('lab-gpu-ollama');
    expect(slugOf('  Été – serveur ')).toBe('ete-serveur');
  });

  it('adds an endpoint: the slug follows the name, the body carries the models and prices, and the dialog closes with the answer', { timeout: 20_000 }, async () => {
    const { type, input, save } = open();
    type('endpoint-name', 'Lab GPU');
    expect(input('endpoint-slug').value).toBe('lab-gpu');
    type('endpoint-base-url', 'http://127.0.0.1:11434/v1');
    type('endpoint-model-id', 'llama3.2');
    type('endpoint-model-name', 'Llama 3.2');
    type('endpoint-model-input-price', '0.5');
    save();
    const request = http!.expectOne('/api/admin/endpoints');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      name: 'Lab GPU',
      slug: 'lab-gpu',
      baseUrl: 'http://127.0.0.1:11434/v1',
      skipCheck: false,
      models: [{ vendorModel: 'llama3.2', name: 'Llama 3.2', contextTokens: null, vision: false, inputPricePerMTok: 0.5, outputPricePerMTok: 0 }],
    });
    request.flush({ ...SAVED, check: { status: 'ok', listedModels: ['llama3.2'] } });
    expect(close).toHaveBeenCalledWith(expect.objectContaining({ slug: 'lab-gpu', check: { status: 'ok', listedModels: ['llama3.2'] } }));
  });

  it('stays open with the translated reason when the check fails', async () => {
    const { fixture, element, type, save } = open();
    type('endpoint-name', 'Lab');
    type('endpoint-base-url', 'http://127.0.0.1:11434/v1');
    type('endpoint-api-key', 'wrong');
    type('endpoint-model-id', 'llama3.2');
    type('endpoint-model-name', 'Llama');
    save();
    http!.expectOne('/api/admin/endpoints').flush({ statusCode: 400, code: 'ENDPOINT_KEY_REJECTED', message: 'The endpoint refused the API key (HTTP 401)', details: [{ field: 'apiKey', message: 'x' }] }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(element.querySelector('[data-testid="endpoint-error"]')?.textContent).toContain('The endpoint refused the API key.');
    expect(close).not.toHaveBeenCalled();
  });

  it('sends nothing while a required field is empty', () => {
    const { save } = open();
    save();
    http!.expectNone('/api/admin/endpoints');
  });

  it('changes an endpoint: the slug is fixed, the key is kept unless typed or removed', async () => {
    const { element, input, type, save } = open(SAVED);
    expect(input('endpoint-slug').disabled).toBe(true);
    expect(element.textContent).toContain('A key ending in abcd is kept');
    type('endpoint-name', 'Lab GPU 2');
    save();
    const first = http!.expectOne(`/api/admin/endpoints/${SAVED.id}`);
    expect(first.request.method).toBe('PATCH');
    expect(first.request.body).not.toHaveProperty('apiKey');
    expect(first.request.body).toMatchObject({ name: 'Lab GPU 2', baseUrl: SAVED.baseUrl, models: [expect.objectContaining({ vendorModel: 'llama3.2' })] });
    first.flush(SAVED);

    element.querySelector<HTMLInputElement>('[data-testid="endpoint-remove-key"] input')!.click();
    save();
    const second = http!.expectOne(`/api/admin/endpoints/${SAVED.id}`);
    expect(second.request.body).toMatchObject({ apiKey: null });
    second.flush(SAVED);
  });
});
