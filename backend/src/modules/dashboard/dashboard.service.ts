import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UsageService } from '../../ai/usage.service';
import type { AuthUser } from '../../common/auth.decorators';
import { GENERATION_TABS, type GenerationTab } from '../generation/dto/generation-domain-events.dto';
import { MediaService } from '../media/media.service';
import type { DashboardStatsDto, DashboardUsageDto, DayUsageDto, GenerationCountsDto, MonthStatsDto, ProviderUsageDto } from './dto/dashboard.dto';

const DAY_MS = 86_400_000;

/** Rows as the database answers them: counts and sums are strings on PostgreSQL (bigint, numeric), numbers on PGlite. */
type Count = string | number | null;
interface CountsRow { conversations_cur: Count; conversations_prev: Count; messages_cur: Count; messages_prev: Count; runs_cur: Count; runs_prev: Count }
interface LedgerRow { provider: string; cur: boolean; calls: Count; input: Count; output: Count; cost: Count }
interface JobsRow { name: string; cur: boolean; count: Count }
interface DayRow { day: string; provider: string; tokens: Count; cost: Count }

/** Database counts arrive as strings (bigint, numeric) from PostgreSQL, as numbers from PGlite. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
/** Dollars to a millionth, as the ledger prices calls. */
const dollars = (value: unknown): number => Math.round(num(value) * 1e6) / 1e6;

const zeroGenerations = (): GenerationCountsDto => Object.fromEntries(GENERATION_TABS.map((kind) => [kind, 0])) as unknown as GenerationCountsDto;

/** `[this month, last month, next month]` starts, UTC calendar months. */
export function monthBounds(now: Date): [Date, Date, Date] {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  return [new Date(Date.UTC(year, month, 1)), new Date(Date.UTC(year, month - 1, 1)), new Date(Date.UTC(year, month + 1, 1))];
}

/**
 * The user's own figures (audit page 1): aggregate SQL per table, each a range of an
 * `(owner_id, created_at)` index over the two months (COUNT/SUM with FILTER splitting them), so the
 * cost follows the user's rows of those months, not the tables' sizes.
 */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly usage: UsageService,
    private readonly media: MediaService,
  ) {}

  async stats(user: AuthUser, now = new Date()): Promise<DashboardStatsDto> {
    const [thisStart, lastStart, nextStart] = monthBounds(now);
    const params = [user.id, thisStart.toISOString(), lastStart.toISOString(), nextStart.toISOString()];
    // Calls answered a moment ago may still wait in the ledger's batch.
    await this.usage.flush();
    const [counts, ledger, jobs, storage] = await Promise.all([
      this.db.query<CountsRow[]>(
        `SELECT c.cur AS conversations_cur, c.prev AS conversations_prev,
                m.cur AS messages_cur, m.prev AS messages_prev,
                r.cur AS runs_cur, r.prev AS runs_prev
           FROM (SELECT COUNT(*) FILTER (WHERE created_at >= $2) AS cur, COUNT(*) FILTER (WHERE created_at < $2) AS prev
                   FROM conversations WHERE owner_id = $1 AND created_at >= $3 AND created_at < $4) c,
                (SELECT COUNT(*) FILTER (WHERE created_at >= $2) AS cur, COUNT(*) FILTER (WHERE created_at < $2) AS prev
                   FROM chat_messages WHERE owner_id = $1 AND created_at >= $3 AND created_at < $4) m,
                (SELECT COUNT(*) FILTER (WHERE created_at >= $2) AS cur, COUNT(*) FILTER (WHERE created_at < $2) AS prev
                   FROM combination_runs WHERE owner_id = $1 AND created_at >= $3 AND created_at < $4) r`,
        params,
      ),
      this.db.query<LedgerRow[]>(
        `SELECT provider, created_at >= $2 AS cur, COUNT(*) AS calls, SUM(input_tokens) AS input, SUM(output_tokens) AS output, SUM(cost) AS cost
           FROM usage_records WHERE owner_id = $1 AND created_at >= $3 AND created_at < $4
          GROUP BY provider, created_at >= $2`,
        params,
      ),
      this.db.query<JobsRow[]>(
        `SELECT name, created_at >= $2 AS cur, COUNT(*) AS count
           FROM jobs WHERE owner_id = $1 AND created_at >= $3 AND created_at < $4 AND status = 'succeeded' AND name LIKE 'generation.%'
          GROUP BY name, created_at >= $2`,
        params,
      ),
      this.media.usage(user.id),
    ]);
    const row: Partial<CountsRow> = counts[0] ?? {};
    const month = (current: boolean, from: Date, to: Date): MonthStatsDto => {
      const byProvider: ProviderUsageDto[] = ledger
        .filter((entry) => Boolean(entry.cur) === current)
        .map((entry) => ({
          provider: String(entry.provider),
          calls: num(entry.calls),
          inputTokens: num(entry.input),
          outputTokens: num(entry.output),
          tokens: num(entry.input) + num(entry.output),
          cost: dollars(entry.cost),
        }))
        .sort((a, b) => b.cost - a.cost || b.tokens - a.tokens || a.provider.localeCompare(b.provider));
      const generations = zeroGenerations();
      for (const entry of jobs) {
        const kind = String(entry.name).slice('generation.'.length) as GenerationTab;
        if (Boolean(entry.cur) === current && kind in generations) generations[kind] += num(entry.count);
      }
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        conversations: num(current ? row.conversations_cur : row.conversations_prev),
        messages: num(current ? row.messages_cur : row.messages_prev),
        tokens: byProvider.reduce((sum, entry) => sum + entry.tokens, 0),
        cost: dollars(byProvider.reduce((sum, entry) => sum + entry.cost, 0)),
        byProvider,
        generations,
        workflowRuns: num(current ? row.runs_cur : row.runs_prev),
      };
    };
    return {
      thisMonth: month(true, thisStart, nextStart),
      lastMonth: month(false, lastStart, thisStart),
      storage: { usedBytes: storage.usedBytes, quotaBytes: storage.quotaBytes, fileCount: storage.fileCount },
    };
  }

  /** Tokens and cost per UTC day and provider, `days` days up to today; every day listed, zeros included. */
  async usagePerDay(user: AuthUser, days: number, now = new Date()): Promise<DashboardUsageDto> {
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const from = new Date(today - (days - 1) * DAY_MS);
    await this.usage.flush();
    const rows = await this.db.query<DayRow[]>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, provider, SUM(input_tokens + output_tokens) AS tokens, SUM(cost) AS cost
         FROM usage_records WHERE owner_id = $1 AND created_at >= $2
        GROUP BY 1, 2`,
      [user.id, from.toISOString()],
    );
    const byDay = new Map<string, DayUsageDto>();
    for (let time = from.getTime(); time <= today; time += DAY_MS) {
      const date = new Date(time).toISOString().slice(0, 10);
      byDay.set(date, { date, tokens: 0, cost: 0, byProvider: [] });
    }
    const totals = new Map<string, number>();
    for (const row of rows) {
      const day = byDay.get(String(row.day));
      // A call stamped after today's end (clock skew between hosts) has no day on the chart.
      if (!day) continue;
      const entry = { provider: String(row.provider), tokens: num(row.tokens), cost: dollars(row.cost) };
      day.byProvider.push(entry);
      day.tokens += entry.tokens;
      day.cost = dollars(day.cost + entry.cost);
      totals.set(entry.provider, (totals.get(entry.provider) ?? 0) + entry.cost);
    }
    for (const day of byDay.values()) day.byProvider.sort((a, b) => a.provider.localeCompare(b.provider));
    const providers = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([provider]) => provider);
    return { from: from.toISOString().slice(0, 10), to: new Date(today).toISOString().slice(0, 10), providers, days: [...byDay.values()] };
  }
}
