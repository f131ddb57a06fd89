import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** Up to this many rows a list's `total` is counted exactly; past it, the planner's estimate stands in. */
export const EXACT_COUNT_LIMIT = 1_000;

/**
 * How many rows the builder's query finds, for a page's `total`: counted exactly up to
 * `EXACT_COUNT_LIMIT` (a count that stops there, so it reads at most that many rows), and past
 * it the planner's estimate of the query (`EXPLAIN`, no rows read), never less than the limit.
 * A `COUNT(*)` of 100,000 rows is tens of milliseconds; a list says "about 9,900" as well.
 */
export async function countUpTo<T extends ObjectLiteral>(builder: SelectQueryBuilder<T>, limit = EXACT_COUNT_LIMIT): Promise<number> {
  const unordered = builder.clone().select('1').orderBy().offset(undefined).limit(undefined).skip(undefined).take(undefined);
  const [sql, parameters] = unordered.getQueryAndParameters();
  const rows: Array<{ n: string | number }> = await builder.connection.query(`SELECT count(*) AS n FROM (${sql} LIMIT ${limit + 1}) AS counted`, parameters);
  const exact = Number(rows[0]?.n ?? 0);
  if (exact <= limit) return exact;
  return Math.max(limit + 1, await plannedRows(builder, sql, parameters));
}

/** The planner's estimate of the rows a query returns (its top plan node's `Plan Rows`). */
export async function plannedRows<T extends ObjectLiteral>(builder: SelectQueryBuilder<T>, sql: string, parameters: unknown[]): Promise<number> {
  const rows: Array<{ 'QUERY PLAN': unknown }> = await builder.connection.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters);
  const raw = rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan?: { 'Plan Rows'?: number } }>;
  return Math.round(plan[0]?.Plan?.['Plan Rows'] ?? 0);
}

/**
 * A page's total from a count that may be an estimate: a page shorter than asked is the last one,
 * so the total is exact there; a full page says at least the rows up to its end. A page asked past
 * the end (none found) is rare and counted exactly: an estimate may say more or fewer than there are.
 */
export async function totalOf<T extends ObjectLiteral>(builder: SelectQueryBuilder<T>, counted: number, skip: number, take: number, rows: number, exact = counted <= EXACT_COUNT_LIMIT): Promise<number> {
  if (rows < take && (rows > 0 || skip === 0)) return skip + rows;
  if (rows) return Math.max(counted, skip + rows);
  return exact ? counted : builder.getCount();
}

/** The smallest match count (by estimate) that `walkBeats` weighs at all: below it every match is ranked. */
export const RANKED_MATCHES = 300;

/**
 * Whether a page of a search is found sooner by walking the list's own order (an index) with the
 * match as a filter than by gathering every match from the text index: the walk reads about
 * `limit × listed / matches` rows, the gathering reads each of `matches` rows and then sorts and
 * ranks them, which costs about twice as much per row (measured by buffers on the catalog's and the
 * blog's benchmarks, docs/performance.md). So `limit × listed / matches ≤ 2 × matches`: at 100,000
 * rows and 20 a page, from 1,000 matches. Only past `RANKED_MATCHES`, where ranking all of them
 * stops anyway. Decided on the page size, not the page, so every page of a search orders the same.
 */
export function walkBeats(matches: number, listed: number, limit: number): boolean {
  return matches > RANKED_MATCHES && 2 * matches * matches >= limit * listed;
}
