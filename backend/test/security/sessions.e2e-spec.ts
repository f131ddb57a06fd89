import { randomBytes } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { JobsService } from '../../src/queue/jobs.service';
import type { JobProgressEventDto } from '../../src/realtime/client-events.dto';
import { pngOf } from '../support/media-fixtures';
import { registerUser, startTestApp, startTestDatabase, TestApp, testMode, TestUser } from '../support/test-app';

/**
 * Issue 22, items 6 and 7: the login throttle behind a proxy (per address, trusted hops only, per
 * account, shared by every instance through Redis) and session hygiene (personal tokens end with a
 * password change, a closed session's sockets are cut at once, signed links never reach a log line
 * or an error).
 */

const waitFor = async <T>(probe: () => T | undefined | Promise<T | undefined>, ms = 5_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const unknownEmail = () => `nobody-${randomBytes(4).toString('hex')}@example.com`;
const login = (app: TestApp, email: string, password: string, from?: string) => {
  const call = app.http().post('/api/auth/login');
  if (from) call.set('X-Forwarded-For', from);
  return call.send({ email, password });
};

describe('login throttle behind a trusted proxy (WEBOX_TRUST_PROXY=1)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ WEBOX_AUTH_RATE_LIMIT: '3', WEBOX_TRUST_PROXY: '1' });
  });
  afterAll(() => app.close());

  it('throttles each forwarded client address on its own: one address hammering locks out only itself', async () => {
    for (let i = 0; i < 3; i++) await login(app, unknownEmail(), 'wrong password 1', '203.0.113.7').expect(401);
    const refused = await login(app, unknownEmail(), 'wrong password 1', '203.0.113.7').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    await login(app, unknownEmail(), 'wrong password 1', '203.0.113.8').expect(401);
    // Only the hop the proxy appended counts: what the client wrote before it is not trusted.
    await login(app, unknownEmail(), 'wrong password 1', '198.51.100.1, 203.0.113.7').expect(429);
  });

  it('limits attempts per account too: rotating addresses lock that account only, others still log in', async () => {
    const victim = await registerUserFrom(app, '192.0.2.1');
    const other = await registerUserFrom(app, '192.0.2.2');
    for (let i = 0; i < 3; i++) await login(app, victim.email, 'wrong password 1', `10.1.0.${i + 1}`).expect(401);
    const refused = await login(app, victim.email, 'wrong password 1', '10.1.0.99').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The e-mail is normalised as login normalises it, so case and spaces do not open a new count.
    await login(app, `  ${victim.email.toUpperCase()} `, victim.password, '10.1.0.100').expect(429);
    await login(app, other.email, other.password, '10.1.0.101').expect(200);
  });
});

describe('login throttle without proxy trust', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ WEBOX_AUTH_RATE_LIMIT: '3' });
  });
  afterAll(() => app.close());

  it('ignores X-Forwarded-For: a client cannot dodge the limit by writing other addresses', async () => {
    for (let i = 0; i < 3; i++) await login(app, unknownEmail(), 'wrong password 1', `203.0.113.${i + 1}`).expect(401);
    await login(app, unknownEmail(), 'wrong password 1', '203.0.113.50').expect(429);
  });
});

if (testMode() === 'server') {
  describe('login throttle across instances (server mode)', () => {
    let first: TestApp;
    let second: TestApp;

    beforeAll(async () => {
      // Two instances of one deployment: one database, one Redis, one key prefix.
      const env = { WEBOX_AUTH_RATE_LIMIT: '3', WEBOX_QUEUE_PREFIX: `webox-test-${randomBytes(4).toString('hex')}` };
      const database = await startTestDatabase();
      first = await startTestApp(env, database);
      second = await startTestApp(env, { ...database, close: async () => undefined });
    });
    afterAll(async () => {
      await second?.close();
      await first?.close();
    });

    it('shares the count through Redis: attempts on one instance count on the other', async () => {
      await login(first, unknownEmail(), 'wrong password 1').expect(401);
      await login(second, unknownEmail(), 'wrong password 1').expect(401);
      await login(first, unknownEmail(), 'wrong password 1').expect(401);
      const refused = await login(second, unknownEmail(), 'wrong password 1').expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
}

describe('session hygiene', () => {
  let app: TestApp;
  const logs: string[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await startTestApp({ LOG_LEVEL: 'info' }, undefined, { write: (line: string) => void logs.push(line) });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await app.close();
  });

  const connect = (token: string) =>
    new Promise<{ socket: Socket; events: JobProgressEventDto[]; disconnected: () => boolean }>((resolve, reject) => {
      const socket = io(app.url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      const events: JobProgressEventDto[] = [];
      let gone = false;
      socket.on('job.progress', (event: JobProgressEventDto) => events.push(event));
      socket.on('disconnect', () => (gone = true));
      socket.on('connect', () => resolve({ socket, events, disconnected: () => gone }));
      socket.on('connect_error', reject);
    });

  /** A second session of the same user, from a login. */
  const secondSession = async (user: TestUser) => {
    const response = await app.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
    return response.body as { accessToken: string; refreshToken: string };
  };

  /** Runs a job for the user and waits until a socket that stayed open saw it finish. */
  const runJobSeenBy = async (user: TestUser, witness: JobProgressEventDto[]) => {
    const job = await app.app.get(JobsService).enqueue('auth.purge-expired-tokens', {}, { ownerId: user.id });
    await waitFor(() => witness.find((e) => e.id === job.id && e.status === 'succeeded'), 10_000);
    return job.id;
  };

  it('revokes personal access tokens when the password changes', async () => {
    const user = await registerUser(app);
    const created = await app.http().post('/api/profile/tokens').set(user.auth).send({ name: 'laptop' }).expect(201);
    const pat = { Authorization: `Bearer ${created.body.token}` };
    await app.http().get('/v1/models').set(pat).expect(200);
    await app.http().post('/api/profile/password').set(user.auth).send({ currentPassword: user.password, newPassword: 'brand new pass 9' }).expect(204);
    await app.http().get('/v1/models').set(pat).expect(401);
    const list = await app.http().get('/api/profile/tokens').set(user.auth).expect(200);
    expect(list.body.items[0].revokedAt).toBeDefined();
  });

  it("disconnects a session's sockets at logout, and they receive no further events", async () => {
    const user = await registerUser(app);
    const other = await secondSession(user);
    const closing = await connect(user.accessToken);
    const staying = await connect(other.accessToken);
    await app.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
    await waitFor(() => (closing.disconnected() ? true : undefined));
    const jobId = await runJobSeenBy(user, staying.events);
    expect(closing.events.filter((e) => e.id === jobId)).toEqual([]);
    expect(staying.disconnected()).toBe(false);
  });

  it("disconnects a revoked session's sockets (a reused refresh token revokes its session)", async () => {
    const user = await registerUser(app);
    const other = await secondSession(user);
    const closing = await connect(user.accessToken);
    const staying = await connect(other.accessToken);
    await app.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    await app.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    await waitFor(() => (closing.disconnected() ? true : undefined));
    const jobId = await runJobSeenBy(user, staying.events);
    expect(closing.events.filter((e) => e.id === jobId)).toEqual([]);
  });

  it("disconnects the other sessions' sockets when the password changes, and keeps the current one's", async () => {
    const user = await registerUser(app);
    const other = await secondSession(user);
    const current = await connect(user.accessToken);
    const closing = await connect(other.accessToken);
    await app.http().post('/api/profile/password').set(user.auth).send({ currentPassword: user.password, newPassword: 'brand new pass 9' }).expect(204);
    await waitFor(() => (closing.disconnected() ? true : undefined));
    const jobId = await runJobSeenBy(user, current.events);
    expect(closing.events.filter((e) => e.id === jobId)).toEqual([]);
    expect(current.disconnected()).toBe(false);
  });

  it('writes no signed-link token, key or URL credential to a log line or an error body', async () => {
    const user = await registerUser(app);
    const upload = await app.http().post('/api/media/upload').set(user.auth).attach('files', await pngOf(64, 48), { filename: 'a.png' }).expect(201);
    const file = upload.body[0] as { id: string; contentUrl: string };
    const token = new URL(file.contentUrl, app.url).searchParams.get('token')!;
    expect(token.length).toBeGreaterThan(10);
    await app.http().get(file.contentUrl).expect(200);
    const madeUp = `made-up-${randomBytes(8).toString('hex')}`;
    const key = `sk-${randomBytes(12).toString('hex')}`;
    const password = `pw${randomBytes(6).toString('hex')}`;
    await app.http().get(`/api/media/files/${file.id}/content?token=${madeUp}`).expect(401);
    const missing = await app.http().get(`/api/no-such-route?api_key=${key}&next=http://ada:${password}@example.com/`).expect(404);
    await waitFor(() => (logs.some((line) => line.includes('/api/no-such-route')) ? true : undefined));
    const text = logs.join('');
    // The lines are there (the search below is not vacuous), with the secrets cut out.
    expect(text).toContain(`/api/media/files/${file.id}/content?token=[redacted]`);
    for (const secret of [token, madeUp, key, password]) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(missing.body)).not.toContain(secret);
    }
  });
});

async function registerUserFrom(app: TestApp, address: string): Promise<TestUser> {
  const email = `user-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'correct horse 42';
  const response = await app.http().post('/api/auth/register').set('X-Forwarded-For', address).send({ email, password, name: 'User' }).expect(201);
  const body = response.body as { accessToken: string; refreshToken: string; user: { id: string } };
  return { id: body.user.id, email, password, accessToken: body.accessToken, refreshToken: body.refreshToken, auth: { Authorization: `Bearer ${body.accessToken}` } };
}
