import OpenAI from 'openai';
import { ProviderEmulator, startProviderEmulator } from './support/provider-emulator';
import { USAGE_FLUSH_INTERVAL_MS } from '../src/ai/usage.service';
import { registerUser, startTestApp, startTestDatabase, TestApp, TestUser } from './support/test-app';

describe('OpenAI-compatible gateway (/v1)', () => {
  let emulator: ProviderEmulator;
  let app: TestApp;
  let user: TestUser;
  let token: string;
  let client: OpenAI;

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({ OPENAI_API_KEY: emulator.apiKey, OPENAI_BASE_URL: emulator.openaiBaseUrl, ANTHROPIC_API_KEY: emulator.apiKey, ANTHROPIC_BASE_URL: emulator.anthropicBaseUrl, WEBOX_LOCAL_TOKEN_DELAY_MS: '0' });
    user = await registerUser(app);
    const created = await app.http().post('/api/profile/tokens').set(user.auth).send({ name: 'sdk' }).expect(201);
    token = created.body.token;
    client = new OpenAI({ apiKey: token, baseURL: `${app.url}/v1`, maxRetries: 0 });
  });
  afterEach(() => emulator.reset());
  afterAll(async () => {
    await app.close();
    await emulator.close();
  });

  it('lists the models the token can use', async () => {
    const models = await client.models.list();
    const ids = models.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['local/webox-mini', 'openai/gpt-5.4', 'anthropic/claude-sonnet-4-6']));
    expect(ids.some((id) => id.startsWith('google/'))).toBe(false);
  });

  it('answers a non-streaming completion through another vendor, with usage', async () => {
    emulator.script({ reply: 'Bonjour depuis Claude', match: { vendor: 'anthropic' } });
    const completion = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-6', messages: [{ role: 'system', content: 'Be French.' }, { role: 'user', content: 'Say hello' }], top_p: 1 });
    expect(completion.choices[0]!.message.content).toBe('Bonjour depuis Claude');
    expect(completion.usage).toMatchObject({ completion_tokens: 3 });
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(emulator.lastRequest()?.system).toBe('Be French.');
  });

  it('streams a completion chunk by chunk, with usage at the end', async () => {
    emulator.script({ reply: 'one two three four', match: { vendor: 'openai' } });
    const stream = await client.chat.completions.create({ model: 'openai/gpt-5.4', messages: [{ role: 'user', content: 'count' }], stream: true, stream_options: { include_usage: true } });
    const pieces: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) pieces.push(text);
      usage = chunk.usage ?? usage;
    }
    expect(pieces.join('')).toBe('one two three four');
    expect(pieces.length).toBeGreaterThan(1);
    expect(usage).toMatchObject({ completion_tokens: 4 });
  });

  it('records gateway calls in the usage ledger', async () => {
    await client.chat.completions.create({ model: 'openai/gpt-5.4', messages: [{ role: 'user', content: 'ledger' }] });
    const usage = await app.http().get('/api/chat/usage').set(user.auth).expect(200);
    const row = usage.body.byModel.find((r: { model: string }) => r.model === 'openai/gpt-5.4');
    expect(row.calls).toBeGreaterThanOrEqual(1);
    expect(row.cost).toBeGreaterThan(0);
  });

  it('writes usage rows on its own, within the flush interval, one per call', async () => {
    const other = await registerUser(app, 'Batch');
    const pat = (await app.http().post('/api/profile/tokens').set(other.auth).send({ name: 'batch' }).expect(201)).body.token as string;
    const batchClient = new OpenAI({ apiKey: pat, baseURL: `${app.url}/v1`, maxRetries: 0 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => batchClient.chat.completions.create({ model: 'openai/gpt-5.4', messages: [{ role: 'user', content: `batch ${i}` }] })));
    const answeredAt = Date.now();
    // Read the table itself (a summary would flush first): the rows must arrive without any read.
    const count = async () => (await app.dataSource.query(`SELECT count(*)::int AS n FROM usage_records WHERE owner_id = $1`, [other.id]))[0].n as number;
    while ((await count()) < 20 && Date.now() - answeredAt < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await count()).toBe(20);
    // The bound of what a killed process can lose, plus generous slack for a loaded CI machine.
    expect(Date.now() - answeredAt).toBeLessThan(USAGE_FLUSH_INTERVAL_MS + 3_000);
  });

  it('answers errors in OpenAI shape so the SDK raises its own classes', async () => {
    await expect(client.chat.completions.create({ model: 'nobody/none', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(client.chat.completions.create({ model: 'google/gemini-3.5-flash', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('No Google Gemini API key') });
    await expect(client.chat.completions.create({ model: 'openai/gpt-5.4', messages: [] })).rejects.toMatchObject({ status: 400, param: 'messages' });
    emulator.script(...Array.from({ length: 3 }, () => ({ failure: { type: 'status' as const, status: 500 }, match: { vendor: 'openai' as const } })));
    await expect(client.chat.completions.create({ model: 'openai/gpt-5.4', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 502, message: expect.stringContaining('OpenAI') });
  });

  it('answers bodies refused before any route (not JSON, malformed, too large) in OpenAI shape too', async () => {
    const call = () => app.http().post('/v1/chat/completions').set('Authorization', `Bearer ${token}`);
    const malformed = await call().set('Content-Type', 'application/json').send('{"model":').expect(400);
    expect(malformed.body).toEqual({ error: { message: 'The request body is not valid JSON', type: 'invalid_request_error', code: 'MALFORMED_JSON', param: null } });
    const text = await call().set('Content-Type', 'text/plain').send('hello').expect(400);
    expect(text.body.error).toMatchObject({ type: 'invalid_request_error', code: 'BODY_NOT_JSON' });
    const large = await call().send({ model: 'local/webox-mini', messages: [{ role: 'user', content: 'x'.repeat(1_100_000) }] }).expect(413);
    expect(large.body.error).toMatchObject({ type: 'invalid_request_error', code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses a missing, unknown, revoked or session token with 401', async () => {
    await expect(new OpenAI({ apiKey: 'wbx_unknown', baseURL: `${app.url}/v1`, maxRetries: 0 }).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    // A dashboard access token is not an API token.
    await expect(new OpenAI({ apiKey: user.accessToken, baseURL: `${app.url}/v1`, maxRetries: 0 }).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const other = await app.http().post('/api/profile/tokens').set(user.auth).send({ name: 'to revoke' }).expect(201);
    const revocable = new OpenAI({ apiKey: other.body.token, baseURL: `${app.url}/v1`, maxRetries: 0 });
    await revocable.models.list();
    await app.http().delete(`/api/profile/tokens/${other.body.id}`).set(user.auth).expect(204);
    await expect(revocable.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('personal access tokens', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('shows a token once, lists it by hint only, and stores only its hash', async () => {
    const user = await registerUser(app);
    const created = await app.http().post('/api/profile/tokens').set(user.auth).send({ name: 'laptop', expiresInDays: 30 }).expect(201);
    expect(created.body.token).toMatch(/^wbx_/);
    expect(created.body.hint).toBe(`wbx_…${created.body.token.slice(-4)}`);
    const list = await app.http().get('/api/profile/tokens').set(user.auth).expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    const [row] = await app.dataSource.query('SELECT token_hash FROM personal_access_tokens WHERE id = $1', [created.body.id]);
    expect(row.token_hash).not.toContain(created.body.token);
  });

  it('validates the name and lifetime, and scopes tokens to their owner', async () => {
    const user = await registerUser(app);
    const bad = await app.http().post('/api/profile/tokens').set(user.auth).send({ name: '', expiresInDays: 0 }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['expiresInDays', 'name']);
    const created = await app.http().post('/api/profile/tokens').set(user.auth).send({ name: 'mine' }).expect(201);
    const intruder = await registerUser(app);
    await app.http().delete(`/api/profile/tokens/${created.body.id}`).set(intruder.auth).expect(404);
    await app.http().get('/api/profile/tokens').expect(401);
  });
});

describe('workspace keys', () => {
  let emulator: ProviderEmulator;
  let app: TestApp;

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({ OPENAI_BASE_URL: emulator.openaiBaseUrl });
  });
  afterAll(async () => {
    await app.close();
    await emulator.close();
  });

  it('lets an admin set a key every user can use, masked, and refuses it to non-admins', async () => {
    const admin = await registerUser(app, 'Admin');
    const user = await registerUser(app, 'User');
    await app.http().post('/api/admin/api-keys').set(user.auth).send({ provider: 'openai', key: emulator.apiKey }).expect(403);
    const models = () => app.http().get('/api/chat/models').set(user.auth).expect(200);
    expect((await models()).body.find((m: { id: string }) => m.id === 'openai/gpt-5.4').available).toBe(false);
    const created = await app.http().post('/api/admin/api-keys').set(admin.auth).send({ provider: 'openai', key: emulator.apiKey }).expect(201);
    expect(created.body.maskedKey).toBe(`…${emulator.apiKey.slice(-2)}`);
    expect(JSON.stringify(created.body)).not.toContain(emulator.apiKey);
    expect((await models()).body.find((m: { id: string }) => m.id === 'openai/gpt-5.4').available).toBe(true);
    const turn = await app.http().post('/api/chat').set(user.auth).send({ message: 'hello workspace', models: ['openai/gpt-5.4'] }).expect(200);
    expect(turn.body.replies[0]).toMatchObject({ status: 'complete', content: expect.stringContaining('hello workspace') });
    expect(emulator.lastRequest()?.keyMatched).toBe(true);
    await app.http().get('/api/admin/api-keys').set(admin.auth).expect(200).expect((r) => expect(r.body.total).toBe(1));
    await app.http().delete(`/api/admin/api-keys/${created.body.id}`).set(admin.auth).expect(204);
  });
});

describe('whose key pays for a turn', () => {
  // Each key the emulator accepts is a different payer: keyIndex says which one a request used.
  const [ENVIRONMENT, WORKSPACE, OWN] = ['env-key-0000', 'workspace-key-1111', 'own-key-2222'];
  let emulator: ProviderEmulator;
  let app: TestApp;

  beforeAll(async () => {
    emulator = await startProviderEmulator({ apiKeys: [ENVIRONMENT, WORKSPACE, OWN] });
    app = await startTestApp({
      OPENAI_API_KEY: ENVIRONMENT,
      OPENAI_BASE_URL: emulator.openaiBaseUrl,
      ANTHROPIC_API_KEY: ENVIRONMENT,
      ANTHROPIC_BASE_URL: emulator.anthropicBaseUrl,
      GOOGLE_API_KEY: ENVIRONMENT,
      GOOGLE_BASE_URL: emulator.geminiBaseUrl,
    });
  });
  afterAll(async () => {
    await app.close();
    await emulator.close();
  });

  it("uses, per provider of one turn, the user's newest own key, else the workspace key, else the environment's; /v1 too", async () => {
    const admin = await registerUser(app, 'Admin');
    const user = await registerUser(app, 'User');
    for (const provider of ['openai', 'anthropic']) await app.http().post('/api/admin/api-keys').set(admin.auth).send({ provider, key: WORKSPACE }).expect(201);
    await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'openai', key: 'own-key-replaced' }).expect(201);
    await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'openai', key: OWN }).expect(201);
    const keyIndexByVendor = () => Object.fromEntries(emulator.requests.map((request) => [request.vendor, request.keyIndex]));

    const turn = await app.http().post('/api/chat').set(user.auth).send({ message: 'who pays', models: ['openai/gpt-5.4', 'anthropic/claude-sonnet-4-6', 'google/gemini-3.5-flash'] }).expect(200);
    expect(turn.body.replies.map((reply: { status: string }) => reply.status)).toEqual(['complete', 'complete', 'complete']);
    expect(keyIndexByVendor()).toEqual({ openai: 2, anthropic: 1, gemini: 0 });

    emulator.reset();
    await app.http().post('/api/chat').set(admin.auth).send({ message: 'who pays', models: ['openai/gpt-5.4', 'google/gemini-3.5-flash'] }).expect(200);
    expect(keyIndexByVendor()).toEqual({ openai: 1, gemini: 0 });

    emulator.reset();
    const created = await app.http().post('/api/profile/tokens').set(user.auth).send({ name: 'sdk' }).expect(201);
    const client = new OpenAI({ apiKey: created.body.token, baseURL: `${app.url}/v1`, maxRetries: 0 });
    await client.chat.completions.create({ model: 'openai/gpt-5.4', messages: [{ role: 'user', content: 'who pays' }] });
    expect(keyIndexByVendor()).toEqual({ openai: 2 });
  });
});

describe('usage ledger across a restart', () => {
  it('writes every pending usage row on a clean shutdown', async () => {
    const database = await startTestDatabase();
    const first = await startTestApp({ WEBOX_LOCAL_TOKEN_DELAY_MS: '0' }, { ...database, close: async () => undefined });
    let user: TestUser;
    try {
      user = await registerUser(first);
      const pat = (await first.http().post('/api/profile/tokens').set(user.auth).send({ name: 'restart' }).expect(201)).body.token as string;
      const client = new OpenAI({ apiKey: pat, baseURL: `${first.url}/v1`, maxRetries: 0 });
      await Promise.all(Array.from({ length: 10 }, (_, i) => client.chat.completions.create({ model: 'local/webox-mini', messages: [{ role: 'user', content: `restart ${i}` }] })));
    } finally {
      // Straight after the answers: the rows are still waiting for their interval.
      await first.close();
    }
    const second = await startTestApp({}, database);
    try {
      const [{ n }] = await second.dataSource.query(`SELECT count(*)::int AS n FROM usage_records WHERE owner_id = $1`, [user.id]);
      expect(n).toBe(10);
    } finally {
      await second.close();
    }
  });
});
