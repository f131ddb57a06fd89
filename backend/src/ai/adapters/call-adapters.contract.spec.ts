import { closedBaseUrl, expectProviderError, never, resetEmulator, RETRYABLE_STATUSES } from '../../../test/support/adapter-testing';
import { startProviderEmulator, type ProviderEmulator, type RequestKind } from '../../../test/support/provider-emulator';
import type { ProviderId } from '../capabilities';
import type { ProviderCredentials } from '../credentials';
import { ElevenLabsSpeechAdapter, loadElevenLabsSdk } from './elevenlabs.adapter';
import { GoogleEmbeddingAdapter, OpenAICompatibleEmbeddingAdapter, OpenAIEmbeddingAdapter } from './embedding.adapters';
import { OpenAIImageAdapter, OpenAISpeechAdapter } from './openai-generation.adapters';
import { ReplicateImageAdapter } from './replicate.adapters';

/**
 * The contract of the adapters that answer once (embeddings, images, speech, Replicate predictions),
 * run against each through the provider emulator with its vendor's real SDK: the vendor's failures
 * become the same ProviderErrors, our retry layer alone retries, and an abort closes the request.
 * What each does with its vendor's shapes is in its own spec.
 */
interface CallAdapter {
  name: string;
  provider: ProviderId;
  /** The emulator's name for the request the call makes first. */
  kind: RequestKind;
  baseUrl: (emulator: ProviderEmulator) => string;
  call: (credentials: ProviderCredentials, signal: AbortSignal) => Promise<unknown>;
}

const TEXTS = ['The budget for 2026 is 40 000 euros', 'Holiday plans for August'];

const ADAPTERS: CallAdapter[] = [
  {
    name: 'OpenAI embeddings',
    provider: 'openai',
    kind: 'embeddings',
    baseUrl: (emulator) => emulator.openaiBaseUrl,
    call: (credentials, signal) => new OpenAIEmbeddingAdapter().embed(TEXTS, 'text-embedding-3-small', credentials, signal),
  },
  {
    name: 'OpenAI-compatible embeddings',
    provider: 'openai-compatible',
    kind: 'embeddings',
    baseUrl: (emulator) => emulator.openaiBaseUrl,
    call: (credentials, signal) => new OpenAICompatibleEmbeddingAdapter().embed(TEXTS, 'nomic-embed-text', credentials, signal),
  },
  {
    name: 'Gemini embeddings',
    provider: 'google',
    kind: 'embeddings',
    baseUrl: (emulator) => emulator.geminiBaseUrl,
    call: (credentials, signal) => new GoogleEmbeddingAdapter().embed(TEXTS, 'gemini-embedding-001', credentials, signal),
  },
  {
    name: 'OpenAI images',
    provider: 'openai',
    kind: 'image',
    baseUrl: (emulator) => emulator.openaiBaseUrl,
    call: (credentials, signal) => new OpenAIImageAdapter().generate({ model: 'gpt-image-1', prompt: 'a lighthouse at dawn', width: 1024, height: 1024 }, credentials, signal),
  },
  {
    name: 'OpenAI speech',
    provider: 'openai',
    kind: 'speech',
    baseUrl: (emulator) => emulator.openaiBaseUrl,
    call: (credentials, signal) => new OpenAISpeechAdapter().synthesize({ model: 'tts-1', text: 'Welcome to Webox.', voice: 'nova' }, credentials, signal),
  },
  {
    name: 'ElevenLabs speech',
    provider: 'elevenlabs',
    kind: 'speech',
    baseUrl: (emulator) => emulator.elevenlabsBaseUrl,
    call: (credentials, signal) => new ElevenLabsSpeechAdapter().synthesize({ model: 'eleven_multilingual_v2', text: 'Bonjour.', voice: 'Rachel' }, credentials, signal),
  },
  {
    name: 'Replicate images',
    provider: 'replicate',
    kind: 'prediction',
    baseUrl: (emulator) => emulator.replicateBaseUrl,
    call: (credentials, signal) =>
      new ReplicateImageAdapter({ pollIntervalMs: 10 }).generate({ model: 'black-forest-labs/flux-schnell', prompt: 'a fox in the snow', width: 1024, height: 1024 }, credentials, signal),
  },
];

let emulator: ProviderEmulator;
// The SDK is loaded on first use: here, so that no test's own time limit pays for the module load.
beforeAll(async () => {
  loadElevenLabsSdk();
  emulator = await startProviderEmulator();
}, 60_000);
afterEach(() => resetEmulator(emulator));
afterAll(() => emulator.close());

describe.each(ADAPTERS)('one-call adapter contract: $name', ({ provider, kind, baseUrl, call }) => {
  const credentials = (apiKey = 'test-key'): ProviderCredentials => ({ apiKey, baseUrl: baseUrl(emulator), source: 'environment' });
  const failing = (credentialsUsed = credentials(), signal = never()) => call(credentialsUsed, signal).then(
    () => undefined,
    (error: unknown) => error,
  );

  it('maps a refused key (401) to invalid_credentials naming the provider, not retryable, without retrying', async () => {
    expectProviderError(await failing(credentials('wrong-key')), { provider, code: 'invalid_credentials', retryable: false, status: 401 });
    expect(emulator.requests).toHaveLength(1);
  });

  it.each(RETRYABLE_STATUSES)('maps %i to %s, retryable, and leaves the retry to ours (one request)', async (status, code) => {
    emulator.script({ failure: { type: 'status', status }, match: { kind } });

    expectProviderError(await failing(), { provider, code, retryable: true, status });
    expect(emulator.requests).toHaveLength(1);
  });

  it('maps a server that cannot be reached to unavailable, retryable', async () => {
    expectProviderError(await failing({ ...credentials(), baseUrl: await closedBaseUrl(baseUrl) }), { provider, code: 'unavailable', retryable: true });
  });

  it('rejects with aborted and closes the request when the signal aborts while the vendor works', async () => {
    emulator.script({ failure: { type: 'hang' }, match: { kind } });
    const controller = new AbortController();
    const result = failing(credentials(), controller.signal);
    await emulator.waitForRequest(0);
    controller.abort();

    expect(await result).toMatchObject({ provider, code: 'aborted', retryable: false });
    expect((await emulator.waitForAbort(0, 1000)).outcome).toBe('aborted');
  });
});
