import { embedText, startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import { never, resetEmulator } from '../../../test/support/adapter-testing';
import type { ProviderCredentials } from '../credentials';
import { GoogleEmbeddingAdapter, OpenAICompatibleEmbeddingAdapter, OpenAIEmbeddingAdapter } from './embedding.adapters';

/**
 * The embedding adapters' own requests and answers, through the real `openai` and `@google/genai` SDKs
 * against the provider emulator. Their failures and aborts are the one-call adapter contract's
 * (call-adapters.contract.spec.ts).
 */

let emulator: ProviderEmulator;
beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => resetEmulator(emulator));
afterAll(() => emulator.close());

const openaiKey = (): ProviderCredentials => ({ apiKey: 'test-key', baseUrl: emulator.openaiBaseUrl, source: 'user' });
const geminiKey = (): ProviderCredentials => ({ apiKey: 'test-key', baseUrl: emulator.geminiBaseUrl, source: 'user' });
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

  it('marks a query as one', async () => {
    await adapter.embed(['what about budgets'], 'gemini-embedding-001', geminiKey(), never(), { purpose: 'query' });
    const body = emulator.requests[0]?.body as { requests: Array<Record<string, unknown>> };
    expect(body.requests[0]).toMatchObject({ taskType: 'RETRIEVAL_QUERY' });
  });
});
