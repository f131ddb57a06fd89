import OpenAI from 'openai';
import { USAGE_FLUSH_INTERVAL_MS } from '../src/ai/usage.service';
import { ProviderEmulator, startProviderEmulator } from './support/provider-emulator';
import { sseEvents, type SseEvent } from './support/sse-events';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Issue 26 item 4: OpenAI-compatible endpoints an admin adds for everyone. The provider emulator on
 * loopback plays the endpoint (Ollama, vLLM): an admin may aim at the local network, a user may not.
 */
describe('OpenAI-compatible endpoints in the Admin page', () => {
  const SECRET = 'sk-endpoint-secret-7h3x';
  let emulator: ProviderEmulator;
  let app: TestApp;
  let admin: TestUser;
  let user: TestUser;

  const endpointBody = (overrides: Record<string, unknown> = {}) => ({
    name: 'Lab GPU',
    slug: 'lab',
    baseUrl: emulator.openaiBaseUrl,
    apiKey: SECRET,
    models: [{ vendorModel: 'llama-lab', name: 'Llama Lab', contextTokens: 32_000, inputPricePerMTok: 1000, outputPricePerMTok: 2000 }],
    ...overrides,
  });
  const create = (body: object, who = admin) => app.http().post('/api/admin/endpoints').set(who.auth).send(body);
  const remove = async (slug: string) => {
    const listed = (await app.http().get('/api/admin/endpoints').set(admin.auth).expect(200)).body as Array<{ id: string; slug: string }>;
    const found = listed.find((endpoint) => endpoint.slug === slug);
    if (found) await app.http().delete(`/api/admin/endpoints/${found.id}`).set(admin.auth).expect(204);
  };
  const picker = async (who: TestUser) => (await app.http().get('/api/chat/models').set(who.auth).expect(200)).body as Array<{ id: string; name: string; available: boolean; provider: string }>;

  async function streamTurn(who: TestUser, body: Record<string, unknown>): Promise<SseEvent[]> {
    const response = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { ...who.auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...body, stream: true }) });
    expect(response.status).toBe(200);
    const list: SseEvent[] = [];
    for await (const event of sseEvents(response)) list.push(event);
    return list;
  }

  beforeAll(async () => {
    emulator = await startProviderEmulator({ apiKeys: [SECRET] });
    // No OpenAI-compatible key in the environment, no allow-list: only the admin's endpoint reaches the emulator.
    app = await startTestApp({ WEBOX_LOCAL_TOKEN_DELAY_MS: '0' });
    admin = await registerUser(app, 'Admin');
    user = await registerUser(app, 'User');
  });
  afterAll(async () => {
    await app.close();
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  it('401 without a token, 403 for a user on every route', async () => {
    await app.http().get('/api/admin/endpoints').expect(401);
    await app.http().get('/api/admin/endpoints').set(user.auth).expect(403);
    await create(endpointBody(), user).expect(403);
    await app.http().patch('/api/admin/endpoints/00000000-0000-4000-8000-000000000000').set(user.auth).send({ name: 'x' }).expect(403);
    await app.http().delete('/api/admin/endpoints/00000000-0000-4000-8000-000000000000').set(user.auth).expect(403);
    expect(emulator.requests).toHaveLength(0);
  });

  it('an admin adds a loopback endpoint (checked: its model list with the key); a user sees its model, chats with it streamed, pays its price; /v1 lists and serves it; the key is never returned', async () => {
    const created = await create(endpointBody()).expect(201);
    try {
      expect(created.body).toMatchObject({ name: 'Lab GPU', slug: 'lab', baseUrl: emulator.openaiBaseUrl, hasKey: true, keyLast4: 'h3x'.padStart(4, '7'), check: { status: 'ok', listedModels: expect.arrayContaining(['gpt-4o']) } });
      expect(created.body.models).toEqual([{ id: 'endpoint/lab/llama-lab', vendorModel: 'llama-lab', name: 'Llama Lab', contextTokens: 32_000, vision: false, inputPricePerMTok: 1000, outputPricePerMTok: 2000 }]);
      expect(emulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/models']);
      const listed = await app.http().get('/api/admin/endpoints').set(admin.auth).expect(200);
      for (const body of [created.body, listed.body]) expect(JSON.stringify(body)).not.toContain(SECRET);
      const stored: Array<{ api_key_sealed: string }> = await app.dataSource.query('SELECT api_key_sealed FROM model_endpoints');
      expect(stored[0]!.api_key_sealed).not.toContain(SECRET);

      const model = (await picker(user)).find((entry) => entry.id === 'endpoint/lab/llama-lab');
      expect(model).toMatchObject({ available: true, provider: 'openai-compatible' });
      expect(model!.name).toContain('Llama Lab');

      emulator.reset();
      const list = await streamTurn(user, { message: 'Compare three answers', models: ['endpoint/lab/llama-lab'] });
      const text = list.filter((event) => event.event === 'delta').map((event) => event.data.text).join('');
      expect(text).toBe('Echo from llama-lab: Compare three answers');
      const done = list.find((event) => event.event === 'done')!;
      expect(done.data.usage).toEqual({ inputTokens: 3, outputTokens: 6 });
      expect(done.data.cost).toBeCloseTo((3 * 1000 + 6 * 2000) / 1_000_000, 10);
      const upstream = emulator.requests.find((request) => request.path === '/v1/chat/completions')!;
      expect(upstream.keySource).toBeDefined();
      expect(upstream.body).toMatchObject({ model: 'llama-lab', stream: true });

      await new Promise((resolve) => setTimeout(resolve, USAGE_FLUSH_INTERVAL_MS * 3));
      const ledger: Array<{ provider: string; cost: string }> = await app.dataSource.query(`SELECT provider, cost FROM usage_records WHERE model = 'endpoint/lab/llama-lab' AND owner_id = $1`, [user.id]);
      expect(ledger).toHaveLength(1);
      expect(Number(ledger[0]!.cost)).toBeCloseTo(0.015, 10);

      const token = (await app.http().post('/api/profile/tokens').set(user.auth).send({ name: 'endpoints' }).expect(201)).body.token as string;
      const gateway = new OpenAI({ apiKey: token, baseURL: `${app.url}/v1`, maxRetries: 0 });
      expect((await gateway.models.list()).data.map((entry) => entry.id)).toContain('endpoint/lab/llama-lab');
      const completion = await gateway.chat.completions.create({ model: 'endpoint/lab/llama-lab', messages: [{ role: 'user', content: 'hello there' }] });
      expect(completion.choices[0]!.message.content).toBe('Echo from llama-lab: hello there');

      const audit = await app.http().get('/api/admin/audit').query({ action: 'admin.endpoint_created' }).set(admin.auth).expect(200);
      expect(audit.body.items).toEqual([expect.objectContaining({ action: 'admin.endpoint_created', details: expect.objectContaining({ slug: 'lab', models: 1, hasKey: true }) })]);
      expect(JSON.stringify(audit.body)).not.toContain(SECRET);
    } finally {
      await remove('lab');
    }
  });

  it('admin model access applies to an endpoint’s models: turned off → 403 MODEL_DISABLED; it can be the workspace default', async () => {
    await create(endpointBody()).expect(201);
    try {
      await app.http().put('/api/admin/models/default').set(admin.auth).send({ model: 'endpoint/lab/llama-lab' }).expect(200);
      const models = (await app.http().get('/api/admin/models').set(admin.auth).expect(200)).body;
      expect(models.defaultChatModel).toBe('endpoint/lab/llama-lab');
      expect(models.models).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'endpoint/lab/llama-lab', inputPricePerMTok: 1000 })]));
      await app.http().put('/api/admin/models/default').set(admin.auth).send({ model: null }).expect(200);
      await app.http().put('/api/admin/models/access').set(admin.auth).send({ model: 'endpoint/lab/llama-lab', enabled: false }).expect(200);
      expect((await picker(user)).find((entry) => entry.id === 'endpoint/lab/llama-lab')).toMatchObject({ available: false, unavailableCode: 'MODEL_DISABLED' });
      const refused = await app.http().post('/api/chat').set(user.auth).send({ message: 'hi', models: ['endpoint/lab/llama-lab'] }).expect(403);
      expect(refused.body.code).toBe('MODEL_DISABLED');
    } finally {
      await remove('lab');
    }
    // Its rules left with it.
    const rules: unknown[] = await app.dataSource.query(`SELECT 1 FROM model_settings WHERE model_id LIKE 'endpoint/lab/%'`);
    expect(rules).toHaveLength(0);
  });

  it('a wrong key: 400 ENDPOINT_KEY_REJECTED naming apiKey; unreachable: 400 ENDPOINT_UNREACHABLE; skipCheck saves anyway; a taken slug: 409', async () => {
    const rejected = await create(endpointBody({ apiKey: 'sk-wrong-key-0000' })).expect(400);
    expect(rejected.body).toMatchObject({ code: 'ENDPOINT_KEY_REJECTED', details: [expect.objectContaining({ field: 'apiKey' })] });
    expect(JSON.stringify(rejected.body)).not.toContain('sk-wrong-key-0000');
    const unreachable = await create(endpointBody({ baseUrl: 'http://127.0.0.1:9/v1' })).expect(400);
    expect(unreachable.body).toMatchObject({ code: 'ENDPOINT_UNREACHABLE', details: [expect.objectContaining({ field: 'baseUrl' })] });
    expect((await app.http().get('/api/admin/endpoints').set(admin.auth).expect(200)).body).toEqual([]);

    const skipped = await create(endpointBody({ baseUrl: 'http://127.0.0.1:9/v1', skipCheck: true })).expect(201);
    try {
      expect(skipped.body.check).toEqual({ status: 'skipped', listedModels: [] });
      expect((await create(endpointBody()).expect(409)).body).toMatchObject({ code: 'ENDPOINT_SLUG_TAKEN', params: { slug: 'lab' } });
      // Aimed at the emulator again, with a new key that it refuses: nothing changes.
      await app.http().patch(`/api/admin/endpoints/${skipped.body.id}`).set(admin.auth).send({ baseUrl: emulator.openaiBaseUrl, apiKey: 'sk-other-wrong-1' }).expect(400);
      const fixed = await app.http().patch(`/api/admin/endpoints/${skipped.body.id}`).set(admin.auth).send({ baseUrl: emulator.openaiBaseUrl }).expect(200);
      expect(fixed.body).toMatchObject({ baseUrl: emulator.openaiBaseUrl, hasKey: true, check: { status: 'ok' } });
    } finally {
      await remove('lab');
    }
  });

  it('metadata and link-local addresses are refused even for an admin (even with skipCheck); a user may not aim a key at the loopback endpoint the admin may', async () => {
    for (const baseUrl of ['http://169.254.169.254/v1', 'http://[::ffff:169.254.169.254]/v1', 'http://[fe80::1]:11434/v1']) {
      for (const skipCheck of [false, true]) {
        const refused = await create(endpointBody({ baseUrl, skipCheck })).expect(400);
        expect(refused.body).toMatchObject({ code: 'ENDPOINT_URL_BLOCKED', details: [expect.objectContaining({ field: 'baseUrl' })] });
      }
    }
    const aimed = await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'openai-compatible', key: SECRET, baseUrl: emulator.openaiBaseUrl }).expect(400);
    expect(aimed.body.code).toBe('BASE_URL_BLOCKED');
    expect(emulator.requests).toHaveLength(0);
  });

  it('bad input: 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ slug: 'Not A Slug' }, 'slug'],
      [{ baseUrl: 'ftp://example.com/v1' }, 'baseUrl'],
      [{ models: [] }, 'models'],
      [{ models: [{ vendorModel: 'a b', name: 'x' }] }, 'models.0.vendorModel'],
      [{ models: [{ vendorModel: 'a', name: 'x', inputPricePerMTok: -1 }] }, 'models.0.inputPricePerMTok'],
      [{ models: [{ vendorModel: 'a', name: 'x' }, { vendorModel: 'a', name: 'y' }] }, 'models.1.vendorModel'],
    ];
    for (const [overrides, field] of cases) {
      const refused = await create(endpointBody({ ...overrides, skipCheck: true })).expect(400);
      expect(refused.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    // Not an id: 404, as for any row that is not there (ParseIdPipe).
    await app.http().patch('/api/admin/endpoints/not-an-id').set(admin.auth).send({}).expect(404);
    expect((await app.http().patch('/api/admin/endpoints/00000000-0000-4000-8000-000000000000').set(admin.auth).send({ name: 'x' }).expect(404)).body.code).toBe('ENDPOINT_NOT_FOUND');
  });

  it('deleting an endpoint: its models leave the catalogue; the conversation keeps its messages and a later turn answers 400 UNKNOWN_MODEL', async () => {
    const created = await create(endpointBody()).expect(201);
    const first = await app.http().post('/api/chat').set(user.auth).send({ message: 'remember me', models: ['endpoint/lab/llama-lab'] }).expect(200);
    const conversationId = first.body.conversationId as string;
    await app.http().delete(`/api/admin/endpoints/${created.body.id}`).set(admin.auth).expect(204);
    await app.http().delete(`/api/admin/endpoints/${created.body.id}`).set(admin.auth).expect(404);

    expect((await picker(user)).some((entry) => entry.id.startsWith('endpoint/lab/'))).toBe(false);
    const later = await app.http().post('/api/chat').set(user.auth).send({ conversationId, message: 'still there?', models: ['endpoint/lab/llama-lab'] }).expect(400);
    expect(later.body).toMatchObject({ code: 'UNKNOWN_MODEL' });
    const detail = await app.http().get(`/api/chat/conversations/${conversationId}`).set(user.auth).expect(200);
    expect(detail.body.messages.map((message: { role: string; content: string }) => message.content)).toEqual(['remember me', 'Echo from llama-lab: remember me']);
    const audit = await app.http().get('/api/admin/audit').query({ action: 'admin.endpoint_deleted' }).set(admin.auth).expect(200);
    expect(audit.body.items[0]).toMatchObject({ details: expect.objectContaining({ slug: 'lab' }) });
  });
});
