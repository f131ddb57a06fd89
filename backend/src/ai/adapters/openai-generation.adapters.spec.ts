import { never, resetEmulator } from '../../../test/support/adapter-testing';
import { startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ProviderCredentials } from '../credentials';
import { wavFile } from '../../../test/support/provider-emulator/media-file.generator';
import type { ImageRequest, SpeechRequest, TranscriptionRequest } from '../generation-capabilities';
import { OpenAIImageAdapter, OpenAISpeechAdapter, OpenAITranscriptionAdapter } from './openai-generation.adapters';

/**
 * OpenAI images and speech through the real `openai` SDK, against the provider emulator: what they send and
 * what they make of the answer. Refused keys, rate limits, server failures and aborts are the one-call
 * adapter contract's (call-adapters.contract.spec.ts).
 */

let emulator: ProviderEmulator;
beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => resetEmulator(emulator));
afterAll(() => emulator.close());

const credentials = (): ProviderCredentials => ({ apiKey: 'test-key', baseUrl: emulator.openaiBaseUrl, source: 'environment' });
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** An ID3 tag or an MPEG audio frame sync. */
const isMp3 = (data: Buffer) => data.subarray(0, 3).toString('latin1') === 'ID3' || (data[0] === 0xff && ((data[1] ?? 0) & 0xe0) === 0xe0);

describe('OpenAIImageAdapter', () => {
  const adapter = new OpenAIImageAdapter();
  const request = (overrides: Partial<ImageRequest> = {}): ImageRequest => ({ model: 'gpt-image-1', prompt: 'a lighthouse at dawn', width: 1024, height: 1536, ...overrides });

  it('refuses an image past the size cap before decoding it', async () => {
    const error = await new OpenAIImageAdapter(64).generate(request(), credentials(), never()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'response_too_large', retryable: false });
  });

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

  it('maps a size the model refuses to bad_request with OpenAI’s reason', async () => {
    const error = await adapter.generate(request({ width: 512, height: 512 }), credentials(), never()).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ provider: 'openai', code: 'bad_request', retryable: false, status: 400 });
    expect((error as Error).message).toContain("Invalid value: '512x512'");
  });
});

describe('OpenAISpeechAdapter', () => {
  const adapter = new OpenAISpeechAdapter();
  const request = (overrides: Partial<SpeechRequest> = {}): SpeechRequest => ({ model: 'tts-1', text: 'Welcome to Webox.', voice: 'nova', ...overrides });

  it('stops reading audio past the size cap', async () => {
    const error = await new OpenAISpeechAdapter(64).synthesize(request(), credentials(), never()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'response_too_large', retryable: false });
  });

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

  it('maps a voice OpenAI does not have to bad_request', async () => {
    const error = await adapter.synthesize(request({ voice: 'Rachel' }), credentials(), never()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ provider: 'openai', code: 'bad_request', status: 400 });
  });
});

describe('OpenAITranscriptionAdapter', () => {
  const adapter = new OpenAITranscriptionAdapter();
  const audio = wavFile(1);
  const request = (overrides: Partial<TranscriptionRequest> = {}): TranscriptionRequest => ({ model: 'gpt-4o-mini-transcribe', audio, fileName: 'recording.wav', mimeType: 'audio/wav', ...overrides });

  it('uploads the recording as multipart with the model and language, and answers the text', async () => {
    const transcript = await adapter.transcribe(request({ language: 'fr' }), credentials(), never());

    expect(transcript).toEqual({ text: `Transcript of ${audio.length} bytes of wav audio in fr.`, costUsd: 0 });
    expect(emulator.requests[0]).toMatchObject({ vendor: 'openai', kind: 'transcription', path: '/v1/audio/transcriptions', model: 'gpt-4o-mini-transcribe', keyMatched: true });
    expect(emulator.requests[0]?.body).toEqual({
      multipart: true,
      fields: { model: 'gpt-4o-mini-transcribe', response_format: 'json', language: 'fr' },
      files: [{ field: 'file', filename: 'recording.wav', contentType: 'audio/wav', bytes: audio.length }],
    });
  });

  it('prices whisper-1 by the seconds it reports', async () => {
    emulator.setBehaviour({ reply: '  Bonjour à tous.  ' });
    const transcript = await adapter.transcribe(request({ model: 'whisper-1' }), credentials(), never());

    const seconds = Math.ceil(audio.length / 16_000);
    expect(transcript).toEqual({ text: 'Bonjour à tous.', durationSeconds: seconds, costUsd: seconds * 0.0001 });
    expect(emulator.requests[0]?.body).toMatchObject({ fields: { model: 'whisper-1' } });
  });

  it('maps a file OpenAI cannot read to bad_request with its reason', async () => {
    const error = await adapter.transcribe(request({ fileName: 'recording.txt' }), credentials(), never()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ provider: 'openai', code: 'bad_request', retryable: false });
    expect((error as Error).message).toContain('Invalid file format');
  });

  it('maps a refused key to invalid_credentials', async () => {
    const error = await adapter.transcribe(request(), { ...credentials(), apiKey: 'wrong' }, never()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ provider: 'openai', code: 'invalid_credentials' });
  });
});
