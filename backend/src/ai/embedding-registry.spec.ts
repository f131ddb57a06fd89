import { embedText, startProviderEmulator, type ProviderEmulator } from '../../test/support/provider-emulator';
import { DomainError } from '../common/domain-error';
import type { ProviderId } from './capabilities';
import type { CredentialLookup, CredentialsService } from './credentials.service';
import type { EmbeddingModel } from './models';
import { EmbeddingRegistry } from './embedding-registry';
import { ProviderError } from './provider-error';
import type { UsageService } from './usage.service';

/**
 * The registry with the real adapters and SDKs against the provider emulator; credentials and the
 * usage ledger are stand-ins recording what they were asked.
 */

let emulator: ProviderEmulator;
beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => {
  const unused = emulator.pendingScripts.length;
  emulator.reset();
  expect(unused).toBe(0);
});
afterAll(() => emulator.close());

const recorded: Array<{ ownerId: string; model: string; inputTokens: number }> = [];
let keys: Partial<Record<ProviderId, boolean>>;

function registry(): EmbeddingRegistry {
  const baseUrls: Partial<Record<ProviderId, string>> = { openai: emulator.openaiBaseUrl, 'openai-compatible': emulator.openaiBaseUrl, google: emulator.geminiBaseUrl };
  const credentials = {
    resolve: async (_userId: string, provider: ProviderId): Promise<CredentialLookup> =>
      keys[provider] ? { found: true, credentials: { apiKey: 'test-key', baseUrl: baseUrls[provider], source: 'user' } } : { found: false, reason: `No key for ${provider}` },
  } as unknown as CredentialsService;
  const usage = {
    recordEmbedding: async (ownerId: string, model: EmbeddingModel, inputTokens: number) => {
      recorded.push({ ownerId, model: model.id, inputTokens });
      return inputTokens * 1e-6;
    },
  } as unknown as UsageService;
  const made = new EmbeddingRegistry(credentials, usage);
  made.retryPolicy = { attempts: 3, baseDelayMs: 1 };
  return made;
}

beforeEach(() => {
  recorded.length = 0;
  keys = { openai: true, google: true, 'openai-compatible': true };
});

const never = () => new AbortController().signal;

describe('EmbeddingRegistry', () => {
  it('embeds in batches, in order, recording the usage of each batch and reporting progress', async () => {
    const embeddings = registry();
    embeddings.batchSize = 2;
    const texts = ['one budget', 'two plans', 'three notes', 'four rents', 'five savings'];
    const progress: Array<[number, number]> = [];
    const session = await embeddings.open('user-1', 'openai/text-embedding-3-small');
    const outcome = await session.embed(texts, never(), { purpose: 'document', onBatch: async (done, total) => void progress.push([done, total]) });

    expect(outcome.vectors).toHaveLength(5);
    outcome.vectors.forEach((vector, i) => expect(vector[0]).toBeCloseTo(embedText(texts[i]!, 1536)[0]!, 6));
    expect(emulator.requests.map((request) => (request.body as { input: string[] }).input)).toEqual([texts.slice(0, 2), texts.slice(2, 4), texts.slice(4)]);
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(recorded).toEqual([
      { ownerId: 'user-1', model: 'openai/text-embedding-3-small', inputTokens: 4 },
      { ownerId: 'user-1', model: 'openai/text-embedding-3-small', inputTokens: 4 },
      { ownerId: 'user-1', model: 'openai/text-embedding-3-small', inputTokens: 2 },
    ]);
    expect(outcome).toMatchObject({ inputTokens: 10 });
    expect(outcome.costUsd).toBeCloseTo(10e-6, 12);
  });

  it('retries a transient failure, and stops at a permanent one', async () => {
    emulator.script({ failure: { type: 'status', status: 503 }, match: { kind: 'embeddings' } });
    const session = await registry().open('user-1', 'openai/text-embedding-3-small');
    await session.embed(['budget'], never(), { purpose: 'query' });
    expect(emulator.requests.map((request) => request.status)).toEqual([503, 200]);

    emulator.reset();
    emulator.script({ failure: { type: 'status', status: 400 }, match: { kind: 'embeddings' } });
    await expect(session.embed(['budget'], never(), { purpose: 'query' })).rejects.toMatchObject({ code: 'bad_request' });
    expect(emulator.requests).toHaveLength(1);
  });

  it("asks Gemini for the catalogue's 768 dimensions", async () => {
    const session = await registry().open('user-1', 'google/gemini-embedding-001');
    const { vectors } = await session.embed(['budget'], never(), { purpose: 'query' });
    expect(vectors[0]).toHaveLength(768);
    expect((emulator.requests[0]?.body as { requests: Array<Record<string, unknown>> }).requests[0]).toMatchObject({ outputDimensionality: 768, taskType: 'RETRIEVAL_QUERY' });
  });

  it("puts nomic-embed-text's task prefixes before passages and queries, and refuses vectors of the wrong length", async () => {
    emulator.setBehaviour({ embeddingDimensions: 768 });
    const session = await registry().open('user-1', 'openai-compatible/nomic-embed-text');
    await session.embed(['the budget'], never(), { purpose: 'document' });
    await session.embed(['budgets?'], never(), { purpose: 'query' });
    expect(emulator.requests.map((request) => (request.body as { input: string[] }).input)).toEqual([['search_document: the budget'], ['search_query: budgets?']]);

    emulator.setBehaviour({ embeddingDimensions: 1024 });
    const wrong = await session.embed(['x'], never(), { purpose: 'query' }).catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(ProviderError);
    expect((wrong as Error).message).toBe('nomic-embed-text (Ollama) answered vectors of 1024 dimensions, not 768');
  });

  it('takes any model of an OpenAI-compatible endpoint, whatever its length', async () => {
    const session = await registry().open('user-1', 'openai-compatible/mxbai-embed-large');
    expect(session.model).toMatchObject({ provider: 'openai-compatible', vendorModel: 'mxbai-embed-large', embedding: { dimensions: null }, price: { inputPerMTok: 0 } });
    expect((await session.embed(['x'], never(), { purpose: 'document' })).vectors[0]).toHaveLength(1536);
  });

  it('refuses an unknown model with a 400 naming the field, and a missing key with missing_credentials', async () => {
    const unknown = (() => {
      try {
        return registry().model('openai/gpt-4o');
      } catch (error) {
        return error;
      }
    })();
    expect(unknown).toBeInstanceOf(DomainError);
    expect(unknown).toMatchObject({ kind: 'invalid', code: 'UNKNOWN_EMBEDDING_MODEL', details: [{ field: 'embeddingModel' }] });

    keys = {};
    await expect(registry().open('user-1', 'openai/text-embedding-3-small')).rejects.toMatchObject({ provider: 'openai', code: 'missing_credentials', message: 'No key for openai' });
    expect(emulator.requests).toHaveLength(0);
  });
});
