import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

describe('profile', () => {
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    user = await registerUser(app, 'Ada');
  });
  afterAll(() => app.close());

  it('reads and changes name, language and theme', async () => {
    await app.http().get('/api/profile').set(user.auth).expect(200).expect((r) => expect(r.body.name).toBe('Ada'));
    const updated = await app.http().patch('/api/profile').set(user.auth).send({ name: 'Ada L.', language: 'fr', theme: 'dark' }).expect(200);
    expect(updated.body).toMatchObject({ name: 'Ada L.', language: 'fr', theme: 'dark' });
    const again = await app.http().get('/api/auth/me').set(user.auth).expect(200);
    expect(again.body.language).toBe('fr');
  });

  it('refuses an unknown language, theme or field with 400 naming it', async () => {
    const response = await app.http().patch('/api/profile').set(user.auth).send({ language: 'de', theme: 'neon', role: 'admin' }).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['language', 'role', 'theme']);
  });

  it('answers 401 without a token', async () => {
    await app.http().get('/api/profile').expect(401);
    await app.http().get('/api/profile/api-keys').expect(401);
  });

  describe('password change', () => {
    it('keeps the current session, signs out the others, and the new password works', async () => {
      const someone = await registerUser(app);
      const other = await app.http().post('/api/auth/login').send({ email: someone.email, password: someone.password }).expect(200);
      await app.http().post('/api/profile/password').set(someone.auth).send({ currentPassword: someone.password, newPassword: 'brand new pass 9' }).expect(204);
      await app.http().get('/api/profile').set(someone.auth).expect(200);
      await app.http().get('/api/profile').set('Authorization', `Bearer ${other.body.accessToken}`).expect(401);
      await app.http().post('/api/auth/refresh').send({ refreshToken: other.body.refreshToken }).expect(401);
      await app.http().post('/api/auth/login').send({ email: someone.email, password: someone.password }).expect(401);
      await app.http().post('/api/auth/login').send({ email: someone.email, password: 'brand new pass 9' }).expect(200);
    });

    it('answers 400 for a wrong current password or a weak new one', async () => {
      const wrong = await app.http().post('/api/profile/password').set(user.auth).send({ currentPassword: 'not it at all 1', newPassword: 'brand new pass 9' }).expect(400);
      expect(wrong.body.details[0].field).toBe('currentPassword');
      const weak = await app.http().post('/api/profile/password').set(user.auth).send({ currentPassword: user.password, newPassword: 'weak' }).expect(400);
      expect(weak.body.details[0].field).toBe('newPassword');
    });
  });

  describe('provider API keys', () => {
    const secret = 'sk-test-1234567890abcd';

    it('stores a key encrypted and only ever shows it masked', async () => {
      const created = await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'openai', key: secret, label: 'Work' }).expect(201);
      expect(created.body).toMatchObject({ provider: 'openai', label: 'Work', maskedKey: 'sk-…abcd' });
      expect(JSON.stringify(created.body)).not.toContain('1234567890');
      const list = await app.http().get('/api/profile/api-keys').set(user.auth).expect(200);
      expect(list.body).toMatchObject({ total: 1, page: 1, limit: 20 });
      expect(JSON.stringify(list.body)).not.toContain('1234567890');
      const [row] = await app.dataSource.query('SELECT encrypted_key FROM provider_api_keys WHERE id = $1', [created.body.id]);
      expect(row.encrypted_key).toMatch(/^v1:/);
      expect(row.encrypted_key).not.toContain('1234567890');
    });

    it('needs a base URL for an OpenAI-compatible endpoint and keeps it', async () => {
      const missing = await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'openai-compatible', key: 'ollama-key-123' }).expect(400);
      expect(missing.body.details.map((d: { field: string }) => d.field)).toContain('baseUrl');
      const created = await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'openai-compatible', key: 'ollama-key-123', baseUrl: 'https://ollama.example.com/v1' }).expect(201);
      expect(created.body.baseUrl).toBe('https://ollama.example.com/v1');
    });

    it('refuses a base URL on this machine with 400 on baseUrl, telling the user to ask the admin for WEBOX_FETCH_ALLOWLIST', async () => {
      const refused = await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'openai-compatible', key: 'ollama-key-123', baseUrl: 'http://localhost:11434/v1' }).expect(400);
      expect(refused.body).toMatchObject({ code: 'BASE_URL_BLOCKED', details: [{ field: 'baseUrl' }] });
      expect(refused.body.details[0].message).toMatch(/loopback.*WEBOX_FETCH_ALLOWLIST/);
      const list = await app.http().get('/api/profile/api-keys').set(user.auth).expect(200);
      expect(JSON.stringify(list.body)).not.toContain('11434');
    });

    it('needs a Twilio Account SID for twilio', async () => {
      const missing = await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'twilio', key: 'twilio-auth-token-1' }).expect(400);
      expect(missing.body.details[0].field).toBe('accountId');
      const bad = await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'twilio', key: 'twilio-auth-token-1', accountId: 'nope' }).expect(400);
      expect(bad.body.details[0].field).toBe('accountId');
      await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'twilio', key: 'twilio-auth-token-1', accountId: `AC${'a'.repeat(32)}` }).expect(201);
    });

    it.each([
      ['an unknown provider', { provider: 'skynet', key: 'abcdefgh1234' }, 'provider'],
      ['a short key', { provider: 'anthropic', key: 'abc' }, 'key'],
      ['a base URL that is not http(s)', { provider: 'openai', key: 'abcdefgh1234', baseUrl: 'javascript:alert(1)' }, 'baseUrl'],
    ])('answers 400 naming the field for %s', async (_label, body, field) => {
      const response = await app.http().post('/api/profile/api-keys').set(user.auth).send(body).expect(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it("answers 404 for another user's key and leaves it in place", async () => {
      const created = await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'google', key: 'AIza-google-key-0001' }).expect(201);
      const intruder = await registerUser(app);
      await app.http().delete(`/api/profile/api-keys/${created.body.id}`).set(intruder.auth).expect(404);
      const theirs = await app.http().get('/api/profile/api-keys').set(intruder.auth).expect(200);
      expect(theirs.body.total).toBe(0);
      const mine = await app.http().get('/api/profile/api-keys').set(user.auth).expect(200);
      expect(mine.body.items.map((k: { id: string }) => k.id)).toContain(created.body.id);
    });

    it('deletes a key, then answers 404 for it', async () => {
      const created = await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'replicate', key: 'r8_replicate_key_1' }).expect(201);
      await app.http().delete(`/api/profile/api-keys/${created.body.id}`).set(user.auth).expect(204);
      await app.http().delete(`/api/profile/api-keys/${created.body.id}`).set(user.auth).expect(404);
      await app.http().delete('/api/profile/api-keys/not-a-uuid').set(user.auth).expect(404);
    });

    it('paginates with page and limit, refusing a limit over 100', async () => {
      const page = await app.http().get('/api/profile/api-keys?page=1&limit=1').set(user.auth).expect(200);
      expect(page.body.items).toHaveLength(1);
      expect(page.body.total).toBeGreaterThan(1);
      const tooMany = await app.http().get('/api/profile/api-keys?limit=500').set(user.auth).expect(400);
      expect(tooMany.body.details[0].field).toBe('limit');
    });
  });
});
