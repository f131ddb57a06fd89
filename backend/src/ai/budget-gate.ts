import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { AiErrorCode } from './ai.errors';
import { ChatModel, outputLimitOf, tokenCost } from './models';
import { UsageService } from './usage.service';

/** The limits in force for one user (`null`: no limit). Resolved by the area that keeps them (see `useLimits`). */
export interface BudgetLimits {
  monthlyCostUsd: number | null;
  dailyRequests: number | null;
  storageBytes: number | null;
}

export type BudgetName = 'monthlyCost' | 'dailyRequests' | 'storage';

/** A request that a budget refused: which one, its limit and when it starts again (ISO). */
export interface BudgetRefusal {
  userId: string;
  budget: BudgetName;
  limit: number;
  resetsAt: string;
}

/** What a user has spent against their limits now (the dashboard's warning reads it). */
export interface BudgetUsage {
  limits: BudgetLimits;
  monthCostUsd: number;
  dayRequests: number;
  monthResetsAt: string;
  dayResetsAt: string;
}

export type BudgetLimitsLookup = (userId: string) => Promise<BudgetLimits>;
export type BudgetRefusalListener = (refusal: BudgetRefusal) => void;

/** Counters are kept in micro-dollars: integers, so Redis and memory add exactly. */
const MICRO = 1_000_000;
/** What one reply is assumed to cost before it is made: this many input tokens and at most this many output tokens. */
const ESTIMATE_INPUT_TOKENS = 2_000;
const ESTIMATE_OUTPUT_TOKENS = 2_000;
/** A reservation whose reply is never read is released after this long. */
const RESERVATION_TTL_MS = 10 * 60_000;
/** Counter keys outlive their period by this much (a month key is read until it is over). */
const KEY_TTL_S = 40 * 24 * 3600;

const NO_LIMITS: BudgetLimits = { monthlyCostUsd: null, dailyRequests: null, storageBytes: null };

/**
 * Reserve before the call: admits the call when the month's spent + reserved cost is still under
 * the limit (and the day's requests under theirs), and adds its estimate to `reserved` and one to
 * the day's requests, in one atomic step (a Lua script). KEYS: month hash, day counter.
 * ARGV: cost limit (micro-$, -1 none), request limit (-1 none), estimate (micro-$), day TTL (s), month spent seed, day seed.
 * Returns 0 (admitted), 1 (cost refused), 2 (requests refused).
 */
const RESERVE = `
if redis.call('HSETNX', KEYS[1], 'spent', ARGV[5]) == 1 then redis.call('EXPIRE', KEYS[1], ${KEY_TTL_S}) end
if redis.call('SETNX', KEYS[2], ARGV[6]) == 1 then redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4])) end
local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
local costLimit = tonumber(ARGV[1])
if costLimit >= 0 and spent + reserved >= costLimit then return 1 end
local requestLimit = tonumber(ARGV[2])
if requestLimit >= 0 and tonumber(redis.call('GET', KEYS[2]) or '0') >= requestLimit then return 2 end
redis.call('HINCRBY', KEYS[1], 'reserved', ARGV[3])
redis.call('INCR', KEYS[2])
return 0
`;

/** Moves `ARGV[2]` from reserved (never below 0) and adds `ARGV[1]` to spent. KEYS: month hash. */
const SETTLE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
local release = math.min(reserved, tonumber(ARGV[2]))
-- Only when positive: Lua writes minus zero as "-0", which HINCRBY refuses as not an integer.
if release > 0 then redis.call('HINCRBY', KEYS[1], 'reserved', -release) end
redis.call('HINCRBY', KEYS[1], 'spent', ARGV[1])
return 1
`;

/**
 * Gives back a job's hold (see `hold`) once: moves its estimate out of reserved (never below 0) and
 * forgets it, so a second release (every API instance hears a job end) changes nothing.
 * KEYS: month hash. ARGV: the hold's field. Returns the micro-dollars released.
 */
const RELEASE = `
local held = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if held == 0 then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
local release = math.min(reserved, held)
if release > 0 then redis.call('HINCRBY', KEYS[1], 'reserved', -release) end
return held
`;

/** The scripts, sent once and then called by their hash (ioredis' defineCommand: EVALSHA, EVAL when Redis lost it). */
interface BudgetScripts {
  budgetReserve(monthKey: string, dayKey: string, ...args: number[]): Promise<unknown>;
  budgetSettle(monthKey: string, ...args: number[]): Promise<unknown>;
  budgetRelease(monthKey: string, field: string): Promise<unknown>;
}

interface Counters {
  month: string;
  spent: number;
  reserved: number;
  day: string;
  requests: number;
  /** Jobs' holds (memory mode): hold id → micro-dollars reserved for it. */
  holds?: Map<string, number>;
}

/** A call admitted by `reserve`: `finish` with what it cost once its reply is done (or failed). */
export interface Reservation {
  finish(costUsd: number): void;
}

const monthOf = (now: Date) => now.toISOString().slice(0, 7);
const dayOf = (now: Date) => now.toISOString().slice(0, 10);
const monthStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
const nextMonth = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
const dayStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
const nextDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));

/**
 * Budgets on the hot path (issue 26): the monthly cost budget and the daily request limit of every
 * call that spends. Limits come from the area that keeps them (`useLimits`, cached there); spending
 * is counted here, in Redis when REDIS_URL is set (one count for every instance) and in memory
 * otherwise, seeded once per user and period from the usage ledger. So a call costs no database
 * round trip: one Redis script (or a few map operations) to reserve, one to settle.
 *
 * A call reserves its estimated cost before it starts (refused with 402 when the month's spent and
 * reserved cost already reach the limit); when its reply is done the estimate becomes the real cost,
 * held as reserved until the ledger records it, which moves it to spent. Fifty parallel calls at the
 * limit therefore pass it by at most one call's estimate (see docs/architecture.md "Budgets").
 * Periods are calendar months and days in UTC.
 */
@Injectable()
export class BudgetGate implements OnModuleDestroy {
  private readonly logger = new Logger('Budgets');
  private lookup: BudgetLimitsLookup = () => Promise.resolve(NO_LIMITS);
  private readonly listeners: BudgetRefusalListener[] = [];
  private readonly memory = new Map<string, Counters>();
  /** Users whose counters are being seeded from the ledger (memory mode). */
  private readonly seeding = new Map<string, Promise<Counters>>();
  private readonly redis: (Redis & BudgetScripts) | undefined;
  /** Day keys this process knows exist in Redis (their month's key is made with them). */
  private readonly seeded = new Set<string>();
  private readonly prefix: string;

  constructor(
    private readonly usage: UsageService,
    config: AppConfig,
  ) {
    this.prefix = `${config.queuePrefix}:budget`;
    if (config.redisUrl) {
      // A command waits at most ~1 s for a connection (two retries, then the error): an unreachable Redis is a quick 503, not a hung request.
      const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 1_000, retryStrategy: (times) => Math.min(times * 200, 2_000) });
      // Said once per outage, not on every reconnection attempt.
      let down = false;
      redis.on('error', (error: Error) => {
        if (!down) this.logger.warn(`Budget store (Redis) unreachable: ${error.message}; requests with a budget answer 503 until it is back`);
        down = true;
      });
      redis.on('ready', () => {
        if (down) this.logger.log('Budget store (Redis) reachable again');
        down = false;
      });
      redis.defineCommand('budgetReserve', { numberOfKeys: 2, lua: RESERVE });
      redis.defineCommand('budgetSettle', { numberOfKeys: 1, lua: SETTLE });
      redis.defineCommand('budgetRelease', { numberOfKeys: 1, lua: RELEASE });
      this.redis = redis as Redis & BudgetScripts;
    }
    usage.onRecorded((ownerId, cost, reserved) => this.recorded(ownerId, cost, reserved));
  }

  /** How to find a user's limits (registered by the admin area at start-up; the layer imports no area). */
  useLimits(lookup: BudgetLimitsLookup): void {
    this.lookup = lookup;
  }

  /** Told of every refusal (the admin area writes it to the audit trail). */
  onRefusal(listener: BudgetRefusalListener): void {
    this.listeners.push(listener);
  }

  limitsOf(userId: string): Promise<BudgetLimits> {
    return this.lookup(userId);
  }

  /** What one call of this chat model is assumed to cost before it is made. */
  estimate(model: ChatModel): number {
    return tokenCost(model, { inputTokens: ESTIMATE_INPUT_TOKENS, outputTokens: Math.min(ESTIMATE_OUTPUT_TOKENS, outputLimitOf(model)) });
  }

  /**
   * Admits `estimates.length` calls (one per model of a turn) or throws a 402 naming the budget
   * they would pass; each admitted call is one request of the day.
   */
  async reserve(userId: string, estimates: readonly number[]): Promise<Reservation[]> {
    const limits = await this.lookup(userId);
    if (limits.monthlyCostUsd === null && limits.dailyRequests === null) return estimates.map(() => ({ finish: (cost) => void cost }));
    const taken: number[] = [];
    for (const estimate of estimates) {
      const micro = Math.ceil(estimate * MICRO);
      const refused = await this.take(userId, limits, micro);
      if (refused) {
        // The turn is refused whole: the models admitted before this one give back their cost and their request.
        await Promise.all(taken.map((earlier) => this.untake(userId, earlier)));
        throw this.refuse(userId, refused, limits);
      }
      taken.push(micro);
    }
    return taken.map((micro) => this.reservation(userId, micro));
  }

  /** A call priced after it is made (a generated file): refused when the month's budget is already spent. */
  async check(userId: string): Promise<void> {
    const limits = await this.lookup(userId);
    if (limits.monthlyCostUsd === null) return;
    const now = new Date();
    const counters = await this.read(userId, now);
    if (counters.spent + counters.reserved >= limits.monthlyCostUsd * MICRO) throw this.refuse(userId, 'monthlyCost', limits);
  }

  /**
   * A queued job's reservation (a generation): admitted like one call of `reserve` (its estimate and
   * one request of the day), or a 402 naming the budget, before the job is queued. The estimate is
   * held under `holdId` (kept on the job's row) until `release`, which the job's end calls in whatever
   * process hears it; what the job really costs reaches spent as the ledger records it. Holding again
   * with the same id while it is held changes nothing (a retried job). Returns whether anything was held.
   */
  async hold(userId: string, holdId: string, estimateUsd: number): Promise<boolean> {
    const limits = await this.lookup(userId);
    if (limits.monthlyCostUsd === null && limits.dailyRequests === null) return false;
    const micro = Math.max(1, Math.ceil(estimateUsd * MICRO));
    const refused = await this.take(userId, limits, micro);
    if (refused) throw this.refuse(userId, refused, limits);
    const now = new Date();
    if (this.redis) {
      const monthKey = this.key(userId, now)[0];
      const fresh = await this.unreachable(this.redis.hsetnx(monthKey, `hold:${holdId}`, micro));
      if (!fresh) await this.untake(userId, micro);
      return true;
    }
    const counters = await this.read(userId, now);
    counters.holds ??= new Map();
    if (counters.holds.has(holdId)) await this.untake(userId, micro);
    else counters.holds.set(holdId, micro);
    return true;
  }

  /** Gives back a job's hold (the job ended: succeeded, failed or cancelled); a hold already given back is a no-op. */
  async release(userId: string, holdId: string): Promise<void> {
    const now = new Date();
    if (this.redis) {
      await this.redis.budgetRelease(this.key(userId, now)[0], `hold:${holdId}`).catch((error: Error) => this.logger.warn(`Budget hold not given back: ${error.message}`));
      return;
    }
    const counters = this.memory.get(userId);
    const micro = counters?.month === monthOf(now) ? counters.holds?.get(holdId) : undefined;
    if (!counters || micro === undefined) return;
    counters.holds!.delete(holdId);
    counters.reserved = Math.max(0, counters.reserved - micro);
  }

  /**
   * The media library refused a file over the storage quota (its own 402 `QUOTA_EXCEEDED`, which says
   * that a quota does not reset): told to the refusal listeners, so it is audited like the other budgets.
   */
  refusedStorage(userId: string, limitBytes: number): void {
    this.tell({ userId, budget: 'storage', limit: limitBytes, resetsAt: '' });
  }

  async usageOf(userId: string): Promise<BudgetUsage> {
    const now = new Date();
    const [limits, counters] = await Promise.all([this.lookup(userId), this.read(userId, now)]);
    return { limits, monthCostUsd: (counters.spent + counters.reserved) / MICRO, dayRequests: counters.requests, monthResetsAt: nextMonth(now).toISOString(), dayResetsAt: nextDay(now).toISOString() };
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }

  private refuse(userId: string, budget: BudgetName, limits: BudgetLimits): DomainError {
    const now = new Date();
    const limit = budget === 'monthlyCost' ? limits.monthlyCostUsd! : budget === 'dailyRequests' ? limits.dailyRequests! : limits.storageBytes!;
    const resetsAt = budget === 'monthlyCost' ? nextMonth(now).toISOString() : budget === 'dailyRequests' ? nextDay(now).toISOString() : '';
    this.tell({ userId, budget, limit, resetsAt });
    const what = budget === 'monthlyCost' ? `the monthly cost budget of $${limit}` : budget === 'dailyRequests' ? `the daily limit of ${limit} requests` : `the storage quota of ${limit} bytes`;
    const when = resetsAt ? `; it resets at ${resetsAt}` : '';
    const params: Record<string, string | number> = resetsAt ? { budget, limit, resetsAt } : { budget, limit };
    return new DomainError('payment_required', AiErrorCode.BUDGET_EXCEEDED, `This request would exceed ${what}${when}`, undefined, params);
  }

  private tell(refusal: BudgetRefusal): void {
    for (const listener of this.listeners) {
      try {
        listener(refusal);
      } catch (error) {
        this.logger.warn(`Budget refusal listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private reservation(userId: string, reservedMicro: number): Reservation {
    let done = false;
    const timer = setTimeout(() => finish(0), RESERVATION_TTL_MS).unref();
    const finish = (costUsd: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // The estimate leaves `reserved`; the real cost stays there until the ledger records it.
      void this.adjust(userId, Math.ceil(costUsd * MICRO) - reservedMicro);
    };
    return { finish };
  }

  private key(userId: string, now: Date): [string, string] {
    return [`${this.prefix}:${userId}:${monthOf(now)}`, `${this.prefix}:${userId}:${dayOf(now)}:requests`];
  }

  /** Reserves `micro` for one call; returns the budget that refuses it, if one does. */
  private async take(userId: string, limits: BudgetLimits, micro: number): Promise<BudgetName | undefined> {
    const now = new Date();
    const costLimit = limits.monthlyCostUsd === null ? -1 : Math.round(limits.monthlyCostUsd * MICRO);
    const requestLimit = limits.dailyRequests ?? -1;
    if (this.redis) {
      const [monthKey, dayKey] = this.key(userId, now);
      // Seeded from the ledger once per user and period in this process (the script's SETNX keeps the first seed).
      const seeded = this.seeded.has(dayKey) || (await this.unreachable(this.redis.exists(monthKey, dayKey))) === 2;
      const seed = seeded ? { spent: 0, requests: 0 } : await this.seed(userId, now);
      if (this.seeded.size > 100_000) this.seeded.clear();
      this.seeded.add(dayKey);
      const ttl = Math.ceil((nextDay(now).getTime() - now.getTime()) / 1000) + 3600;
      const answer = Number(await this.unreachable(this.redis.budgetReserve(monthKey, dayKey, costLimit, requestLimit, micro, ttl, seed.spent, seed.requests)));
      return answer === 1 ? 'monthlyCost' : answer === 2 ? 'dailyRequests' : undefined;
    }
    const counters = await this.read(userId, now);
    if (costLimit >= 0 && counters.spent + counters.reserved >= costLimit) return 'monthlyCost';
    if (requestLimit >= 0 && counters.requests >= requestLimit) return 'dailyRequests';
    counters.reserved += micro;
    counters.requests += 1;
    return undefined;
  }

  private async untake(userId: string, micro: number): Promise<void> {
    const now = new Date();
    if (this.redis) {
      const [monthKey, dayKey] = this.key(userId, now);
      await Promise.all([this.redis.hincrby(monthKey, 'reserved', -micro), this.redis.decr(dayKey)]).catch((error: Error) => this.logger.warn(`Budget reservation not given back: ${error.message}`));
      return;
    }
    const counters = this.memory.get(userId);
    if (counters && counters.month === monthOf(now)) Object.assign(counters, { reserved: Math.max(0, counters.reserved - micro), requests: Math.max(0, counters.requests - 1) });
  }

  private async adjust(userId: string, deltaMicro: number): Promise<void> {
    const now = new Date();
    if (this.redis) {
      await this.redis.hincrby(this.key(userId, now)[0], 'reserved', deltaMicro).catch((error: Error) => this.logger.warn(`Budget reservation not settled: ${error.message}`));
      return;
    }
    const counters = this.memory.get(userId);
    if (counters && counters.month === monthOf(now)) counters.reserved = Math.max(0, counters.reserved + deltaMicro);
  }

  /** The ledger recorded a cost: it moves to spent (out of reserved when a reservation held it). */
  private recorded(userId: string, cost: number, reserved: boolean): void {
    const micro = Math.ceil(cost * MICRO);
    if (!micro) return;
    const now = new Date();
    if (this.redis) {
      void this.redis.budgetSettle(this.key(userId, now)[0], micro, reserved ? micro : 0).catch((error: Error) => this.logger.warn(`Budget spending not counted: ${error.message}`));
      return;
    }
    const counters = this.memory.get(userId);
    if (!counters || counters.month !== monthOf(now)) return; // seeded from the ledger when next needed
    counters.spent += micro;
    if (reserved) counters.reserved = Math.max(0, counters.reserved - micro);
  }

  /** The counters of this month and day (seeded from the ledger on first use). */
  private async read(userId: string, now: Date): Promise<Counters> {
    if (this.redis) {
      const [monthKey, dayKey] = this.key(userId, now);
      const [month, requests] = await this.unreachable(Promise.all([this.redis.hgetall(monthKey), this.redis.get(dayKey)]));
      if (month['spent'] === undefined || requests === null) {
        const seed = await this.seed(userId, now);
        return { month: monthOf(now), spent: Number(month['spent'] ?? seed.spent), reserved: Number(month['reserved'] ?? 0), day: dayOf(now), requests: Number(requests ?? seed.requests) };
      }
      return { month: monthOf(now), spent: Number(month['spent']), reserved: Number(month['reserved'] ?? 0), day: dayOf(now), requests: Number(requests) };
    }
    const counters = this.memory.get(userId);
    if (counters && counters.month === monthOf(now)) {
      if (counters.day !== dayOf(now)) Object.assign(counters, { day: dayOf(now), requests: 0 });
      return counters;
    }
    let seeding = this.seeding.get(userId);
    if (!seeding) {
      seeding = this.seed(userId, now).then((seed) => {
        const fresh = { month: monthOf(now), spent: seed.spent, reserved: 0, day: dayOf(now), requests: seed.requests };
        this.memory.set(userId, fresh);
        return fresh;
      });
      seeding.finally(() => this.seeding.delete(userId)).catch(() => undefined);
      this.seeding.set(userId, seeding);
    }
    return seeding;
  }

  /**
   * A Redis command of the gate, or a 503 naming the cause when Redis cannot be reached: budgets fail
   * closed (see docs/architecture.md "Budgets when Redis is down"). Only users with a limit meet it.
   */
  private async unreachable<T>(command: Promise<T>): Promise<T> {
    try {
      return await command;
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      this.logger.error(`Budgets refused a request: Redis is unreachable (${cause})`);
      throw new DomainError('unavailable', AiErrorCode.BUDGETS_UNAVAILABLE, 'Your budget cannot be checked now: the budget counter store (Redis) is unreachable. Requests with a budget are refused until it is back; try again shortly', undefined, { store: 'redis' });
    }
  }

  /** The month's cost and the day's calls, from the ledger: once per user and period. */
  private async seed(userId: string, now: Date): Promise<{ spent: number; requests: number }> {
    const [month, day] = await Promise.all([this.usage.totalsByOwner([userId], monthStart(now)), this.usage.totalsByOwner([userId], dayStart(now))]);
    return { spent: Math.ceil((month.get(userId)?.cost ?? 0) * MICRO), requests: day.get(userId)?.calls ?? 0 };
  }
}
