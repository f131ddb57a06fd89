import type { Repository } from 'typeorm';
import { USAGE_FLUSH_INTERVAL_MS, UsageService } from './usage.service';
import type { UsageRecord } from './usage-record.entity';

const model = { id: 'openai/gpt-5.4', provider: 'openai' as const, price: { per: 'token' as const, inputPerMTok: 1, outputPerMTok: 2 } };

/** A table that refuses writes while `down` is set. */
function table() {
  const rows: Array<Partial<UsageRecord>> = [];
  const state = { down: false, inserts: 0 };
  const repository = {
    insert: async (batch: Array<Partial<UsageRecord>>) => {
      state.inserts++;
      if (state.down) throw new Error('connection refused');
      rows.push(...batch);
    },
    query: async () => [],
  } as unknown as Repository<UsageRecord>;
  return { rows, state, repository };
}

describe('UsageService', () => {
  it('prices a call at once and writes the rows of one interval in a single insert', async () => {
    const { rows, state, repository } = table();
    const ledger = new UsageService(repository);
    const costs = await Promise.all(Array.from({ length: 5 }, () => ledger.record('owner', 'api', model, { inputTokens: 1_000_000, outputTokens: 1_000_000 })));
    expect(costs).toEqual([3, 3, 3, 3, 3]);
    expect(rows).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, USAGE_FLUSH_INTERVAL_MS + 50));
    expect(rows).toHaveLength(5);
    expect(state.inserts).toBe(1);
  });

  it('keeps rows the database refused and writes them once it is back, each exactly once', async () => {
    const { rows, state, repository } = table();
    const ledger = new UsageService(repository);
    state.down = true;
    await ledger.record('owner', 'chat', model, { inputTokens: 1, outputTokens: 1 });
    await ledger.flush();
    expect(rows).toHaveLength(0);
    await ledger.record('owner', 'chat', model, { inputTokens: 2, outputTokens: 2 });
    state.down = false;
    await ledger.flush();
    expect(rows.map((row) => row.inputTokens)).toEqual([1, 2]);
    await ledger.flush();
    expect(rows).toHaveLength(2);
  });

  it('flushes before a summary, so a read counts every call already answered', async () => {
    const { rows, repository } = table();
    const ledger = new UsageService(repository);
    await ledger.recordCost('owner', 'openai', 'openai/gpt-image-1', 0.04);
    await ledger.summarize('owner', new Date(0), new Date());
    expect(rows).toHaveLength(1);
  });

  it('writes at once after shutdown began, so a call ending in the grace period is not left to a timer', async () => {
    const { rows, repository } = table();
    const ledger = new UsageService(repository);
    await ledger.onApplicationShutdown();
    await ledger.record('owner', 'api', model, { inputTokens: 1, outputTokens: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(rows).toHaveLength(1);
  });
});
