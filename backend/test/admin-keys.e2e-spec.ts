import OpenAI from 'openai';
import { ProviderEmulator, startProviderEmulator } from './support/provider-emulator';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/** Issue 26 item 3: workspace provider keys, verified on save, and the two switches per provider. */
describe('workspace provider keys and what users may use', () => {
  // Each key the emulator accepts is a different payer: keyIndex says which one a request used.
  const [ENVIRONMENT, WORKSPACE, OWN] = ['env-key-0000', 'workspace-key-1111', 'own-key-2222'];
  let emulator: ProviderEmulator;
  let app: TestApp;
  let admin: TestUser;
  let user: TestUser;
  let keyless: TestUser;

  const setAccess = (provider: string, body: object) => app.http().put(`/api/admin/providers/${provider}`).set(admin.auth).send(body).expect(200);
  const openaiKeyIndex = () => emulator.requests.filter((request) => request.vendor === 'openai').map((request) => request.keyIndex);
  const chat = (who: TestUser) => app.http().post('/api/chat').set(who.auth).send({ message: 'who pays', models: ['openai/gpt-5.4'] }).expect(200);

  beforeAll(async () => {
    emulator = await startProviderEmulator({ apiKeys: [ENVIRONMENT, WORKSPACE, OWN] });
    app = await startTestApp({ OPENAI_API_KEY: ENVIRONMENT, OPENAI_BASE_URL: emulator.openaiBaseUrl, WEBOX_VERIFY_PROVIDER_KEYS: 'true' });
    admin = await registerUser(app, 'Admin');
    user = await registerUser(app, 'User');
    keyless = await registerUser(app, 'Keyless');
  });
  afterAll(async () => {
    await app.close();
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  it('verifies a workspace key on save like a user key, and never shows the secret', async () => {
    const refused = await app.http().post('/api/admin/api-keys').set(admin.auth).send({ provider: 'openai', key: 'sk-refused-by-vendor' }).expect(400);
    expect(refused.body).toMatchObject({ code: 'API_KEY_REJECTED', details: [{ field: 'key' }] });
    const failing = await app.http().post('/api/admin/api-keys').set(admin.auth).send({ provider: 'openai', key: 'sk-refused-by-vendor', saveIfFailing: true }).expect(201);
    expect(failing.body).toMatchObject({ status: 'failing', allowed: true });
    await app.http().delete(`/api/admin/api-keys/${failing.body.id}`).set(admin.auth).expect(204);

    const created = await app.http().post('/api/admin/api-keys').set(admin.auth).send({ provider: 'openai', key: WORKSPACE, label: 'Team' }).expect(201);
    expect(created.body).toMatchObject({ provider: 'openai', label: 'Team', status: 'ok', allowed: true, maskedKey: expect.stringContaining('1111') });
    const listed = await app.http().get('/api/admin/api-keys').set(admin.auth).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(WORKSPACE);
    const providers = await app.http().get('/api/admin/providers').set(admin.auth).expect(200);
    expect(providers.body.find((row: { provider: string }) => row.provider === 'openai')).toEqual({ provider: 'openai', allowOwnKeys: true, allowWorkspaceKey: true, workspaceKeys: 1 });
  });

  it("own keys off: saving one answers 403, a stored one is kept but not used (the profile says so), the workspace key pays", async () => {
    await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'openai', key: OWN }).expect(201);
    emulator.reset(); // the key's verification call
    await chat(user);
    expect(openaiKeyIndex()).toEqual([2]);

    const changed = await setAccess('openai', { allowOwnKeys: false });
    expect(changed.body).toMatchObject({ provider: 'openai', allowOwnKeys: false, allowWorkspaceKey: true });
    const refused = await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'openai', key: OWN }).expect(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'OWN_KEYS_NOT_ALLOWED', message: expect.stringContaining('workspace') });
    const mine = await app.http().get('/api/profile/api-keys').set(user.auth).expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ provider: 'openai', allowed: false })]);

    // The very next call follows the switch: no cache keeps the old choice.
    emulator.reset();
    await chat(user);
    expect(openaiKeyIndex()).toEqual([1]);
  });

  it('workspace key off: users without a key of their own cannot use it (nor the environment one), owners of a key still can', async () => {
    await setAccess('openai', { allowOwnKeys: true, allowWorkspaceKey: false });
    const turn = await chat(keyless);
    expect(turn.body.replies[0]).toMatchObject({ status: 'error' });
    expect(JSON.stringify(turn.body.replies[0])).toContain('turned off the workspace key');
    const pat = (await app.http().post('/api/profile/tokens').set(keyless.auth).send({ name: 'sdk' }).expect(201)).body.token as string;
    const client = new OpenAI({ apiKey: pat, baseURL: `${app.url}/v1`, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'openai/gpt-5.4', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 400 });
    expect(openaiKeyIndex()).toEqual([]);

    await chat(user);
    expect(openaiKeyIndex()).toEqual([2]);
    const workspaceKeys = await app.http().get('/api/admin/api-keys').set(admin.auth).expect(200);
    expect(workspaceKeys.body.items.map((key: { allowed: boolean }) => key.allowed)).toEqual([false]);

    await setAccess('openai', { allowWorkspaceKey: true });
    emulator.reset();
    await chat(keyless);
    expect(openaiKeyIndex()).toEqual([1]);
  });

  it('audits each change; 403 to a user, 401 without a token, 400 naming an unknown provider', async () => {
    const audit = await app.http().get('/api/admin/audit').query({ action: 'admin.provider_access_changed' }).set(admin.auth).expect(200);
    expect(audit.body.items[0]).toMatchObject({ actorEmail: admin.email, details: { provider: 'openai', allowOwnKeys: true, allowWorkspaceKey: true, wasWorkspaceKey: false } });
    await app.http().get('/api/admin/providers').set(user.auth).expect(403);
    await app.http().put('/api/admin/providers/openai').set(user.auth).send({ allowOwnKeys: false }).expect(403);
    await app.http().get('/api/admin/providers').expect(401);
    const unknown = await app.http().put('/api/admin/providers/nobody').set(admin.auth).send({ allowOwnKeys: false }).expect(400);
    expect(unknown.body.details.map((d: { field: string }) => d.field)).toEqual(['provider']);
  });
});
