/**
 * Chat latency benchmark: what Webox adds to the time to first token, and whether a 12-model turn
 * runs its models in parallel. Three processes on loopback: this load generator, the provider
 * emulator (its own process, driven through `/_emulator/*`) and Webox (`node dist/backend/main.js`).
 * See docs/performance.md for what is measured, how to read it, and the figures.
 *
 *   npx nx run backend:build
 *   npx ts-node --transpile-only -P backend/tsconfig.json backend/bench/chat-latency.bench.ts [options]
 *
 * Options: --db pglite,postgres   --samples 150   --concurrency 50   --rounds 10   --fanout-reps 5
 *          --first-token-ms 50    --tokens-per-second 100    --postgres-url postgres://postgres@127.0.0.1:5432/postgres
 *          --dist <dir> (the built backend to run; default dist/backend)   --json <file>   --quick (a smoke run)
 *          --keep (keep the temporary directory: the Webox and emulator logs)
 *          --wait-idle <s> (before each database mode, wait up to s seconds for other work on the machine to calm down)
 *          --cpu-prof (run Webox under `node --cpu-prof`; the .cpuprofile files are kept with the logs)
 *
 * The build is copied to a temporary directory before Webox starts, so a rebuild of dist/ by
 * someone else during the run does not change what is measured.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { MODEL_CATALOGUE } from '../src/ai/models';
import type { RecordedRequest } from '../test/support/provider-emulator';
import { BenchChild, machineCpuMs } from './support/child-process';
import { dropScratchDatabase, loopbackPostgresUrl, startWebox as startWeboxProcess, type DbMode } from './support/webox-process';
import { EmulatorControl, indexRecords, startEmulator, tagged, type ScriptEntry } from './support/emulator-control';
import { distribution, median, ms, signedMs, table, type Distribution } from './support/stats';
import { registerUser, streamDirect, streamThroughWebox, toEpoch, type TurnResult } from './support/stream-clients';
import { buildDescription, snapshotBuild } from './support/build-snapshot';
import { guardRun, parseFlags } from './support/run-guard';

const ROOT = resolve(__dirname, '..', '..');
const API_KEY = 'test-key';
const REQUEST_TIMEOUT_MS = 30_000;
/** The whole run (plus any --wait-idle time) is stopped after this. */
const RUN_TIMEOUT_MS = 30 * 60_000;
/** Twelve words: a 12-token answer at the fixed pace. */
const REPLY = 'Webox benchmark reply: twelve short words streamed one by one, then done.';
const REPLY_TOKENS = REPLY.split(/\s+/).length;
/** --wait-idle waits until the work of other processes falls under this share of the cores. */
const CALM_PERCENT = 25;
/** The single model of the time-to-first-token phases, through Webox and straight at the emulator. */
const TTFT_MODEL = 'openai/gpt-4o-mini';

interface Options {
  dbs: DbMode[];
  samples: number;
  concurrency: number;
  rounds: number;
  fanoutReps: number;
  warmup: number;
  firstTokenMs: number;
  tokensPerSecond: number;
  postgresUrl: string;
  /** The built backend (the directory holding main.js). */
  dist: string;
  keep: boolean;
  waitIdleSeconds: number;
  cpuProf: boolean;
  json?: string;
}

function parseOptions(argv: string[]): Options {
  const { args, int } = parseFlags(argv);
  const quick = args.get('quick') === 'true';
  const dbs = (args.get('db') ?? 'pglite,postgres').split(',').map((db) => db.trim());
  for (const db of dbs) if (db !== 'pglite' && db !== 'postgres') throw new Error(`--db takes pglite and/or postgres, not ${db}`);
  const postgresUrl = loopbackPostgresUrl(args.get('postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  return {
    dbs: dbs as DbMode[],
    samples: int('samples', quick ? 20 : 150, 1, 5_000),
    concurrency: int('concurrency', 50, 1, 200),
    rounds: int('rounds', quick ? 2 : 10, 1, 200),
    fanoutReps: int('fanout-reps', quick ? 1 : 5, 1, 50),
    warmup: quick ? 5 : 20,
    firstTokenMs: int('first-token-ms', 50, 0, 10_000),
    tokensPerSecond: int('tokens-per-second', 100, 1, 100_000),
    postgresUrl,
    keep: args.get('keep') === 'true',
    waitIdleSeconds: int('wait-idle', 0, 0, 3_600),
    cpuProf: args.get('cpu-prof') === 'true',
    dist: resolve(args.get('dist') ?? join(ROOT, 'dist', 'backend')),
    ...(args.has('json') ? { json: args.get('json')! } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Processes

interface Environment {
  tempDir: string;
  /** The private copy of the build: `<appDir>/dist/backend/main.js`, with `node_modules` linked beside it. */
  appDir: string;
  emulatorProcess: BenchChild;
  emulator: EmulatorControl;
  webox?: BenchChild;
  database?: { name: string; adminUrl: string };
}

async function startWebox(env: Environment, db: DbMode, options: Options): Promise<{ child: BenchChild; url: string }> {
  const root = env.emulator.rootUrl;
  const webox = await startWeboxProcess({
    db,
    appDir: env.appDir,
    tempDir: env.tempDir,
    postgresUrl: options.postgresUrl,
    cpuProf: options.cpuProf,
    env: {
      OPENAI_API_KEY: API_KEY,
      OPENAI_BASE_URL: env.emulator.openaiBaseUrl,
      ANTHROPIC_API_KEY: API_KEY,
      ANTHROPIC_BASE_URL: root,
      GOOGLE_API_KEY: API_KEY,
      GOOGLE_BASE_URL: root,
    },
  });
  env.database = webox.database;
  return webox;
}

async function stopWebox(env: Environment): Promise<void> {
  await env.webox?.stop();
  env.webox = undefined;
  const database = env.database;
  env.database = undefined;
  if (database) await dropScratchDatabase({ database });
}

// ---------------------------------------------------------------------------------------------
// CPU accounting: how busy the machine was, and how much of it was not this benchmark

interface CpuWindow {
  wallMs: number;
  /** Percent of all cores. */
  machine: number;
  webox: number;
  emulator: number;
  loadGenerator: number;
  /** Everything else on the machine (other engineers' tests, builds). */
  other: number;
  /** CPU time of the Webox process over the window, ms. */
  weboxMs: number;
}

function cpuMeter(env: Environment): () => CpuWindow {
  const started = { at: performance.now(), machine: machineCpuMs(), webox: env.webox?.cpuMs() ?? 0, emulator: env.emulatorProcess.cpuMs(), self: process.cpuUsage() };
  return () => {
    const wallMs = performance.now() - started.at;
    const capacity = wallMs * cpus().length;
    const machine = machineCpuMs().busy - started.machine.busy;
    const webox = (env.webox?.cpuMs() ?? 0) - started.webox;
    const emulator = env.emulatorProcess.cpuMs() - started.emulator;
    const self = process.cpuUsage(started.self);
    const loadGenerator = (self.user + self.system) / 1000;
    const pct = (value: number) => (100 * value) / capacity;
    return { wallMs, machine: pct(machine), webox: pct(webox), emulator: pct(emulator), loadGenerator: pct(loadGenerator), other: Math.max(0, pct(machine - webox - emulator - loadGenerator)), weboxMs: webox };
  };
}

// ---------------------------------------------------------------------------------------------
// Time to first token: direct vs through Webox

type Path = 'direct' | 'webox';

interface TtftSample {
  path: Path;
  tag: string;
  ok: boolean;
  error?: string;
  /** Client send → first token (direct: first content chunk; Webox: first `delta` event). */
  ttftMs?: number;
  /** Client send → end of the stream (Webox: the `end` event, after the turn is stored). */
  totalMs?: number;
  /** Client send → the upstream request reached the emulator. */
  arrivalMs?: number;
  /** The emulator's own wait before its first token (the fixed delay, plus timer slack). */
  emulatorFirstTokenMs?: number;
  /** The emulator wrote the first token → the client had it. */
  relayMs?: number;
  /** Webox's own `done.ttftMs` (measured inside Webox, from the start of the model's reply). */
  reportedTtftMs?: number;
  /** Raw stamps (epoch ms) of the send and of the first token at the client, to line up with the emulator's log. */
  sentAtEpoch?: number;
  firstAtEpoch?: number;
}

interface TtftPhase {
  concurrency: number;
  samples: TtftSample[];
  /** Wall time of each burst of `concurrency` streams, per path. */
  burstWallMs: Record<Path, number[]>;
  phaseWallMs: number;
  cpu: CpuWindow;
}

async function runDirect(env: Environment, tag: string): Promise<TtftSample> {
  const result = await streamDirect(env.emulator.openaiBaseUrl, API_KEY, 'gpt-4o-mini', tagged(tag, 'Hello from the benchmark'), REQUEST_TIMEOUT_MS);
  const error = result.error ?? (result.text === REPLY ? undefined : `unexpected text: ${result.text.slice(0, 80)}`);
  return {
    path: 'direct',
    tag,
    ok: !error,
    ...(error ? { error } : {}),
    ...(result.firstTokenAt !== undefined ? { ttftMs: result.firstTokenAt - result.sentAt } : {}),
    totalMs: result.endedAt - result.sentAt,
    sentAtEpoch: toEpoch(result.sentAt),
    ...(result.firstTokenAt !== undefined ? { firstAtEpoch: toEpoch(result.firstTokenAt) } : {}),
  };
}

async function runWebox(url: string, token: string, tag: string): Promise<TtftSample> {
  const turn = await streamThroughWebox(url, token, [TTFT_MODEL], tagged(tag, 'Hello from the benchmark'), REQUEST_TIMEOUT_MS);
  const model = turn.models.get(TTFT_MODEL)!;
  const errors = [...turn.errors];
  if (turn.ok && model.text !== REPLY) errors.push(`unexpected text: ${model.text.slice(0, 80)}`);
  return {
    path: 'webox',
    tag,
    ok: errors.length === 0,
    ...(errors.length ? { error: errors.join('; ') } : {}),
    ...(turn.firstDeltaAt !== undefined ? { ttftMs: turn.firstDeltaAt - turn.sentAt } : {}),
    ...(turn.endAt !== undefined ? { totalMs: turn.endAt - turn.sentAt } : {}),
    ...(model.done?.ttftMs != null ? { reportedTtftMs: model.done.ttftMs } : {}),
    sentAtEpoch: toEpoch(turn.sentAt),
    ...(turn.firstDeltaAt !== undefined ? { firstAtEpoch: toEpoch(turn.firstDeltaAt) } : {}),
  };
}

/** Fills in the emulator-side split of each sample from the emulator's log. */
function attachEmulatorTimes(samples: TtftSample[], records: RecordedRequest[], vendorModel: string): void {
  const byTag = indexRecords(records);
  for (const sample of samples) {
    const record = byTag.get(`${sample.tag}|${vendorModel}`);
    if (record && sample.sentAtEpoch !== undefined) {
      sample.arrivalMs = record.receivedAt - sample.sentAtEpoch;
      if (record.firstTokenAt !== undefined) {
        sample.emulatorFirstTokenMs = record.firstTokenAt - record.receivedAt;
        if (sample.firstAtEpoch !== undefined) sample.relayMs = sample.firstAtEpoch - record.firstTokenAt;
      }
    } else if (sample.ok) {
      sample.ok = false;
      sample.error = 'no matching request in the emulator log';
    }
  }
}

async function ttftPhase(env: Environment, options: Options, url: string, token: string, label: string, concurrency: number, rounds: number): Promise<TtftPhase> {
  await env.emulator.reset();
  await env.emulator.setBehaviour(baseBehaviour(options));
  const samples: TtftSample[] = [];
  const burstWallMs: Record<Path, number[]> = { direct: [], webox: [] };
  const meter = cpuMeter(env);
  const started = performance.now();
  const burst = async (path: Path, round: number) => {
    const begun = performance.now();
    const results = await Promise.all(
      Array.from({ length: concurrency }, (_, i) => {
        const tag = `${label}-${round}-${i}-${path}`;
        return path === 'direct' ? runDirect(env, tag) : runWebox(url, token, tag);
      }),
    );
    burstWallMs[path].push(performance.now() - begun);
    samples.push(...results);
  };
  for (let round = 0; round < rounds; round++) {
    // Alternate which path goes first, so a slow moment of the machine does not always land on the same one.
    const order: Path[] = round % 2 === 0 ? ['direct', 'webox'] : ['webox', 'direct'];
    for (const path of order) await burst(path, round);
  }
  const phaseWallMs = performance.now() - started;
  const cpu = meter();
  attachEmulatorTimes(samples, await env.emulator.requests(), 'gpt-4o-mini');
  return { concurrency, samples, burstWallMs, phaseWallMs, cpu };
}

// ---------------------------------------------------------------------------------------------
// Fan-out: one turn, twelve models, each with its own latency

interface FanoutModel {
  id: string;
  vendor: 'openai' | 'anthropic' | 'gemini';
  vendorModel: string;
  firstTokenMs: number;
  /** What the emulator is told to take: first-token delay + the remaining tokens at the fixed pace. */
  nominalMs: number;
}

function fanoutModels(options: Options): FanoutModel[] {
  const ids = [
    'openai/gpt-5.4',
    'anthropic/claude-opus-5',
    'google/gemini-3.1-pro-preview',
    'openai/gpt-5.4-mini',
    'anthropic/claude-sonnet-4-6',
    'google/gemini-2.5-pro',
    'openai/gpt-5',
    'anthropic/claude-haiku-4-5',
    'google/gemini-2.5-flash',
    'openai/gpt-4o-mini',
    'anthropic/claude-sonnet-5',
    'google/gemini-3.5-flash',
  ];
  const streamMs = ((REPLY_TOKENS - 1) * 1000) / options.tokensPerSecond;
  return ids.map((id, index) => {
    const model = MODEL_CATALOGUE.find((entry) => entry.id === id);
    if (!model) throw new Error(`${id} is no longer in backend/src/ai/models.ts: update the fan-out list`);
    const firstTokenMs = 50 * (index + 1);
    const vendor = model.provider === 'google' ? 'gemini' : (model.provider as 'openai' | 'anthropic');
    return { id, vendor, vendorModel: model.vendorModel, firstTokenMs, nominalMs: firstTokenMs + streamMs };
  });
}

const scriptFor = (model: FanoutModel, options: Options): ScriptEntry => ({
  match: { vendor: model.vendor, model: model.vendorModel },
  firstTokenDelayMs: model.firstTokenMs,
  tokensPerSecond: options.tokensPerSecond,
});

interface FanoutTurn {
  ok: boolean;
  errors: string[];
  /** Send → `end`. */
  totalMs: number;
  /** Send → the last `done`. */
  lastDoneMs: number;
  perModel: Array<{ id: string; firstDeltaMs?: number; doneMs?: number; reportedDurationMs?: number; emulatorMs?: number; arrivalMs?: number }>;
  /** Latest minus earliest arrival of the twelve upstream requests at the emulator. */
  dispatchSpreadMs: number;
  /** The slowest model as the emulator served it (its request's arrival → end of its stream). */
  slowestEmulatorMs: number;
}

interface FanoutPhase {
  models: FanoutModel[];
  /** Each model alone (a one-model turn through Webox with the same latency), send → `end`, per repetition. */
  singleMs: Record<string, number[]>;
  turns: FanoutTurn[];
  errors: string[];
  cpu: CpuWindow;
}

async function fanoutPhase(env: Environment, url: string, token: string, options: Options, label: string): Promise<FanoutPhase> {
  const models = fanoutModels(options);
  const singleMs: Record<string, number[]> = Object.fromEntries(models.map((model) => [model.id, []]));
  const turns: FanoutTurn[] = [];
  const errors: string[] = [];
  const meter = cpuMeter(env);
  const checkScriptsUsed = async (what: string) => {
    const pending = await env.emulator.script([]);
    if (pending !== 0) {
      errors.push(`${what}: ${pending} scripted behaviours left unused`);
      await env.emulator.reset();
      await env.emulator.setBehaviour(baseBehaviour(options));
    }
  };
  await env.emulator.reset();
  await env.emulator.setBehaviour(baseBehaviour(options));
  for (let rep = 0; rep < options.fanoutReps; rep++) {
    for (const model of models) {
      await env.emulator.script([scriptFor(model, options)]);
      const turn = await streamThroughWebox(url, token, [model.id], tagged(`${label}-single-${rep}-${model.vendorModel}`, 'Hello from the benchmark'), REQUEST_TIMEOUT_MS);
      const text = turn.models.get(model.id)?.text;
      if (!turn.ok || turn.endAt === undefined || text !== REPLY) errors.push(`${model.id} alone: ${turn.errors.join('; ') || `unexpected text ${text}`}`);
      else singleMs[model.id]!.push(turn.endAt - turn.sentAt);
      await checkScriptsUsed(`${model.id} alone`);
    }
    const tag = `${label}-fanout-${rep}`;
    await env.emulator.script(models.map((model) => scriptFor(model, options)));
    const turn = await streamThroughWebox(url, token, models.map((model) => model.id), tagged(tag, 'Hello from the benchmark'), REQUEST_TIMEOUT_MS);
    await checkScriptsUsed('fan-out turn');
    turns.push(fanoutTurn(turn, models, tag, indexRecords(await env.emulator.requests())));
  }
  const cpu = meter();
  return { models, singleMs, turns, errors, cpu };
}

function fanoutTurn(turn: TurnResult, models: FanoutModel[], tag: string, records: Map<string, RecordedRequest>): FanoutTurn {
  const errors = [...turn.errors];
  const sent = toEpoch(turn.sentAt);
  const perModel = models.map((model) => {
    const stream = turn.models.get(model.id)!;
    if (turn.ok && stream.text !== REPLY) errors.push(`${model.id}: unexpected text ${stream.text.slice(0, 80)}`);
    const record = records.get(`${tag}|${model.vendorModel}`);
    if (!record) errors.push(`${model.id}: no request in the emulator log`);
    return {
      id: model.id,
      ...(stream.firstDeltaAt !== undefined ? { firstDeltaMs: stream.firstDeltaAt - turn.sentAt } : {}),
      ...(stream.doneAt !== undefined ? { doneMs: stream.doneAt - turn.sentAt } : {}),
      ...(stream.done ? { reportedDurationMs: stream.done.durationMs } : {}),
      ...(record?.endedAt !== undefined ? { emulatorMs: record.endedAt - record.receivedAt } : {}),
      ...(record ? { arrivalMs: record.receivedAt - sent } : {}),
    };
  });
  const arrivals = perModel.flatMap((model) => (model.arrivalMs === undefined ? [] : [model.arrivalMs]));
  return {
    ok: errors.length === 0,
    errors,
    totalMs: (turn.endAt ?? turn.closedAt) - turn.sentAt,
    lastDoneMs: Math.max(...perModel.map((model) => model.doneMs ?? Number.NaN)),
    perModel,
    dispatchSpreadMs: arrivals.length ? Math.max(...arrivals) - Math.min(...arrivals) : Number.NaN,
    slowestEmulatorMs: Math.max(...perModel.map((model) => model.emulatorMs ?? Number.NaN)),
  };
}

// ---------------------------------------------------------------------------------------------
// One database mode

interface ModeResult {
  db: DbMode;
  skipped?: string;
  startupMs?: number;
  /** CPU the idle Webox process uses (timers, pool keep-alive, ...), ms per second, measured before the phases. */
  idleCpuMsPerS?: number;
  /** The first burst on a freshly started Webox (not counted in the figures). */
  warmup?: { directBurstMs: number; weboxBurstMs: number; failures: string[] };
  single?: TtftPhase;
  concurrent?: TtftPhase;
  fanout?: FanoutPhase;
  loadBefore?: number[];
  loadAfter?: number[];
  /** What --wait-idle found. */
  calm?: string;
}

const baseBehaviour = (options: Options) => ({ reply: REPLY, firstTokenDelayMs: options.firstTokenMs, tokensPerSecond: options.tokensPerSecond });

/** Share of all cores busy with work other than this benchmark's processes, over a few seconds. */
async function otherWorkPercent(env: Environment, windowMs = 3_000): Promise<number> {
  const meter = cpuMeter(env);
  await sleep(windowMs);
  return meter().other;
}

async function idleCpu(child: BenchChild, windowMs = 5_000): Promise<number> {
  await sleep(1_000);
  const before = child.cpuMs();
  await sleep(windowMs);
  return ((child.cpuMs() - before) * 1000) / windowMs;
}

/** Other engineers share the machine: wait (bounded) for a calmer moment. */
async function waitForCalm(env: Environment, db: DbMode, seconds: number): Promise<string | undefined> {
  if (seconds <= 0) return undefined;
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const other = await otherWorkPercent(env);
    if (other < CALM_PERCENT) return `other work at ${other.toFixed(0)}% of the cores when the phase started`;
    if (Date.now() >= deadline) return `other work still at ${other.toFixed(0)}% of the cores after waiting ${seconds} s: measured anyway`;
    log(`[${db}] other work at ${other.toFixed(0)}% of the cores: waiting for it to drop under ${CALM_PERCENT}%`);
    await sleep(7_000);
  }
}

/** Error texts without their message ids, so identical failures group together. */
const withoutIds = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '…');

/** The distinct error texts, most frequent first, with their counts. */
function groupErrors(errors: string[], limit = 6): string {
  if (!errors.length) return 'none';
  const counts = new Map<string, number>();
  for (const error of errors) counts.set(withoutIds(error), (counts.get(withoutIds(error)) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  return `${errors.length}: ${sorted.slice(0, limit).map(([text, count]) => `${count} × ${text.slice(0, 240)}`).join(' | ')}${sorted.length > limit ? ` | … (${sorted.length - limit} more kinds)` : ''}`;
}

async function runMode(env: Environment, db: DbMode, options: Options): Promise<ModeResult> {
  const calm = await waitForCalm(env, db, options.waitIdleSeconds);
  const result: ModeResult = { db, loadBefore: loadavg(), ...(calm ? { calm } : {}) };
  const booting = performance.now();
  try {
    const webox = await startWebox(env, db, options);
    env.webox = webox.child;
    result.startupMs = performance.now() - booting;
    log(`[${db}] Webox up on ${webox.url} (pid ${webox.child.pid}) in ${ms(result.startupMs)} ms`);
    const token = await registerUser(webox.url);
    result.idleCpuMsPerS = await idleCpu(webox.child);
    log(`[${db}] idle Webox uses ${result.idleCpuMsPerS.toFixed(1)} ms of CPU per second`);

    await env.emulator.reset();
    await env.emulator.setBehaviour(baseBehaviour(options));
    log(`[${db}] warm-up: ${options.warmup} sequential requests and one burst of ${options.concurrency} per path`);
    for (let i = 0; i < options.warmup; i++) {
      await runDirect(env, `${db}-warm-${i}-direct`);
      await runWebox(webox.url, token, `${db}-warm-${i}-webox`);
    }
    const warmBurst = await ttftPhase(env, options, webox.url, token, `${db}-warmburst`, options.concurrency, 1);
    const warmFailures = warmBurst.samples.filter((sample) => !sample.ok);
    result.warmup = { directBurstMs: warmBurst.burstWallMs.direct[0]!, weboxBurstMs: warmBurst.burstWallMs.webox[0]!, failures: warmFailures.map((sample) => withoutIds(`${sample.path}: ${sample.error}`)) };
    log(`[${db}] warm-up burst: direct ${ms(result.warmup.directBurstMs)} ms, Webox ${ms(result.warmup.weboxBurstMs)} ms, failures (not counted): ${groupErrors(result.warmup.failures, 3)}`);

    log(`[${db}] 1 stream: ${options.samples} requests per path, alternating`);
    result.single = await ttftPhase(env, options, webox.url, token, `${db}-s1`, 1, options.samples);
    log(`[${db}] ${options.concurrency} streams: ${options.rounds} bursts per path, alternating`);
    result.concurrent = await ttftPhase(env, options, webox.url, token, `${db}-s${options.concurrency}`, options.concurrency, options.rounds);
    log(`[${db}] fan-out: ${options.fanoutReps} repetitions of 12 single-model turns and one 12-model turn`);
    result.fanout = await fanoutPhase(env, webox.url, token, options, `${db}-f`);
  } catch (error) {
    if (db === 'postgres' && !env.webox && !result.startupMs) {
      result.skipped = `PostgreSQL not usable: ${error instanceof Error ? error.message : String(error)}`;
      log(`[${db}] skipped: ${result.skipped}`);
    } else {
      throw error;
    }
  } finally {
    result.loadAfter = loadavg();
    await stopWebox(env);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

function distributionRow(label: string, d: Distribution): string[] {
  return [label, String(d.n), ms(d.min), ms(d.p50), ms(d.p90), ms(d.p99), ms(d.max)];
}

function values(samples: TtftSample[], path: Path, pick: (sample: TtftSample) => number | undefined): number[] {
  return samples.filter((sample) => sample.path === path && sample.ok).flatMap((sample) => {
    const value = pick(sample);
    return value === undefined ? [] : [value];
  });
}

function ttftReport(phase: TtftPhase, idleCpuMsPerS = 0): string {
  const direct = distribution(values(phase.samples, 'direct', (s) => s.ttftMs));
  const webox = distribution(values(phase.samples, 'webox', (s) => s.ttftMs));
  const failures = phase.samples.filter((sample) => !sample.ok);
  const header = ['TTFT (ms)', 'n', 'min', 'p50', 'p90', 'p99', 'max'];
  const lines = [
    table(header, [
      distributionRow('direct: `openai` SDK → emulator', direct),
      distributionRow('through Webox: `POST /api/chat` → first `delta`', webox),
      ['**added by Webox**', '', signedMs(webox.min - direct.min), `**${signedMs(webox.p50 - direct.p50)}**`, signedMs(webox.p90 - direct.p90), `**${signedMs(webox.p99 - direct.p99)}**`, signedMs(webox.max - direct.max)],
    ]),
    '',
    'Where the time goes (medians, ms; emulator stamps are whole milliseconds):',
    '',
    table(
      ['path', 'send → request at emulator', 'emulator wait (set: first-token delay)', 'emulator wrote token → client has it', 'TTFT', 'send → stream over'],
      (['direct', 'webox'] as Path[]).map((path) => [
        path === 'direct' ? 'direct' : 'through Webox',
        ms(median(values(phase.samples, path, (s) => s.arrivalMs))),
        ms(median(values(phase.samples, path, (s) => s.emulatorFirstTokenMs))),
        ms(median(values(phase.samples, path, (s) => s.relayMs))),
        ms(median(values(phase.samples, path, (s) => s.ttftMs))),
        ms(median(values(phase.samples, path, (s) => s.totalMs))),
      ]),
    ),
    '',
    `p99 of "send → request at emulator": direct ${ms(distribution(values(phase.samples, 'direct', (s) => s.arrivalMs)).p99)} ms, through Webox ${ms(distribution(values(phase.samples, 'webox', (s) => s.arrivalMs)).p99)} ms. ` +
      `Webox's own \`done.ttftMs\` (from the start of the model's reply inside Webox): p50 ${ms(median(values(phase.samples, 'webox', (s) => s.reportedTtftMs)))} ms.`,
  ];
  if (phase.concurrency > 1) {
    const direct = distribution(phase.burstWallMs.direct);
    const webox = distribution(phase.burstWallMs.webox);
    lines.push(
      '',
      `Bursts of ${phase.concurrency} streams, send → last stream over (ms): direct p50 ${ms(direct.p50)} / max ${ms(direct.max)}; through Webox p50 ${ms(webox.p50)} / max ${ms(webox.max)} ` +
        `(${webox.n} Webox bursts = ${webox.n * phase.concurrency} turns in ${ms(phase.burstWallMs.webox.reduce((a, b) => a + b, 0))} ms of Webox bursts; whole phase ${ms(phase.phaseWallMs)} ms).`,
    );
  }
  lines.push('', `Errors: ${groupErrors(failures.map((f) => `${f.path}: ${f.error}`))}.`);
  const weboxTurns = phase.samples.filter((sample) => sample.path === 'webox').length;
  const turnCpuMs = Math.max(0, phase.cpu.weboxMs - (idleCpuMsPerS * phase.cpu.wallMs) / 1000) / weboxTurns;
  lines.push('', `${cpuLine(phase.cpu)} Webox used ${ms(turnCpuMs)} ms of CPU per chat turn (its one process: HTTP, Nest, TypeORM, the SDK, and PGlite when embedded; its idle use of ${idleCpuMsPerS.toFixed(1)} ms/s taken out).`);
  return lines.join('\n');
}

function cpuLine(cpu: CpuWindow): string {
  const pct = (value: number) => `${value.toFixed(0)}%`;
  return `CPU over the phase (${(cpu.wallMs / 1000).toFixed(1)} s, % of all ${cpus().length} cores): machine ${pct(cpu.machine)} = Webox ${pct(cpu.webox)} + emulator ${pct(cpu.emulator)} + load generator ${pct(cpu.loadGenerator)} + other work ${pct(cpu.other)}.`;
}

function fanoutReport(phase: FanoutPhase): string {
  const singles = phase.models.map((model) => ({ model, alone: median(phase.singleMs[model.id] ?? []) }));
  const slowest = singles.reduce((a, b) => (b.alone > a.alone ? b : a));
  const sum = singles.reduce((total, entry) => total + entry.alone, 0);
  const good = phase.turns.filter((turn) => turn.ok);
  const totals = distribution(good.map((turn) => turn.totalMs));
  const lastDone = distribution(good.map((turn) => turn.lastDoneMs));
  const spread = distribution(good.map((turn) => turn.dispatchSpreadMs));
  const slowestServed = distribution(good.map((turn) => turn.slowestEmulatorMs));
  const perModel = (id: string, pick: (entry: FanoutTurn['perModel'][number]) => number | undefined) =>
    median(good.flatMap((turn) => turn.perModel.filter((entry) => entry.id === id).flatMap((entry) => (pick(entry) === undefined ? [] : [pick(entry)!]))));
  return [
    table(
      ['12-model turn (ms)', 'p50', 'max'],
      [
        [`slowest model alone (${slowest.model.id}, a one-model turn through Webox, send → \`end\`)`, ms(slowest.alone), ms(Math.max(...(phase.singleMs[slowest.model.id] ?? [Number.NaN])))],
        ['**12-model turn, send → `end`**', `**${ms(totals.p50)}**`, ms(totals.max)],
        ['12-model turn, send → last `done`', ms(lastDone.p50), ms(lastDone.max)],
        ['**turn − slowest alone**', `**${signedMs(totals.p50 - slowest.alone)}**`, signedMs(totals.max - slowest.alone)],
        ['slowest model as the emulator served it inside the turn', ms(slowestServed.p50), ms(slowestServed.max)],
        ['sum of the 12 models alone (what sequential calls would cost)', ms(sum), ''],
        ['spread of the 12 upstream requests\' arrival at the emulator', ms(spread.p50), ms(spread.max)],
      ],
    ),
    '',
    table(
      ['model', 'first-token delay set', 'nominal (delay + stream)', 'alone: send → `end` (p50)', 'in the turn: upstream arrival', 'in the turn: first `delta`', 'in the turn: `done`'],
      phase.models.map((model) => [
        model.id,
        String(model.firstTokenMs),
        ms(model.nominalMs),
        ms(median(phase.singleMs[model.id] ?? [])),
        ms(perModel(model.id, (entry) => entry.arrivalMs)),
        ms(perModel(model.id, (entry) => entry.firstDeltaMs)),
        ms(perModel(model.id, (entry) => entry.doneMs)),
      ]),
    ),
    '',
    `${phase.turns.length} twelve-model turns (${good.length} without error), ${phase.turns.length * 12} single-model turns. Errors: ${groupErrors([...phase.errors, ...phase.turns.flatMap((turn) => turn.errors)])}.`,
    '',
    cpuLine(phase.cpu),
  ].join('\n');
}

/** One line per database mode: the figures the issue asks for. */
function summaryTable(results: ModeResult[], concurrency: number): string {
  const rows = results.flatMap((result) => {
    if (!result.single || !result.concurrent || !result.fanout) return [];
    const ttft = (phase: TtftPhase, path: Path) => distribution(values(phase.samples, path, (s) => s.ttftMs));
    const cells = (phase: TtftPhase) => {
      const direct = ttft(phase, 'direct');
      const webox = ttft(phase, 'webox');
      return [`${ms(direct.p50)} / ${ms(direct.p99)}`, `${ms(webox.p50)} / ${ms(webox.p99)}`, `**${signedMs(webox.p50 - direct.p50)} / ${signedMs(webox.p99 - direct.p99)}**`];
    };
    const fanout = result.fanout;
    const alone = fanout.models.map((model) => median(fanout.singleMs[model.id] ?? []));
    const total = median(fanout.turns.filter((turn) => turn.ok).map((turn) => turn.totalMs));
    const errors =
      result.single.samples.filter((s) => !s.ok).length + result.concurrent.samples.filter((s) => !s.ok).length + fanout.errors.length + fanout.turns.filter((t) => !t.ok).length;
    return [[result.db, ...cells(result.single), ...cells(result.concurrent), ms(Math.max(...alone)), `**${ms(total)}**`, ms(alone.reduce((a, b) => a + b, 0)), String(errors)]];
  });
  return table(
    ['database', '1 stream: direct p50 / p99', '1 stream: Webox p50 / p99', '1 stream: added', `${concurrency} streams: direct p50 / p99`, `${concurrency} streams: Webox p50 / p99`, `${concurrency} streams: added`, 'fan-out: slowest alone', 'fan-out: 12-model turn', 'fan-out: sum', 'errors'],
    rows,
  );
}

function report(results: ModeResult[], options: Options, machine: Record<string, string>, wallMs: number): string {
  const parts = [
    `# Chat latency benchmark — ${new Date().toISOString()}`,
    '',
    table(
      ['machine', ''],
      Object.entries(machine).map(([key, value]) => [key, value]),
    ),
    '',
    `Settings: emulator first-token delay ${options.firstTokenMs} ms, ${options.tokensPerSecond} tokens/s, ${REPLY_TOKENS}-token replies; ` +
      `1 stream × ${options.samples} requests per path; ${options.concurrency} streams × ${options.rounds} bursts per path; fan-out × ${options.fanoutReps}. Whole run ${(wallMs / 1000).toFixed(0)} s.`,
  ];
  parts.push('', '## Summary (ms)', '', summaryTable(results, options.concurrency));
  for (const result of results) {
    const title = result.db === 'pglite' ? 'embedded PGlite (no DATABASE_URL)' : 'PostgreSQL 127.0.0.1:5432 (DATABASE_URL)';
    parts.push('', `## Webox on ${title}`);
    if (result.skipped) {
      parts.push('', `Skipped: ${result.skipped}`);
      continue;
    }
    parts.push('', `Start-up to healthy: ${ms(result.startupMs ?? Number.NaN)} ms. Load average before ${result.loadBefore?.map((l) => l.toFixed(2)).join(' ')}, after ${result.loadAfter?.map((l) => l.toFixed(2)).join(' ')}.${result.calm ? ` Wait for a calm machine: ${result.calm}.` : ''}`);
    if (result.warmup) {
      parts.push(
        '',
        `First burst of ${options.concurrency} on the fresh process (warm-up, not counted): direct ${ms(result.warmup.directBurstMs)} ms, through Webox ${ms(result.warmup.weboxBurstMs)} ms; ` +
          `failures: ${groupErrors(result.warmup.failures)}.`,
      );
    }
    if (result.single) parts.push('', '### Time to first token, 1 stream', '', ttftReport(result.single, result.idleCpuMsPerS));
    if (result.concurrent) parts.push('', `### Time to first token, ${result.concurrent.concurrency} concurrent streams`, '', ttftReport(result.concurrent, result.idleCpuMsPerS));
    if (result.fanout) parts.push('', '### 12-model fan-out', '', fanoutReport(result.fanout));
  }
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------

const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(join(options.dist, 'main.js'))) throw new Error(`${options.dist}/main.js is missing: run \`npx nx run backend:build\` first`);
  const started = performance.now();
  const machine: Record<string, string> = {
    cores: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at start)`,
    node: process.version,
    'load average at start (1/5/15 min)': loadavg().map((l) => l.toFixed(2)).join(' '),
  };
  const tempDir = mkdtempSync(join(tmpdir(), 'webox-bench-'));
  log(`logs and data in ${tempDir}`);
  const appDir = snapshotBuild(ROOT, options.dist, tempDir);
  Object.assign(machine, buildDescription(ROOT, options.dist));
  const { child, control } = await startEmulator(ROOT, tempDir, API_KEY);
  const env: Environment = { tempDir, appDir, emulatorProcess: child, emulator: control };
  log(`emulator up on ${control.url} (pid ${child.pid})`);

  let finished = false;
  const cleanup = async () => {
    await stopWebox(env).catch((error: unknown) => log(`cleanup: ${String(error)}`));
    await env.emulatorProcess.stop();
  };
  const runTimeoutMs = RUN_TIMEOUT_MS + options.dbs.length * options.waitIdleSeconds * 1000;
  const disarm = guardRun(runTimeoutMs, cleanup, log);

  const results: ModeResult[] = [];
  try {
    for (const db of options.dbs) {
      results.push(await runMode(env, db, options));
      await sleep(500);
    }
    finished = true;
  } finally {
    disarm();
    await cleanup();
    if (finished && !options.keep && !options.cpuProf) rmSync(tempDir, { recursive: true, force: true });
    else if (finished) log(`logs${options.cpuProf ? ' and CPU profiles' : ''} kept in ${tempDir}`);
    else log(`logs kept in ${tempDir}`);
  }
  const text = report(results, options, machine, performance.now() - started);
  console.log(text);
  if (options.json) writeFileSync(options.json, JSON.stringify({ options, machine, results }, null, 2));
  const failures = results.reduce(
    (count, result) =>
      count +
      [result.single, result.concurrent].reduce((n, phase) => n + (phase?.samples.filter((sample) => !sample.ok).length ?? 0), 0) +
      (result.fanout ? result.fanout.errors.length + result.fanout.turns.filter((turn) => !turn.ok).length : 0),
    0,
  );
  if (failures) {
    log(`${failures} failed requests or turns: see the Errors lines`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exit(1);
});
