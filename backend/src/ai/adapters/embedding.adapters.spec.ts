import { embedText, startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ProviderCredentials } from '../credentials';
import { ProviderError } from '../provider-error';
import { GoogleEmbeddingAdapter, OpenAICompatibleEmbeddingAdapter, OpenAIEmbeddingAdapter } from './embedding.adapters';

/** The embedding adapters through the real `openai` and `@google/genai` SDKs, against the provider emulator. */

let emulator: ProviderEmulator;
beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => {
  const unused = emulator.pendingScripts.length;
  emulator.reset();
  expect(unused).toBe(0);
});
afterAll(() => emulator.close());

const never = () => new AbortController().signal;
const openaiKey = (apiKey = 'test-key'): ProviderCredentials => ({ apiKey, baseUrl: emulator.openaiBaseUrl, source: 'user' });
const geminiKey = (apiKey = 'test-key'): ProviderCredentials => ({ apiKey, baseUrl: emulator.geminiBaseUrl, source: 'user' });
const TEXTS = ['The budget for 2026 is 40 000 euros', 'Holiday plans for August'];

const expectVectorsClose = (actual: number[][], expected: number[][]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((vector, i) => {
    expect(vector).toHaveLength(expected[i]!.length);
    vector.forEach((value, position) => expect(value).toBeCloseTo(expected[i]![position]!, 6));
  });
};

describe('OpenAIEmbeddingAdapter', () => {
  const adapter = new OpenAIEmbeddingAdapter();

  it('embeds a batch in one call, in order, with the tokens OpenAI counted', async () => {
    const result = await adapter.embed(TEXTS, 'text-embedding-3-small', openaiKey(), never());

    // The SDK asks for base64 and decodes float32s: close to, not equal to, the float64 expectation.
    expectVectorsClose(result.vectors, TEXTS.map((text) => embedText(text, 1536)));
    expect(result.inputTokens).toBe(12); // the emulator counts words
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({ vendor: 'openai', kind: 'embeddings', path: '/v1/embeddings', model: 'text-embedding-3-small', keyMatched: true });
    expect(emulator.requests[0]?.body).toMatchObject({ model: 'text-embedding-3-small', input: TEXTS, encoding_format: 'base64' });
  });

  it('asks for a vector length when told to', async () => {
    const result = await adapter.embed(['short'], 'text-embedding-3-large', openaiKey(), never(), { dimensions: 256 });
    expect(result.vectors[0]).toHaveLength(256);
    expect(emulator.requests[0]?.body).toMatchObject({ dimensions: 256 });
  });

  it('maps a refused key and a server failure to ProviderErrors', async () => {
    const refused = await adapter.embed(TEXTS, 'text-embedding-3-small', openaiKey('wrong'), never()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProviderError);
    expect(refused).toMatchObject({ provider: 'openai', code: 'invalid_credentials', retryable: false });

    emulator.script({ failure: { type: 'status', status: 503 }, match: { kind: 'embeddings' } });
    const unavailable = await adapter.embed(TEXTS, 'text-embedding-3-small', openaiKey(), never()).catch((error: unknown) => error);
    expect(unavailable).toMatchObject({ provider: 'openai', code: 'unavailable', retryable: true });
  });

  it('stops waiting when the signal aborts', async () => {
    emulator.script({ failure: { type: 'hang' }, match: { kind: 'embeddings' } });
    const controller = new AbortController();
    const call = adapter.embed(TEXTS, 'text-embedding-3-small', openaiKey(), controller.signal).catch((error: unknown) => error);
    await emulator.waitForRequest(0);
    controller.abort();
    expect(await call).toMatchObject({ code: 'aborted' });
    expect((await emulator.waitForAbort(0, 1000)).outcome).toBe('aborted');
  });
});

describe('OpenAICompatibleEmbeddingAdapter', () => {
  it('asks for plain JSON floats, which every compatible server answers', async () => {
    const result = await new OpenAICompatibleEmbeddingAdapter().embed(['search_document: budgets'], 'nomic-embed-text', openaiKey(), never());
    expect(result.vectors).toEqual([embedText('search_document: budgets', 1536)]);
    expect(emulator.requests[0]?.body).toMatchObject({ model: 'nomic-embed-text', encoding_format: 'float' });
  });
});

describe('GoogleEmbeddingAdapter', () => {
  const adapter = new GoogleEmbeddingAdapter();

  it('embeds a batch with batchEmbedContents at the asked length, and estimates the tokens', async () => {
    const result = await adapter.embed(TEXTS, 'gemini-embedding-001', geminiKey(), never(), { dimensions: 768, purpose: 'document' });

    expect(result.vectors).toEqual(TEXTS.map((text) => embedText(text, 768)));
    expect(result.inputTokens).toBe(Math.ceil(TEXTS.join('').length / 4));
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({ vendor: 'gemini', kind: 'embeddings', model: 'gemini-embedding-001', keyMatched: true });
    expect(emulator.requests[0]?.path).toMatch(/gemini-embedding-001:batchEmbedContents$/);
    const body = emulator.requests[0]?.body as { requests: Array<Record<string, unknown>> };
    expect(body.requests[0]).toMatchObject({ taskType: 'RETRIEVAL_DOCUMENT', outputDimensionality: 768 });
  });

  it('marks a query as one, and maps a refused key', async () => {
    await adapter.embed(['what about budgets'], 'gemini-embedding-001', geminiKey(), never(), { purpose: 'query' });
    const body = emulator.requests[0]?.body as { requests: Array<Record<string, unknown>> };
    expect(body.requests[0]).toMatchObject({ taskType: 'RETRIEVAL_QUERY' });

    const refused = await adapter.embed(['x'], 'gemini-embedding-001', geminiKey('wrong'), never()).catch((error: unknown) => error);
    expect(refused).toMatchObject({ provider: 'google', code: 'invalid_credentials' });
  });
});
