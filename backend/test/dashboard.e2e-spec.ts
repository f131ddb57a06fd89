import { EventEmitter2 } from '@nestjs/event-emitter';
import JSZip from 'jszip';
import type { Response } from 'supertest';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

interface Month {
  from: string;
  to: string;
  conversations: number;
  messages: number;
  tokens: number;
  cost: number;
  byProvider: Array<{ provider: string; calls: number; inputTokens: number; outputTokens: number; tokens: number; cost: number }>;
  generations: { image: number; video: number; audio: number; ebook: number; short: number };
  workflowRuns: number;
}
interface Stats {
  thisMonth: Month;
  lastMonth: Month;
  storage: { usedBytes: number; quotaBytes: number; fileCount: number };
}
interface Activity {
  id: string;
  name: string;
  occurredAt: string;
  summary: Record<string, unknown>;
}

const ZERO_GENERATIONS = { image: 0, video: 0, audio: 0, ebook: 0, short: 0 };
const binary = (response: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Issue 28: the dashboard's figures, usage per day and activity feed, and the profile's export. */
describe('dashboard', () => {
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;

  const stats = async (user: TestUser) => (await app.http().get('/api/dashboard/stats').set(user.auth).expect(200)).body as Stats;
  const activity = async (user: TestUser, query = '') => (await app.http().get(`/api/dashboard/activity${query}`).set(user.auth).expect(200)).body as { items: Activity[]; total: number; page: number; limit: number };
  /** The feed is written after the event is published: wait for it. */
  async function waitForActivity(user: TestUser, name: string, timeoutMs = 30_000): Promise<Activity> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await activity(user, '?limit=100')).items.find((item) => item.name === name);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${name} in the activity feed within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  async function waitForJob(user: TestUser, id: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const job = (await app.http().get(`/api/generation/jobs/${id}`).set(user.auth).expect(200)).body as { status: string };
      if (job.status === 'succeeded') return;
      if (job.status === 'failed' || Date.now() > deadline) throw new Error(`job ${id} ended ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    app = await startTestApp({ WEBOX_LOCAL_TOKEN_DELAY_MS: '0' });
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
  }, 90_000);
  afterAll(() => app?.close());

  it('answers 401 without a token', async () => {
    for (const path of ['/api/dashboard/stats', '/api/dashboard/usage', '/api/dashboard/activity', '/api/profile/export']) await app.http().get(path).expect(401);
  });

  it('gives a new user zeros, not errors', async () => {
    const now = new Date();
    const body = await stats(bob);
    const zero = { conversations: 0, messages: 0, tokens: 0, cost: 0, byProvider: [], generations: ZERO_GENERATIONS, workflowRuns: 0 };
    expect(body.thisMonth).toEqual({ ...zero, from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(), to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString() });
    expect(body.lastMonth).toEqual({ ...zero, from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString(), to: body.thisMonth.from });
    expect(body.storage).toEqual({ usedBytes: 0, quotaBytes: expect.any(Number), fileCount: 0 });
    expect(body.storage.quotaBytes).toBeGreaterThan(0);

    const usage = (await app.http().get('/api/dashboard/usage').set(bob.auth).expect(200)).body as { from: string; to: string; providers: string[]; days: Array<{ date: string; tokens: number; cost: number; byProvider: unknown[] }> };
    expect(usage.days).toHaveLength(30);
    expect(usage.to).toBe(now.toISOString().slice(0, 10));
    expect(usage.days[0]!.date).toBe(usage.from);
    expect(usage.days.at(-1)!.date).toBe(usage.to);
    expect(usage.providers).toEqual([]);
    expect(usage.days.every((day) => day.tokens === 0 && day.cost === 0 && day.byProvider.length === 0)).toBe(true);
    expect(await activity(bob)).toEqual({ items: [], total: 0, page: 1, limit: 20 });
  });

  it.each(['0', '1000', 'abc', '366', '1.5'])('usage?days=%s answers 400 naming days', async (days) => {
    const response = await app.http().get(`/api/dashboard/usage?days=${days}`).set(ada.auth).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(new Set(response.body.details.map((problem: { field: string }) => problem.field))).toEqual(new Set(['days']));
  });

  it('counts a chat turn with the offline model and an image generation; both appear in the feed', async () => {
    const before = await stats(ada);
    const turn = await app.http().post('/api/chat').set(ada.auth).send({ message: 'Hello dashboard', models: ['local/webox-mini'] }).expect(200);
    const accepted = await app.http().post('/api/generation/image').set(ada.auth).send({ model: 'local/webox-draw', prompt: 'A lighthouse', size: '512x512', count: 1, seed: 3 }).expect(202);
    await waitForJob(ada, accepted.body.id);

    const chat = await waitForActivity(ada, 'chat.completed');
    expect(chat.summary).toMatchObject({ conversationId: turn.body.conversationId, title: 'Hello dashboard', turn: 1, repliesCount: 1 });
    const generation = await waitForActivity(ada, 'generation.completed');
    expect(generation.summary).toMatchObject({ jobId: accepted.body.id, kind: 'image', fileIdsCount: 1, failedOutputs: 0 });
    const feed = await activity(ada);
    expect(feed.items.map((item) => item.name)).toEqual(expect.arrayContaining(['chat.completed', 'generation.completed']));
    // Newest first.
    const times = feed.items.map((item) => item.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);

    const after = await stats(ada);
    expect(after.thisMonth.conversations).toBe(before.thisMonth.conversations + 1);
    expect(after.thisMonth.messages).toBe(before.thisMonth.messages + 2);
    expect(after.thisMonth.generations).toEqual({ ...before.thisMonth.generations, image: before.thisMonth.generations.image + 1 });
    const local = after.thisMonth.byProvider.find((row) => row.provider === 'local');
    expect(local).toBeDefined();
    expect(local!.calls).toBeGreaterThanOrEqual(1);
    expect(local!.tokens).toBeGreaterThan(0);
    expect(after.thisMonth.tokens).toBeGreaterThan(before.thisMonth.tokens);
    expect(after.storage.fileCount).toBe(before.storage.fileCount + 1);
    expect(after.storage.usedBytes).toBeGreaterThan(before.storage.usedBytes);
    // Bob sees none of it.
    expect((await stats(bob)).thisMonth.conversations).toBe(0);
    expect((await activity(bob)).total).toBe(0);
  });

  it('splits the months and the days by UTC calendar, per provider, with costs summed', async () => {
    const carol = await registerUser(app, 'Carol');
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15, 12));
    const twoMonthsAgo = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 15, 12));
    const insert = (provider: string, input: number, output: number, cost: number, at: Date) =>
      app.dataSource.query(`INSERT INTO usage_records (owner_id, source, provider, model, input_tokens, output_tokens, cost, created_at) VALUES ($1, 'chat', $2, $3, $4, $5, $6, $7)`, [carol.id, provider, `${provider}/m`, input, output, cost, at.toISOString()]);
    await insert('openai', 100, 50, 0.25, now);
    await insert('openai', 10, 5, 0.125, now);
    await insert('anthropic', 1000, 0, 1.5, now);
    await insert('openai', 7, 3, 0.5, lastMonth);
    await insert('openai', 7, 3, 9, twoMonthsAgo);
    await app.dataSource.query(`INSERT INTO conversations (owner_id, title, pinned, created_at, updated_at) VALUES ($1, 'Old', false, $2, $2)`, [carol.id, lastMonth.toISOString()]);

    const body = await stats(carol);
    expect(body.thisMonth).toMatchObject({
      conversations: 0,
      tokens: 1165,
      cost: 1.875,
      byProvider: [
        { provider: 'anthropic', calls: 1, inputTokens: 1000, outputTokens: 0, tokens: 1000, cost: 1.5 },
        { provider: 'openai', calls: 2, inputTokens: 110, outputTokens: 55, tokens: 165, cost: 0.375 },
      ],
    });
    expect(body.lastMonth).toMatchObject({ conversations: 1, tokens: 10, cost: 0.5, byProvider: [{ provider: 'openai', calls: 1, tokens: 10, cost: 0.5 }] });

    const usage = (await app.http().get('/api/dashboard/usage?days=1').set(carol.auth).expect(200)).body as { providers: string[]; days: Array<{ date: string; tokens: number; cost: number; byProvider: unknown[] }> };
    expect(usage.providers).toEqual(['anthropic', 'openai']);
    expect(usage.days).toEqual([
      {
        date: now.toISOString().slice(0, 10),
        tokens: 1165,
        cost: 1.875,
        byProvider: [
          { provider: 'anthropic', tokens: 1000, cost: 1.5 },
          { provider: 'openai', tokens: 165, cost: 0.375 },
        ],
      },
    ]);
    const year = (await app.http().get('/api/dashboard/usage?days=365').set(carol.auth).expect(200)).body as { days: Array<{ cost: number }> };
    expect(year.days).toHaveLength(365);
    expect(year.days.reduce((sum, day) => sum + day.cost, 0)).toBeCloseTo(11.375, 6);
  });

  it('feeds any domain event that names a user, whatever its area, and skips the others', async () => {
    const dave = await registerUser(app, 'Dave');
    const emitter = app.app.get(EventEmitter2);
    const anHourAgo = new Date(Date.now() - 3600_000).toISOString();
    emitter.emit('made-up.happened', { userId: dave.id, occurredAt: anHourAgo, widgetId: 'w-1', title: 'x'.repeat(500), nested: { deep: true } });
    emitter.emit('made-up.system', { occurredAt: new Date().toISOString(), widgetId: 'w-2' });
    const event = await waitForActivity(dave, 'made-up.happened');
    expect(event).toEqual({ id: expect.any(String), name: 'made-up.happened', occurredAt: anHourAgo, summary: { widgetId: 'w-1', title: `${'x'.repeat(159)}…` } });
    const rows = await app.dataSource.query(`SELECT count(*)::int AS n FROM activity_events WHERE name = 'made-up.system'`);
    expect(rows[0].n).toBe(0);
    // Paginated.
    emitter.emit('made-up.second', { userId: dave.id, occurredAt: new Date().toISOString() });
    await waitForActivity(dave, 'made-up.second');
    // Older than 90 days: not stored.
    emitter.emit('made-up.ancient', { userId: dave.id, occurredAt: new Date(Date.now() - 91 * 86_400_000).toISOString() });
    emitter.emit('made-up.third', { userId: dave.id });
    await waitForActivity(dave, 'made-up.third');
    const names = async () => (await activity(dave, '?limit=100')).items.map((item) => item.name);
    for (let tries = 0; (await names()).includes('made-up.ancient') && tries < 50; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await names()).toEqual(['made-up.third', 'made-up.second', 'made-up.happened']);
    const page = await activity(dave, '?page=2&limit=1');
    expect(page).toMatchObject({ total: 3, page: 2, limit: 1, items: [{ name: 'made-up.second' }] });
    await app.http().get('/api/dashboard/activity?page=0').set(dave.auth).expect(400);
    await app.http().get('/api/dashboard/activity?limit=1000').set(dave.auth).expect(400);
  });

  describe('profile export', () => {
    it("is one ZIP of my conversations with messages, prompts, agents and media list, without another user's rows", async () => {
      const erin = await registerUser(app, 'Erin');
      const frank = await registerUser(app, 'Frank');
      const mine = await app.http().post('/api/chat').set(erin.auth).send({ message: 'Erin writes', models: ['local/webox-mini'] }).expect(200);
      await app.http().post('/api/chat').set(frank.auth).send({ message: 'Frank writes', models: ['local/webox-mini'] }).expect(200);
      await app.http().post('/api/prompts').set(erin.auth).send({ title: 'Erin prompt', body: 'About {{topic}}', category: 'writing' }).expect(201);
      await app.http().post('/api/prompts').set(frank.auth).send({ title: 'Frank prompt', body: 'About {{topic}}', category: 'writing', visibility: 'shared' }).expect(201);
      await app.http().post('/api/agents').set(erin.auth).send({ name: 'Erin agent', instructions: 'Help Erin.', defaultModel: 'local/webox-mini', description: 'Mine' }).expect(201);
      await app.http().post('/api/agents').set(frank.auth).send({ name: 'Frank agent', instructions: 'Help Frank.', defaultModel: 'local/webox-mini', description: 'His' }).expect(201);
      await app.http().post('/api/media/upload').set(erin.auth).attach('files', Buffer.from('Erin notes\n'), { filename: 'erin.txt' }).expect(201);
      await app.http().post('/api/media/upload').set(frank.auth).attach('files', Buffer.from('Frank notes\n'), { filename: 'frank.txt' }).expect(201);

      const response = await app.http().get('/api/profile/export').set(erin.auth).buffer(true).parse(binary).expect(200);
      expect(response.headers['content-type']).toBe('application/zip');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="webox-export-\d{4}-\d{2}-\d{2}\.zip"$/);
      const zip = await JSZip.loadAsync(response.body as Buffer);
      expect(Object.keys(zip.files).sort()).toEqual(['agents.json', 'conversations.json', 'export.json', 'media.json', 'prompts.json']);
      const read = async <T>(name: string) => JSON.parse(await zip.file(name)!.async('string')) as T;
      const everything = (await Promise.all(Object.keys(zip.files).map((name) => zip.file(name)!.async('string')))).join('\n');
      expect(everything).not.toContain('Frank');
      expect(everything).not.toContain(frank.id);

      const conversations = await read<Array<{ id: string; title: string; messages: Array<{ role: string; content: string }> }>>('conversations.json');
      expect(conversations).toHaveLength(1);
      expect(conversations[0]).toMatchObject({ id: mine.body.conversationId, title: 'Erin writes' });
      expect(conversations[0]!.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
      expect(conversations[0]!.messages[0]!.content).toBe('Erin writes');
      expect((await read<Array<{ title: string }>>('prompts.json')).map((prompt) => prompt.title)).toEqual(['Erin prompt']);
      expect((await read<Array<{ name: string }>>('agents.json')).map((agent) => agent.name)).toEqual(['Erin agent']);
      const media = await read<Array<Record<string, unknown>>>('media.json');
      expect(media).toEqual([expect.objectContaining({ name: 'erin.txt', mimeType: 'text/plain', size: 11 })]);
      expect(media[0]).not.toHaveProperty('storageKey');
      expect(await read('export.json')).toMatchObject({ user: { id: erin.id, email: erin.email }, counts: { conversations: 1, messages: 2, prompts: 1, agents: 1, media: 1 } });
    });
  });
});
