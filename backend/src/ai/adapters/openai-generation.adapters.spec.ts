import { startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ProviderCredentials } from '../credentials';
import type { ImageRequest, SpeechRequest } from '../generation-capabilities';
import { ProviderError } from '../provider-error';
import { OpenAIImageAdapter, OpenAISpeechAdapter } from './openai-generation.adapters';

/** OpenAI images and speech through the real `openai` SDK, against the provider emulator. */

let emulator: ProviderEmulator;
beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => {
  const unused = emulator.pendingScripts.length;
  emulator.reset();
  expect(unused).toBe(0);
});
afterAll(() => emulator.close());

const never = () => new AbortController().signal;
const credentials = (apiKey = 'test-key'): ProviderCredentials => ({ apiKey, baseUrl: emulator.openaiBaseUrl, source: 'environment' });
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** An ID3 tag or an MPEG audio frame sync. */
const isMp3 = (data: Buffer) => data.subarray(0, 3).toString('latin1') === 'ID3' || (data[0] === 0xff && ((data[1] ?? 0) & 0xe0) === 0xe0);

describe('OpenAIImageAdapter', () => {
  const adapter = new OpenAIImageAdapter();
  const request = (overrides: Partial<ImageRequest> = {}): ImageRequest => ({ model: 'gpt-image-1', prompt: 'a lighthouse at dawn', width: 1024, height: 1536, ...overrides });

  it('makes one PNG with gpt-image-1, at the asked size, and prices it from the catalogue', async () => {
    const asset = await adapter.generate(request(), credentials(), never());

    expect(asset.data.subarray(0, 8)).toEqual(PNG_MAGIC);
    expect(asset).toMatchObject({ mimeType: 'image/png', extension: 'png', costUsd: 0.04 });
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({ vendor: 'openai', kind: 'image', path: '/v1/images/generations', model: 'gpt-image-1', prompt: 'a lighthouse at dawn', keyMatched: true });
    // gpt-image answers base64 by itself and refuses `response_format` (the emulator too).
    expect(emulator.requests[0]?.body).toEqual({ model: 'gpt-image-1', prompt: 'a lighthouse at dawn', n: 1, size: '1024x1536', quality: 'medium' });
  });

  it('asks DALL-E 3 for base64 and passes its style, but no style it does not know', async () => {
    const vivid = await adapter.generate(request({ model: 'dall-e-3', width: 1792, height: 1024, style: 'vivid' }), credentials(), never());
    await adapter.generate(request({ model: 'dall-e-3', width: 1024, height: 1024, style: 'pastel' }), credentials(), never());

    expect(vivid.data.subarray(0, 8)).toEqual(PNG_MAGIC);
    expect(emulator.requests[0]?.body).toEqual({ model: 'dall-e-3', prompt: 'a lighthouse at dawn', n: 1, size: '1792x1024', response_format: 'b64_json', style: 'vivid' });
    expect(emulator.requests[1]?.body).not.toHaveProperty('style');
  });

  it('sends no style to gpt-image-1', async () => {
    await adapter.generate(request({ style: 'vivid' }), credentials(), never());
    expect(emulator.requests[0]?.body).not.toHaveProperty('style');
  });

  it('maps a refused key (401) to invalid_credentials naming OpenAI, without retrying', async () => {
    const error = await adapter.generate(request(), credentials('wrong-key'), never()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'openai', code: 'invalid_credentials', retryable: false, status: 401 });
    expect((error as Error).message).toContain('OpenAI');
    expect(emulator.requests).toHaveLength(1);
  });

  it('maps 429 to rate_limited and 500 to unavailable, both retryable and left to our retry layer', async () => {
    emulator.script({ failure: { type: 'status', status: 429 }, match: { kind: 'image' } }, { failure: { type: 'status', status: 500 }, match: { kind: 'image' } });

    const limited = await adapter.generate(request(), credentials(), never()).catch((caught: unknown) => caught);
    const failed = await adapter.generate(request(), credentials(), never()).catch((caught: unknown) => caught);

    expect(limited).toMatchObject({ provider: 'openai', code: 'rate_limited', retryable: true, status: 429 });
    expect(failed).toBeInstanceOf(ProviderError);
    expect(failed).toMatchObject({ provider: 'openai', code: 'unavailable', retryable: true, status: 500 });
    expect(emulator.requests).toHaveLength(2);
  });

  it('maps a size the model refuses to bad_request with OpenAI’s reason', async () => {
    const error = await adapter.generate(request({ width: 512, height: 512 }), credentials(), never()).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ provider: 'openai', code: 'bad_request', retryable: false, status: 400 });
    expect((error as Error).message).toContain("Invalid value: '512x512'");
  });

  it('closes the upstream request when aborted and rejects with aborted', async () => {
    emulator.script({ firstTokenDelayMs: 5_000, match: { kind: 'image' } });
    const controller = new AbortController();
    const call = adapter.generate(request(), credentials(), controller.signal);
    await emulator.waitForRequest(0);

    controller.abort();

    await expect(call).rejects.toMatchObject({ provider: 'openai', code: 'aborted', retryable: false });
    await emulator.waitForAbort(0, 1000);
  });
});

describe('OpenAISpeechAdapter', () => {
  const adapter = new OpenAISpeechAdapter();
  const request = (overrides: Partial<SpeechRequest> = {}): SpeechRequest => ({ model: 'tts-1', text: 'Welcome to Webox.', voice: 'nova', ...overrides });

  it('speaks the text as an MP3 with the voice, priced per character', async () => {
    const asset = await adapter.synthesize(request(), credentials(), never());

    expect(isMp3(asset.data)).toBe(true);
    expect(asset).toMatchObject({ mimeType: 'audio/mpeg', extension: 'mp3' });
    expect(asset.costUsd).toBeCloseTo((0.015 * 'Welcome to Webox.'.length) / 1000, 10);
    expect(emulator.requests[0]).toMatchObject({ vendor: 'openai', kind: 'speech', path: '/v1/audio/speech', model: 'tts-1', prompt: 'Welcome to Webox.', voice: 'nova' });
    expect(emulator.requests[0]?.body).toEqual({ model: 'tts-1', input: 'Welcome to Webox.', voice: 'nova', response_format: 'mp3' });
  });

  it('works with gpt-4o-mini-tts', async () => {
    const asset = await adapter.synthesize(request({ model: 'gpt-4o-mini-tts', voice: 'coral' }), credentials(), never());
    expect(isMp3(asset.data)).toBe(true);
    expect(emulator.requests[0]).toMatchObject({ model: 'gpt-4o-mini-tts', voice: 'coral' });
  });

  it('maps 401 to invalid_credentials and 500 to unavailable', async () => {
    emulator.script({ failure: { type: 'status', status: 500 }, match: { kind: 'speech' } });

    const refused = await adapter.synthesize(request(), credentials('wrong-key'), never()).catch((caught: unknown) => caught);
    const failed = await adapter.synthesize(request(), credentials(), never()).catch((caught: unknown) => caught);

    expect(refused).toBeInstanceOf(ProviderError);
    expect(refused).toMatchObject({ provider: 'openai', code: 'invalid_credentials', status: 401 });
    expect((refused as Error).message).toContain('OpenAI');
    expect(failed).toMatchObject({ provider: 'openai', code: 'unavailable', retryable: true, status: 500 });
    expect(emulator.requests).toHaveLength(2);
  });

  it('maps a voice OpenAI does not have to bad_request', async () => {
    const error = await adapter.synthesize(request({ voice: 'Rachel' }), credentials(), never()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ provider: 'openai', code: 'bad_request', status: 400 });
  });

  it('rejects with aborted when the signal fires mid-request', async () => {
    emulator.script({ firstTokenDelayMs: 5_000, match: { kind: 'speech' } });
    const controller = new AbortController();
    const call = adapter.synthesize(request(), credentials(), controller.signal);
    await emulator.waitForRequest(0);

    controller.abort();

    await expect(call).rejects.toMatchObject({ provider: 'openai', code: 'aborted' });
    await emulator.waitForAbort(0, 1000);
  });
});
