import OpenAI from 'openai';
import { pngOf } from './support/media-fixtures';
import { ProviderEmulator, startProviderEmulator } from './support/provider-emulator';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Issue 26, items 5 and 6: budgets and quotas (default, per role, per user), the 402 at the limit,
 * the reservation that holds under concurrency, the dashboard's own status, and the usage report.
 */

const GPT = 'openai/gpt-5.4';
const LOCAL = 'local/webox-mini';

const nextUtcMidnight = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
};
const nextUtcMonth = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
};

describe('budgets and the usage report', () => {
  let emulator: ProviderEmulator;
  let app: TestApp;
  let admin: TestUser;
  let member: TestUser;

  const setUser = (user: TestUser, limits: Record<string, unknown>) => app.http().put(`/api/admin/budgets/users/${user.id}`).set(admin.auth).send(limits);
  const myBudget = async (user: TestUser) => (await app.http().get('/api/profile/budget').set(user.auth).expect(200)).body;
  const chat = (user: TestUser, model = LOCAL) => app.http().post('/api/chat').set(user.auth).send({ message: 'Hello', models: [model] });
  const gateway = async (user: TestUser) => {
    const created = await app.http().post('/api/profile/tokens').set(user.auth).send({ name: 'budget test' }).expect(201);
    return new OpenAI({ apiKey: created.body.token as string, baseURL: `${app.url}/v1`, maxRetries: 0 });
  };

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({ OPENAI_API_KEY: emulator.apiKey, OPENAI_BASE_URL: emulator.openaiBaseUrl, WEBOX_LOCAL_TOKEN_DELAY_MS: '0' });
    admin = await registerUser(app, 'Admin');
    member = await registerUser(app, 'Member');
  });
  afterEach(() => emulator.reset());
  afterAll(async () => {
    await app.close();
    await emulator.close();
  });

  describe('who may set them', () => {
    it('answers 401 without a token and 403 to a user who is not an admin', async () => {
      for (const path of ['/api/admin/budgets', '/api/admin/usage', '/api/admin/usage/csv']) {
        await app.http().get(path).expect(401);
        const refused = await app.http().get(path).set(member.auth).expect(403);
        expect(refused.body.code).toBe('FORBIDDEN');
      }
      await app.http().put('/api/admin/budgets/default').set(member.auth).send({ dailyRequests: 1 }).expect(403);
      await app.http().get('/api/profile/budget').expect(401);
    });

    it('answers 400 naming the field for a negative budget or a quota bigger than the disk', async () => {
      const negative = await app.http().put('/api/admin/budgets/default').set(admin.auth).send({ monthlyCostUsd: -1 }).expect(400);
      expect(negative.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'monthlyCostUsd' })] });
      const requests = await app.http().put('/api/admin/budgets/default').set(admin.auth).send({ dailyRequests: -1 }).expect(400);
      expect(requests.body.details).toEqual([expect.objectContaining({ field: 'dailyRequests' })]);
      const disk = await app.http().put(`/api/admin/budgets/users/${member.id}`).set(admin.auth).send({ storageBytes: 2 ** 60 }).expect(400);
      expect(disk.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'storageBytes' })] });
      await app.http().put('/api/admin/budgets/roles/owner').set(admin.auth).send({ dailyRequests: 1 }).expect(400);
      await app.http().put('/api/admin/budgets/users/00000000-0000-4000-8000-000000000000').set(admin.auth).send({ dailyRequests: 1 }).expect(404);
      await app.http().put('/api/admin/budgets/default').set(admin.auth).send({ dailyRequests: 1, extra: true }).expect(400);
      // Nothing was stored by the refused requests.
      const budgets = await app.http().get('/api/admin/budgets').set(admin.auth).expect(200);
      expect(budgets.body).toEqual({ default: { monthlyCostUsd: null, dailyRequests: null, storageBytes: null }, roles: [], users: [] });
    });
  });

  describe('precedence', () => {
    afterAll(async () => {
      await app.http().put('/api/admin/budgets/default').set(admin.auth).send({}).expect(200);
      await app.http().delete('/api/admin/budgets/roles/user').set(admin.auth).expect(200);
      await app.http().delete(`/api/admin/budgets/users/${member.id}`).set(admin.auth).expect(200);
    });

    it('takes each limit from the user, else their role, else the default', async () => {
      const other = await registerUser(app, 'Other');
      await app.http().put('/api/admin/budgets/default').set(admin.auth).send({ dailyRequests: 100, monthlyCostUsd: 50 }).expect(200);
      await app.http().put('/api/admin/budgets/roles/user').set(admin.auth).send({ dailyRequests: 5 }).expect(200);
      const listed = await setUser(member, { dailyRequests: 2, storageBytes: 1024 }).expect(200);
      expect(listed.body.roles).toEqual([expect.objectContaining({ role: 'user', dailyRequests: 5, monthlyCostUsd: null })]);
      expect(listed.body.users).toEqual([expect.objectContaining({ userId: member.id, email: member.email, dailyRequests: 2, storageBytes: 1024 })]);

      expect((await myBudget(member)).limits).toEqual({ dailyRequests: 2, monthlyCostUsd: 50, storageBytes: 1024 });
      expect((await myBudget(other)).limits).toEqual({ dailyRequests: 5, monthlyCostUsd: 50, storageBytes: null });
      expect((await myBudget(admin)).limits).toEqual({ dailyRequests: 100, monthlyCostUsd: 50, storageBytes: null });

      // Removing the user's rule gives them their role's again, at once (the cached limits are dropped).
      await app.http().delete(`/api/admin/budgets/users/${member.id}`).set(admin.auth).expect(200);
      expect((await myBudget(member)).limits.dailyRequests).toBe(5);
      // The media library's quota is the budget's.
      await setUser(member, { storageBytes: 1024 }).expect(200);
      expect((await app.http().get('/api/media/usage').set(member.auth).expect(200)).body.quotaBytes).toBe(1024);

      const audit = await app.http().get('/api/admin/audit').query({ action: 'admin.budget_changed' }).set(admin.auth).expect(200);
      expect(audit.body.total).toBeGreaterThanOrEqual(4);
    });
  });

  describe('at the limit', () => {
    it('refuses the request past the daily limit with 402 naming the budget, its limit and when it resets; audited', async () => {
      const user = await registerUser(app, 'Daily');
      await setUser(user, { dailyRequests: 2 }).expect(200);
      await chat(user).expect(200);
      const status = await myBudget(user);
      expect(status).toMatchObject({ dayRequests: 1, warnings: [], dayResetsAt: nextUtcMidnight(), monthResetsAt: nextUtcMonth() });
      await chat(user).expect(200);
      // 2 of 2: the dashboard warns from 80 %.
      expect((await myBudget(user)).warnings).toEqual(['dailyRequests']);

      const refused = await chat(user).expect(402);
      expect(refused.body).toMatchObject({ statusCode: 402, code: 'BUDGET_EXCEEDED', params: { budget: 'dailyRequests', limit: 2, resetsAt: nextUtcMidnight() } });
      expect(refused.body.message).toContain('daily limit of 2 requests');
      expect(refused.body.message).toContain(nextUtcMidnight());
      // Nothing was stored for the refused turn.
      const list = await app.http().get('/api/chat/history').set(user.auth).expect(200);
      expect(list.body.total).toBe(2);

      const audit = await app.http().get('/api/admin/audit').query({ action: 'budget.refused' }).set(admin.auth).expect(200);
      expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ targetId: user.id, details: expect.objectContaining({ budget: 'dailyRequests', limit: 2 }) })]));

      // Raising the limit lets the user go on at once: the limits are not stale.
      await setUser(user, { dailyRequests: 3 }).expect(200);
      await chat(user).expect(200);
    });

    it('refuses the monthly cost budget on /v1 with 402 too, and counts what the gateway spent', async () => {
      const user = await registerUser(app, 'Monthly');
      const client = await gateway(user);
      await setUser(user, { monthlyCostUsd: 1 }).expect(200);
      await client.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'one call' }] });
      const spent = (await myBudget(user)).monthCostUsd;
      expect(spent).toBeGreaterThan(0);

      // A budget already reached: refused before the vendor is called.
      await setUser(user, { monthlyCostUsd: spent }).expect(200);
      const calls = emulator.requests.length;
      const refused = await client.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'two' }] }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(OpenAI.APIError);
      expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
      expect((refused as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ type: 'insufficient_quota', code: 'BUDGET_EXCEEDED', params: { budget: 'monthlyCost', limit: spent, resetsAt: nextUtcMonth() } });
      expect(emulator.requests.length).toBe(calls);
      expect((await myBudget(user)).warnings).toEqual(['monthlyCost']);
    });
  });

  describe('under concurrency', () => {
    it('lets exactly the daily limit through when 50 requests arrive at once', async () => {
      const user = await registerUser(app, 'Burst');
      const client = await gateway(user);
      await setUser(user, { dailyRequests: 5 }).expect(200);
      emulator.setBehaviour({ firstTokenDelayMs: 200 });
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () =>
          client.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'burst' }] }).then(
            () => 200,
            (error: unknown) => (error instanceof OpenAI.APIError ? error.status : -1),
          ),
        ),
      );
      expect(outcomes.filter((status) => status === 200)).toHaveLength(5);
      expect(outcomes.filter((status) => status === 402)).toHaveLength(45);
    });

    it('overspends the monthly budget by at most one request when 50 requests arrive at once', async () => {
      const user = await registerUser(app, 'Spender');
      const client = await gateway(user);
      await client.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'price one call' }] });
      const one = (await myBudget(user)).monthCostUsd;
      // Room for three calls as they really cost: without a reservation all 50 would start, as none
      // has finished (and been counted) when the others are admitted.
      const limit = Number((one * 4).toFixed(6));
      await setUser(user, { monthlyCostUsd: limit }).expect(200);
      emulator.setBehaviour({ firstTokenDelayMs: 200 });
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () =>
          client.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'price one call' }] }).then(
            () => 200,
            (error: unknown) => (error instanceof OpenAI.APIError ? error.status : -1),
          ),
        ),
      );
      expect(outcomes.filter((status) => status === 200).length).toBeGreaterThanOrEqual(1);
      expect(outcomes.filter((status) => status === 402).length).toBeGreaterThanOrEqual(40);
      expect(outcomes.every((status) => status === 200 || status === 402)).toBe(true);
      const spent = (await myBudget(user)).monthCostUsd;
      expect(spent).toBeLessThanOrEqual(limit + one + 1e-6);
    });
  });

  describe('generation', () => {
    const generate = (user: TestUser, kind: string, body: Record<string, unknown>) => app.http().post(`/api/generation/${kind}`).set(user.auth).send(body);
    const localImage = { model: 'local/webox-draw', prompt: 'A lighthouse', size: '512x512' };
    const gptImage = (count = 1) => ({ model: 'openai/gpt-image-1', prompt: 'A lighthouse', size: '1024x1024', count });
    const jobCount = async (user: TestUser) => (await app.http().get('/api/generation/jobs').set(user.auth).expect(200)).body.total as number;
    async function finished(user: TestUser, id: string): Promise<{ status: string; costUsd: number }> {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const job = (await app.http().get(`/api/generation/jobs/${id}`).set(user.auth).expect(200)).body;
        if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
        if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    it('counts each generation job as a request of the day and refuses the one past the limit with 402 before queueing it', async () => {
      const user = await registerUser(app, 'Painter');
      await setUser(user, { dailyRequests: 2 }).expect(200);
      const first = await generate(user, 'image', localImage).expect(202);
      await generate(user, 'audio', { kind: 'speech', model: 'local/webox-voice', text: 'Hello', voice: 'warm' }).expect(202);
      expect((await myBudget(user)).dayRequests).toBe(2);

      for (const [kind, body] of [
        ['image', localImage],
        ['video', { model: 'local/webox-slideshow', prompt: 'Waves', durationSeconds: 2, aspectRatio: '16:9' }],
        ['ebook', { title: 'T', subject: 'S', chapters: 1, textModel: LOCAL, coverModel: 'local/webox-draw', formats: ['pdf'] }],
        ['short', { subject: 'S', durationSeconds: 15, format: '9:16', voice: 'warm', textModel: LOCAL, imageModel: 'local/webox-draw' }],
      ] as const) {
        const refused = await generate(user, kind, body).expect(402);
        expect(refused.body).toMatchObject({ code: 'BUDGET_EXCEEDED', params: { budget: 'dailyRequests', limit: 2, resetsAt: nextUtcMidnight() } });
        expect(refused.body.message).toContain('daily limit of 2 requests');
      }
      // Nothing was queued for the refused requests.
      expect(await jobCount(user)).toBe(2);
      expect((await finished(user, first.body.id)).status).toBe('succeeded');
      const audit = await app.http().get('/api/admin/audit').query({ action: 'budget.refused' }).set(admin.auth).expect(200);
      expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ targetId: user.id, details: expect.objectContaining({ budget: 'dailyRequests' }) })]));
    }, 120_000);

    it('holds a job\'s list-price estimate while it runs, refuses the next one past the monthly budget, then counts only the real cost', async () => {
      const user = await registerUser(app, 'Spender of images');
      await setUser(user, { monthlyCostUsd: 0.05 }).expect(200);
      // Two images at $0.04: 0 < 0.05, admitted; $0.08 is held at once.
      const first = await generate(user, 'image', gptImage(2)).expect(202);
      expect((await myBudget(user)).monthCostUsd).toBeGreaterThanOrEqual(0.08 - 1e-9);
      const calls = emulator.requests.length;
      const refused = await generate(user, 'image', gptImage(1)).expect(402);
      expect(refused.body).toMatchObject({ code: 'BUDGET_EXCEEDED', params: { budget: 'monthlyCost', limit: 0.05, resetsAt: nextUtcMonth() } });
      expect(refused.body.message).toContain('monthly cost budget of $0.05');
      const done = await finished(user, first.body.id);
      expect(done).toMatchObject({ status: 'succeeded', costUsd: expect.closeTo(0.08, 6) });
      expect(emulator.requests.length - calls).toBeLessThanOrEqual(2); // only the admitted job's two images reached the vendor
      expect(await jobCount(user)).toBe(1);
      // The hold is given back when the job ends: the month counts the real cost once, not the estimate too.
      const deadline = Date.now() + 5_000;
      while (Math.abs((await myBudget(user)).monthCostUsd - 0.08) > 1e-6 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await myBudget(user)).monthCostUsd).toBeCloseTo(0.08, 6);

      // A raised budget lets it go on; a refused retry is refused the same way (the retry holds again).
      await setUser(user, { monthlyCostUsd: 0.2 }).expect(200);
      const second = await generate(user, 'image', gptImage(1)).expect(202);
      expect((await finished(user, second.body.id)).status).toBe('succeeded');
    }, 120_000);

    it('holds under concurrency: 50 generation requests at once admit exactly the daily limit, and overspend the monthly budget by at most one request', async () => {
      const daily = await registerUser(app, 'Burst painter');
      await setUser(daily, { dailyRequests: 5 }).expect(200);
      const statuses = await Promise.all(Array.from({ length: 50 }, () => generate(daily, 'image', localImage).then((res) => res.status)));
      expect(statuses.filter((status) => status === 202)).toHaveLength(5);
      expect(statuses.filter((status) => status === 402)).toHaveLength(45);
      expect(await jobCount(daily)).toBe(5);

      const monthly = await registerUser(app, 'Burst spender');
      const limit = 0.12; // three images at $0.04
      await setUser(monthly, { monthlyCostUsd: limit }).expect(200);
      const answers = await Promise.all(Array.from({ length: 50 }, () => generate(monthly, 'image', gptImage(1))));
      const admitted = answers.filter((res) => res.status === 202);
      expect(answers.every((res) => res.status === 202 || res.status === 402)).toBe(true);
      expect(admitted.length).toBeGreaterThanOrEqual(1);
      expect(admitted.length).toBeLessThanOrEqual(4);
      for (const res of admitted) await finished(monthly, res.body.id);
      const deadline = Date.now() + 5_000;
      let spent = (await myBudget(monthly)).monthCostUsd;
      while (spent > admitted.length * 0.04 + 1e-6 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        spent = (await myBudget(monthly)).monthCostUsd;
      }
      expect(spent).toBeLessThanOrEqual(limit + 0.04 + 1e-6);
    }, 180_000);
  });

  describe('the storage quota', () => {
    it('refuses an upload, a generated file and a new generation past the user\'s quota with 402 naming it; audited', async () => {
      const user = await registerUser(app, 'Hoarder');
      const small = await pngOf(8, 8);
      const big = Buffer.concat([await pngOf(64, 64), Buffer.alloc(4096)]);
      await setUser(user, { storageBytes: small.length + 1024 }).expect(200);

      const upload = (data: Buffer, filename: string) => app.http().post('/api/media/upload').set(user.auth).attach('files', data, { filename });
      const refused = await upload(big, 'big.png').expect(402);
      expect(refused.body).toMatchObject({ code: 'QUOTA_EXCEEDED', params: { budget: 'storage', limit: small.length + 1024 } });
      expect(refused.body.message).toContain('storage quota');
      await upload(small, 'small.png').expect(201);

      // A generated file that does not fit fails its job with the quota's reason; nothing is kept.
      const generated = await app.http().post('/api/generation/image').set(user.auth).send({ model: 'local/webox-draw', prompt: 'A lighthouse', size: '512x512' }).expect(202);
      const deadline = Date.now() + 60_000;
      let job = generated.body;
      while (!['succeeded', 'failed', 'cancelled'].includes(job.status) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        job = (await app.http().get(`/api/generation/jobs/${generated.body.id}`).set(user.auth).expect(200)).body;
      }
      expect(job.status).toBe('failed');
      expect(job.error).toContain('storage quota');
      const usage = (await app.http().get('/api/media/usage').set(user.auth).expect(200)).body;
      expect(usage).toMatchObject({ usedBytes: small.length, fileCount: 1 });

      // A full quota refuses the next generation before it is queued.
      await setUser(user, { storageBytes: small.length }).expect(200);
      const jobs = (await app.http().get('/api/generation/jobs').set(user.auth).expect(200)).body.total;
      const full = await app.http().post('/api/generation/image').set(user.auth).send({ model: 'local/webox-draw', prompt: 'Another', size: '512x512' }).expect(402);
      expect(full.body).toMatchObject({ code: 'QUOTA_EXCEEDED', params: { budget: 'storage', limit: small.length } });
      expect((await app.http().get('/api/generation/jobs').set(user.auth).expect(200)).body.total).toBe(jobs);

      const audit = await app.http().get('/api/admin/audit').query({ action: 'budget.refused' }).set(admin.auth).expect(200);
      const storage = audit.body.items.filter((item: { targetId: string; details: { budget: string } }) => item.targetId === user.id && item.details.budget === 'storage');
      expect(storage.length).toBeGreaterThanOrEqual(3);
    }, 120_000);
  });

  describe('the usage report', () => {
    it('gives tokens and cost by user, provider and model, and a CSV of it', async () => {
      const user = await registerUser(app, 'Reported');
      const client = await gateway(user);
      await client.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'for the report' }] });
      const report = await app.http().get('/api/admin/usage').set(admin.auth).expect(200);
      const row = report.body.rows.find((r: { userId: string }) => r.userId === user.id);
      expect(row).toMatchObject({ email: user.email, provider: 'openai', model: GPT, calls: 1 });
      expect(row.inputTokens).toBeGreaterThan(0);
      expect(row.cost).toBeGreaterThan(0);
      expect(report.body.totals.calls).toBeGreaterThanOrEqual(1);

      const csv = await app.http().get('/api/admin/usage/csv').set(admin.auth).buffer(true).parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      });
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="webox-usage-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/);
      const lines = (csv.body as string).trim().split('\r\n');
      expect(lines[0]).toBe('user_id,email,provider,model,calls,input_tokens,output_tokens,cost_usd');
      expect(lines.some((line) => line.startsWith(`${user.id},${user.email},openai,${GPT},1,`))).toBe(true);

      // A period before anything happened is empty; an inverted one is a 400 naming `from`.
      const empty = await app.http().get('/api/admin/usage').query({ from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' }).set(admin.auth).expect(200);
      expect(empty.body).toMatchObject({ rows: [], totals: { calls: 0, cost: 0 } });
      const inverted = await app.http().get('/api/admin/usage').query({ from: '2021-01-01T00:00:00Z', to: '2020-01-01T00:00:00Z' }).set(admin.auth).expect(400);
      expect(inverted.body.details).toEqual([expect.objectContaining({ field: 'from' })]);
      await app.http().get('/api/admin/usage').query({ from: 'yesterday' }).set(admin.auth).expect(400);
    });
  });
});
