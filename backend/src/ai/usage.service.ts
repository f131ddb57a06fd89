import { Injectable } from '@nestjs/common';
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

/** The ledger of model usage: every chat reply, API call (and later job) adds a row. */
@Injectable()
export class UsageService {
  constructor(@InjectRepository(UsageRecord) private readonly records: Repository<UsageRecord>) {}

  /** Records a call and returns its cost in US dollars. */
  async record(ownerId: string, source: UsageSource, model: PricedByTokens, usage: TokenUsage): Promise<number> {
    const cost = tokenCost(model, usage);
    await this.records.insert({ ownerId, source, provider: model.provider, model: model.id, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cost });
    return cost;
  }

  /** Records a generation output priced per image, second or character (no tokens). */
  async recordCost(ownerId: string, provider: string, modelId: string, cost: number): Promise<void> {
    await this.records.insert({ ownerId, source: 'generation', provider, model: modelId, inputTokens: 0, outputTokens: 0, cost });
  }

  /** Records an embedding call (input tokens only, source `knowledge`) and returns its cost. */
  recordEmbedding(ownerId: string, model: PricedByTokens, inputTokens: number): Promise<number> {
    return this.record(ownerId, 'knowledge', model, { inputTokens, outputTokens: 0 });
  }

  async summarize(ownerId: string, from: Date, to: Date): Promise<UsageSummary> {
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
}
