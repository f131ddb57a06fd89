import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { VoiceAssistantDto } from '../../api/models';
import { VoicePage } from './voice.page';

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

  async function render(options: { stt?: boolean; connected?: boolean } = {}) {
    const fixture = TestBed.createComponent(VoicePage);
    fixture.detectChanges();
    http.expectOne('/api/speech/capabilities').flush({ transcription: { available: !!options.stt, model: 'openai/gpt-4o-mini-transcribe', maxBytes: 1, acceptedTypes: [] } });
    http.expectOne('/api/voice/assistants').flush([ASSISTANT]);
    http.expectOne('/api/voice/twilio').flush({ connected: !!options.connected, accountSid: options.connected ? 'AC…abcd' : null, source: options.connected ? 'user' : 'none', publicUrlConfigured: false, webhookUrl: null });
    http.expectOne((request) => request.url === '/api/voice/calls').flush({ items: [], total: 0, page: 1, limit: 50 });
    if (options.connected) {
      await fixture.whenStable();
      http.expectOne('/api/voice/twilio/numbers').flush([{ sid: 'PN1', phoneNumber: '+15550001111', friendlyName: 'Main', voiceUrl: null, assistantId: null }]);
    }
    const settle = async () => {
      for (let i = 0; i < 5; i++) await fixture.whenStable();
    };
    await settle();
    const element: HTMLElement = fixture.nativeElement;
    return { fixture, element, settle, text: () => element.textContent ?? '' };
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
});
