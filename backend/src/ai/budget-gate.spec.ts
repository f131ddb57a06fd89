import { createServer } from 'node:net';
import type { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { BudgetGate, BudgetLimits } from './budget-gate';
import { UsageService } from './usage.service';
import type { UsageRecord } from './usage-record.entity';

const model = { id: 'openai/gpt-5.4', provider: 'openai' as const, price: { per: 'token' as const, inputPerMTok: 1, outputPerMTok: 2 } };

/** The in-memory counters (no REDIS_URL), over a ledger whose table already holds `spentBefore` dollars this month. */
function gate(limits: BudgetLimits, spentBefore = 0, env: Record<string, string> = {}) {
  const repository = { insert: async () => undefined, query: async () => (spentBefore ? [{ owner_id: 'u1', calls: '0', tokens: '0', cost: String(spentBefore) }] : []) } as unknown as Repository<UsageRecord>;
  const usage = new UsageService(repository);
  const budgets = new BudgetGate(usage, new AppConfig({ NODE_ENV: 'test', WEBOX_DATA_DIR: '/tmp/webox-budget-gate-spec', ...env }));
  budgets.useLimits(async () => limits);
  const refusals: unknown[] = [];
  budgets.onRefusal((refusal) => refusals.push(refusal));
  return { budgets, usage, refusals };
}

const refusalOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as DomainError);

describe('BudgetGate (in memory)', () => {
  it('admits calls while something is left, each reserving its estimate, then refuses with the budget, its limit and the next month', async () => {
    const { budgets, refusals } = gate({ monthlyCostUsd: 0.01, dailyRequests: null, storageBytes: null });
    const [first] = await budgets.reserve('u1', [0.006]);
    await budgets.reserve('u1', [0.006]); // 0.006 < 0.01: admitted, and now 0.012 is reserved
    const refused = await refusalOf(budgets.reserve('u1', [0.006]));
    expect(refused).toMatchObject({ kind: 'payment_required', code: 'BUDGET_EXCEEDED', params: { budget: 'monthlyCost', limit: 0.01 } });
    expect(new Date(refused!.params!['resetsAt'] as string).getUTCDate()).toBe(1);
    expect(refusals).toEqual([expect.objectContaining({ userId: 'u1', budget: 'monthlyCost', limit: 0.01 })]);
    // A call that ends costing nothing gives its reservation back.
    first!.finish(0);
    expect((await budgets.usageOf('u1')).monthCostUsd).toBeCloseTo(0.006);
    await budgets.reserve('u1', [0.001]);
  });

  it('moves a finished call from reserved to spent when the ledger records it', async () => {
    const { budgets, usage } = gate({ monthlyCostUsd: 1, dailyRequests: null, storageBytes: null });
    const [call] = await budgets.reserve('u1', [0.5]);
    call!.finish(0.003);
    expect((await budgets.usageOf('u1')).monthCostUsd).toBeCloseTo(0.003);
    await usage.record('u1', 'api', model, { inputTokens: 1_000, outputTokens: 1_000 }); // 0.003
    expect((await budgets.usageOf('u1')).monthCostUsd).toBeCloseTo(0.003);
    await usage.flush();
  });

  it('counts requests exactly and starts from what the ledger already holds', async () => {
    const { budgets } = gate({ monthlyCostUsd: 2, dailyRequests: 2, storageBytes: null }, 1.5);
    expect((await budgets.usageOf('u1')).monthCostUsd).toBeCloseTo(1.5);
    await budgets.reserve('u1', [0, 0]);
    const refused = await refusalOf(budgets.reserve('u1', [0]));
    expect(refused?.params).toMatchObject({ budget: 'dailyRequests', limit: 2 });
  });

  it('refuses a turn whole and keeps nothing of it when one of its models does not fit', async () => {
    const { budgets } = gate({ monthlyCostUsd: null, dailyRequests: 2, storageBytes: null });
    expect(await refusalOf(budgets.reserve('u1', [0, 0, 0]))).toBeInstanceOf(DomainError);
    expect((await budgets.usageOf('u1')).dayRequests).toBe(0);
    expect(await budgets.reserve('u1', [0, 0])).toHaveLength(2);
  });

  it('costs nothing for a user with no limits', async () => {
    const { budgets } = gate({ monthlyCostUsd: null, dailyRequests: null, storageBytes: null });
    const calls = await budgets.reserve('u1', [5, 5, 5]);
    expect(calls).toHaveLength(3);
    await expect(budgets.check('u1')).resolves.toBeUndefined();
  });
});

describe('BudgetGate holds (queued jobs, in memory)', () => {
  it('holds an estimate and a request until released, once, and refuses past the budget before anything is queued', async () => {
    const { budgets } = gate({ monthlyCostUsd: 0.1, dailyRequests: 3, storageBytes: null });
    expect(await budgets.hold('u1', 'job-a', 0.08)).toBe(true);
    expect(await budgets.usageOf('u1')).toMatchObject({ monthCostUsd: 0.08, dayRequests: 1 });
    // Held again under the same id (a retry while still held): nothing more is counted.
    await budgets.hold('u1', 'job-a', 0.08);
    expect(await budgets.usageOf('u1')).toMatchObject({ monthCostUsd: 0.08, dayRequests: 1 });
    await budgets.hold('u1', 'job-b', 0.08); // 0.08 < 0.1: admitted, overspending by at most this one
    expect((await refusalOf(budgets.hold('u1', 'job-c', 0.01)))?.params).toMatchObject({ budget: 'monthlyCost', limit: 0.1 });
    await budgets.release('u1', 'job-a');
    await budgets.release('u1', 'job-a'); // every instance hears the job end: the second release changes nothing
    expect((await budgets.usageOf('u1')).monthCostUsd).toBeCloseTo(0.08);
    await budgets.hold('u1', 'job-c', 0.01);
    expect((await refusalOf(budgets.hold('u1', 'job-d', 0)))?.params).toMatchObject({ budget: 'dailyRequests', limit: 3 });
  });

  it('holds nothing for a user with no limits', async () => {
    const { budgets } = gate({ monthlyCostUsd: null, dailyRequests: null, storageBytes: null });
    expect(await budgets.hold('u1', 'job-a', 5)).toBe(false);
    expect((await budgets.usageOf('u1')).monthCostUsd).toBe(0);
  });
});

describe('BudgetGate when Redis is unreachable', () => {
  /** A loopback port nothing listens on (opened, then closed). */
  const closedPort = () =>
    new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });

  it('fails closed with a 503 naming the cause for a user with a budget, and lets a user without one through', async () => {
    const port = await closedPort();
    const limited = gate({ monthlyCostUsd: 1, dailyRequests: 10, storageBytes: null }, 0, { REDIS_URL: `redis://127.0.0.1:${port}` });
    const started = Date.now();
    const refused = await refusalOf(limited.budgets.reserve('u1', [0.01]));
    expect(refused).toMatchObject({ kind: 'unavailable', code: 'BUDGETS_UNAVAILABLE', params: { store: 'redis' } });
    expect(refused?.message).toContain('Redis');
    // Quickly: a request is not held while ioredis reconnects for ever.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await refusalOf(limited.budgets.hold('u1', 'job-a', 0.01))).toMatchObject({ code: 'BUDGETS_UNAVAILABLE' });
    expect(await refusalOf(limited.budgets.check('u1'))).toMatchObject({ code: 'BUDGETS_UNAVAILABLE' });
    // Not a budget refusal: nothing is audited as one.
    expect(limited.refusals).toEqual([]);
    await limited.budgets.onModuleDestroy();

    const free = gate({ monthlyCostUsd: null, dailyRequests: null, storageBytes: null }, 0, { REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(await free.budgets.reserve('u1', [0.01])).toHaveLength(1);
    await free.budgets.onModuleDestroy();
  }, 15_000);
});
