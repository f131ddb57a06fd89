import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { GenerationCatalogDto, GenerationModelDto } from '../../api/models';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { GenerationStore } from './generation.store';
import { ImageForm } from './image-form';

function model(id: string, options: Partial<GenerationModelDto> = {}): GenerationModelDto {
  return { id, name: id, provider: id.split('/')[0]!, kind: 'image', offline: false, available: true, price: 0.04, priceUnit: 'image', ...options };
}

const CATALOG: GenerationCatalogDto = {
  models: [
    model('openai/dall-e-3', { name: 'DALL-E 3', sizes: ['1024x1024'], maxCount: 4, available: false, unavailableReason: 'No OpenAI API key: add one in your profile' }),
    model('replicate/sd', { name: 'Stable Diffusion', sizes: ['1024x1024', '1344x768'], maxCount: 2, negativePrompt: true }),
    model('local/webox-draw', { name: 'Webox Draw', offline: true, price: 0, sizes: ['512x512', '1024x1024'], maxCount: 4, styles: ['natural', 'vivid'] }),
  ],
  unavailable: [{ name: 'Midjourney', kind: 'image', reason: 'Midjourney has no public API.', alternatives: ['replicate/sd'] }],
};

describe('ImageForm', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    const realtime = { on: () => new Subject(), connected: signal(true) };
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration(''), { provide: RealtimeService, useValue: realtime }, GenerationStore],
    });
    http = TestBed.inject(HttpTestingController);
    const store = TestBed.inject(GenerationStore);
    store.loadCatalog();
    http.expectOne('/api/generation/models').flush(CATALOG);
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function render() {
    const fixture = TestBed.createComponent(ImageForm);
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

  it('starts with the offline model and shows only what the chosen model supports', async () => {
    const page = await render();
    expect(page.form.getRawValue()).toMatchObject({ model: 'local/webox-draw', size: '512x512', count: 1, style: '' });
    expect(page.element.querySelector('[data-testid="image-style"]')).not.toBeNull();
    expect(page.element.querySelector('[data-testid="image-negative"]')).toBeNull();
    expect(page.element.querySelector('[data-testid="unavailable-note"]')?.textContent).toContain('Midjourney: not available. Midjourney has no public API. Use Stable Diffusion instead.');
    expect(page.element.querySelector('[data-testid="models-need-key"] a')?.getAttribute('href')).toBe('/profile');

    page.form.patchValue({ count: 4, style: 'vivid' });
    page.form.controls.model.setValue('replicate/sd');
    await page.fixture.whenStable();
    expect(page.form.getRawValue()).toMatchObject({ size: '1024x1024', count: 2, style: '' });
    expect(page.element.querySelector('[data-testid="image-style"]')).toBeNull();
    expect(page.element.querySelector('[data-testid="image-negative"]')).not.toBeNull();
  });

  it('starts with the model the address asks for when it is usable (over a kept draft), else with the offline one', async () => {
    const store = TestBed.inject(GenerationStore);
    // DALL-E 3 has no key here: the form keeps its default.
    store.requestModel('openai/dall-e-3');
    const first = await render();
    expect(first.form.controls.model.value).toBe('local/webox-draw');
    first.fixture.destroy();

    store.requestModel('replicate/sd');
    const page = await render();
    expect(page.form.controls.model.value).toBe('replicate/sd');
    // Used once.
    expect(store.takeRequestedModel(CATALOG.models)).toBeNull();
  });

  it('blocks an empty prompt without calling the server', async () => {
    const page = await render();
    page.form.controls.prompt.setValue('   ');
    await page.submit();
    expect(page.errors()).toEqual(['Describe what to make.']);
    http.expectNone('/api/generation/image');
  });

  it("shows the server's 400 messages under their fields", async () => {
    const page = await render();
    page.form.patchValue({ prompt: ' A red fox ', count: 2, seed: 7 });
    await page.submit();
    const request = http.expectOne({ method: 'POST', url: '/api/generation/image' });
    expect(request.request.body).toEqual({ model: 'local/webox-draw', prompt: 'A red fox', size: '512x512', count: 2, seed: 7 });
    request.flush(
      { statusCode: 400, code: 'INVALID_OPTION', message: 'size: Webox Draw makes 512x512, 1024x1024', details: [{ field: 'size', message: 'Webox Draw makes 512x512, 1024x1024' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await page.fixture.whenStable();
    expect(page.errors()).toEqual(['Webox Draw makes 512x512, 1024x1024']);
    expect(page.element.querySelector('[data-testid="generation-form-error"]')).toBeNull();
  });
});
