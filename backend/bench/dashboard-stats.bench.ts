/**
 * Dashboard figures benchmark (issue 28, "Performance"): how long `GET /api/dashboard/stats` and
 * `GET /api/dashboard/usage?days=30` take over HTTP for a user with a large history, on PostgreSQL.
 * Target: stats p99 ≤ 50 ms with 10,000 conversations and 100,000 usage records. See
 * docs/performance.md ("Dashboard").
 *
 *   npm run bench:dashboard-stats -- [options]      (builds the backend first)
 *
 * Options: --conversations 10000   --messages 2 (per conversation)   --usage 100000 (ledger rows)
 *          --days 365 (the history is spread evenly over this many days up to now)
 *          --samples 500 (timed requests per route)   --warmup 50   --postgres-url …
 *          --dist <dir>   --json <file>   --keep   --quick (1,000 / 10,000 / 100 samples)
 *
 * Webox runs from a snapshot of the build (`node dist/backend/main.js`) on a scratch database; the
 * user's rows are inserted with `generate_series` (one INSERT per table), the tables ANALYZEd, and
 * the EXPLAIN (ANALYZE, BUFFERS) of each query the routes run is written to the report. Requests
 * are sent one at a time (latency, not throughput), the client on the same machine.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { buildDescription, snapshotBuild } from './support/build-snapshot';
import { guardRun, parseFlags } from './support/run-guard';
import { distribution, ms, table, type Distribution } from './support/stats';
import { registerUser } from './support/stream-clients';
import { dropScratchDatabase, loopbackPostgresUrl, startWebox, type WeboxProcess } from './support/webox-process';

const ROOT = resolve(__dirname, '..', '..');
const RUN_TIMEOUT_MS = 60 * 60_000;
const PROVIDERS = ['openai', 'anthropic', 'google', 'local'];

interface Options {
  conversations: number;
  messages: number;
  usage: number;
  days: number;
  samples: number;
  warmup: number;
  postgresUrl: string;
  dist: string;
  json: string;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const { args, int } = parseFlags(argv);
  const quick = args.get('quick') === 'true';
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return {
    conversations: int('conversations', quick ? 1_000 : 10_000, 0, 10_000_000),
    messages: int('messages', 2, 0, 100),
    usage: int('usage', quick ? 10_000 : 100_000, 0, 100_000_000),
    days: int('days', 365, 1, 3_650),
    samples: int('samples', quick ? 100 : 500, 1, 100_000),
    warmup: int('warmup', quick ? 10 : 50, 0, 10_000),
    postgresUrl: loopbackPostgresUrl(args.get('postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres'),
    dist: resolve(args.get('dist') ?? join(ROOT, 'dist', 'backend')),
    json: args.get('json') ?? join(ROOT, 'backend', 'bench', 'results', `dashboard-stats-${stamp}.json`),
    keep: args.get('keep') === 'true',
  };
}

const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);

/** The user's history, spread evenly over `days` days up to now; every insert is one statement. */
async function seed(db: Client, userId: string, options: Options): Promise<Record<string, number>> {
  const started = performance.now();
  const spread = `now() - ((g % ${options.days}) * interval '1 day') - ((g % 86400) * interval '1 second')`;
  await db.query(
    `INSERT INTO conversations (id, owner_id, title, pinned, created_at, updated_at)
     SELECT gen_random_uuid(), $1, 'Bench conversation ' || g, false, ${spread}, ${spread} FROM generate_series(1, $2) g`,
    [userId, options.conversations],
  );
  if (options.messages > 0) {
    await db.query(
      `INSERT INTO chat_messages (conversation_id, owner_id, turn, role, position, content, status, model, provider, created_at)
       SELECT c.id, c.owner_id, 1 + (m / 2), CASE WHEN m % 2 = 0 THEN 'user' ELSE 'assistant' END, 0, 'Bench message ' || m,
              'complete', CASE WHEN m % 2 = 1 THEN 'openai/gpt-4o-mini' END, CASE WHEN m % 2 = 1 THEN 'openai' END, c.created_at
         FROM conversations c CROSS JOIN generate_series(0, $2 - 1) m WHERE c.owner_id = $1`,
      [userId, options.messages],
    );
  }
  await db.query(
    `INSERT INTO usage_records (owner_id, source, provider, model, input_tokens, output_tokens, cost, created_at)
     SELECT $1, 'chat', ($3::text[])[1 + g % ${PROVIDERS.length}], 'bench/model', 100 + g % 900, 50 + g % 400, ((g % 1000) / 100000.0)::numeric, ${spread}
       FROM generate_series(1, $2) g`,
    [userId, options.usage, PROVIDERS],
  );
  for (const name of ['conversations', 'chat_messages', 'usage_records', 'jobs', 'combination_runs', 'media_files']) await db.query(`ANALYZE ${name}`);
  const [counts] = (
    await db.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM conversations WHERE owner_id = $1) AS conversations, (SELECT count(*) FROM chat_messages WHERE owner_id = $1) AS messages,
              (SELECT count(*) FROM usage_records WHERE owner_id = $1) AS usage`,
      [userId],
    )
  ).rows;
  log(`seeded in ${ms(performance.now() - started)} ms: ${JSON.stringify(counts)}`);
  return Object.fromEntries(Object.entries(counts!).map(([key, value]) => [key, Number(value)]));
}

/** The plans of the routes' queries, as PostgreSQL runs them for this user (the same SQL as DashboardService). */
async function plans(db: Client, userId: string): Promise<Record<string, string>> {
  const now = new Date();
  const thisStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const lastStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString();
  const nextStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
  const params = [userId, thisStart, lastStart, nextStart];
  const count = (table: string) =>
    `SELECT COUNT(*) FILTER (WHERE created_at >= $2) AS cur, COUNT(*) FILTER (WHERE created_at < $2) AS prev FROM ${table} WHERE owner_id = $1 AND created_at >= $3 AND created_at < $4`;
  const queries: Record<string, [string, unknown[]]> = {
    conversations: [count('conversations'), params],
    messages: [count('chat_messages'), params],
    workflowRuns: [count('combination_runs'), params],
    ledger: [
      `SELECT provider, created_at >= $2 AS cur, COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cost) FROM usage_records WHERE owner_id = $1 AND created_at >= $3 AND created_at < $4 GROUP BY provider, created_at >= $2`,
      params,
    ],
    generations: [`SELECT name, created_at >= $2 AS cur, COUNT(*) FROM jobs WHERE owner_id = $1 AND created_at >= $3 AND created_at < $4 AND status = 'succeeded' AND name LIKE 'generation.%' GROUP BY name, created_at >= $2`, params],
    usagePerDay: [
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), provider, SUM(input_tokens + output_tokens), SUM(cost) FROM usage_records WHERE owner_id = $1 AND created_at >= $2 GROUP BY 1, 2`,
      [userId, new Date(Date.now() - 29 * 86_400_000).toISOString()],
    ],
  };
  const result: Record<string, string> = {};
  for (const [name, [sql, values]] of Object.entries(queries)) {
    const rows = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, values)).rows;
    result[name] = rows.map((row) => row['QUERY PLAN']).join('\n');
  }
  return result;
}

async function measure(url: string, token: string, samples: number, warmup: number): Promise<Distribution> {
  const once = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < warmup; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push(await once());
  return distribution(times);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const tempDir = mkdtempSync(join(tmpdir(), 'webox-bench-dashboard-'));
  let webox: WeboxProcess | undefined;
  const cleanup = async () => {
    await webox?.child.stop();
    if (webox && !options.keep) await dropScratchDatabase(webox);
    if (!options.keep) rmSync(tempDir, { recursive: true, force: true });
  };
  const disarm = guardRun(RUN_TIMEOUT_MS, cleanup, log);
  try {
    const appDir = snapshotBuild(ROOT, options.dist, tempDir);
    webox = await startWebox({ db: 'postgres', appDir, tempDir, postgresUrl: options.postgresUrl, env: {}, label: 'postgres' });
    log(`Webox on ${webox.url} (started in ${ms(webox.startupMs)} ms)`);
    const token = await registerUser(webox.url);
    const me = (await (await fetch(`${webox.url}/api/profile`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string };
    const db = new Client({ connectionString: webox.databaseUrl });
    await db.connect();
    let seeded: Record<string, number>;
    let explained: Record<string, string>;
    try {
      seeded = await seed(db, me.id, options);
      explained = await plans(db, me.id);
    } finally {
      await db.end();
    }
    const stats = await measure(`${webox.url}/api/dashboard/stats`, token, options.samples, options.warmup);
    const usage = await measure(`${webox.url}/api/dashboard/usage?days=30`, token, options.samples, options.warmup);
    const row = (name: string, d: Distribution) => [name, String(d.n), ms(d.min), ms(d.p50), ms(d.p90), ms(d.p99), ms(d.max)];
    console.log(`\nDashboard over HTTP, one user with ${JSON.stringify(seeded)} (PostgreSQL)\n`);
    console.log(table(['route', 'n', 'min', 'p50', 'p90', 'p99', 'max'], [row('GET /api/dashboard/stats', stats), row('GET /api/dashboard/usage?days=30', usage)]));
    console.log(`\nstats p99 ${ms(stats.p99)} ms (target ≤ 50 ms): ${stats.p99 <= 50 ? 'met' : 'NOT met'}`);
    mkdirSync(dirname(options.json), { recursive: true });
    writeFileSync(options.json, `${JSON.stringify({ options, seeded, code: buildDescription(ROOT, options.dist), stats, usage, plans: explained }, null, 2)}\n`);
    log(`report: ${options.json}`);
  } finally {
    disarm();
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
