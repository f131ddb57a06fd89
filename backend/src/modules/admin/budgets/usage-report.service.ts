import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UsageRecord } from '../../../ai/usage-record.entity';
import { UsageService } from '../../../ai/usage.service';
import { DomainError } from '../../../common/domain-error';
import { CommonErrorCode } from '../../../common/error-codes';
import { UsageReportDto, UsageReportQueryDto, UsageReportRowDto } from './dto/budgets.dto';

const MAX_ROWS = 1000;
const CSV_HEADER = ['user_id', 'email', 'provider', 'model', 'calls', 'input_tokens', 'output_tokens', 'cost_usd'];

/**
 * A cell as a spreadsheet may read it: quoted when it holds a comma, quote or line break, and
 * prefixed with `'` when it starts with = + - @ (or a tab or carriage return), so that a model id
 * or an address such as `=HYPERLINK(...)` is shown as text and never run as a formula.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface ReportRow {
  owner_id: string;
  email: string | null;
  provider: string;
  model: string;
  calls: string;
  input_tokens: string;
  output_tokens: string;
  cost: string;
}

/** Tokens and cost by user, provider and model over a period, from the usage ledger (admins only). */
@Injectable()
export class UsageReportService {
  constructor(
    @InjectRepository(UsageRecord) private readonly records: Repository<UsageRecord>,
    private readonly usage: UsageService,
  ) {}

  async report(query: UsageReportQueryDto): Promise<UsageReportDto> {
    const { from, to } = period(query);
    const rows = (await this.rows(from, to, MAX_ROWS + 1)).map(toRow);
    const kept = rows.slice(0, MAX_ROWS);
    const totals = (await this.records.query(
      `SELECT count(*) AS calls, COALESCE(sum(input_tokens), 0) AS input_tokens, COALESCE(sum(output_tokens), 0) AS output_tokens, COALESCE(sum(cost), 0) AS cost
         FROM usage_records WHERE created_at >= $1 AND created_at <= $2`,
      [from, to],
    )) as Array<{ calls: string; input_tokens: string; output_tokens: string; cost: string }>;
    const total = totals[0]!;
    return { from, to, rows: kept, truncated: rows.length > MAX_ROWS, totals: { calls: Number(total.calls), inputTokens: Number(total.input_tokens), outputTokens: Number(total.output_tokens), cost: Number(total.cost) } };
  }

  /** The whole report as CSV (every row), streamed; its file name names the period. */
  async csv(query: UsageReportQueryDto): Promise<{ filename: string; body: Readable }> {
    const { from, to } = period(query);
    const rows = await this.rows(from, to);
    const lines = function* () {
      yield `${CSV_HEADER.join(',')}\r\n`;
      for (const row of rows.map(toRow)) yield `${[row.userId, row.email, row.provider, row.model, row.calls, row.inputTokens, row.outputTokens, row.cost].map(csvCell).join(',')}\r\n`;
    };
    return { filename: `webox-usage-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv`, body: Readable.from(lines()) };
  }

  private async rows(from: Date, to: Date, limit?: number): Promise<ReportRow[]> {
    await this.usage.flush();
    return (await this.records.query(
      `SELECT r.owner_id, u.email, r.provider, r.model, count(*) AS calls, sum(r.input_tokens) AS input_tokens, sum(r.output_tokens) AS output_tokens, sum(r.cost) AS cost
         FROM usage_records r LEFT JOIN users u ON u.id = r.owner_id
        WHERE r.created_at >= $1 AND r.created_at <= $2
        GROUP BY r.owner_id, u.email, r.provider, r.model
        ORDER BY sum(r.cost) DESC, u.email, r.model${limit ? ` LIMIT ${Number(limit)}` : ''}`,
      [from, to],
    )) as ReportRow[];
  }
}

function toRow(row: ReportRow): UsageReportRowDto {
  return { userId: row.owner_id, email: row.email ?? '', provider: row.provider, model: row.model, calls: Number(row.calls), inputTokens: Number(row.input_tokens), outputTokens: Number(row.output_tokens), cost: Number(row.cost) };
}

function period(query: UsageReportQueryDto): { from: Date; to: Date } {
  const now = new Date();
  const from = query.from ? new Date(query.from) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = query.to ? new Date(query.to) : now;
  if (from > to) throw new DomainError('invalid', CommonErrorCode.VALIDATION_FAILED, 'from must be before to', [{ field: 'from', message: 'from must be before to' }]);
  return { from, to };
}
