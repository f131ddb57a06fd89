import OpenAI from 'openai';
import { ProviderEmulator, startProviderEmulator } from './support/provider-emulator';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/** Issue 26 item 4: chat models turned on or off for the workspace or per role, and the workspace default chat model. */
describe('models in the Admin page', () => {
  const GPT = 'openai/gpt-5.4';
  const LOCAL = 'local/webox-mini';
  let emulator: ProviderEmulator;
  let app: TestApp;
  let admin: TestUser;
  let user: TestUser;
  let editor: TestUser;

  const setAccess = (body: object) => app.http().put('/api/admin/models/access').set(admin.auth).send(body);
  const setDefault = (model: string | null) => app.http().put('/api/admin/models/default').set(admin.auth).send({ model });
  const chat = (who: TestUser, model = GPT) => app.http().post('/api/chat').set(who.auth).send({ message: 'hello', models: [model] });
  const picker = async (who: TestUser, language = 'en') => (await app.http().get('/api/chat/models').set(who.auth).set('Accept-Language', language).expect(200)).body as Array<{ id: string; available: boolean; workspaceDefault: boolean }>;
  const gateway = async (who: TestUser) => {
    const created = await app.http().post('/api/profile/tokens').set(who.auth).send({ name: 'models test' }).expect(201);
    return new OpenAI({ apiKey: created.body.token as string, baseURL: `${app.url}/v1`, maxRetries: 0 });
  };

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({ OPENAI_API_KEY: emulator.apiKey, OPENAI_BASE_URL: emulator.openaiBaseUrl, WEBOX_LOCAL_TOKEN_DELAY_MS: '0' });
    admin = await registerUser(app, 'Admin');
    user = await registerUser(app, 'User');
    editor = await registerUser(app, 'Editor');
    await app.http().put(`/api/admin/users/${editor.id}/role`).set(admin.auth).send({ role: 'editor' }).expect(200);
  });
  afterAll(async () => {
    await app.close();
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  it('lists every chat model of the catalogue as enabled for every role, with no default; 401 without a token, 403 for a user', async () => {
    const listed = await app.http().get('/api/admin/models').set(admin.auth).expect(200);
    expect(listed.body.defaultChatModel).toBeNull();
    expect(listed.body.models).toEqual(expect.arrayContaining([expect.objectContaining({ id: GPT, provider: 'openai', enabled: true, roles: { user: true, editor: true, admin: true }, isDefault: false })]));
    expect(listed.body.models.every((model: { id: string }) => !model.id.startsWith('openai/dall-e'))).toBe(true);
    await app.http().get('/api/admin/models').expect(401);
    await app.http().get('/api/admin/models').set(user.auth).expect(403);
    await app.http().put('/api/admin/models/access').set(user.auth).send({ model: GPT, enabled: false }).expect(403);
    await app.http().put('/api/admin/models/default').set(user.auth).send({ model: GPT }).expect(403);
    await app.http().put('/api/admin/models/default').send({ model: GPT }).expect(401);
  });

  it('answers 400 naming the model for an unknown one, or one that is not a chat model', async () => {
    for (const model of ['acme/turbo-9000', 'openai/dall-e-3']) {
      const refused = await setAccess({ model, enabled: false }).expect(400);
      expect(refused.body).toMatchObject({ code: 'UNKNOWN_MODEL', details: [expect.objectContaining({ field: 'model' })] });
      expect((await setDefault(model).expect(400)).body).toMatchObject({ code: 'UNKNOWN_MODEL' });
    }
    expect((await setAccess({ model: GPT, roles: { user: 'no' } }).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'roles.user' })]);
  });

  it('a model turned off for the workspace: the picker says why in the user’s language, /api/chat and /v1 refuse it with 403 MODEL_DISABLED, no vendor call; audited', async () => {
    await chat(user).expect(200);
    const changed = await setAccess({ model: GPT, enabled: false }).expect(200);
    expect(changed.body).toMatchObject({ id: GPT, enabled: false, roles: { user: true, editor: true, admin: true } });
    emulator.reset();

    const models = await picker(user);
    expect(models.find((model) => model.id === GPT)).toMatchObject({ available: false, unavailableCode: 'MODEL_DISABLED', unavailableReason: 'Disabled by an administrator' });
    expect((await picker(user, 'fr')).find((model) => model.id === GPT)).toMatchObject({ unavailableReason: 'Désactivé par un administrateur' });
    const refused = await chat(user).expect(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'MODEL_DISABLED', params: { model: GPT } });
    expect(refused.body.message).toContain('disabled by an administrator');
    await chat(admin).expect(403);

    const client = await gateway(user);
    const listed = await client.models.list();
    expect(listed.data.map((model) => model.id)).not.toContain(GPT);
    const error = await client.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(403);
    expect((error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ type: 'permission_error', code: 'MODEL_DISABLED' });
    expect(emulator.requests).toHaveLength(0);

    const audit = await app.http().get('/api/admin/audit').query({ action: 'admin.model_access_changed' }).set(admin.auth).expect(200);
    expect(audit.body.items[0]).toMatchObject({ actorId: admin.id, details: expect.objectContaining({ model: GPT, enabled: false, wasEnabled: true }) });

    await setAccess({ model: GPT, enabled: true }).expect(200);
    await chat(user).expect(200);
  });

  it('a model turned off for one role: refused to that role only, and its switch is kept when the workspace switch changes', async () => {
    await setAccess({ model: GPT, roles: { user: false } }).expect(200);
    expect((await picker(user)).find((model) => model.id === GPT)).toMatchObject({ available: false, unavailableCode: 'MODEL_DISABLED' });
    expect((await picker(editor)).find((model) => model.id === GPT)).toMatchObject({ available: true });
    expect((await chat(user).expect(403)).body.code).toBe('MODEL_DISABLED');
    await chat(editor).expect(200);

    // A new role follows at once: the promoted user may call it on their next request.
    await app.http().put(`/api/admin/users/${user.id}/role`).set(admin.auth).send({ role: 'editor' }).expect(200);
    await chat(user).expect(200);
    await app.http().put(`/api/admin/users/${user.id}/role`).set(admin.auth).send({ role: 'user' }).expect(200);
    expect((await chat(user).expect(403)).body.code).toBe('MODEL_DISABLED');

    const listed = await app.http().get('/api/admin/models').set(admin.auth).expect(200);
    expect(listed.body.models.find((model: { id: string }) => model.id === GPT)).toMatchObject({ enabled: true, roles: { user: false, editor: true, admin: true } });
    await setAccess({ model: GPT, roles: { user: true } }).expect(200);
    await chat(user).expect(200);
  });

  it('sets the workspace default chat model: flagged in everyone’s picker, must be enabled, cannot be turned off while it is the default', async () => {
    await setAccess({ model: GPT, enabled: false }).expect(200);
    const refused = await setDefault(GPT).expect(400);
    expect(refused.body).toMatchObject({ code: 'DEFAULT_MODEL_DISABLED', details: [expect.objectContaining({ field: 'model' })] });
    await setAccess({ model: GPT, enabled: true }).expect(200);

    const set = await setDefault(LOCAL).expect(200);
    expect(set.body.defaultChatModel).toBe(LOCAL);
    expect(set.body.models.filter((model: { isDefault: boolean }) => model.isDefault).map((model: { id: string }) => model.id)).toEqual([LOCAL]);
    const models = await picker(user);
    expect(models.filter((model) => model.workspaceDefault).map((model) => model.id)).toEqual([LOCAL]);

    const conflict = await setAccess({ model: LOCAL, enabled: false }).expect(409);
    expect(conflict.body).toMatchObject({ code: 'MODEL_IS_DEFAULT' });
    await setDefault(GPT).expect(200);
    await setAccess({ model: LOCAL, enabled: false }).expect(200);
    expect((await setDefault(null).expect(200)).body.defaultChatModel).toBeNull();
    await setAccess({ model: LOCAL, enabled: true }).expect(200);

    const audit = await app.http().get('/api/admin/audit').query({ action: 'admin.default_model_changed' }).set(admin.auth).expect(200);
    expect(audit.body.total).toBe(3);
  });
});
