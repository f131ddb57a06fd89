import { randomBytes } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { CacheHub } from '../../src/common/shared-cache';
import { ProviderEmulator, startProviderEmulator } from '../support/provider-emulator';
import { serverUrls } from '../support/test-database';
import { registerUser, startTestApp, startTestDatabase, TestApp, testMode, TestUser } from '../support/test-app';

/**
 * Issue 23, "Bad input and failure": personal tokens, sessions and provider keys are answered from
 * memory on the hot path (CacheHub), and no cache outlives a change: a revoked token or a closed
 * session is refused on the very next request of the same instance and within one second on
 * another; a changed or deleted key is used by no request after the change; with Redis gone, the
 * caches are off and every answer comes from the database.
 */

const GPT = 'openai/gpt-4o-mini';
const KEYS = ['env-key', 'user-key-a', 'user-key-b'];

const within = async (ms: number, probe: () => Promise<boolean>): Promise<number> => {
  const started = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const createPat = async (app: TestApp, user: TestUser) => (await app.http().post('/api/profile/tokens').set(user.auth).send({ name: 'cache test' }).expect(201)).body as { id: string; token: string };
const models = (app: TestApp, pat: string) => app.http().get('/v1/models').set('Authorization', `Bearer ${pat}`);
const me = (app: TestApp, user: TestUser) => app.http().get('/api/auth/me').set(user.auth);
const complete = (app: TestApp, pat: string) => app.http().post('/v1/chat/completions').set('Authorization', `Bearer ${pat}`).send({ model: GPT, messages: [{ role: 'user', content: 'which key?' }] });

describe('caches of the hot path, one instance', () => {
  let emulator: ProviderEmulator;
  let app: TestApp;

  beforeAll(async () => {
    emulator = await startProviderEmulator({ apiKeys: KEYS });
    app = await startTestApp({ OPENAI_API_KEY: KEYS[0]!, OPENAI_BASE_URL: emulator.openaiBaseUrl });
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('refuses a revoked personal token on the very next request', async () => {
    const user = await registerUser(app);
    const pat = await createPat(app, user);
    await models(app, pat.token).expect(200);
    await models(app, pat.token).expect(200); // now from memory
    await app.http().delete(`/api/profile/tokens/${pat.id}`).set(user.auth).expect(204);
    await models(app, pat.token).expect(401);
  });

  it('refuses every personal token on the next request after a password change', async () => {
    const user = await registerUser(app);
    const pat = await createPat(app, user);
    await models(app, pat.token).expect(200);
    await app.http().post('/api/profile/password').set(user.auth).send({ currentPassword: user.password, newPassword: 'another horse 43' }).expect(204);
    await models(app, pat.token).expect(401);
  });

  it('refuses a logged-out session on the very next request', async () => {
    const user = await registerUser(app);
    await me(app, user).expect(200);
    await me(app, user).expect(200);
    await app.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
    await me(app, user).expect(401);
  });

  it('keeps a session token bound to its user: a cached session does not answer for another subject', async () => {
    const user = await registerUser(app);
    await me(app, user).expect(200);
    const other = await registerUser(app);
    await me(app, other).expect(200);
    await me(app, user).expect(200);
  });

  it('uses a new provider key from the next request, and no deleted key after its deletion', async () => {
    const user = await registerUser(app);
    const pat = await createPat(app, user);
    const usedKey = async () => {
      emulator.reset();
      await complete(app, pat.token).expect(200);
      return KEYS[emulator.lastRequest()!.keyIndex!];
    };
    expect(await usedKey()).toBe('env-key');
    expect(await usedKey()).toBe('env-key');
    const a = (await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'openai', key: 'user-key-a' }).expect(201)).body as { id: string };
    expect(await usedKey()).toBe('user-key-a');
    const b = (await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'openai', key: 'user-key-b' }).expect(201)).body as { id: string };
    expect(await usedKey()).toBe('user-key-b');
    await app.http().delete(`/api/profile/api-keys/${b.id}`).set(user.auth).expect(204);
    expect(await usedKey()).toBe('user-key-a');
    await app.http().delete(`/api/profile/api-keys/${a.id}`).set(user.auth).expect(204);
    expect(await usedKey()).toBe('env-key');
  });
});

/** A TCP relay in front of Redis that the test can cut, as if Redis went away, and mend. */
class CuttableRelay {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => this.sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Refuses new connections and drops the open ones (`close` alone waits for them to end). */
  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

if (testMode() === 'server') {
  describe('caches of the hot path, two instances and one Redis', () => {
    let emulator: ProviderEmulator;
    let first: TestApp;
    let second: TestApp;
    let relay: CuttableRelay;

    beforeAll(async () => {
      emulator = await startProviderEmulator({ apiKeys: KEYS });
      const redis = new URL(serverUrls().redis);
      relay = new CuttableRelay({ host: redis.hostname, port: Number(redis.port || 6379) });
      await relay.open();
      const relayed = new URL(redis);
      relayed.port = String(relay.port);
      // One deployment: one database, one Redis, one key prefix; the second instance reaches Redis through the relay.
      const env = { OPENAI_API_KEY: KEYS[0]!, OPENAI_BASE_URL: emulator.openaiBaseUrl, WEBOX_QUEUE_PREFIX: `webox-test-${randomBytes(4).toString('hex')}`, WEBOX_SECRET_KEY: randomBytes(32).toString('hex') };
      const database = await startTestDatabase();
      first = await startTestApp(env, database);
      second = await startTestApp({ ...env, REDIS_URL: relayed.toString() }, { ...database, close: async () => undefined });
    });
    afterAll(async () => {
      await second?.close();
      await first?.close();
      await emulator?.close();
    });

    it('refuses on the other instance within one second a token revoked on one', async () => {
      const user = await registerUser(first);
      const pat = await createPat(first, user);
      await models(second, pat.token).expect(200);
      await models(second, pat.token).expect(200);
      await first.http().delete(`/api/profile/tokens/${pat.id}`).set(user.auth).expect(204);
      await models(first, pat.token).expect(401);
      expect(await within(1_000, async () => (await models(second, pat.token)).status === 401)).toBeLessThan(1_000);
    });

    it('refuses on the other instance within one second a session logged out on one', async () => {
      const user = await registerUser(first);
      await me(second, user).expect(200);
      await first.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
      expect(await within(1_000, async () => (await me(second, user)).status === 401)).toBeLessThan(1_000);
    });

    it('stops using a deleted key on the other instance within one second', async () => {
      const user = await registerUser(first);
      const pat = await createPat(first, user);
      const key = (await first.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'openai', key: 'user-key-a' }).expect(201)).body as { id: string };
      const usedKey = async (app: TestApp) => {
        emulator.reset();
        await complete(app, pat.token).expect(200);
        return KEYS[emulator.lastRequest()!.keyIndex!];
      };
      expect(await usedKey(second)).toBe('user-key-a');
      await first.http().delete(`/api/profile/api-keys/${key.id}`).set(user.auth).expect(204);
      expect(await within(1_000, async () => (await usedKey(second)) === 'env-key')).toBeLessThan(1_000);
    });

    // Last: the second instance stays cut from Redis.
    it('with Redis gone, answers from the database: valid tokens pass, a revocation it could not hear about is still seen', async () => {
      const user = await registerUser(first);
      const kept = await createPat(first, user);
      const revoked = await createPat(first, user);
      for (const pat of [kept, revoked]) await models(second, pat.token).expect(200);
      await me(second, user).expect(200);

      await relay.cut();
      // The second instance notices at once that its subscription is gone (its socket was closed).
      await within(2_000, async () => !second.app.get(CacheHub).live);
      await first.http().delete(`/api/profile/tokens/${revoked.id}`).set(user.auth).expect(204);
      await first.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);

      await models(second, revoked.token).expect(401);
      await models(second, kept.token).expect(200);
      await me(second, user).expect(401);
    });
  });
}
