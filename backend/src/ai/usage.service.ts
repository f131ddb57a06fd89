import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { TokenUsage } from './capabilities';
import { ModelInfo, tokenCost, TokenPrice } from './models';
import { UsageRecord, UsageSource } from './usage-record.entity';

/** A chat or embedding model: what the ledger needs to price and file a call. */
type PricedByTokens = Pick<ModelInfo, 'id' | 'provider'> & { price: TokenPrice };

export interface UsageRow {
  provider: string;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

export interface UsageSummary {
  from: Date;
  to: Date;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  byModel: UsageRow[];
}

export interface OwnerUsage {
  calls: number;
  tokens: number;
  cost: number;
}

export type UsageListener = (ownerId: string, cost: number, reserved: boolean) => void;

type PendingRecord = Pick<UsageRecord, 'ownerId' | 'source' | 'provider' | 'model' | 'inputTokens' | 'outputTokens' | 'cost' | 'createdAt'>;

/** How long a recorded call may wait in memory before its row is written: what a `kill -9` can lose. */
export const USAGE_FLUSH_INTERVAL_MS = 200;
/** A batch this size is written at once, without waiting for the interval. */
const USAGE_BATCH_SIZE = 500;
/** While the database refuses the rows, keep at most this many in memory (the oldest are dropped first, and logged). */
const USAGE_MAX_PENDING = 50_000;

/**
 * The ledger of model usage: every chat reply, API call, job and embedding adds a row.
 *
 * Rows are written in batches off the request path: `record` prices the call and queues its row,
 * which reaches the database within `USAGE_FLUSH_INTERVAL_MS` (one multi-row INSERT for every call
 * of that window). Reads flush first, so a summary always counts every call this process answered;
 * a clean shutdown flushes the rest; a failed write is retried with the next batch. Only a process
 * killed outright loses the calls of its last interval (docs/architecture.md).
 */
@Injectable()
export class UsageService implements OnApplicationShutdown {
  private readonly logger = new Logger(UsageService.name);
  private pending: PendingRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Past shutdown, nothing waits for a timer: a call that ends during the grace period is written at once. */
  private closing = false;
  private readonly listeners: UsageListener[] = [];

  constructor(@InjectRepository(UsageRecord) private readonly records: Repository<UsageRecord>) {}

  /** Records a call and returns its cost in US dollars. The row is written shortly after (see the class). */
  async record(ownerId: string, source: UsageSource, model: PricedByTokens, usage: TokenUsage): Promise<number> {
    const cost = tokenCost(model, usage);
    // A chat model's call was reserved against its budget (BudgetGate); an embedding's was not.
    this.tell(ownerId, cost, source !== 'knowledge');
    this.queue({ ownerId, source, provider: model.provider, model: model.id, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cost, createdAt: new Date() });
    return cost;
  }

  /** Records a generation output priced per image, second or character (no tokens). */
  async recordCost(ownerId: string, provider: string, modelId: string, cost: number): Promise<void> {
    this.tell(ownerId, cost, false);
    this.queue({ ownerId, source: 'generation', provider, model: modelId, inputTokens: 0, outputTokens: 0, cost, createdAt: new Date() });
  }

  /** Records an embedding call (input tokens only, source `knowledge`) and returns its cost. */
  recordEmbedding(ownerId: string, model: PricedByTokens, inputTokens: number): Promise<number> {
    return this.record(ownerId, 'knowledge', model, { inputTokens, outputTokens: 0 });
  }

  async summarize(ownerId: string, from: Date, to: Date): Promise<UsageSummary> {
    await this.flush();
    const rows: Array<{ provider: string; model: string; calls: string; input_tokens: string; output_tokens: string; cost: string }> = await this.records.query(
      `SELECT provider, model, count(*) AS calls, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cost) AS cost
         FROM usage_records WHERE owner_id = $1 AND created_at >= $2 AND created_at <= $3
        GROUP BY provider, model ORDER BY sum(cost) DESC, model`,
      [ownerId, from, to],
    );
    const byModel = rows.map((row) => ({ provider: row.provider, model: row.model, calls: Number(row.calls), inputTokens: Number(row.input_tokens), outputTokens: Number(row.output_tokens), cost: Number(row.cost) }));
    const total = (pick: (row: UsageRow) => number) => byModel.reduce((sum, row) => sum + pick(row), 0);
    return { from, to, calls: total((r) => r.calls), inputTokens: total((r) => r.inputTokens), outputTokens: total((r) => r.outputTokens), cost: total((r) => r.cost), byModel };
  }

  /** Calls, tokens and cost since `from`, per owner (the admin's list of users). */
  async totalsByOwner(ownerIds: readonly string[], from: Date): Promise<Map<string, OwnerUsage>> {
    if (!ownerIds.length) return new Map();
    await this.flush();
    const rows: Array<{ owner_id: string; calls: string; tokens: string; cost: string }> = await this.records.query(
      `SELECT owner_id, count(*) AS calls, sum(input_tokens + output_tokens) AS tokens, sum(cost) AS cost
         FROM usage_records WHERE owner_id = ANY($1::uuid[]) AND created_at >= $2 GROUP BY owner_id`,
      [ownerIds, from],
    );
    return new Map(rows.map((row) => [row.owner_id, { calls: Number(row.calls), tokens: Number(row.tokens), cost: Number(row.cost) }]));
  }

  /** Writes every queued row now (and waits for a write already under way). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.flush();
  }

  /** Told of every cost as it is recorded (the budget counters); `reserved`: a reservation held it until now. */
  onRecorded(listener: UsageListener): void {
    this.listeners.push(listener);
  }

  private tell(ownerId: string, cost: number, reserved: boolean): void {
    for (const listener of this.listeners) listener(ownerId, cost, reserved);
  }

  private queue(row: PendingRecord): void {
    this.pending.push(row);
    if (this.closing || this.pending.length >= USAGE_BATCH_SIZE) void this.flush();
    // unref: a pending write never keeps a finished process alive; shutdown flushes it instead.
    else this.timer ??= setTimeout(() => void this.flush(), USAGE_FLUSH_INTERVAL_MS).unref();
  }

  private async writePending(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.slice(0, USAGE_BATCH_SIZE);
      try {
        await this.records.insert(batch);
      } catch (error) {
        // Keep the rows for the next attempt: a database that is briefly away loses nothing.
        const dropped = Math.max(0, this.pending.length - USAGE_MAX_PENDING);
        if (dropped) this.pending.splice(0, dropped);
        this.logger.error(`Usage rows not written (${this.pending.length} kept for the next attempt${dropped ? `, ${dropped} oldest dropped` : ''}): ${error instanceof Error ? error.message : String(error)}`);
        this.timer ??= setTimeout(() => void this.flush(), USAGE_FLUSH_INTERVAL_MS * 5).unref();
        return;
      }
      this.pending.splice(0, batch.length);
    }
  }
}
