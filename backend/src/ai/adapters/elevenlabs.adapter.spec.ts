import { startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ProviderCredentials } from '../credentials';
import type { SpeechRequest } from '../generation-capabilities';
import { ProviderError } from '../provider-error';
import { ElevenLabsSpeechAdapter } from './elevenlabs.adapter';

/** ElevenLabs text to speech through the real `@elevenlabs/elevenlabs-js` SDK, against the provider emulator. */

let emulator: ProviderEmulator;
beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => {
  const unused = emulator.pendingScripts.length;
  emulator.reset();
  expect(unused).toBe(0);
});
afterAll(() => emulator.close());

const never = () => new AbortController().signal;
const credentials = (apiKey = 'test-key'): ProviderCredentials => ({ apiKey, baseUrl: emulator.elevenlabsBaseUrl, source: 'environment' });
const isMp3 = (data: Buffer) => data.subarray(0, 3).toString('latin1') === 'ID3' || (data[0] === 0xff && ((data[1] ?? 0) & 0xe0) === 0xe0);
const RACHEL = '21m00Tcm4TlvDq8ikWAM';
const TEXT = 'Bonjour et bienvenue.';

const adapter = new ElevenLabsSpeechAdapter();
const request = (overrides: Partial<SpeechRequest> = {}): SpeechRequest => ({ model: 'eleven_multilingual_v2', text: TEXT, voice: 'Rachel', ...overrides });

describe('ElevenLabsSpeechAdapter', () => {
  it('speaks the text as an MP3 with the named voice’s id, priced per character', async () => {
    const asset = await adapter.synthesize(request(), credentials(), never());

    expect(isMp3(asset.data)).toBe(true);
    expect(asset).toMatchObject({ mimeType: 'audio/mpeg', extension: 'mp3' });
    expect(asset.costUsd).toBeCloseTo((0.3 * TEXT.length) / 1000, 10);
    const [logged] = emulator.requests;
    expect(logged).toMatchObject({ vendor: 'elevenlabs', kind: 'speech', path: `/v1/text-to-speech/${RACHEL}`, voice: RACHEL, model: 'eleven_multilingual_v2', prompt: TEXT });
    expect(logged).toMatchObject({ keySource: 'xi-api-key', keyMatched: true, query: { output_format: 'mp3_44100_128' } });
    expect(logged?.headers['xi-api-key']).toBe('[redacted]');
    expect(logged?.body).toEqual({ text: TEXT, model_id: 'eleven_multilingual_v2' });
  });

  it('takes voice names in any case, and voice ids as they are', async () => {
    await adapter.synthesize(request({ voice: 'josh' }), credentials(), never());
    await adapter.synthesize(request({ voice: 'VR6AewLTigWG4xSOukaG' }), credentials(), never());

    expect(emulator.requests.map((logged) => logged.voice)).toEqual(['TxGEqnHWrfWFTfGW9XjX', 'VR6AewLTigWG4xSOukaG']);
  });

  it('sends the language only to the models that take one', async () => {
    await adapter.synthesize(request({ model: 'eleven_flash_v2_5', language: 'fr-FR' }), credentials(), never());
    await adapter.synthesize(request({ language: 'fr-FR' }), credentials(), never());

    expect(emulator.requests[0]?.body).toMatchObject({ language_code: 'fr' });
    expect(emulator.requests[1]?.body).not.toHaveProperty('language_code');
  });

  it('maps a refused key (401) to invalid_credentials naming ElevenLabs, with its reason', async () => {
    const error = await adapter.synthesize(request(), credentials('wrong-key'), never()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'elevenlabs', code: 'invalid_credentials', retryable: false, status: 401 });
    expect((error as Error).message).toContain('ElevenLabs');
    expect((error as Error).message).toContain('Invalid API key');
    expect(emulator.requests).toHaveLength(1);
  });

  it('maps 500 to unavailable and 429 to rate_limited, retryable, with no retry inside the SDK', async () => {
    emulator.script({ failure: { type: 'status', status: 500 }, match: { kind: 'speech' } }, { failure: { type: 'status', status: 429 }, match: { kind: 'speech' } });

    const failed = await adapter.synthesize(request(), credentials(), never()).catch((caught: unknown) => caught);
    const limited = await adapter.synthesize(request(), credentials(), never()).catch((caught: unknown) => caught);

    expect(failed).toBeInstanceOf(ProviderError);
    expect(failed).toMatchObject({ provider: 'elevenlabs', code: 'unavailable', retryable: true, status: 500 });
    expect(limited).toMatchObject({ provider: 'elevenlabs', code: 'rate_limited', retryable: true, status: 429 });
    expect(emulator.requests).toHaveLength(2);
  });

  it('maps a voice that does not exist to bad_request', async () => {
    const error = await adapter.synthesize(request({ voice: 'Nobody' }), credentials(), never()).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ provider: 'elevenlabs', code: 'bad_request', retryable: false, status: 404 });
    expect((error as Error).message).toContain('does not exist');
  });

  it('maps an unreachable server to unavailable', async () => {
    const closed = await startProviderEmulator();
    const baseUrl = closed.elevenlabsBaseUrl;
    await closed.close();

    const error = await adapter.synthesize(request(), { ...credentials(), baseUrl }, never()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'elevenlabs', code: 'unavailable', retryable: true });
  });

  // The SDK leaves a timer running after a fetch that rejects: without the adapter's workaround, Jest would
  // wait for it (180 s) after this test.
  it('closes the upstream request when aborted and rejects with aborted', async () => {
    emulator.script({ firstTokenDelayMs: 5_000, match: { kind: 'speech' } });
    const controller = new AbortController();
    const call = adapter.synthesize(request(), credentials(), controller.signal);
    await emulator.waitForRequest(0);

    controller.abort();

    await expect(call).rejects.toMatchObject({ provider: 'elevenlabs', code: 'aborted', retryable: false });
    await emulator.waitForAbort(0, 1000);
  });
});
