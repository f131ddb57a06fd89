import { never, resetEmulator } from '../../../test/support/adapter-testing';
import { startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ProviderCredentials } from '../credentials';
import type { SpeechRequest } from '../generation-capabilities';
import { ElevenLabsSpeechAdapter, loadElevenLabsSdk } from './elevenlabs.adapter';

/**
 * ElevenLabs text to speech through the real `@elevenlabs/elevenlabs-js` SDK, against the provider emulator.
 * Refused keys, rate limits, server failures, an unreachable server and aborts are the one-call adapter
 * contract's (call-adapters.contract.spec.ts); its abort case is also the one that would hang Jest for 180 s
 * if the adapter let the SDK's timer run after a rejected fetch.
 */

let emulator: ProviderEmulator;
// The SDK is loaded on first use: here, so that no test's own time limit pays for the module load.
beforeAll(async () => {
  loadElevenLabsSdk();
  emulator = await startProviderEmulator();
}, 60_000);
afterEach(() => resetEmulator(emulator));
afterAll(() => emulator.close());

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

  it('stops reading audio past the size cap', async () => {
    const error = await new ElevenLabsSpeechAdapter(64).synthesize(request(), credentials(), never()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'response_too_large', retryable: false });
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

  it('puts ElevenLabs’ own reason for a refused key in the message', async () => {
    const error = await adapter.synthesize(request(), credentials('wrong-key'), never()).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ provider: 'elevenlabs', code: 'invalid_credentials' });
    expect((error as Error).message).toContain('Invalid API key');
  });


  it('maps a voice that does not exist to bad_request', async () => {
    const error = await adapter.synthesize(request({ voice: 'Nobody' }), credentials(), never()).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ provider: 'elevenlabs', code: 'bad_request', retryable: false, status: 404 });
    expect((error as Error).message).toContain('does not exist');
  });


});
