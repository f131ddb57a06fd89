import { registerLocaleData } from '@angular/common';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { AgentDto, ChatModelDto, VoiceAssistantDto, VoiceCallDto } from '../../api/models';
import localeFr from '@angular/common/locales/fr';
import { CALLS_PAGE_SIZE, dayStart, VoicePage } from './voice.page';

registerLocaleData(localeFr);

const ASSISTANT: VoiceAssistantDto = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Front desk',
  greeting: 'Hello, Webox front desk.',
  instructions: 'Take messages.',
  agentId: null,
  model: 'local/webox-mini',
  voice: { provider: 'twilio', voice: 'Polly.Joanna' },
  language: 'en-US',
  phoneNumber: null,
  maxCallSeconds: 600,
  goodbyePhrase: 'Goodbye!',
  silencePrompt: 'Are you still there?',
  silenceReprompts: 2,
  recordCalls: false,
  mode: 'gather',
  createdAt: '2026-12-07T03:00:00.000Z',
  updatedAt: '2026-12-07T03:00:00.000Z',
};

const model = (id: string, available: boolean): ChatModelDto =>
  ({ id, name: id.split('/')[1]!, provider: id.startsWith('local') ? 'local' : 'openai', providerLabel: id.startsWith('local') ? 'Offline' : 'OpenAI', available, ...(available ? {} : { unavailableCode: 'PROVIDER_MISSING_CREDENTIALS', unavailableReason: 'No OpenAI key' }), contextTokens: 8000, inputPricePerMTok: 0, outputPricePerMTok: 0, offline: false, sampling: 'both', vision: false, workspaceDefault: false }) as ChatModelDto;
const MODELS = [model('openai/gpt-4o', false), model('local/webox-mini', true), model('openai/gpt-4o-mini', true)];
const AGENTS = [{ id: '00000000-0000-4000-8000-0000000000a1', name: 'Receptionist', builtIn: true }, { id: '00000000-0000-4000-8000-0000000000a2', name: 'My sales agent', builtIn: false }] as AgentDto[];
const callOf = (n: number): VoiceCallDto =>
  ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, assistantId: ASSISTANT.id, callSid: `CA${n}`, direction: 'inbound', from: '+33612345678', to: '+15550001111', status: 'completed', startedAt: '2026-12-01T10:00:00.000Z', endedAt: null, durationSeconds: 30 + n }) as VoiceCallDto;

describe('VoicePage', { timeout: 30_000 }, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function render(options: { stt?: boolean; connected?: boolean; calls?: { items: VoiceCallDto[]; total: number } } = {}) {
    const fixture = TestBed.createComponent(VoicePage);
    fixture.detectChanges();
    http.expectOne('/api/speech/capabilities').flush({ transcription: { available: !!options.stt, model: 'openai/gpt-4o-mini-transcribe', maxBytes: 1, acceptedTypes: [] } });
    http.expectOne('/api/voice/assistants').flush([ASSISTANT]);
    http.expectOne('/api/voice/twilio').flush({ connected: !!options.connected, accountSid: options.connected ? 'AC…abcd' : null, source: options.connected ? 'user' : 'none', publicUrlConfigured: false, webhookUrl: null });
    http.expectOne((request) => request.url === '/api/voice/calls').flush({ ...(options.calls ?? { items: [], total: 0 }), page: 1, limit: CALLS_PAGE_SIZE });
    await fixture.whenStable();
    http.expectOne('/api/agents').flush(AGENTS);
    http.expectOne('/api/chat/models').flush(MODELS);
    if (options.connected) {
      await fixture.whenStable();
      http.expectOne('/api/voice/twilio/numbers').flush([{ sid: 'PN1', phoneNumber: '+15550001111', friendlyName: 'Main', voiceUrl: null, assistantId: null }]);
    }
    const settle = async () => {
      for (let i = 0; i < 5; i++) await fixture.whenStable();
    };
    await settle();
    const element: HTMLElement = fixture.nativeElement;
    /** Tabs render their content only once shown. */
    const showTab = async (index: number) => {
      element.querySelectorAll<HTMLElement>('[role="tab"]')[index]!.click();
      await settle();
      // The tab body attaches its content when its transition ends; jsdom has none, so Material's 100 ms fallback timer does it.
      await new Promise((resolve) => setTimeout(resolve, 250));
      await settle();
    };
    return { fixture, element, settle, showTab, text: () => element.textContent ?? '' };
  }

  it('says plainly what works offline and what needs Twilio or a speech-to-text provider', async () => {
    const page = await render();
    const needs = page.element.querySelector('[data-testid="voice-needs"]')!.textContent!;
    expect(needs).toContain('Works offline');
    expect(needs).toContain('Twilio account');
    expect(needs).toContain('speech-to-text provider');
    expect(page.element.querySelector('[data-testid="help-link"]')?.getAttribute('data-guide')).toBe('voice');
  });

  it('holds a text test call with an assistant through test-turns, sending the dialogue so far', async () => {
    const page = await render();
    page.element.querySelector<HTMLButtonElement>('[data-testid="assistant-item"]')!.click();
    await page.settle();
    expect(page.element.querySelector<HTMLInputElement>('[data-testid="assistant-name"]')!.value).toBe('Front desk');
    expect(page.element.querySelector('[data-testid="test-call"]')!.textContent).toContain('Hello, Webox front desk.');

    const say = async (text: string) => {
      const input = page.element.querySelector<HTMLInputElement>('[data-testid="test-input"]')!;
      input.value = text;
      input.dispatchEvent(new Event('input'));
      await page.settle();
      page.element.querySelector<HTMLButtonElement>('[data-testid="test-send"]')!.click();
      await page.settle();
      return http.expectOne(`/api/voice/assistants/${ASSISTANT.id}/test-turns`);
    };
    const first = await say('I would like to leave a message');
    expect(first.request.body).toEqual({ text: 'I would like to leave a message', turns: [], speak: false });
    first.flush({ reply: 'Of course, what is the message?', audioUrl: null, ended: false, failed: false, model: 'local/webox-mini' });
    await page.settle();

    const second = await say('Goodbye');
    expect(second.request.body.turns).toEqual([
      { role: 'caller', text: 'I would like to leave a message' },
      { role: 'assistant', text: 'Of course, what is the message?' },
    ]);
    second.flush({ reply: 'Goodbye!', audioUrl: null, ended: true, failed: false, model: 'local/webox-mini' });
    await page.settle();
    const lines = [...page.element.querySelectorAll('[data-testid="test-line"]')].map((line) => line.textContent!.trim());
    expect(lines).toEqual(['I would like to leave a message', 'Of course, what is the message?', 'Goodbye', 'Goodbye!']);
    expect(page.element.querySelector('[data-testid="test-ended"]')).not.toBeNull();
  });

  it('creates an assistant from the editor', async () => {
    const page = await render();
    page.element.querySelector<HTMLButtonElement>('[data-testid="new-assistant"]')!.click();
    await page.settle();
    const fill = (testId: string, value: string) => {
      const field = page.element.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-testid="${testId}"]`)!;
      field.value = value;
      field.dispatchEvent(new Event('input'));
    };
    fill('assistant-name', 'Bookings');
    fill('assistant-greeting', 'Hi, bookings here.');
    await page.settle();
    page.element.querySelector<HTMLButtonElement>('[data-testid="save-assistant"]')!.click();
    await page.settle();
    const created = http.expectOne((request) => request.method === 'POST' && request.url === '/api/voice/assistants');
    expect(created.request.body).toMatchObject({ name: 'Bookings', greeting: 'Hi, bookings here.', model: 'local/webox-mini', voice: { provider: 'twilio', voice: 'Polly.Joanna' }, language: 'en-US', phoneNumber: null, recordCalls: false });
    created.flush({ ...ASSISTANT, id: '00000000-0000-4000-8000-000000000002', name: 'Bookings' });
    await page.settle();
    http.expectOne('/api/voice/assistants').flush([ASSISTANT, { ...ASSISTANT, id: '00000000-0000-4000-8000-000000000002', name: 'Bookings' }]);
    await page.settle();
    expect([...page.element.querySelectorAll('[data-testid="assistant-item"]')].map((item) => item.textContent)).toEqual([expect.stringContaining('Front desk'), expect.stringContaining('Bookings')]);
  });

  it('picks the agent and the model from lists, usable models first and the others shown but not selectable', async () => {
    const page = await render();
    page.element.querySelector<HTMLButtonElement>('[data-testid="assistant-item"]')!.click();
    await page.settle();
    page.element.querySelector<HTMLElement>('[data-testid="assistant-model"] .mat-mdc-select-trigger')!.click();
    await page.settle();
    const options = [...document.querySelectorAll<HTMLElement>('mat-option[data-model]')];
    expect(options.map((option) => option.getAttribute('data-model'))).toEqual(['local/webox-mini', 'openai/gpt-4o-mini', 'openai/gpt-4o']);
    expect(options.map((option) => option.getAttribute('aria-disabled'))).toEqual(['false', 'false', 'true']);
    expect(options[2]!.textContent).toContain('No OpenAI key');
    options[1]!.click();
    await page.settle();

    page.element.querySelector<HTMLElement>('[data-testid="assistant-agent"] .mat-mdc-select-trigger')!.click();
    await page.settle();
    const agents = [...document.querySelectorAll<HTMLElement>('mat-option[data-agent]')];
    expect(agents.map((option) => option.textContent!.trim())).toEqual(['Receptionist', 'My sales agent']);
    agents[1]!.click();
    await page.settle();

    page.element.querySelector<HTMLButtonElement>('[data-testid="save-assistant"]')!.click();
    await page.settle();
    const saved = http.expectOne((request) => request.method === 'PATCH' && request.url === `/api/voice/assistants/${ASSISTANT.id}`);
    expect(saved.request.body).toMatchObject({ model: 'openai/gpt-4o-mini', agentId: AGENTS[1]!.id });
    saved.flush({ ...ASSISTANT, model: 'openai/gpt-4o-mini', agentId: AGENTS[1]!.id });
    await page.settle();
    http.expectOne('/api/voice/assistants').flush([ASSISTANT]);
  });

  it('keeps an assistant’s model the catalogue no longer lists, so saving does not change it', async () => {
    const page = await render();
    const old = { ...ASSISTANT, model: 'openai/gpt-3.5-turbo' };
    page.fixture.componentInstance['select'](old);
    await page.settle();
    expect(page.element.querySelector('[data-testid="assistant-model"]')!.textContent).toContain('openai/gpt-3.5-turbo');
  });

  it('filters the call history by assistant, status and days, and pages through it', async () => {
    const first = Array.from({ length: CALLS_PAGE_SIZE }, (_, i) => callOf(i + 1));
    const page = await render({ calls: { items: first, total: 45 } });
    await page.showTab(2);
    expect(page.element.querySelectorAll('[data-testid="calls-panel"] li button')).toHaveLength(CALLS_PAGE_SIZE);
    expect(page.element.querySelector('[data-testid="calls-page"]')!.textContent).toContain('Page 1 of 3 · 45 calls');
    expect(page.element.querySelector<HTMLButtonElement>('[data-testid="calls-previous"]')!.disabled).toBe(true);

    page.element.querySelector<HTMLButtonElement>('[data-testid="calls-next"]')!.click();
    await page.settle();
    const second = http.expectOne((request) => request.url === '/api/voice/calls');
    expect(second.request.params.get('page')).toBe('2');
    expect(second.request.params.get('limit')).toBe(String(CALLS_PAGE_SIZE));
    second.flush({ items: [callOf(99)], total: 45, page: 2, limit: CALLS_PAGE_SIZE });
    await page.settle();
    expect(page.element.querySelector('[data-testid="calls-page"]')!.textContent).toContain('Page 2 of 3');

    // Filters: each change asks for page 1 again with every filter set.
    const filters = page.fixture.componentInstance['callFilters'];
    filters.setValue({ assistantId: ASSISTANT.id, status: 'completed', from: '2026-12-01', to: '2026-12-03' });
    filters.markAsDirty();
    page.element.querySelector<HTMLFormElement>('[data-testid="call-filters"]')!.dispatchEvent(new Event('submit'));
    await page.settle();
    const filtered = http.expectOne((request) => request.url === '/api/voice/calls');
    expect(Object.fromEntries(filtered.request.params.keys().map((key) => [key, filtered.request.params.get(key)]))).toEqual({
      page: '1',
      limit: String(CALLS_PAGE_SIZE),
      assistantId: ASSISTANT.id,
      status: 'completed',
      from: new Date(2026, 11, 1).toISOString(),
      // The last day is included: the API's `to` is exclusive, so the next day's start.
      to: new Date(2026, 11, 4).toISOString(),
    });
    filtered.flush({ items: [], total: 0, page: 1, limit: CALLS_PAGE_SIZE });
    await page.settle();
    expect(page.element.querySelector('[data-testid="calls-empty"]')!.textContent).toContain('No call matches these filters.');
    expect(page.element.querySelector('[data-testid="calls-pager"]')).toBeNull();

    page.element.querySelector<HTMLButtonElement>('[data-testid="calls-clear"]')!.click();
    await page.settle();
    const cleared = http.expectOne((request) => request.url === '/api/voice/calls');
    expect(cleared.request.params.keys().sort()).toEqual(['limit', 'page']);
    cleared.flush({ items: first, total: 45, page: 1, limit: CALLS_PAGE_SIZE });
  });

  it('reads a picked day as the start of that local day, and nothing else as a date', () => {
    expect(dayStart('2026-03-05')).toBe(new Date(2026, 2, 5).toISOString());
    expect(dayStart('2026-03-31', 1)).toBe(new Date(2026, 3, 1).toISOString());
    expect(dayStart('')).toBeUndefined();
    expect(dayStart('05/03/2026')).toBeUndefined();
  });

  it('shows the history’s filters and pages in French', async () => {
    localStorage.setItem('webox.language', 'fr');
    const page = await render({ calls: { items: [callOf(1)], total: 45 } });
    await page.showTab(2);
    const panel = page.element.querySelector('[data-testid="calls-panel"]')!.textContent!;
    expect(panel).toContain('Tous les assistants');
    expect(panel).toContain('Tous les statuts');
    expect(panel).toContain('Page 1 sur 3 · 45 appels');
    expect(panel).toContain('Suivante');
  });
});
