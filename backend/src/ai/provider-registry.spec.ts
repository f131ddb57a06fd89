import { BudgetGate } from './budget-gate';
import type { UsageService } from './usage.service';
import { startProviderEmulator, type ProviderEmulator } from '../../test/support/provider-emulator';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import type { ProviderKeysService, StoredCredential } from './provider-keys/provider-keys.service';
import type { ChatChunk } from './capabilities';
import { CredentialsService } from './credentials.service';
import { ProviderError } from './provider-error';
import { ProviderRegistry } from './provider-registry';
import { ModelAccess } from './model-access/model-access.service';
import { CacheHub } from '../common/shared-cache';
import type { ModelSetting } from './model-access/model-setting.entity';
import type { Repository } from 'typeorm';
import { ModelEndpoints } from './endpoints/model-endpoints.service';
import type { ModelEndpoint } from './endpoints/model-endpoint.entity';
import { SecretBox } from '../common/secret-box';

/** The admin's settings over rows of the table (none: every model enabled). */
const openAccess = (rows: Array<Partial<ModelSetting>> = []) =>
  new ModelAccess({ find: async () => rows.map((row) => ({ enabled: true, disabledRoles: [], isDefault: false, ...row })) } as unknown as Repository<ModelSetting>, new CacheHub({ queuePrefix: 'test', redisUrl: undefined } as unknown as AppConfig));

/** The registry with the real CredentialsService and adapters, the key store stubbed, the vendors emulated. */

let emulator: ProviderEmulator;
beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => {
  const unused = emulator.pendingScripts.length;
  emulator.reset();
  expect(unused).toBe(0);
});
afterAll(() => emulator.close());

const SECRET = 'ab'.repeat(32);
const USER = '00000000-0000-4000-8000-000000000001';

/** How many times the registry asked the key store (one query each). */
let keyLookups: string[][] = [];
beforeEach(() => (keyLookups = []));

function registry(env: Record<string, string> = {}, keys: Partial<Record<string, StoredCredential>> = {}, access: ModelAccess = openAccess()): ProviderRegistry {
  const config = new AppConfig({
    NODE_ENV: 'test',
    WEBOX_SECRET_KEY: SECRET,
    WEBOX_LOCAL_TOKEN_DELAY_MS: '0',
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: emulator.openaiBaseUrl,
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: emulator.anthropicBaseUrl,
    GOOGLE_API_KEY: 'test-key',
    GOOGLE_BASE_URL: emulator.geminiBaseUrl,
    ...env,
  });
  const store = {
    findInReach: async (_userId: string, providers: string[]) => {
      keyLookups.push(providers);
      return new Map(providers.flatMap((provider) => (keys[provider] ? [[provider, { ...keys[provider], source: 'user' }]] : [])));
    },
    providersWithKeys: async () => new Set(Object.keys(keys)),
    // No provider's keys turned off by an admin.
    accessRules: async () => new Map(),
  } as unknown as ProviderKeysService;
  const budgets = new BudgetGate({ onRecorded: () => undefined } as unknown as UsageService, config);
  const endpoints = new ModelEndpoints({ find: async () => [] } as unknown as Repository<ModelEndpoint>, new SecretBox(Buffer.alloc(32)), new CacheHub({ queuePrefix: 'test', redisUrl: undefined } as unknown as AppConfig), config);
  const made = new ProviderRegistry(new CredentialsService(store, config), config, budgets, access, endpoints);
  made.retryPolicy = { attempts: 3, baseDelayMs: 10 };
  return made;
}

async function drain(stream: AsyncIterable<ChatChunk>): Promise<{ text: string; chunks: ChatChunk[]; error?: unknown }> {
  const chunks: ChatChunk[] = [];
  let error: unknown;
  try {
    for await (const chunk of stream) chunks.push(chunk);
  } catch (caught) {
    error = caught;
  }
  return { chunks, text: chunks.map((chunk) => (chunk.type === 'text' ? chunk.text : '')).join(''), error };
}

const ask = (text = 'hello there') => ({ messages: [{ role: 'user' as const, content: text }] });
const never = () => new AbortController().signal;

describe('ProviderRegistry', () => {
  it('opens a model by id and calls its vendor with the vendor model name', async () => {
    const session = await registry().openChat(USER, 'anthropic/claude-sonnet-4-6');
    const { text, chunks, error } = await drain(session.stream(ask(), never()));

    expect(error).toBeUndefined();
    expect(session.model).toMatchObject({ id: 'anthropic/claude-sonnet-4-6', provider: 'anthropic' });
    expect(text).toBe('Echo from claude-sonnet-4-6: hello there');
    expect(chunks.at(-1)).toEqual({ type: 'usage', usage: { inputTokens: 2, outputTokens: 5 } });
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({ vendor: 'anthropic', model: 'claude-sonnet-4-6' });
  });

  it.each([
    ['a 500 from OpenAI', 'openai/gpt-5.4', 'openai', 500],
    ['a 429 from Anthropic', 'anthropic/claude-sonnet-4-6', 'anthropic', 429],
    ['a 503 from Gemini', 'google/gemini-3.5-flash', 'gemini', 503],
  ] as const)('retries %s before the first token, then succeeds', async (_label, modelId, vendor, status) => {
    emulator.script({ failure: { type: 'status', status }, match: { vendor } });
    const session = await registry().openChat(USER, modelId);
    const { text, error } = await drain(session.stream(ask(), never()));

    expect(error).toBeUndefined();
    expect(text).toBe(`Echo from ${modelId.split('/')[1]}: hello there`);
    expect(emulator.requests.map((request) => request.status)).toEqual([status, 200]);
  });

  it('gives up after the policy attempts, with the last transient error', async () => {
    const failure = { failure: { type: 'status' as const, status: 500 } };
    emulator.script(failure, failure, failure);
    const session = await registry().openChat(USER, 'openai/gpt-5.4');
    const { error, chunks } = await drain(session.stream(ask(), never()));

    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'openai', code: 'unavailable', status: 500 });
    expect(emulator.requests).toHaveLength(3);
  });

  it('does not retry a refused key (401)', async () => {
    const session = await registry({ GOOGLE_API_KEY: 'revoked-key' }).openChat(USER, 'google/gemini-3.5-flash');
    const { error } = await drain(session.stream(ask(), never()));

    expect(error).toMatchObject({ provider: 'google', code: 'invalid_credentials', retryable: false });
    expect(emulator.requests).toHaveLength(1);
  });

  it('does not retry a failure after the first token (the user already saw it)', async () => {
    emulator.script({ failure: { type: 'cut', afterTokens: 2 } });
    const session = await registry().openChat(USER, 'openai/gpt-5.4');
    const { error, text } = await drain(session.stream(ask(), never()));

    expect(text).toBe('Echo from');
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'openai' });
    expect(emulator.requests).toHaveLength(1);
  });

  it('stops retrying at once when aborted during the back-off', async () => {
    emulator.script({ failure: { type: 'status', status: 500 } });
    const slow = registry();
    slow.retryPolicy = { attempts: 3, baseDelayMs: 10_000 };
    const session = await slow.openChat(USER, 'openai/gpt-5.4');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const { error } = await drain(session.stream(ask(), controller.signal));

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ code: 'aborted' });
    expect(emulator.requests).toHaveLength(1);
  });

  it.each([
    ['openai/gpt-5.4', 'OPENAI_API_KEY', 'OpenAI'],
    ['anthropic/claude-haiku-4-5', 'ANTHROPIC_API_KEY', 'Anthropic'],
    ['google/gemini-2.5-pro', 'GOOGLE_API_KEY', 'Google Gemini'],
    ['openai-compatible/llama3.2', 'OPENAI_COMPATIBLE_API_KEY', 'OpenAI-compatible endpoint'],
  ])('fails %s with missing_credentials naming %s when no key is set anywhere', async (modelId, keyName, label) => {
    const noKeys = registry({ OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', GOOGLE_API_KEY: '' });
    const session = await noKeys.openChat(USER, modelId);
    const { error, chunks } = await drain(session.stream(ask(), never()));

    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'missing_credentials', retryable: false });
    expect((error as Error).message).toContain(keyName);
    expect((error as Error).message).toContain(label);
    expect(emulator.requests).toHaveLength(0);
  });

  it("prefers the user's own key and base URL over the environment", async () => {
    // The emulator is on loopback: a user's base URL may point there only through the operator's allow-list.
    const own = registry(
      { OPENAI_API_KEY: 'not-accepted', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', WEBOX_FETCH_ALLOWLIST: new URL(emulator.url).host },
      { openai: { provider: 'openai', key: 'test-key', baseUrl: emulator.openaiBaseUrl } as StoredCredential },
    );
    const { error, text } = await drain((await own.openChat(USER, 'openai/gpt-5.4-mini')).stream(ask(), never()));

    expect(error).toBeUndefined();
    expect(text).toContain('Echo from gpt-5.4-mini');
    expect(emulator.requests[0]?.keyMatched).toBe(true);
  });

  it.each(['openai/gpt-5.4-mini', 'anthropic/claude-sonnet-4-6', 'google/gemini-3.5-flash'])("refuses %s with a user's own loopback base URL before any request, in words that name the allow-list", async (modelId) => {
    const provider = modelId.split('/')[0]!;
    const baseUrl = { openai: emulator.openaiBaseUrl, anthropic: emulator.anthropicBaseUrl, google: emulator.geminiBaseUrl }[provider];
    const own = registry({}, { [provider]: { provider, key: 'test-key', baseUrl } as StoredCredential });
    const { error, chunks } = await drain((await own.openChat(USER, modelId)).stream(ask(), never()));

    expect(chunks).toEqual([]);
    expect(error).toMatchObject({ code: 'bad_request', retryable: false });
    expect((error as Error).message).toMatch(/loopback.*WEBOX_FETCH_ALLOWLIST/);
    expect(emulator.requests).toHaveLength(0);
  });

  it('ends a reply that passes the character cap with response_too_large', async () => {
    emulator.setBehaviour({ reply: 'word '.repeat(400) });
    const small = registry({ WEBOX_PROVIDER_MAX_REPLY_CHARS: '1000' });
    const { error, text } = await drain((await small.openChat(USER, 'openai/gpt-5.4-mini')).stream(ask(), never()));

    expect(error).toMatchObject({ code: 'response_too_large', retryable: false });
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text.length).toBeGreaterThan(900);
  });

  it('answers the offline model with no key at all', async () => {
    const noKeys = registry({ OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', GOOGLE_API_KEY: '' });
    const { error, text } = await drain((await noKeys.openChat(USER, 'local/webox-mini')).stream(ask(), never()));

    expect(error).toBeUndefined();
    expect(text).toContain('Offline reply');
    expect(emulator.requests).toHaveLength(0);
  });

  it('calls any model of an OpenAI-compatible endpoint by its base URL', async () => {
    const compatible = registry({ OPENAI_COMPATIBLE_API_KEY: 'test-key', OPENAI_COMPATIBLE_BASE_URL: emulator.openaiBaseUrl });
    const { error, text } = await drain((await compatible.openChat(USER, 'openai-compatible/qwen2.5:7b')).stream(ask(), never()));

    expect(error).toBeUndefined();
    expect(text).toBe('Echo from qwen2.5:7b: hello there');
  });

  it('opens the twelve models of a turn with one key lookup, before any of them starts (every provider: the offline model names those in reach)', async () => {
    const ids = ['openai/gpt-5.4', 'openai/gpt-5.4-mini', 'anthropic/claude-sonnet-4-6', 'anthropic/claude-haiku-4-5', 'google/gemini-3.5-flash', 'google/gemini-2.5-pro', 'local/webox-mini'];
    const models = [...ids, ...ids.slice(0, 5)].map((id) => registry().chatModel(id));
    const sessions = await registry({ GOOGLE_API_KEY: '' }).openChats(USER, models);

    expect(keyLookups).toEqual([['openai', 'anthropic', 'google', 'openai-compatible', 'replicate', 'elevenlabs']]);
    expect(emulator.requests).toHaveLength(0);
    expect(sessions.map((session) => session.model.id)).toEqual(models.map((model) => model.id));
    const answers = await Promise.all(sessions.map((session) => drain(session.stream(ask(), never()))));
    // No Google key anywhere: those models fail alone, the others answer.
    expect(answers.map(({ error }) => (error as ProviderError | undefined)?.code ?? 'ok')).toEqual(models.map((model) => (model.provider === 'google' ? 'missing_credentials' : 'ok')));
  });

  it('looks up only the providers of the turn when the offline model is not in it', async () => {
    await registry().openChats(USER, [registry().chatModel('openai/gpt-5.4'), registry().chatModel('anthropic/claude-haiku-4-5')]);
    expect(keyLookups).toEqual([['openai', 'anthropic']]);
  });

  it('refuses an unknown model with a 400-kind error naming the field', async () => {
    const attempt = registry().openChat(USER, 'acme/turbo-9000');
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ kind: 'invalid', code: 'UNKNOWN_MODEL', details: [{ field: 'models' }] });
    expect(() => registry().chatModel('acme/turbo-9000', 'models.3')).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: 'models.3' })] }));
  });

  it('refuses a turn with a model an admin turned off, whole, before any key lookup or vendor call', async () => {
    const guarded = registry({}, {}, openAccess([{ modelId: 'anthropic/claude-haiku-4-5', enabled: false }]));
    keyLookups.length = 0;
    const attempt = guarded.openChats(USER, [guarded.chatModel('openai/gpt-5.4'), guarded.chatModel('anthropic/claude-haiku-4-5')]);
    await expect(attempt).rejects.toMatchObject({ kind: 'forbidden', code: 'MODEL_DISABLED', params: { model: 'anthropic/claude-haiku-4-5' }, details: [{ field: 'models.1' }] });
    expect(keyLookups).toEqual([]);
    expect(emulator.requests).toHaveLength(0);
    await expect(guarded.openChat(USER, 'openai/gpt-5.4')).resolves.toMatchObject({ model: { id: 'openai/gpt-5.4' } });
  });
});
