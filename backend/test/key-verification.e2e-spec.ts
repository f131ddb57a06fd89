import './support/provider-emulator/undici-dispatcher.jest-setup';
import { createServer, type Server } from 'node:net';
import { startProviderEmulator, type ProviderEmulator } from './support/provider-emulator';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * A provider key is verified with one real, cheap call through the vendor's SDK when it is saved
 * (issue 24 item 5): the emulator answers each vendor's call 200 for its key and 401 for any other.
 */
describe('provider key verification', () => {
  let emulator: ProviderEmulator;
  let app: TestApp;
  let user: TestUser;
  /** A port that accepts nothing: a connection to it is refused. */
  let closedPort: number;
  const BAD_KEY = 'sk-bogus-key-00000000wxyz';

  const post = (body: Record<string, unknown>, who: TestUser = user) => app.http().post('/api/profile/api-keys').set(who.auth).send(body);
  const keys = async (who: TestUser = user) => (await app.http().get('/api/profile/api-keys').set(who.auth).expect(200)).body;

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    const probe: Server = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const emulatorHost = new URL(emulator.url).host;
    app = await startTestApp({
      WEBOX_VERIFY_PROVIDER_KEYS: 'true',
      OPENAI_BASE_URL: emulator.openaiBaseUrl,
      ANTHROPIC_BASE_URL: emulator.anthropicBaseUrl,
      GOOGLE_BASE_URL: emulator.geminiBaseUrl,
      REPLICATE_BASE_URL: emulator.replicateBaseUrl,
      ELEVENLABS_BASE_URL: emulator.elevenlabsBaseUrl,
      // A user's own base URL goes through the guarded fetch: the emulator's host must be allowed.
      WEBOX_FETCH_ALLOWLIST: `${emulatorHost},127.0.0.1:${closedPort}`,
    });
  });
  beforeEach(async () => {
    emulator.reset();
    user = await registerUser(app);
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  const VENDORS: Array<[string, Record<string, unknown>, string]> = [
    ['openai', {}, '/v1/models'],
    ['anthropic', {}, '/v1/models'],
    ['google', {}, '/v1beta/models'],
    ['replicate', {}, '/v1/account'],
    ['elevenlabs', {}, '/v1/models'],
  ];

  describe.each(VENDORS)('%s', (provider, extra, path) => {
    it('a good key: one call to the vendor, stored as ok', async () => {
      const created = await post({ provider, key: emulator.apiKey, ...extra });
      // The body with the status: a refusal names its reason.
      expect({ status: created.status, body: created.body }).toMatchObject({ status: 201, body: { provider, status: 'ok' } });
      expect(created.body.lastError).toBeUndefined();
      expect(Date.parse(created.body.lastCheckedAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(emulator.requests.map((request) => [request.method, request.path, request.keyMatched])).toEqual([['GET', path, true]]);
    });

    it('a key the vendor refuses (401): 400 API_KEY_REJECTED naming the reason, nothing stored, never the key', async () => {
      const refused = await post({ provider, key: BAD_KEY, ...extra }).expect(400);
      expect(refused.body).toMatchObject({ statusCode: 400, code: 'API_KEY_REJECTED', details: [{ field: 'key' }] });
      expect(refused.body.details[0].message).toMatch(/refused the API key \(401\)/);
      expect(refused.body.message).toContain('saveIfFailing');
      expect(JSON.stringify(refused.body)).not.toContain('00000000');
      expect(emulator.requests).toHaveLength(1);
      expect((await keys()).total).toBe(0);
    });
  });

  it('saves a refused key only when the user confirms, marked failing with the reason, never the key', async () => {
    const saved = await post({ provider: 'openai', key: BAD_KEY, label: 'Try anyway', saveIfFailing: true }).expect(201);
    expect(saved.body).toMatchObject({ label: 'Try anyway', status: 'failing', maskedKey: 'sk-…wxyz' });
    expect(saved.body.lastError).toMatch(/OpenAI refused the API key \(401\)/);
    expect(JSON.stringify(saved.body)).not.toContain('00000000');
    const list = await keys();
    expect(list.items).toEqual([expect.objectContaining({ id: saved.body.id, status: 'failing', lastError: saved.body.lastError })]);
    expect(JSON.stringify(list)).not.toContain('00000000');
  });

  it('a vendor that fails (500): 400 API_KEY_CHECK_FAILED; saved on confirmation, then "check again" finds it ok', async () => {
    emulator.script({ failure: { type: 'status', status: 503 }, match: { kind: 'models' } }, { failure: { type: 'status', status: 503 }, match: { kind: 'models' } });
    const refused = await post({ provider: 'openai', key: emulator.apiKey }).expect(400);
    expect(refused.body).toMatchObject({ code: 'API_KEY_CHECK_FAILED', details: [{ field: 'key', message: expect.stringMatching(/OpenAI failed with 503/) }] });
    const saved = await post({ provider: 'openai', key: emulator.apiKey, saveIfFailing: true }).expect(201);
    expect(saved.body.status).toBe('failing');

    const checked = await app.http().post(`/api/profile/api-keys/${saved.body.id}/check`).set(user.auth).expect(200);
    expect(checked.body).toMatchObject({ id: saved.body.id, status: 'ok' });
    expect(checked.body.lastError).toBeUndefined();
    expect(Date.parse(checked.body.lastCheckedAt)).toBeGreaterThanOrEqual(Date.parse(saved.body.lastCheckedAt));
    expect(JSON.stringify(checked.body)).not.toContain(emulator.apiKey);
  });

  it('an endpoint that cannot be reached: 400 API_KEY_CHECK_FAILED saying so', async () => {
    const refused = await post({ provider: 'openai-compatible', key: 'ollama-key-123', baseUrl: `http://127.0.0.1:${closedPort}/v1` }).expect(400);
    expect(refused.body).toMatchObject({ code: 'API_KEY_CHECK_FAILED', details: [{ field: 'key', message: expect.stringMatching(/could not be reached/) }] });
    expect((await keys()).total).toBe(0);
  });

  it("verifies an OpenAI-compatible key at the user's own base URL", async () => {
    const created = await post({ provider: 'openai-compatible', key: emulator.apiKey, baseUrl: emulator.openaiBaseUrl }).expect(201);
    expect(created.body.status).toBe('ok');
    expect(emulator.requests.map((request) => request.path)).toEqual(['/v1/models']);
  });

  it('a base URL inside the network is refused before any call', async () => {
    const refused = await post({ provider: 'openai-compatible', key: 'ollama-key-123', baseUrl: 'http://localhost:11434/v1' }).expect(400);
    expect(refused.body.code).toBe('BASE_URL_BLOCKED');
    expect(emulator.requests).toHaveLength(0);
  });

  it('a provider Webox cannot verify is stored unchecked', async () => {
    const created = await post({ provider: 'twilio', key: 'twilio-auth-token-1', accountId: `AC${'a'.repeat(32)}` }).expect(201);
    expect(created.body.status).toBe('unchecked');
    expect(created.body.lastCheckedAt).toBeUndefined();
    expect(emulator.requests).toHaveLength(0);
  });

  it("checking another user's key answers 404 and calls nobody; no token answers 401", async () => {
    const saved = await post({ provider: 'openai', key: emulator.apiKey }).expect(201);
    emulator.reset();
    const intruder = await registerUser(app);
    await app.http().post(`/api/profile/api-keys/${saved.body.id}/check`).set(intruder.auth).expect(404);
    await app.http().post(`/api/profile/api-keys/${saved.body.id}/check`).expect(401);
    await app.http().post('/api/profile/api-keys/not-a-uuid/check').set(user.auth).expect(404);
    expect(emulator.requests).toHaveLength(0);
  });

  it('refuses a saveIfFailing that is not a boolean, naming it', async () => {
    const refused = await post({ provider: 'openai', key: emulator.apiKey, saveIfFailing: 'yes' }).expect(400);
    expect(refused.body.details.map((detail: { field: string }) => detail.field)).toEqual(['saveIfFailing']);
    expect(emulator.requests).toHaveLength(0);
  });

  it('the offline model names the provider once the user has a key, instead of saying none is configured', async () => {
    const before = await offlineReply(app, user);
    expect(before).toContain('no AI provider is configured');
    await post({ provider: 'anthropic', key: emulator.apiKey }).expect(201);
    const after = await offlineReply(app, user);
    expect(after).not.toContain('no AI provider is configured');
    expect(after).toMatch(/You can use .*Anthropic/);
  });
});

/** One turn with the offline model; its reply text. */
async function offlineReply(app: TestApp, user: TestUser): Promise<string> {
  const response = await app.http().post('/api/chat').set(user.auth).send({ message: 'hello', models: ['local/webox-mini'] }).expect(200);
  return (response.body.replies as Array<{ content: string }>)[0]!.content;
}
