import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../src/modules/automation/webhook-signature';
import { registerUser, startTestApp, startTestDatabase, TestApp, TestUser } from './support/test-app';

/**
 * Automation over real HTTP (issue 30): triggers deliver signed events to a receiver in this test
 * (on loopback, which the outbound guard lets through only because the test allow-lists its
 * ports, WEBOX_FETCH_ALLOWLIST, as an operator would); retries with their log; a receiver down
 * then up; one user's events never reach another's triggers; hooks run a saved workflow.
 */

interface Received {
  path: string;
  headers: Record<string, string | undefined>;
  body: string;
}

const LOCAL = 'local/webox-mini';

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

describe('automation (triggers out, hooks in)', () => {
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;
  let receiver: Server;
  let base: string;
  let laterPort: number;
  const received: Received[] = [];
  let flaky = 0;

  const listen = (server: Server, port = 0) => new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const handler = async (request: IncomingMessage, response: import('node:http').ServerResponse) => {
    const body = await readBody(request);
    received.push({ path: request.url ?? '', headers: request.headers as Record<string, string | undefined>, body });
    if (request.url === '/flaky' && flaky++ < 2) return void response.writeHead(500, { 'content-type': 'text/plain' }).end('down for a moment');
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  };

  beforeAll(async () => {
    receiver = createServer((request, response) => void handler(request, response));
    const port = await listen(receiver);
    base = `http://127.0.0.1:${port}`;
    // A port nobody listens on yet: the receiver "down", started later.
    const probe = createServer();
    laterPort = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    app = await startTestApp({
      WEBOX_LOCAL_TOKEN_DELAY_MS: '0',
      WEBOX_FETCH_ALLOWLIST: `127.0.0.1:${port},127.0.0.1:${laterPort}`,
      WEBOX_AUTOMATION_RETRY_BASE_MS: '100',
      WEBOX_AUTOMATION_POLL_MS: '50',
      // 100 a second by default; a loaded test machine may not send 100 calls within one second, so the test's limit is lower.
      WEBOX_AUTOMATION_HOOK_RATE_LIMIT: '10',
    });
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
  }, 90_000);
  afterAll(async () => {
    await app?.close();
    receiver?.close();
  });

  const api = () => app.http();
  const createTrigger = (user: TestUser, body: Record<string, unknown>) => api().post('/api/automation/triggers').set(user.auth).send(body);
  const deliveries = async (user: TestUser, triggerId: string) => (await api().get(`/api/automation/triggers/${triggerId}/deliveries`).set(user.auth).expect(200)).body as { items: Array<{ id: string; status: string; messageId: string; attempts: number; attemptLog: Array<{ statusCode: number | null; error: string | null; responseExcerpt: string | null }> }>; total: number };
  const upload = (user: TestUser, name: string) => api().post('/api/media/upload').set(user.auth).attach('files', Buffer.from('hello'), { filename: name }).expect(201);

  describe('triggers', () => {
    it.each([
      ['a loopback address not allow-listed', 'http://127.0.0.1:9/hook'],
      ['a private address', 'http://10.0.0.1/hook'],
      ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data'],
      ['a loopback name', 'http://localhost/hook'],
      ['an IPv6 loopback', 'http://[::1]/hook'],
      ['not http', 'file:///etc/passwd'],
    ])('refuses %s for a user (400 naming the url)', async (_what, url) => {
      const answer = await createTrigger(ada, { name: 'Bad', url, events: ['media.uploaded'] }).expect(400);
      expect(answer.body.code).toBe('AUTOMATION_URL_REFUSED');
      expect(answer.body.fields?.[0]?.field ?? answer.body.errors?.[0]?.field ?? JSON.stringify(answer.body)).toContain('url');
    });

    it('refuses an unknown event, listing the valid ones', async () => {
      const answer = await createTrigger(ada, { name: 'Bad', url: `${base}/x`, events: ['media.uploaded', 'fax.received'] }).expect(400);
      expect(answer.body.code).toBe('AUTOMATION_UNKNOWN_EVENT');
      expect(answer.body.message).toContain('fax.received');
      expect(answer.body.message).toContain('combination.completed');
      expect(answer.body.message).toContain('voice.call.completed');
      const events = (await api().get('/api/automation/events').set(ada.auth).expect(200)).body.events as string[];
      expect(events).toEqual(expect.arrayContaining(['chat.completed', 'combination.completed', 'media.uploaded', 'voice.call.completed']));
    });

    it("delivers a user's event, signed (Standard Webhooks), to that user's trigger only", async () => {
      const created = await createTrigger(ada, { name: 'Ada uploads', url: `${base}/ada`, events: ['media.uploaded'] }).expect(201);
      const secret = created.body.secret as string;
      expect(secret).toMatch(/^whsec_/);
      const shown = await api().get(`/api/automation/triggers/${created.body.id}`).set(ada.auth).expect(200);
      expect(shown.body.secret).toBeUndefined();
      await createTrigger(bob, { name: 'Bob uploads', url: `${base}/bob`, events: ['media.uploaded'] }).expect(201);

      await upload(bob, 'bob.txt');
      await upload(ada, 'ada.txt');
      const delivery = await until('the delivery to Ada', async () => received.find((r) => r.path === '/ada'));
      expect(verifyWebhook(secret, delivery.headers, delivery.body)).toBe(true);
      expect(delivery.headers['webox-signature']).toBe(delivery.headers['webhook-signature']);
      expect(verifyWebhook(secret, delivery.headers, delivery.body.replace('ada.txt', 'eve.txt'))).toBe(false);
      const event = JSON.parse(delivery.body);
      expect(event).toMatchObject({ type: 'media.uploaded', data: { userId: ada.id, files: [expect.objectContaining({ name: 'ada.txt' })] } });
      expect(Date.parse(event.timestamp)).not.toBeNaN();
      await until('the delivery to Bob', async () => received.find((r) => r.path === '/bob'));
      // Ada's receiver never saw Bob's upload, nor Bob's hers.
      expect(received.filter((r) => r.path === '/ada').every((r) => JSON.parse(r.body).data.userId === ada.id)).toBe(true);
      expect(received.filter((r) => r.path === '/bob').every((r) => JSON.parse(r.body).data.userId === bob.id)).toBe(true);

      const log = await until('the logged delivery', async () => {
        const page = await deliveries(ada, created.body.id);
        return page.items[0]?.status === 'succeeded' && page;
      });
      expect(log.items[0]!.attemptLog[0]).toMatchObject({ statusCode: 200, responseExcerpt: '{"ok":true}', error: null });

      // A rotated secret signs the next delivery; the old one no longer verifies.
      const rotated = (await api().post(`/api/automation/triggers/${created.body.id}/rotate`).set(ada.auth).expect(200)).body.secret as string;
      expect(rotated).not.toBe(secret);
      const before = received.length;
      await api().post(`/api/automation/triggers/${created.body.id}/test`).set(ada.auth).expect(202);
      const test = await until('the test event', async () => received.slice(before).find((r) => r.path === '/ada'));
      expect(JSON.parse(test.body).type).toBe('webox.test');
      expect(verifyWebhook(rotated, test.headers, test.body)).toBe(true);
      expect(verifyWebhook(secret, test.headers, test.body)).toBe(false);

      // A disabled trigger gets no new events.
      await api().patch(`/api/automation/triggers/${created.body.id}`).set(ada.auth).send({ enabled: false }).expect(200);
      const count = received.filter((r) => r.path === '/ada').length;
      await upload(ada, 'quiet.txt');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(received.filter((r) => r.path === '/ada').length).toBe(count);
    });

    it('retries a receiver that answers 500, every attempt logged, and sends again on demand', async () => {
      const created = await createTrigger(ada, { name: 'Flaky', url: `${base}/flaky`, events: ['media.uploaded'] }).expect(201);
      await api().post(`/api/automation/triggers/${created.body.id}/test`).set(ada.auth).expect(202);
      const page = await until('the third attempt', async () => {
        const found = await deliveries(ada, created.body.id);
        return found.items[0]?.status === 'succeeded' && found;
      });
      expect(page.items[0]!.attempts).toBe(3);
      expect(page.items[0]!.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 200]);
      expect(page.items[0]!.attemptLog[0]).toMatchObject({ responseExcerpt: 'down for a moment', error: expect.stringContaining('500') });
      const trigger = (await api().get(`/api/automation/triggers/${created.body.id}`).set(ada.auth).expect(200)).body;
      expect(trigger).toMatchObject({ enabled: true, consecutiveFailures: 0 });

      const again = await api().post(`/api/automation/deliveries/${page.items[0]!.id}/redeliver`).set(ada.auth).expect(202);
      expect(again.body.messageId).toBe(page.items[0]!.messageId);
      await until('the redelivery', async () => (await deliveries(ada, created.body.id)).items.find((d) => d.id === again.body.id && d.status === 'succeeded'));
    });

    it('keeps an event for a receiver that is down and delivers it once it is up', async () => {
      const created = await createTrigger(ada, { name: 'Later', url: `http://127.0.0.1:${laterPort}/later`, events: ['media.uploaded'] }).expect(201);
      await upload(ada, 'for-later.txt');
      // Two attempts logged: their outcomes (and the trigger's failure count) are stored together.
      await until('two refused attempts', async () => ((await deliveries(ada, created.body.id)).items[0]?.attemptLog.length ?? 0) >= 2);
      const failing = (await api().get(`/api/automation/triggers/${created.body.id}`).set(ada.auth).expect(200)).body;
      expect(failing.consecutiveFailures).toBeGreaterThanOrEqual(2);
      expect(failing.enabled).toBe(true);
      const later = createServer((request, response) => void handler(request, response));
      await listen(later, laterPort);
      try {
        const delivered = await until('the delivery after recovery', async () => received.find((r) => r.path === '/later'));
        expect(JSON.parse(delivered.body).data.files[0].name).toBe('for-later.txt');
        const page = await until('the log', async () => {
          const found = await deliveries(ada, created.body.id);
          return found.items[0]?.status === 'succeeded' && found;
        });
        expect(page.items[0]!.attemptLog.slice(0, -1).every((a) => a.statusCode === null && a.error)).toBe(true);
      } finally {
        later.close();
      }
    });

    it('loses nothing when Webox restarts mid-backoff: the next process sends the pending delivery', async () => {
      const probe = createServer();
      const downPort = await listen(probe);
      await new Promise((resolve) => probe.close(resolve));
      // The same secret key in both processes, as a restarted installation has: the signing secret is sealed with it.
      const env = { WEBOX_LOCAL_TOKEN_DELAY_MS: '0', WEBOX_FETCH_ALLOWLIST: `127.0.0.1:${downPort}`, WEBOX_AUTOMATION_POLL_MS: '50', WEBOX_SECRET_KEY: randomBytes(32).toString('hex') };
      const database = await startTestDatabase();
      // The first process retries slowly, so it stops while the delivery waits for its next attempt.
      const first = await startTestApp({ ...env, WEBOX_AUTOMATION_RETRY_BASE_MS: '60000' }, { ...database, close: async () => undefined });
      let triggerId: string;
      let owner: TestUser;
      try {
        owner = await registerUser(first, 'Restart');
        triggerId = (await first.http().post('/api/automation/triggers').set(owner.auth).send({ name: 'Restart', url: `http://127.0.0.1:${downPort}/restart`, events: ['media.uploaded'] }).expect(201)).body.id;
        await first.http().post('/api/media/upload').set(owner.auth).attach('files', Buffer.from('hello'), { filename: 'before-restart.txt' }).expect(201);
        await until('the refused first attempt, stored', async () => {
          const [row] = (await first.dataSource.query(`SELECT d.status, d.attempts, d.next_attempt_at > now() AS waiting FROM automation_deliveries d WHERE d.trigger_id = $1`, [triggerId])) as Array<{ status: string; attempts: number; waiting: boolean }>;
          return row?.status === 'pending' && row.attempts === 1 && row.waiting && (await first.dataSource.query(`SELECT 1 FROM automation_delivery_attempts a JOIN automation_deliveries d ON d.id = a.delivery_id WHERE d.trigger_id = $1`, [triggerId])).length === 1;
        });
      } finally {
        await first.close();
      }
      const arrived: Received[] = [];
      const up = createServer((request, response) => void readBody(request).then((body) => {
        arrived.push({ path: request.url ?? '', headers: request.headers as Record<string, string | undefined>, body });
        response.writeHead(200).end();
      }));
      await listen(up, downPort);
      // Due now, as the backoff would have made it in the end: the second process must find it in the database.
      const second = await startTestApp({ ...env, WEBOX_AUTOMATION_RETRY_BASE_MS: '100' }, database);
      try {
        await second.dataSource.query(`UPDATE automation_deliveries SET next_attempt_at = now() WHERE trigger_id = $1`, [triggerId!]);
        const delivered = await until('the delivery from the restarted process', async () => arrived.find((r) => r.path === '/restart'));
        expect(JSON.parse(delivered.body).data.files[0].name).toBe('before-restart.txt');
        const page = await until('the log', async () => {
          const found = (await second.http().get(`/api/automation/triggers/${triggerId!}/deliveries`).set(owner!.auth).expect(200)).body as { items: Array<{ status: string; attemptLog: Array<{ statusCode: number | null }> }> };
          return found.items[0]?.status === 'succeeded' && found;
        });
        expect(page.items).toHaveLength(1);
        expect(page.items[0]!.attemptLog.map((a) => a.statusCode)).toEqual([null, 200]);
        expect(arrived.filter((r) => r.path === '/restart')).toHaveLength(1);
      } finally {
        await second.close();
        up.close();
      }
    }, 120_000);

    it("answers 404 for another user's trigger, log and delivery", async () => {
      const created = await createTrigger(ada, { name: 'Mine', url: `${base}/mine`, events: ['chat.completed'] }).expect(201);
      const test = await api().post(`/api/automation/triggers/${created.body.id}/test`).set(ada.auth).expect(202);
      for (const call of [
        api().get(`/api/automation/triggers/${created.body.id}`),
        api().patch(`/api/automation/triggers/${created.body.id}`).send({ name: 'Stolen' }),
        api().delete(`/api/automation/triggers/${created.body.id}`),
        api().post(`/api/automation/triggers/${created.body.id}/rotate`),
        api().post(`/api/automation/triggers/${created.body.id}/test`),
        api().get(`/api/automation/triggers/${created.body.id}/deliveries`),
        api().post(`/api/automation/deliveries/${test.body.id}/redeliver`),
      ]) {
        expect((await call.set(bob.auth)).status).toBe(404);
      }
    });
  });

  describe('hooks', () => {
    let workflowId: string;
    beforeAll(async () => {
      const workflow = await api()
        .post('/api/combinations/workflows')
        .set(ada.auth)
        .send({ name: 'Hooked', inputs: [{ name: 'topic', type: 'text', required: true }], steps: [{ id: 'draft', kind: 'text', model: LOCAL, prompt: 'Write about {{inputs.topic}}' }] })
        .expect(201);
      workflowId = workflow.body.id;
    });
    const createHook = (user: TestUser, name = 'Hook') => api().post('/api/automation/hooks').set(user.auth).send({ name, workflowId });
    const call = (id: string, secret: string | undefined, body: unknown, query = '') => {
      const request = api().post(`/api/automation/hooks/${id}${query}`);
      if (secret) request.set('X-Webox-Hook-Secret', secret);
      return request.send(body as object);
    };

    it('runs the workflow with the posted inputs, waits for its output, and logs every call', async () => {
      const hook = (await createHook(ada).expect(201)).body;
      expect(hook.secret).toMatch(/^whk_/);
      const started = await call(hook.id, hook.secret, { topic: 'tides' }).expect(202);
      expect(started.body).toMatchObject({ runId: expect.any(String), finished: false });
      const run = await api().get(`/api/combinations/runs/${started.body.runId}`).set(ada.auth).expect(200);
      expect(run.body.inputs).toEqual({ topic: 'tides' });

      const waited = await api().post(`/api/automation/hooks/${hook.id}?wait=true`).set('Authorization', `Bearer ${hook.secret}`).send({ topic: 'the moon' }).expect(200);
      expect(waited.body).toMatchObject({ status: 'succeeded', finished: true, output: expect.any(String) });
      expect(waited.body.output.length).toBeGreaterThan(0);

      await call(hook.id, 'whk_wrong', { topic: 'x' }).expect(401);
      await call(hook.id, undefined, { topic: 'x' }).expect(401);
      const missing = await call(hook.id, hook.secret, {}).expect(400);
      expect(JSON.stringify(missing.body)).toContain('inputs.topic');
      const unknown = await call(hook.id, hook.secret, { topic: 'x', colour: 'red' }).expect(400);
      expect(JSON.stringify(unknown.body)).toContain('inputs.colour');
      const list = await call(hook.id, hook.secret, [1, 2]).expect(400);
      expect(list.body.code).toBe('AUTOMATION_HOOK_INVALID_BODY');
      await api().post(`/api/automation/hooks/${hook.id}`).set('X-Webox-Hook-Secret', hook.secret).set('content-type', 'application/json').send('{"topic": ').expect(400);

      const calls = (await api().get(`/api/automation/hooks/${hook.id}/calls`).set(ada.auth).expect(200)).body;
      expect(calls.items.map((c: { statusCode: number }) => c.statusCode).sort()).toEqual(expect.arrayContaining([200, 202, 400, 400, 400, 401, 401]));

      // Rotated: the old secret answers 401, the new one runs. Revoked: 401 for good.
      const rotated = (await api().post(`/api/automation/hooks/${hook.id}/rotate`).set(ada.auth).expect(200)).body.secret;
      await call(hook.id, hook.secret, { topic: 'x' }).expect(401);
      await call(hook.id, rotated, { topic: 'x' }).expect(202);
      await api().post(`/api/automation/hooks/${hook.id}/revoke`).set(ada.auth).expect(200);
      const revoked = await call(hook.id, rotated, { topic: 'x' }).expect(401);
      expect(revoked.body.code).toBe('AUTOMATION_HOOK_UNAUTHORIZED');
      await api().post(`/api/automation/hooks/${hook.id}/rotate`).set(ada.auth).expect(409);
    });

    it("refuses another user's workflow at creation and answers 404 for another user's hook and calls", async () => {
      await api().post('/api/automation/hooks').set(bob.auth).send({ name: 'Steal', workflowId }).expect(404);
      const hook = (await createHook(ada, 'Private').expect(201)).body;
      for (const request of [
        api().get(`/api/automation/hooks/${hook.id}`),
        api().patch(`/api/automation/hooks/${hook.id}`).send({ name: 'Stolen' }),
        api().delete(`/api/automation/hooks/${hook.id}`),
        api().post(`/api/automation/hooks/${hook.id}/rotate`),
        api().post(`/api/automation/hooks/${hook.id}/revoke`),
        api().get(`/api/automation/hooks/${hook.id}/calls`),
      ]) {
        expect((await request.set(bob.auth)).status).toBe(404);
      }
    });

    it('answers 429 past the calls allowed in a second (WEBOX_AUTOMATION_HOOK_RATE_LIMIT, 100 by default)', async () => {
      const hook = (await createHook(ada, 'Busy').expect(201)).body;
      const answers = await Promise.all(Array.from({ length: 60 }, () => call(hook.id, 'whk_wrong', {})));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
      expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
      expect(answers.find((answer) => answer.status === 429)!.body.code).toBe('AUTOMATION_HOOK_RATE_LIMITED');
    });
  });
});
