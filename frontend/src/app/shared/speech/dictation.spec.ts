import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../api/api-configuration';
import { ChatComposer } from '../chat/chat-composer';
import { AudioRecorder, RecorderError } from './audio-recorder';

/** The microphone as the dictation button sees it; the browser's MediaRecorder is tested in audio-recorder.spec.ts. */
class FakeRecorder {
  supported = true;
  start = vi.fn(async () => undefined);
  stop = vi.fn(async () => new Blob(['webm bytes'], { type: 'audio/webm' }));
  cancel = vi.fn();
}

const CAPABILITIES = '/api/speech/capabilities';
const TRANSCRIBE = '/api/speech/transcriptions';
const capability = (available: boolean) => ({
  transcription: { available, model: 'openai/gpt-4o-mini-transcribe', maxBytes: 26214400, acceptedTypes: ['audio/webm'], ...(available ? {} : { reason: 'No OpenAI API key' }) },
});

// The first test compiles the composer and Material's button, tooltip and spinner: slow on a busy machine.
describe('Chat composer dictation', { timeout: 30_000 }, () => {
  let http: HttpTestingController;
  let recorder: FakeRecorder;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    recorder = new FakeRecorder();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), { provide: AudioRecorder, useValue: recorder }] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function render(value = '') {
    const fixture = TestBed.createComponent(ChatComposer);
    fixture.componentRef.setInput('dictation', true);
    fixture.componentRef.setInput('value', value);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const mic = () => element.querySelector<HTMLButtonElement>('[data-testid="dictation-button"]')!;
    const settle = async () => {
      for (let i = 0; i < 5; i++) await fixture.whenStable();
    };
    const click = async () => {
      mic().click();
      await settle();
    };
    const notice = () => element.querySelector('[data-testid="composer-notice"]')?.textContent?.trim() ?? null;
    return { fixture, element, mic, click, settle, notice, value: () => fixture.componentInstance.value() };
  }

  it('records, sends the recording as multipart and inserts the text after what was typed', async () => {
    const composer = await render('Please summarise');
    http.expectOne(CAPABILITIES).flush(capability(true));
    await composer.settle();
    expect(composer.mic().disabled).toBe(false);
    expect(composer.mic().getAttribute('aria-label')).toBe('Dictate (speech to text)');

    await composer.click();
    expect(recorder.start).toHaveBeenCalledTimes(1);
    expect(composer.mic().getAttribute('aria-pressed')).toBe('true');
    expect(composer.element.querySelector('[role="status"]')?.textContent).toContain('Listening');

    await composer.click();
    const upload = http.expectOne((request) => request.url === TRANSCRIBE);
    expect(upload.request.method).toBe('POST');
    const body = upload.request.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect((body.get('file') as Blob).type).toBe('audio/webm');
    upload.flush({ text: 'the meeting notes', model: 'openai/gpt-4o-mini-transcribe', cost: 0 });
    await composer.settle();

    expect(composer.value()).toBe('Please summarise the meeting notes');
    expect(composer.mic().getAttribute('aria-pressed')).toBe('false');
  });

  it('is disabled, saying why, when the user has no OpenAI key', async () => {
    const composer = await render();
    http.expectOne(CAPABILITIES).flush(capability(false));
    await composer.settle();
    expect(composer.mic().disabled).toBe(true);
    expect(composer.mic().getAttribute('aria-label')).toContain('needs an OpenAI API key');
    expect(recorder.start).not.toHaveBeenCalled();
  });

  it('is disabled without asking the server when the browser cannot record', async () => {
    recorder.supported = false;
    const composer = await render();
    http.expectNone(CAPABILITIES);
    expect(composer.mic().disabled).toBe(true);
    expect(composer.mic().getAttribute('aria-label')).toContain('cannot record sound');
  });

  it('says so when the microphone is refused, until the user types', async () => {
    recorder.start.mockRejectedValue(new RecorderError('permissionDenied'));
    const composer = await render();
    http.expectOne(CAPABILITIES).flush(capability(true));
    await composer.settle();
    await composer.click();
    expect(composer.notice()).toContain('The microphone was refused');
    expect(composer.mic().getAttribute('aria-pressed')).toBe('false');

    const box = composer.element.querySelector('textarea')!;
    box.value = 'typed';
    box.dispatchEvent(new Event('input'));
    await composer.settle();
    expect(composer.notice()).toBeNull();
  });

  it('shows the server’s refusal in the user’s words, and keeps the draft', async () => {
    const composer = await render('Draft');
    http.expectOne(CAPABILITIES).flush(capability(true));
    await composer.settle();
    await composer.click();
    await composer.click();
    http.expectOne(TRANSCRIBE).flush({ statusCode: 400, code: 'UNSUPPORTED_AUDIO', message: 'not audio' }, { status: 400, statusText: 'Bad Request' });
    await composer.settle();
    expect(composer.notice()).toBe('This file is not a recording Webox can transcribe (WebM, Ogg, MP3, WAV, M4A or FLAC).');
    expect(composer.value()).toBe('Draft');
  });

  it('does not send an empty recording', async () => {
    recorder.stop.mockResolvedValue(new Blob([]));
    const composer = await render();
    http.expectOne(CAPABILITIES).flush(capability(true));
    await composer.settle();
    await composer.click();
    await composer.click();
    http.expectNone(TRANSCRIBE);
    expect(composer.notice()).toBe('Nothing was recorded.');
  });
});
