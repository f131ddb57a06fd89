/**
 * Combinations engine benchmark (issue 25, "Performance"): what the workflow engine adds to each
 * step when the model answers at once. Three processes on loopback, as the gateway benchmark:
 * this client, the zero-latency OpenAI-compatible upstream (`support/fast-upstream.ts`) and Webox
 * (`node dist/backend/main.js`) with `OPENAI_BASE_URL` pointed at it. See docs/performance.md
 * ("Combinations engine").
 *
 *   npm run bench:combinations -- [options]      (builds the backend first)
 *
 * Options: --db pglite,postgres   --chains 20 (5-step runs measured)   --groups 20 (parallel runs)
 *          --concurrent 100   --upstream-samples 50   --postgres-url …   --redis-url …
 *          --follow socket|poll (how a measured run is followed: its `combination.run` events, as the
 *            dashboard does, or GET every 20 ms as before the fifth round; default socket)
 *          --dist <dir>   --json <file>   --keep   --quick   --cpu-prof (Webox under `node --cpu-prof`; profiles kept)
 *
 * - Chain: a 5-step `text` chain (each step's prompt is the previous output). Per-step overhead =
 *   (run duration − 5 × the upstream's round trip) / 5, the round trip being the median of the
 *   same streamed request made directly to the upstream with the openai SDK. Also shown: the
 *   engine's own gaps (run duration − the sum of the steps' measured durations) per step.
 * - Parallel: 4 `text` steps in one parallel group, then a `merge`. Added = (the merge step's
 *   start − the first branch's start) − the slowest branch's duration.
 * - Concurrent: `--concurrent` chains started at once (one user, `WEBOX_JOBS_PER_USER` as high;
 *   the queue's worker runs 2 jobs at a time per process, so they queue); every one must succeed.
 *   One poller follows them, one request at a time.
 * Run durations are Webox's own `startedAt`/`finishedAt` (ms), so the following does not count in
 * them; but a poll is work for the same process, so by default the chains and groups are followed
 * over the socket and read once at their end. The chain phase also counts, per step, Webox's CPU
 * time (PGlite included, in its process) and, on PostgreSQL, the database's CPU time and the
 * transactions it committed (`pg_stat_database`: each statement outside a transaction is one): the
 * figures that a loaded machine does not move much.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { processCpuMs } from './support/child-process';
import { matchingProcessesCpuMs } from './support/cpu-meter';
import { type UpstreamControl } from './support/fast-upstream';
import { removeScratch, runAgainstUpstream, writeReport } from './support/upstream-bench';
import { parseFlags } from './support/run-guard';
import { distribution, ms, table, type Distribution } from './support/stats';
import { registerUser, streamDirect } from './support/stream-clients';
import { dropScratchDatabase, loopbackPostgresUrl, startWebox, type DbMode, type WeboxProcess } from './support/webox-process';

const ROOT = resolve(__dirname, '..', '..');
const WEBOX_KEY = 'bench-webox-key';
const DIRECT_KEY = 'bench-direct-key';
const WEBOX_MODEL = 'openai/gpt-4o-mini';
const VENDOR_MODEL = 'gpt-4o-mini';
const RUN_TIMEOUT_MS = 30 * 60_000;

interface Options {
  dbs: DbMode[];
  chains: number;
  groups: number;
  concurrent: number;
  upstreamSamples: number;
  postgresUrl: string;
  redisUrl: string;
  dist: string;
  json: string;
  keep: boolean;
  cpuProf: boolean;
  follow: 'socket' | 'poll';
}

function parseOptions(argv: string[]): Options {
  const { args, int } = parseFlags(argv);
  const quick = args.get('quick') === 'true';
  const dbs = (args.get('db') ?? 'pglite,postgres').split(',').map((db) => db.trim());
  for (const db of dbs) if (db !== 'pglite' && db !== 'postgres') throw new Error(`--db takes pglite and/or postgres, not ${db}`);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return {
    dbs: dbs as DbMode[],
    chains: int('chains', quick ? 5 : 20, 1, 1_000),
    groups: int('groups', quick ? 5 : 20, 1, 1_000),
    concurrent: int('concurrent', 100, 1, 1_000),
    upstreamSamples: int('upstream-samples', quick ? 10 : 50, 1, 5_000),
    postgresUrl: loopbackPostgresUrl(args.get('postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres'),
    redisUrl: args.get('redis-url') ?? 'redis://127.0.0.1:6379',
    dist: resolve(args.get('dist') ?? join(ROOT, 'dist', 'backend')),
    json: args.get('json') ?? join(ROOT, 'backend', 'bench', 'results', `combinations-${stamp}.json`),
    keep: args.get('keep') === 'true',
    cpuProf: args.get('cpu-prof') === 'true',
    follow: follow(args.get('follow') ?? 'socket'),
  };
}

function follow(value: string): Options['follow'] {
  if (value !== 'socket' && value !== 'poll') throw new Error(`--follow takes socket or poll, not ${value}`);
  return value;
}

const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);

// ---------------------------------------------------------------------------------------------
// Workflows and runs

const CHAIN = {
  name: 'Bench chain',
  inputs: [{ name: 'topic', type: 'text', required: true }],
  steps: Array.from({ length: 5 }, (_, index) => ({ id: `s${index + 1}`, kind: 'text', model: WEBOX_MODEL, prompt: index === 0 ? 'Write about {{inputs.topic}}' : 'Go on from: {{input}}' })),
};

const PARALLEL = {
  name: 'Bench parallel',
  inputs: [{ name: 'topic', type: 'text', required: true }],
  steps: [
    ...Array.from({ length: 4 }, (_, index) => ({ id: `b${index + 1}`, kind: 'text', model: WEBOX_MODEL, parallelGroup: 'panel', prompt: `Branch ${index + 1}: {{inputs.topic}}` })),
    { id: 'merged', kind: 'merge', model: WEBOX_MODEL, prompt: 'Merge these answers.' },
  ],
};

interface RunStep {
  stepId: string;
  status: string;
  durationMs: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}
interface Run {
  id: string;
  status: string;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  steps: RunStep[];
}

async function api<T>(webox: WeboxProcess, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${webox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function execute(webox: WeboxProcess, token: string, workflow: unknown): Promise<string> {
  const { status, body } = await api<{ id?: string }>(webox, token, 'POST', '/api/combinations/execute', { workflow, inputs: { topic: 'rivers' } });
  if (status !== 202 || !body.id) throw new Error(`POST /api/combinations/execute answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body.id;
}

/** Polls a run until it ends (its figures are Webox's own timestamps, so the polling interval does not count). */
async function finished(webox: WeboxProcess, token: string, id: string, everyMs: number, timeoutMs = 120_000): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await api<Run>(webox, token, 'GET', `/api/combinations/runs/${id}`);
    if (status !== 200) throw new Error(`GET run ${id} answered ${status}`);
    if (['succeeded', 'failed', 'cancelled'].includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`run ${id} still ${body.status} after ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** The runs' ends as the owner's socket hears them (`combination.run`), kept by run id: an end can arrive before the POST answers. */
class RunWatcher {
  private readonly ended = new Map<string, string>();
  private readonly waiters = new Map<string, () => void>();

  private constructor(private readonly socket: Socket) {
    socket.on('combination.run', (event: { runId: string; status: string }) => {
      if (!['succeeded', 'failed', 'cancelled'].includes(event.status)) return;
      this.ended.set(event.runId, event.status);
      this.waiters.get(event.runId)?.();
    });
  }

  static connect(baseUrl: string, token: string): Promise<RunWatcher> {
    const socket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, timeout: 15_000 });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new RunWatcher(socket)));
      socket.once('connect_error', (error) => {
        socket.close();
        reject(new Error(`socket refused: ${error.message}`));
      });
    });
  }

  /** Resolves when the run's end has been announced. */
  end(id: string, timeoutMs: number): Promise<void> {
    if (this.ended.has(id)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new Error(`run ${id} did not end within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(id, () => {
        clearTimeout(timer);
        this.waiters.delete(id);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** Starts a run and follows it to its end: over the socket then one GET, or (`--follow poll`) a GET every 20 ms. */
async function measured(webox: WeboxProcess, token: string, workflow: unknown, watcher: RunWatcher | undefined): Promise<Run> {
  const id = await execute(webox, token, workflow);
  if (!watcher) return finished(webox, token, id, 20);
  await watcher.end(id, 120_000);
  return finished(webox, token, id, 20);
}

/**
 * Transactions committed in one database, from `pg_stat_database`. Other backends report theirs when
 * they go idle, at most once a second and at the latest 10 s after (PostgreSQL 15), so this waits 11 s first.
 */
async function committed(adminUrl: string, database: string): Promise<number> {
  await sleep(11_000);
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1', [database]);
    return Number(rows[0]?.n ?? Number.NaN);
  } finally {
    await client.end();
  }
}

const sumOf = (values: Map<number, number>) => [...values.values()].reduce((sum, value) => sum + value, 0);

/**
 * Follows many runs with one request in flight at a time: a poller per run (100 runs, 4 polls a
 * second each) would load Webox more than the runs do, and measure that instead.
 */
async function followAll(webox: WeboxProcess, token: string, ids: string[], timeoutMs: number): Promise<Run[]> {
  const done = new Map<string, Run>();
  const deadline = Date.now() + timeoutMs;
  while (done.size < ids.length) {
    if (Date.now() > deadline) {
      for (const id of ids) if (!done.has(id)) done.set(id, { id, status: 'lost', error: `not finished after ${timeoutMs} ms`, startedAt: null, finishedAt: null, steps: [] });
      break;
    }
    for (const id of ids) {
      if (done.has(id)) continue;
      const { status, body } = await api<Run>(webox, token, 'GET', `/api/combinations/runs/${id}`);
      if (status !== 200) throw new Error(`GET run ${id} answered ${status}`);
      if (['succeeded', 'failed', 'cancelled'].includes(body.status)) done.set(id, body);
      // Runs finish in about the order they were queued: stop at the first one still going.
      else break;
    }
    await sleep(500);
  }
  return ids.map((id) => done.get(id)!);
}

const time = (at: string | null) => (at ? Date.parse(at) : Number.NaN);
const runMs = (run: Run) => time(run.finishedAt) - time(run.startedAt);

// ---------------------------------------------------------------------------------------------

interface ModeResult {
  db: DbMode;
  upstreamMs?: Distribution;
  chain?: {
    runMs: Distribution;
    overheadPerStepMs: Distribution;
    engineGapPerStepMs: Distribution;
    failed: number;
    /** Means over the chain phase (the runs' start and end included, and each run's POST and final GET): CPU ms, and committed transactions (PostgreSQL). */
    perStep: { weboxCpuMs: number; databaseCpuMs: number; transactions: number };
  };
  parallel?: { slowestBranchMs: Distribution; groupMs: Distribution; addedMs: Distribution; failed: number };
  concurrent?: { runs: number; succeeded: number; errors: string[]; wallMs: number; runMs: Distribution };
  error?: string;
}

async function runMode(db: DbMode, options: Options, appDir: string, tempDir: string, upstream: UpstreamControl, running: { webox?: WeboxProcess }): Promise<ModeResult> {
  const result: ModeResult = { db };
  const env = { OPENAI_API_KEY: WEBOX_KEY, OPENAI_BASE_URL: upstream.baseUrl, WEBOX_JOBS_PER_USER: String(options.concurrent), ...(db === 'postgres' ? { REDIS_URL: options.redisUrl } : {}) };
  const webox = await startWebox({ db, appDir, tempDir, postgresUrl: options.postgresUrl, env, label: db, cpuProf: options.cpuProf });
  running.webox = webox;
  log(`[${db}] Webox up on ${webox.url} in ${ms(webox.startupMs)} ms`);
  try {
    await upstream.set({ firstTokenMs: 0, tokenIntervalMs: 0 });
    const token = await registerUser(webox.url);

    // The upstream's round trip, as a step's model call makes it (streamed, through the openai SDK).
    const direct: number[] = [];
    for (let i = 0; i < options.upstreamSamples + 5; i++) {
      const sample = await streamDirect(upstream.baseUrl, DIRECT_KEY, VENDOR_MODEL, 'Write about rivers', 30_000);
      if (!sample.ok) throw new Error(`direct call failed: ${sample.error}`);
      if (i >= 5) direct.push(sample.endedAt - sample.sentAt);
    }
    result.upstreamMs = distribution(direct);
    const upstreamMs = result.upstreamMs.p50;
    log(`[${db}] upstream round trip p50 ${ms(upstreamMs)} ms`);

    const watcher = options.follow === 'socket' ? await RunWatcher.connect(webox.url, token) : undefined;
    // Warm-up: connections, JIT, the first job of the queue.
    for (let i = 0; i < 3; i++) await measured(webox, token, CHAIN, watcher);

    const chainRuns: number[] = [];
    const overhead: number[] = [];
    const gaps: number[] = [];
    let chainFailed = 0;
    const database = webox.database;
    const transactionsBefore = database ? await committed(database.adminUrl, database.name) : Number.NaN;
    const cpuBefore = { webox: processCpuMs(webox.child.pid), database: database ? matchingProcessesCpuMs(` ${database.name} `) : new Map<number, number>() };
    for (let i = 0; i < options.chains; i++) {
      const run = await measured(webox, token, CHAIN, watcher);
      if (run.status !== 'succeeded') {
        chainFailed++;
        continue;
      }
      const total = runMs(run);
      const stepsMs = run.steps.reduce((sum, step) => sum + (step.durationMs ?? 0), 0);
      chainRuns.push(total);
      overhead.push((total - run.steps.length * upstreamMs) / run.steps.length);
      gaps.push((total - stepsMs) / run.steps.length);
    }
    const steps = options.chains * CHAIN.steps.length;
    const weboxCpuMs = processCpuMs(webox.child.pid) - cpuBefore.webox;
    const databaseCpuMs = database ? sumOf(matchingProcessesCpuMs(` ${database.name} `)) - sumOf(cpuBefore.database) : Number.NaN;
    const transactions = database ? (await committed(database.adminUrl, database.name)) - transactionsBefore : Number.NaN;
    result.chain = {
      runMs: distribution(chainRuns),
      overheadPerStepMs: distribution(overhead),
      engineGapPerStepMs: distribution(gaps),
      failed: chainFailed,
      perStep: { weboxCpuMs: weboxCpuMs / steps, databaseCpuMs: databaseCpuMs / steps, transactions: transactions / steps },
    };
    log(`[${db}] chain: overhead per step p50 ${ms(result.chain.overheadPerStepMs.p50)} ms; per step ${ms(weboxCpuMs / steps)} ms of Webox CPU${database ? `, ${ms(databaseCpuMs / steps)} ms of PostgreSQL CPU, ${(transactions / steps).toFixed(1)} transactions` : ''}`);

    const slowest: number[] = [];
    const group: number[] = [];
    const added: number[] = [];
    let parallelFailed = 0;
    for (let i = 0; i < options.groups; i++) {
      const run = await measured(webox, token, PARALLEL, watcher);
      const branches = run.steps.filter((step) => step.stepId.startsWith('b'));
      const merge = run.steps.find((step) => step.stepId === 'merged');
      if (run.status !== 'succeeded' || !merge) {
        parallelFailed++;
        continue;
      }
      const slowestBranch = Math.max(...branches.map((step) => step.durationMs ?? 0));
      const groupMs = time(merge.startedAt) - Math.min(...branches.map((step) => time(step.startedAt)));
      slowest.push(slowestBranch);
      group.push(groupMs);
      added.push(groupMs - slowestBranch);
    }
    result.parallel = { slowestBranchMs: distribution(slowest), groupMs: distribution(group), addedMs: distribution(added), failed: parallelFailed };
    log(`[${db}] parallel: added p50 ${ms(result.parallel.addedMs.p50)} ms`);
    watcher?.close();

    const startedAt = performance.now();
    const ids = await Promise.all(Array.from({ length: options.concurrent }, () => execute(webox, token, CHAIN)));
    const runs = await followAll(webox, token, ids, 10 * 60_000);
    const errors = runs.filter((run) => run.status !== 'succeeded').map((run) => `${run.id}: ${run.status} ${run.error ?? ''}`.trim());
    result.concurrent = { runs: runs.length, succeeded: runs.length - errors.length, errors: errors.slice(0, 10), wallMs: performance.now() - startedAt, runMs: distribution(runs.filter((run) => run.status === 'succeeded').map(runMs)) };
    log(`[${db}] ${options.concurrent} concurrent: ${result.concurrent.succeeded} succeeded in ${ms(result.concurrent.wallMs)} ms`);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`[${db}] failed: ${result.error}`);
  } finally {
    await webox.child.stop();
    await dropScratchDatabase(webox).catch(() => undefined);
    running.webox = undefined;
  }
  return result;
}

function report(result: ModeResult): string {
  const parts = [`## ${result.db === 'pglite' ? 'Embedded (PGlite, in-process queue)' : 'Server (PostgreSQL, Redis queue)'}`, ''];
  if (result.error) parts.push(`**The run failed: ${result.error}**`, '');
  const row = (what: string, d: Distribution | undefined) => (d ? [what, String(d.n), ms(d.p50), ms(d.p90), ms(d.p99), ms(d.max)] : [what, '0', '–', '–', '–', '–']);
  parts.push(
    table(['figure (ms)', 'n', 'p50', 'p90', 'p99', 'max'], [
      row('upstream round trip (direct, streamed)', result.upstreamMs),
      row('5-step chain: run duration', result.chain?.runMs),
      row('5-step chain: overhead per step', result.chain?.overheadPerStepMs),
      row('5-step chain: engine gaps per step', result.chain?.engineGapPerStepMs),
      row('parallel: slowest branch', result.parallel?.slowestBranchMs),
      row('parallel: group (first start → merge start)', result.parallel?.groupMs),
      row('parallel: added over the slowest branch', result.parallel?.addedMs),
      row(`${result.concurrent?.runs ?? 0} concurrent chains: run duration`, result.concurrent?.runMs),
    ]),
  );
  const perStep = result.chain?.perStep;
  if (perStep)
    parts.push(
      '',
      `Per chain step (means over the chain phase, each run's POST and final read included): ${ms(perStep.weboxCpuMs)} ms of Webox CPU` +
        (Number.isFinite(perStep.transactions) ? `, ${ms(perStep.databaseCpuMs)} ms of PostgreSQL CPU, ${perStep.transactions.toFixed(1)} transactions committed.` : ' (PGlite: the database included).'),
    );
  if (result.concurrent) parts.push('', `${result.concurrent.runs} concurrent runs: ${result.concurrent.succeeded} succeeded in ${ms(result.concurrent.wallMs)} ms of wall time${result.concurrent.errors.length ? `; **errors**: ${result.concurrent.errors.join(' | ')}` : ', no error'}.`);
  if (result.chain?.failed || result.parallel?.failed) parts.push('', `**Failed runs: ${result.chain?.failed ?? 0} chains, ${result.parallel?.failed ?? 0} parallel.**`);
  return parts.join('\n');
}

function targets(results: ModeResult[]): string {
  const cell = (value: number | undefined, met: (v: number) => boolean, unit = ' ms') => (value === undefined || !Number.isFinite(value) ? '–' : `${unit === ' ms' ? ms(value) : value}${unit} ${met(value) ? '(met)' : '(**missed**)'}`);
  return table(['target', 'floor', ...results.map((r) => r.db)], [
    ['engine overhead per step, p50', '≤ 5 ms', ...results.map((r) => cell(r.chain?.overheadPerStepMs.p50, (v) => v <= 5))],
    ['parallel group over the slowest branch, p50', '≤ 10 ms', ...results.map((r) => cell(r.parallel?.addedMs.p50, (v) => v <= 10))],
    ['concurrent runs that did not succeed', '0', ...results.map((r) => cell(r.concurrent ? r.concurrent.runs - r.concurrent.succeeded : undefined, (v) => v === 0, ''))],
  ]);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(join(options.dist, 'main.js'))) throw new Error(`${options.dist}/main.js is missing: run \`npx nx run backend:build\` first`);
  const run = await runAgainstUpstream({ name: 'combinations', root: ROOT, dist: options.dist, dbs: options.dbs, timeoutMs: RUN_TIMEOUT_MS, log }, (db, { appDir, tempDir, upstream, running }) =>
    runMode(db, options, appDir, tempDir, upstream, running),
  );
  const { machine, results } = run;
  writeReport(run, {
    title: 'Combinations engine benchmark',
    settings: `${options.chains} chains, ${options.groups} parallel runs, ${options.concurrent} concurrent, ${options.upstreamSamples} direct samples, runs followed by ${options.follow === 'socket' ? 'socket' : 'polling every 20 ms'}`,
    targets: targets(results),
    modes: results.map(report),
    json: options.json,
    figures: { options, machine, results },
    log,
  });
  removeScratch(run.tempDir, options.keep || options.cpuProf, log);
  if (results.some((r) => r.error || r.chain?.failed || r.parallel?.failed || (r.concurrent && r.concurrent.succeeded < r.concurrent.runs))) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
