import { createHmac } from 'node:crypto';
import { registerUser, startTestApp, TestApp } from './support/test-app';

describe('auth', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  describe('register', () => {
    it('registers the account that brings the setup token as admin (registerUser does, while there is none) and later ones as users', async () => {
      const first = await registerUser(app, 'First');
      const second = await registerUser(app, 'Second');
      const me1 = await app.http().get('/api/auth/me').set(first.auth).expect(200);
      const me2 = await app.http().get('/api/auth/me').set(second.auth).expect(200);
      expect(me1.body).toMatchObject({ email: first.email, name: 'First', role: 'admin', language: 'en', theme: 'system' });
      expect(me2.body.role).toBe('user');
      expect(me1.body).not.toHaveProperty('passwordHash');
      expect(me1.body).not.toHaveProperty('password_hash');
    });

    it('stores the password as an argon2id hash, never in clear', async () => {
      const user = await registerUser(app);
      const [row] = await app.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain(user.password);
    });

    it('answers 409 for an e-mail already registered, whatever its case', async () => {
      const user = await registerUser(app);
      const response = await app.http().post('/api/auth/register').send({ email: user.email.toUpperCase(), password: 'another pass 77', name: 'Dup' }).expect(409);
      expect(response.body).toMatchObject({ statusCode: 409, code: 'EMAIL_TAKEN' });
    });

    it.each([
      ['a weak password', { email: 'weak@example.com', password: 'short', name: 'W' }, 'password'],
      ['a password without a digit', { email: 'nodigit@example.com', password: 'onlyletters', name: 'W' }, 'password'],
      ['a malformed e-mail', { email: 'not-an-email', password: 'long enough 123', name: 'W' }, 'email'],
      ['an empty name', { email: 'noname@example.com', password: 'long enough 123', name: '  ' }, 'name'],
      ['an unknown field', { email: 'extra@example.com', password: 'long enough 123', name: 'W', role: 'admin' }, 'role'],
    ])('answers 400 naming the field for %s', async (_label, body, field) => {
      const response = await app.http().post('/api/auth/register').send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(response.body.message).toContain(field);
    });
  });

  describe('login', () => {
    it('opens a session with the right password', async () => {
      const user = await registerUser(app);
      const response = await app.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
      expect(response.body).toMatchObject({ expiresIn: 900, user: { email: user.email } });
      await app.http().get('/api/auth/me').set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
    });

    it('answers the same 401 for a wrong password and an unknown e-mail', async () => {
      const user = await registerUser(app);
      const wrong = await app.http().post('/api/auth/login').send({ email: user.email, password: 'wrong password 1' }).expect(401);
      const unknown = await app.http().post('/api/auth/login').send({ email: 'nobody@example.com', password: 'wrong password 1' }).expect(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    });
  });

  describe('access tokens', () => {
    it('answers 401 without a token, with a malformed one, or a tampered one', async () => {
      const user = await registerUser(app);
      await app.http().get('/api/auth/me').expect(401);
      await app.http().get('/api/auth/me').set('Authorization', 'Bearer not-a-jwt').expect(401);
      const [header, payload, signature] = user.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-0000-0000-000000000000' })).toString('base64url');
      await app.http().get('/api/auth/me').set('Authorization', `Bearer ${header}.${forged}.${signature}`).expect(401);
    });

    it('answers 401 for an expired token, even with a valid signature', async () => {
      const user = await registerUser(app);
      const [header, payload] = user.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const expired = Buffer.from(JSON.stringify({ ...claims, iat: claims.iat - 3600, exp: claims.iat - 1800 })).toString('base64url');
      // Sign with the real key, so only the expiry is wrong.
      const { deriveKey } = await import('../src/common/secret-box');
      const signature = createHmac('sha256', deriveKey(app.config.secretKey, 'jwt')).update(`${header}.${expired}`).digest('base64url');
      const response = await app.http().get('/api/auth/me').set('Authorization', `Bearer ${header}.${expired}.${signature}`).expect(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('refresh tokens', () => {
    it('rotates: each refresh gives a new pair and the old refresh token stops working', async () => {
      const user = await registerUser(app);
      const first = await app.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
      expect(first.body.refreshToken).not.toBe(user.refreshToken);
      const second = await app.http().post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
      await app.http().get('/api/auth/me').set('Authorization', `Bearer ${second.body.accessToken}`).expect(200);
    });

    it('revokes the whole family when a rotated token is reused', async () => {
      const user = await registerUser(app);
      const rotated = await app.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
      const reuse = await app.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
      expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
      // The thief's and the user's newest tokens are both dead now.
      await app.http().post('/api/auth/refresh').send({ refreshToken: rotated.body.refreshToken }).expect(401);
      await app.http().get('/api/auth/me').set('Authorization', `Bearer ${rotated.body.accessToken}`).expect(401);
    });

    it('keeps other sessions of the same user when one family is revoked', async () => {
      const user = await registerUser(app);
      const other = await app.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
      await app.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
      await app.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
      await app.http().get('/api/auth/me').set('Authorization', `Bearer ${other.body.accessToken}`).expect(200);
    });

    it('answers 401 for an unknown refresh token and 400 for a malformed body', async () => {
      await app.http().post('/api/auth/refresh').send({ refreshToken: 'x'.repeat(43) }).expect(401);
      const response = await app.http().post('/api/auth/refresh').send({}).expect(400);
      expect(response.body.details[0].field).toBe('refreshToken');
    });
  });

  describe('logout', () => {
    it('closes the session: its access and refresh tokens stop working', async () => {
      const user = await registerUser(app);
      await app.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
      await app.http().get('/api/auth/me').set(user.auth).expect(401);
      await app.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    });
  });
});

describe('auth rate limit', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ WEBOX_AUTH_RATE_LIMIT: '3' });
  });
  afterAll(() => app.close());

  it('answers 429 with Retry-After past the limit of login attempts', async () => {
    for (let i = 0; i < 3; i++) await app.http().post('/api/auth/login').send({ email: 'x@example.com', password: 'wrong password 1' }).expect(401);
    const response = await app.http().post('/api/auth/login').send({ email: 'x@example.com', password: 'wrong password 1' }).expect(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
  });
});
