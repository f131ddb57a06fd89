import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { ChatModelDto } from '../../api/models';
import { BlogAiPanel } from './blog-ai-panel';
import { BlogStore } from './blog.store';

const model = (id: string, options: Partial<ChatModelDto> = {}): ChatModelDto =>
  ({ id, name: id, provider: 'local', providerLabel: 'Local', available: true, offline: true, contextTokens: 8000, inputPricePerMTok: 0, outputPricePerMTok: 0, sampling: 'both', vision: false, ...options }) as ChatModelDto;

function sseResponse(text: string): Response {
  const bytes = new TextEncoder().encode(text);
  return new Response(new ReadableStream<Uint8Array>({ start: (controller) => (controller.enqueue(bytes), controller.close()) }), { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}
const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const usage = { model: 'local/webox-mini', inputTokens: 1, outputTokens: 1, cost: 0 };

describe('BlogAiPanel', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<BlogAiPanel>;
  let fetchMock: ReturnType<typeof vi.fn>;
  const appended: string[] = [];
  const suggested: { title: string; excerpt: string }[] = [];
  const covers: { id: string; url: string }[] = [];
  const el = () => fixture.nativeElement as HTMLElement;
  const byTest = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const settle = async () => {
    await fixture.whenStable();
    fixture.detectChanges();
  };

  beforeEach(async () => {
    localStorage.setItem('webox.language', 'en');
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    appended.length = suggested.length = covers.length = 0;
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration(''), BlogStore] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(BlogAiPanel);
    fixture.componentRef.setInput('language', 'fr');
    fixture.componentRef.setInput('body', 'My own intro.');
    fixture.componentRef.setInput('title', 'Tides');
    fixture.componentInstance.append.subscribe((text) => appended.push(text));
    fixture.componentInstance.suggested.subscribe((value) => suggested.push(value));
    fixture.componentInstance.coverMade.subscribe((value) => covers.push(value));
    fixture.detectChanges();
    byTest('blog-ai-toggle')!.click();
    fixture.detectChanges();
    // Only the models the user can use; a vendor model is preferred to the offline one.
    http.expectOne('/api/chat/models').flush([model('local/webox-mini'), model('openai/gpt-5.4', { provider: 'openai', offline: false }), model('anthropic/x', { available: false })]);
    await settle();
    const subject = byTest('blog-ai-subject') as HTMLTextAreaElement;
    subject.value = 'Why the tides come twice a day';
    subject.dispatchEvent(new Event('input'));
    fixture.detectChanges();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    http.verify();
  });

  async function outline(sections: string[]): Promise<void> {
    byTest('blog-ai-outline')!.click();
    const request = http.expectOne('/api/blog/ai/outline');
    expect(request.request.body).toEqual({ subject: 'Why the tides come twice a day', model: 'openai/gpt-5.4', language: 'fr', length: 'medium' });
    request.flush({ sections, usage });
    await settle();
  }

  it('asks for an outline in the article language with the chosen model, and lets the editor change it', async () => {
    await outline(['Les marées', 'La lune']);
    const inputs = () => [...el().querySelectorAll<HTMLInputElement>('[data-testid="blog-ai-section"]')];
    expect(inputs().map((input) => input.value)).toEqual(['Les marées', 'La lune']);
    inputs()[1]!.value = 'La lune et le soleil';
    inputs()[1]!.dispatchEvent(new Event('input'));
    byTest('blog-ai-section-add')!.click();
    await settle();
    inputs()[2]!.value = 'Conclusion';
    inputs()[2]!.dispatchEvent(new Event('input'));
    el().querySelectorAll<HTMLElement>('[data-testid="blog-ai-section-remove"]')[0]!.click();
    await settle();
    expect(inputs().map((input) => input.value)).toEqual(['La lune et le soleil', 'Conclusion']);
  });

  it('streams the draft into the text; a failure mid-draft keeps what was written and says which section and why', async () => {
    await outline(['One', 'Two']);
    fetchMock.mockResolvedValue(
      sseResponse(
        sse('section', { index: 0, heading: 'One' }) +
          sse('delta', { index: 0, text: '## One\n\n' }) +
          sse('delta', { index: 0, text: 'First words.' }) +
          sse('section', { index: 1, heading: 'Two' }) +
          sse('error', { index: 1, code: 'PROVIDER_UNAVAILABLE', message: 'OpenAI failed with 503', provider: 'openai', params: { provider: 'openai' }, usage }),
      ),
    );
    byTest('blog-ai-draft')!.click();
    await vi.waitFor(() => expect(appended.length).toBe(2));
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/blog/ai/draft');
    expect(JSON.parse(init.body as string)).toMatchObject({ sections: ['One', 'Two'], language: 'fr', model: 'openai/gpt-5.4' });
    // Set apart from the editor's own text, then appended as it comes.
    expect(appended).toEqual(['\n\n## One\n\n', 'First words.']);
    await vi.waitFor(async () => {
      await settle();
      expect(byTest('blog-ai-error')?.textContent).toContain('Writing stopped at section 2');
    });
    expect(byTest('blog-ai-error')!.textContent).toContain('OpenAI is unavailable');
    expect(byTest('blog-ai-draft')).not.toBeNull();
  });

  it('fills the title and excerpt from the suggestion, sending the text as it stands', async () => {
    byTest('blog-ai-title')!.click();
    const request = http.expectOne('/api/blog/ai/title');
    expect(request.request.body).toMatchObject({ body: 'My own intro.', language: 'fr' });
    request.flush({ title: 'La lune', excerpt: 'Deux fois par jour.', usage });
    await settle();
    expect(suggested).toEqual([{ title: 'La lune', excerpt: 'Deux fois par jour.' }]);
  });

  it('shows a refusal of the outline in the error banner', async () => {
    byTest('blog-ai-outline')!.click();
    http.expectOne('/api/blog/ai/outline').flush({ statusCode: 402, code: 'BUDGET_EXCEEDED', message: 'Your monthly budget is spent', params: { budget: 'monthlyCost', limit: 5, resetsAt: '2027-01-01T00:00:00.000Z' } }, { status: 402, statusText: 'Payment Required' });
    await settle();
    expect(byTest('blog-ai-error')).not.toBeNull();
    expect((byTest('blog-ai-outline') as HTMLButtonElement).disabled).toBe(false);
  });

  it('makes the cover as an image job, follows it, and hands its picture to the editor', async () => {
    byTest('blog-ai-cover')!.click();
    const queued = http.expectOne('/api/blog/ai/cover');
    expect(queued.request.body).toEqual({ subject: 'Why the tides come twice a day', title: 'Tides' });
    queued.flush({ id: 'job-1', status: 'queued', progress: 0, outputs: [] });
    await vi.waitFor(() => http.expectOne('/api/generation/jobs/job-1').flush({ id: 'job-1', status: 'succeeded', progress: 100, outputs: [{ id: 'file-1', thumbnailUrl: '/thumb.webp', contentUrl: '/file.png' }] }));
    await settle();
    expect(covers).toEqual([{ id: 'file-1', url: '/thumb.webp' }]);
    expect(byTest('blog-ai-busy')).toBeNull();
  });
});
