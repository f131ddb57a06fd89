import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { io, Socket } from 'socket.io-client';
import { AppModule } from '../src/app.module';
import { AppConfig } from '../src/config/app-config';
import { renderOpenApi } from '../src/openapi';
import type { JobName } from '../src/queue/job-types';
import { JobsService } from '../src/queue/jobs.service';
import { QueueDriver } from '../src/queue/queue-driver';
import type { JobProgressEventDto } from '../src/realtime/client-events.dto';
import { registerUser, startTestApp, TestApp, type TestUser, testMode } from './support/test-app';

const waitFor = async <T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('platform', () => {
  let app: TestApp;
  let admin: TestUser;
  const frontendDir = mkdtempSync(join(tmpdir(), 'webox-frontend-'));
  writeFileSync(join(frontendDir, 'index.html'), '<!doctype html><title>Webox</title><app-root></app-root>');

  beforeAll(async () => {
    app = await startTestApp({ WEBOX_FRONTEND_DIR: frontendDir });
    // The first account is the admin.
    admin = await registerUser(app, 'Admin');
  });
  afterAll(() => app.close());

  describe('health', () => {
    it('tells anyone only that it works; the database, Redis and the queue are for admins', async () => {
      const user = await registerUser(app, 'User');
      await app.http().get('/api/health').expect(200, { status: 'ok' });
      await app.http().get('/api/health/details').set(user.auth).expect(403);
      await app.http().get('/api/health/details').expect(401);
      const response = await app.http().get('/api/health/details').set(admin.auth).expect(200);
      expect(response.body).toMatchObject({ status: 'ok', role: 'all', database: { status: 'up' } });
      if (testMode() === 'server') {
        expect(response.body.redis.status).toBe('up');
        expect(response.body.queue).toEqual({ driver: 'bull', status: 'up' });
      } else {
        expect(response.body.database).toMatchObject({ detail: 'embedded PGlite', runsOn: 'pglite' });
        expect(response.body.redis.status).toBe('disabled');
        expect(response.body.queue).toEqual({ driver: 'in-process', status: 'up' });
      }
    });
  });

  describe('bad requests', () => {
    it('answers 400 for malformed JSON, never 500', async () => {
      const response = await app.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": ').expect(400);
      expect(response.body).toEqual({ statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' });
    });

    it('answers 400 for a body that is not JSON', async () => {
      const response = await app.http().post('/api/auth/login').set('Content-Type', 'text/plain').send('email=a@b.c').expect(400);
      expect(response.body.code).toBe('BODY_NOT_JSON');
    });

    it('answers 413 for an oversized body', async () => {
      const response = await app.http().post('/api/auth/login').send({ email: 'a@example.com', password: 'x'.repeat(2 * 1024 * 1024) }).expect(413);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers a JSON 404 for an unknown API path, with a request id', async () => {
      const response = await app.http().get('/api/nothing-here').set('X-Request-Id', 'trace-me-123').expect(404);
      expect(response.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(response.headers['x-request-id']).toBe('trace-me-123');
    });

    it('sends security headers', async () => {
      const response = await app.http().get('/api/health');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('roles', () => {
    it('lets an admin list users and answers 403 to a user, 401 to nobody', async () => {
      const user = await registerUser(app, 'User');
      const list = await app.http().get('/api/admin/users').set(admin.auth).expect(200);
      expect(list.body.items.map((u: { email: string }) => u.email)).toEqual(expect.arrayContaining([admin.email, user.email]));
      const forbidden = await app.http().get('/api/admin/users').set(user.auth).expect(403);
      expect(forbidden.body.code).toBe('FORBIDDEN');
      await app.http().get('/api/admin/users').expect(401);
    });
  });

  describe('dashboard and API docs on the same port', () => {
    it('serves the dashboard for client-side routes', async () => {
      const response = await app.http().get('/profile').expect(200);
      expect(response.text).toContain('<app-root>');
    });

    it('serves Swagger UI and the contract', async () => {
      await app.http().get('/api/docs').redirects(1).expect(200);
      const contract = await app.http().get('/api/docs/openapi.json').expect(200);
      expect(Object.keys(contract.body.paths)).toContain('/api/auth/login');
    });
  });

  describe('jobs and realtime', () => {
    let socket: Socket | undefined;
    afterEach(() => socket?.disconnect());

    const connect = (token?: string) =>
      new Promise<Socket>((resolve, reject) => {
        socket = io(app.url, { path: '/socket.io', auth: token ? { token } : {}, transports: ['websocket'], reconnection: false });
        socket.on('connect', () => resolve(socket!));
        socket.on('connect_error', reject);
      });

    it('refuses a socket without a valid token', async () => {
      await expect(connect()).rejects.toThrow('unauthenticated');
      await expect(connect('nope')).rejects.toThrow('unauthenticated');
    });

    it("runs a job through the queue and pushes its progress to its owner's socket", async () => {
      const user = await registerUser(app);
      const client = await connect(user.accessToken);
      const events: JobProgressEventDto[] = [];
      client.on('job.progress', (event: JobProgressEventDto) => events.push(event));
      // An expired token for the purge job to delete.
      await app.dataSource.query(
        `INSERT INTO refresh_tokens (session_id, token_hash, expires_at) SELECT id, repeat('a', 64), now() - interval '1 day' FROM auth_sessions WHERE user_id = $1 LIMIT 1`,
        [user.id],
      );
      const job = await app.app.get(JobsService).enqueue('auth.purge-expired-tokens', {}, { ownerId: user.id });
      const done = await waitFor(async () => events.find((e) => e.id === job.id && e.status === 'succeeded'));
      expect(done.progress).toBe(100);
      expect(events.some((e) => e.status === 'running')).toBe(true);
      const [row] = await app.dataSource.query('SELECT status, output, attempts FROM jobs WHERE id = $1', [job.id]);
      expect(row).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(row.output.deleted).toBeGreaterThanOrEqual(1);
      const [{ count }] = await app.dataSource.query(`SELECT count(*)::int AS count FROM refresh_tokens WHERE token_hash = repeat('a', 64)`);
      expect(count).toBe(0);
    });

    it("does not push one user's job to another user's socket", async () => {
      const owner = await registerUser(app);
      const other = await registerUser(app);
      const client = await connect(other.accessToken);
      const seen: JobProgressEventDto[] = [];
      client.on('job.progress', (event: JobProgressEventDto) => seen.push(event));
      const job = await app.app.get(JobsService).enqueue('auth.purge-expired-tokens', {}, { ownerId: owner.id });
      await waitFor(async () => ((await app.app.get(JobsService).findOne(job.id))?.status === 'succeeded' ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen.filter((e) => e.id === job.id)).toEqual([]);
    });

    it('refuses to enqueue a job no area registered a processor for, before writing a row', async () => {
      await expect(app.app.get(JobsService).enqueue('nobody.registered' as JobName, {} as never)).rejects.toThrow('Job "nobody.registered" has no registered processor');
      const [{ count }] = await app.dataSource.query(`SELECT count(*)::int AS count FROM jobs WHERE name = 'nobody.registered'`);
      expect(count).toBe(0);
    });

    it('fails a queued job whose name this build does not know, once, saying why', async () => {
      const [{ id }] = await app.dataSource.query(`INSERT INTO jobs (name, input, status, progress, attempts, max_attempts) VALUES ('retired.job', '{}', 'queued', 0, 0, 3) RETURNING id`);
      await app.app.get(QueueDriver).enqueue({ jobId: id, name: 'retired.job' as JobName, maxAttempts: 3, round: 0 });
      const row = await waitFor(async () => {
        const [found] = await app.dataSource.query('SELECT status, error, attempts FROM jobs WHERE id = $1', [id]);
        return found.status === 'failed' ? found : undefined;
      });
      expect(row).toEqual({ status: 'failed', attempts: 1, error: expect.stringContaining('No processor is registered for job "retired.job"') });
    });
  });

  it('keeps docs/openapi.json identical to what the code produces (run `npm run openapi`)', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'openapi.json'), 'utf8');
    expect(await renderOpenApi()).toBe(committed);
  });
});

describe('Redis down at start-up', () => {
  let app: TestApp;

  beforeAll(async () => {
    // Nothing listens on port 1: the queue and the socket adapter cannot reach Redis.
    app = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(() => app.close());

  it('still starts and serves the API, and health says what is degraded', async () => {
    const admin = await registerUser(app);
    await app.http().get('/api/health').expect(200, { status: 'degraded' });
    const health = await app.http().get('/api/health/details').set(admin.auth).expect(200);
    expect(health.body).toMatchObject({ status: 'degraded', database: { status: 'up' }, redis: { status: 'down' }, queue: { driver: 'bull', status: 'down' } });
  });

  it('refuses new jobs with 503 semantics and records why', async () => {
    await expect(app.app.get(JobsService).enqueue('auth.purge-expired-tokens', {})).rejects.toMatchObject({ kind: 'unavailable', code: 'QUEUE_UNAVAILABLE' });
    const [row] = await app.dataSource.query(`SELECT status, error FROM jobs ORDER BY created_at DESC LIMIT 1`);
    expect(row).toMatchObject({ status: 'failed', error: expect.stringContaining('unavailable') });
  }, 15_000);
});

if (testMode() === 'server') {
  describe('separate API and worker processes (WEBOX_ROLE)', () => {
    let api: TestApp;
    let worker: INestApplicationContext;

    beforeAll(async () => {
      api = await startTestApp({ WEBOX_ROLE: 'api' });
      const config = new AppConfig({ ...configEnv(api.config), WEBOX_ROLE: 'worker' });
      worker = await NestFactory.createApplicationContext(AppModule.forRoot(config, api.database), { logger: false });
      await worker.init();
    });
    afterAll(async () => {
      await worker.close();
      await api.close();
    });

    it('runs a job enqueued by the API process in the worker process and pushes its progress to the socket', async () => {
      const user = await registerUser(api);
      const socket = io(api.url, { path: '/socket.io', auth: { token: user.accessToken }, transports: ['websocket'], reconnection: false });
      await new Promise<void>((resolve, reject) => socket.on('connect', () => resolve()).on('connect_error', reject));
      const events: JobProgressEventDto[] = [];
      socket.on('job.progress', (event: JobProgressEventDto) => events.push(event));
      const job = await api.app.get(JobsService).enqueue('auth.purge-expired-tokens', {}, { ownerId: user.id });
      const done = await waitFor(async () => events.find((e) => e.id === job.id && e.status === 'succeeded'));
      socket.disconnect();
      expect(done.progress).toBe(100);
      const [row] = await api.dataSource.query('SELECT status, attempts FROM jobs WHERE id = $1', [job.id]);
      expect(row).toEqual({ status: 'succeeded', attempts: 1 });
    });
  });
}

/** The environment that rebuilds a test app's configuration for a second process of the same deployment. */
function configEnv(config: AppConfig): Record<string, string> {
  return {
    NODE_ENV: 'test',
    WEBOX_DATA_DIR: config.dataDir,
    WEBOX_SECRET_KEY: config.secretKey.toString('hex'),
    WEBOX_QUEUE_PREFIX: config.queuePrefix,
    REDIS_URL: config.redisUrl!,
    ...(config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : {}),
  };
}
