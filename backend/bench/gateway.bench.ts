/**
 * Gateway benchmark: what Webox adds on the hot path compared with calling the vendor directly,
 * in one run, side by side. Three processes on loopback: this load generator (autocannon for the
 * non-streaming load, the openai SDK and fetch for streams), a minimal OpenAI-compatible upstream
 * (`support/fast-upstream.ts`, its own process) and Webox (`node dist/backend/main.js`) with
 * `OPENAI_BASE_URL` pointed at that upstream. See docs/performance.md ("The gateway").
 *
 *   npm run bench:gateway -- [options]      (builds the backend first)
 *
 * Options: --db postgres,pglite   --duration 15 (seconds per autocannon phase)   --rate 200
 *          --connections 10   --saturation-connections 50   --streams 1,50,200   --samples 60
 *          --stream-rounds 3   --first-token-ms 50   --postgres-url postgres://postgres@127.0.0.1:5432/postgres   --redis-url redis://127.0.0.1:6379
 *          --dist <dir>   --json <file> (default backend/bench/results/gateway-<time>.json)
 *          --cpu-prof   --keep   --quick (a smoke run: short phases, few samples)
 *
 * Every answered Webox request must leave exactly one usage record: the run counts them (through
 * `GET /api/chat/usage`, in both database modes) and exits 1 if one is missing, and again after a
 * restart (SIGTERM must flush every pending write). The 12-model fan-out is `npm run bench:chat`.
 */
import autocannon from 'autocannon';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchChild } from './support/child-process';
import { UPSTREAM_REPLY, type UpstreamControl } from './support/fast-upstream';
import { removeScratch, runAgainstUpstream, writeReport } from './support/upstream-bench';
import { parseFlags } from './support/run-guard';
import { distribution, ms, signedMs, table, type Distribution } from './support/stats';
import { registerUser, streamDirect, streamThroughWebox } from './support/stream-clients';
import { dropScratchDatabase, loopbackPostgresUrl, residentMb, startWebox, type DbMode, type WeboxProcess } from './support/webox-process';

const ROOT = resolve(__dirname, '..', '..');
/** The upstream counts requests per key: the direct path's, and the one Webox is given. */
const DIRECT_KEY = 'bench-direct-key';
const WEBOX_KEY = 'bench-webox-key';
/** The model every phase asks for: Webox's id, and the vendor's. */
const WEBOX_MODEL = 'openai/gpt-4o-mini';
const VENDOR_MODEL = 'gpt-4o-mini';
const REQUEST_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 45 * 60_000;
const MESSAGE = 'Hello from the gateway benchmark';

interface Options {
  dbs: DbMode[];
  durationS: number;
  rate: number;
  connections: number;
  saturationConnections: number;
  streams: number[];
  samples: number;
  streamRounds: number;
  firstTokenMs: number;
  postgresUrl: string;
  redisUrl: string;
  dist: string;
  json: string;
  cpuProf: boolean;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const { args, int } = parseFlags(argv);
  const quick = args.get('quick') === 'true';
  const dbs = (args.get('db') ?? 'postgres,pglite').split(',').map((db) => db.trim());
  for (const db of dbs) if (db !== 'pglite' && db !== 'postgres') throw new Error(`--db takes pglite and/or postgres, not ${db}`);
  const streams = (args.get('streams') ?? '1,50,200').split(',').map(Number);
  if (streams.some((n) => !Number.isInteger(n) || n < 1 || n > 500)) throw new Error('--streams takes integers from 1 to 500, comma-separated');
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return {
    dbs: dbs as DbMode[],
    durationS: int('duration', quick ? 3 : 15, 1, 600),
    rate: int('rate', 200, 1, 100_000),
    connections: int('connections', 10, 1, 1_000),
    saturationConnections: int('saturation-connections', 50, 1, 1_000),
    streams,
    samples: int('samples', quick ? 10 : 60, 1, 5_000),
    streamRounds: int('stream-rounds', quick ? 1 : 3, 1, 100),
    firstTokenMs: int('first-token-ms', 50, 0, 10_000),
    postgresUrl: loopbackPostgresUrl(args.get('postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres'),
    redisUrl: args.get('redis-url') ?? 'redis://127.0.0.1:6379',
    dist: resolve(args.get('dist') ?? join(ROOT, 'dist', 'backend')),
    json: args.get('json') ?? join(ROOT, 'backend', 'bench', 'results', `gateway-${stamp}.json`),
    cpuProf: args.get('cpu-prof') === 'true',
    keep: args.get('keep') === 'true',
  };
}

const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);

// ---------------------------------------------------------------------------------------------
// Non-streaming load (autocannon)

interface LoadFigures {
  connections: number;
  rate?: number;
  requestsPerS: number;
  answered: number;
  non2xx: number;
  errors: number;
  latencyMeanMs: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** Highest resident memory of Webox during the phase (Webox path only). */
  peakResidentMb?: number;
}

/** The same completion body for both paths; only the model id differs (Webox's `openai/…`, the vendor's own). */
function loadTarget(base: string, model: string, apiKey: string): { url: string; headers: Record<string, string>; body: string } {
  return { url: `${base}/chat/completions`, headers: { authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ model, messages: [{ role: 'user', content: MESSAGE }] }) };
}

async function runLoad(target: ReturnType<typeof loadTarget>, durationS: number, connections: number, rate?: number, watch?: BenchChild): Promise<LoadFigures> {
  let peak = 0;
  const sampler = watch ? setInterval(() => (peak = Math.max(peak, residentMb(watch.pid))), 250) : undefined;
  try {
    const result = await autocannon({
      url: target.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...target.headers },
      body: target.body,
      connections,
      // At a fixed rate, a fixed number of requests, every one awaited: no request is cut off at the
      // end, so its usage records must match the upstream's count exactly. Saturation runs for a
      // time and leaves up to `connections` requests in flight when it stops.
      ...(rate ? { overallRate: rate, amount: rate * durationS } : { duration: durationS }),
      timeout: 30,
    });
    return {
      connections,
      ...(rate ? { rate } : {}),
      requestsPerS: result['2xx'] / result.duration,
      answered: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      latencyMeanMs: result.latency.mean,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      latencyMaxMs: result.latency.max,
      ...(watch ? { peakResidentMb: Math.max(peak, residentMb(watch.pid)) } : {}),
    };
  } finally {
    if (sampler) clearInterval(sampler);
  }
}

/** The direct path first, then Webox, with the same load. */
async function loadPair(upstream: UpstreamControl, webox: WeboxProcess, pat: string, durationS: number, connections: number, rate?: number): Promise<{ direct: LoadFigures; webox: LoadFigures }> {
  const direct = await runLoad(loadTarget(upstream.baseUrl, VENDOR_MODEL, DIRECT_KEY), durationS, connections, rate);
  await sleep(1_000);
  const through = await runLoad(loadTarget(`${webox.url}/v1`, WEBOX_MODEL, pat), durationS, connections, rate, webox.child);
  return { direct, webox: through };
}

// ---------------------------------------------------------------------------------------------
// Streams: time to first token and total time, direct vs `/v1` vs `POST /api/chat`

type StreamPath = 'direct' | 'v1' | 'chat';

interface StreamSample {
  ok: boolean;
  error?: string;
  ttftMs?: number;
  totalMs?: number;
}

interface StreamPhase {
  concurrency: number;
  samples: Record<StreamPath, StreamSample[]>;
}

async function oneStream(path: StreamPath, upstream: UpstreamControl, webox: WeboxProcess, pat: string, token: string): Promise<StreamSample> {
  if (path === 'chat') {
    const turn = await streamThroughWebox(webox.url, token, [WEBOX_MODEL], MESSAGE, REQUEST_TIMEOUT_MS);
    const text = turn.models.get(WEBOX_MODEL)?.text;
    const error = turn.errors.join('; ') || (text === UPSTREAM_REPLY ? undefined : `unexpected text: ${String(text).slice(0, 80)}`);
    return {
      ok: !error,
      ...(error ? { error } : {}),
      ...(turn.firstDeltaAt !== undefined ? { ttftMs: turn.firstDeltaAt - turn.sentAt } : {}),
      ...(turn.endAt !== undefined ? { totalMs: turn.endAt - turn.sentAt } : {}),
    };
  }
  const result = path === 'direct'
    ? await streamDirect(upstream.baseUrl, DIRECT_KEY, VENDOR_MODEL, MESSAGE, REQUEST_TIMEOUT_MS)
    : await streamDirect(`${webox.url}/v1`, pat, WEBOX_MODEL, MESSAGE, REQUEST_TIMEOUT_MS);
  const error = result.error ?? (result.text === UPSTREAM_REPLY ? undefined : `unexpected text: ${result.text.slice(0, 80)}`);
  return {
    ok: !error,
    ...(error ? { error } : {}),
    ...(result.firstTokenAt !== undefined ? { ttftMs: result.firstTokenAt - result.sentAt } : {}),
    totalMs: result.endedAt - result.sentAt,
  };
}

async function streamPhase(upstream: UpstreamControl, webox: WeboxProcess, pat: string, token: string, concurrency: number, bursts: number): Promise<StreamPhase> {
  const samples: Record<StreamPath, StreamSample[]> = { direct: [], v1: [], chat: [] };
  const paths: StreamPath[] = ['direct', 'v1', 'chat'];
  for (let burst = 0; burst < bursts; burst++) {
    // Rotate which path goes first, so a slow moment of the machine does not always land on the same one.
    const order = paths.map((_, i) => paths[(i + burst) % paths.length]!);
    for (const path of order) {
      const results = await Promise.all(Array.from({ length: concurrency }, () => oneStream(path, upstream, webox, pat, token)));
      samples[path].push(...results);
    }
  }
  return { concurrency, samples };
}

// ---------------------------------------------------------------------------------------------
// Usage records: one per answered request

async function usageCalls(webox: WeboxProcess, token: string): Promise<number> {
  const response = await fetch(`${webox.url}/api/chat/usage`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
  const body = (await response.json()) as { calls?: number };
  if (!response.ok || typeof body.calls !== 'number') throw new Error(`GET /api/chat/usage answered ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
  return body.calls;
}

/** Polls until the count stops moving for a second (writes may be batched), at most `timeoutMs`. */
async function settledUsage(webox: WeboxProcess, token: string, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = await usageCalls(webox, token);
  while (Date.now() < deadline) {
    await sleep(1_000);
    const now = await usageCalls(webox, token);
    if (now === last) return now;
    last = now;
  }
  return last;
}

interface UsageCheck {
  /** Requests Webox answered 2xx (autocannon's count, plus the streams that ended well). */
  answered: number;
  /** Requests that reached the upstream from Webox. */
  upstreamRequests: number;
  recorded: number;
  afterRestart?: number;
  problems: string[];
}

// ---------------------------------------------------------------------------------------------
// One database mode

interface ModeResult {
  db: DbMode;
  error?: string;
  firstStartMs?: number;
  restartMs?: number;
  idleResidentMb?: number;
  idleResidentAfterRestartMb?: number;
  fixedRate?: { direct: LoadFigures; webox: LoadFigures };
  saturation?: { direct: LoadFigures; webox: LoadFigures };
  streams: StreamPhase[];
  usage?: UsageCheck;
}

async function idleResident(child: BenchChild): Promise<number> {
  // Let start-up work (seeding, first timers, JIT) settle, then read.
  await sleep(5_000);
  return residentMb(child.pid);
}

async function createPat(webox: WeboxProcess, token: string): Promise<string> {
  const response = await fetch(`${webox.url}/api/profile/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: 'gateway benchmark' }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`POST /api/profile/tokens answered ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
  return body.token;
}

async function runMode(db: DbMode, options: Options, appDir: string, tempDir: string, upstream: UpstreamControl, running: { webox?: WeboxProcess }): Promise<ModeResult> {
  const result: ModeResult = { db, streams: [] };
  const vendorEnv = { OPENAI_API_KEY: WEBOX_KEY, OPENAI_BASE_URL: upstream.baseUrl, ...(db === 'postgres' ? { REDIS_URL: options.redisUrl } : {}) };
  const start = (reuse?: WeboxProcess) =>
    startWebox({ db, appDir, tempDir, postgresUrl: options.postgresUrl, env: vendorEnv, cpuProf: options.cpuProf, label: reuse ? `${db}-restart` : db, ...(reuse ? { reuse } : {}) });
  let webox = await start();
  running.webox = webox;
  result.firstStartMs = webox.startupMs;
  log(`[${db}] Webox up on ${webox.url} in ${ms(webox.startupMs)} ms`);
  try {
    const token = await registerUser(webox.url);
    const pat = await createPat(webox, token);
    result.idleResidentMb = await idleResident(webox.child);
    log(`[${db}] idle: ${result.idleResidentMb.toFixed(0)} MB resident`);

    await upstream.set({ firstTokenMs: 0, tokenIntervalMs: 0 });
    // Warm both paths (connections, JIT), then count only what follows.
    await loadPair(upstream, webox, pat, Math.min(3, options.durationS), options.connections);
    // Usage records: exact where every request ran to its end (the fixed-rate phase and the
    // streams), bounded for saturation, whose last requests are cut off when autocannon stops.
    const usage: UsageCheck = { answered: 0, upstreamRequests: 0, recorded: 0, problems: [] };
    const counted = async (what: string, exact: boolean, slack: number, phase: () => Promise<number>) => {
      const before = { recorded: await settledUsage(webox, token), upstream: await upstream.requests(WEBOX_KEY) };
      const answered = await phase();
      const recorded = (await settledUsage(webox, token)) - before.recorded;
      const upstreamRequests = (await upstream.requests(WEBOX_KEY)) - before.upstream;
      usage.answered += answered;
      usage.recorded += recorded;
      usage.upstreamRequests += upstreamRequests;
      if (recorded < answered) usage.problems.push(`${what}: ${answered - recorded} answered request(s) without a usage record`);
      if (exact && recorded !== upstreamRequests) usage.problems.push(`${what}: ${upstreamRequests} upstream calls but ${recorded} usage records`);
      if (!exact && (recorded > upstreamRequests || upstreamRequests - recorded > slack)) usage.problems.push(`${what}: ${upstreamRequests} upstream calls, ${recorded} usage records (at most ${slack} may be cut off)`);
    };

    await counted(`/v1 at ${options.rate} req/s`, true, 0, async () => {
      result.fixedRate = await loadPair(upstream, webox, pat, options.durationS, options.connections, options.rate);
      return result.fixedRate.webox.answered;
    });
    log(`[${db}] /v1 at ${options.rate} req/s: direct mean ${ms(result.fixedRate!.direct.latencyMeanMs)} ms, Webox mean ${ms(result.fixedRate!.webox.latencyMeanMs)} ms`);
    // A request cut off after the upstream answered but before its usage was read has no record:
    // the client left, so it was not answered either.
    await counted('/v1 saturation', false, options.saturationConnections, async () => {
      result.saturation = await loadPair(upstream, webox, pat, options.durationS, options.saturationConnections);
      return result.saturation.webox.answered;
    });
    log(`[${db}] /v1 saturation: direct ${result.saturation!.direct.requestsPerS.toFixed(0)} req/s, Webox ${result.saturation!.webox.requestsPerS.toFixed(0)} req/s`);

    await upstream.set({ firstTokenMs: options.firstTokenMs, tokenIntervalMs: 0 });
    await counted('streams', true, 0, async () => {
      let streamed = 0;
      for (const concurrency of options.streams) {
        const bursts = concurrency === 1 ? options.samples : options.streamRounds;
        const phase = await streamPhase(upstream, webox, pat, token, concurrency, bursts);
        result.streams.push(phase);
        streamed += phase.samples.v1.filter((s) => s.ok).length + phase.samples.chat.filter((s) => s.ok).length;
        log(`[${db}] ${concurrency} stream(s): TTFT p50 direct ${ms(p50(phase, 'direct'))}, /v1 ${ms(p50(phase, 'v1'))}, /api/chat ${ms(p50(phase, 'chat'))} ms`);
      }
      return streamed;
    });
    const recorded = await usageCalls(webox, token);

    // A clean stop must flush every pending write; the restart also measures start-up on existing data.
    await webox.child.stop(30_000);
    webox = await start(webox);
    running.webox = webox;
    result.restartMs = webox.startupMs;
    const afterRestart = await usageCalls(webox, token);
    usage.afterRestart = usage.recorded + afterRestart - recorded;
    if (afterRestart !== recorded) usage.problems.push(`${recorded} usage records before SIGTERM, ${afterRestart} after the restart`);
    result.usage = usage;
    result.idleResidentAfterRestartMb = await idleResident(webox.child);
    log(`[${db}] restart on existing data: healthy in ${ms(webox.startupMs)} ms, ${result.idleResidentAfterRestartMb.toFixed(0)} MB idle; usage ${usage.problems.length ? usage.problems.join('; ') : 'complete'}`);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`[${db}] failed: ${result.error}`);
  } finally {
    await webox.child.stop();
    await dropScratchDatabase(webox);
    running.webox = undefined;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

const p50 = (phase: StreamPhase, path: StreamPath) => dist(phase, path, 'ttftMs').p50;
const dist = (phase: StreamPhase, path: StreamPath, pick: 'ttftMs' | 'totalMs'): Distribution =>
  distribution(phase.samples[path].flatMap((sample) => (sample.ok && sample[pick] !== undefined ? [sample[pick]!] : [])));

function loadRows(label: string, pair: { direct: LoadFigures; webox: LoadFigures }): string[][] {
  const row = (path: string, f: LoadFigures) => [label, path, f.requestsPerS.toFixed(0), ms(f.latencyMeanMs), ms(f.latencyP50Ms), ms(f.latencyP99Ms), ms(f.latencyMaxMs), `${f.non2xx} / ${f.errors}`, f.peakResidentMb ? f.peakResidentMb.toFixed(0) : ''];
  const added = ['', 'added by Webox', `× ${(pair.direct.requestsPerS / pair.webox.requestsPerS).toFixed(1)} fewer`, signedMs(pair.webox.latencyMeanMs - pair.direct.latencyMeanMs), signedMs(pair.webox.latencyP50Ms - pair.direct.latencyP50Ms), signedMs(pair.webox.latencyP99Ms - pair.direct.latencyP99Ms), '', '', ''];
  return [row('direct', pair.direct), row('Webox /v1', pair.webox), added];
}

function modeReport(result: ModeResult): string {
  const parts = [`## ${result.db === 'postgres' ? 'PostgreSQL + Redis' : 'Embedded defaults (PGlite, in-process queue)'}`];
  if (result.error) parts.push('', `**The run failed:** ${result.error}`);
  parts.push(
    '',
    `Start to healthy: first start ${ms(result.firstStartMs ?? Number.NaN)} ms, restart on existing data ${ms(result.restartMs ?? Number.NaN)} ms. ` +
      `Resident memory at idle: ${result.idleResidentMb?.toFixed(0) ?? '–'} MB after the first start, ${result.idleResidentAfterRestartMb?.toFixed(0) ?? '–'} MB after the restart.`,
  );
  const rows = [...(result.fixedRate ? loadRows(`${result.fixedRate.webox.rate} req/s, ${result.fixedRate.webox.connections} conn.`, result.fixedRate) : []), ...(result.saturation ? loadRows(`saturation, ${result.saturation.webox.connections} conn.`, result.saturation) : [])];
  if (rows.length) parts.push('', '### `/v1/chat/completions`, not streamed (autocannon)', '', table(['load', 'path', 'answered req/s', 'mean ms', 'p50', 'p99', 'max', 'non-2xx / errors', 'Webox peak RSS MB'], rows));
  if (result.streams.length) {
    const rows = result.streams.flatMap((phase) =>
      (['direct', 'v1', 'chat'] as StreamPath[]).map((path) => {
        const ttft = dist(phase, path, 'ttftMs');
        const total = dist(phase, path, 'totalMs');
        const failed = phase.samples[path].filter((s) => !s.ok).length;
        const base = dist(phase, 'direct', 'ttftMs');
        const added = path === 'direct' ? '' : `${signedMs(ttft.p50 - base.p50)} / ${signedMs(ttft.p99 - base.p99)}`;
        return [String(phase.concurrency), { direct: 'direct', v1: 'Webox /v1', chat: 'Webox /api/chat' }[path], String(ttft.n), ms(ttft.p50), ms(ttft.p99), added, ms(total.p50), ms(total.p99), String(failed)];
      }),
    );
    parts.push('', '### Streams: time to first token and to the end', '', table(['concurrent streams', 'path', 'n', 'TTFT p50 ms', 'p99', 'added p50 / p99', 'total p50', 'total p99', 'failed'], rows));
    const errors = result.streams.flatMap((phase) => Object.values(phase.samples).flat().flatMap((s) => (s.error ? [s.error] : [])));
    if (errors.length) parts.push('', `Stream errors (${errors.length}): ${[...new Set(errors)].slice(0, 5).join(' | ')}`);
  }
  if (result.usage) {
    const u = result.usage;
    parts.push('', `Usage records: ${u.answered} answered by Webox, ${u.upstreamRequests} calls reached the upstream, ${u.recorded} usage records, ${u.afterRestart ?? '–'} after SIGTERM and a restart. ${u.problems.length ? `**Missing: ${u.problems.join('; ')}**` : 'None missing.'}`);
  }
  return parts.join('\n');
}

interface Target {
  what: string;
  target: string;
  measured: (r: ModeResult) => number;
  met: (value: number) => boolean;
  unit: string;
}

const TARGETS: Target[] = [
  { what: '`/v1` saturation', target: '≥ 2,500 req/s', unit: 'req/s', measured: (r) => r.saturation?.webox.requestsPerS ?? Number.NaN, met: (v) => v >= 2_500 },
  { what: '`/v1` at 200 req/s, added mean', target: '≤ 2 ms', unit: 'ms', measured: (r) => (r.fixedRate ? r.fixedRate.webox.latencyMeanMs - r.fixedRate.direct.latencyMeanMs : Number.NaN), met: (v) => v <= 2 },
  { what: '`/v1` at 200 req/s, added p99', target: '≤ 10 ms', unit: 'ms', measured: (r) => (r.fixedRate ? r.fixedRate.webox.latencyP99Ms - r.fixedRate.direct.latencyP99Ms : Number.NaN), met: (v) => v <= 10 },
  ...(['v1', 'chat'] as const).flatMap((path): Target[] => [
    { what: `TTFT added, ${path === 'v1' ? '`/v1`' : '`/api/chat`'}, 1 stream, p50`, target: '≤ 1 ms', unit: 'ms', measured: (r) => addedTtft(r, 1, path, 'p50'), met: (v) => v <= 1 },
    { what: `TTFT added, ${path === 'v1' ? '`/v1`' : '`/api/chat`'}, 50 streams, p50`, target: '≤ 3 ms', unit: 'ms', measured: (r) => addedTtft(r, 50, path, 'p50'), met: (v) => v <= 3 },
    { what: `TTFT added, ${path === 'v1' ? '`/v1`' : '`/api/chat`'}, 50 streams, p99`, target: '≤ 15 ms', unit: 'ms', measured: (r) => addedTtft(r, 50, path, 'p99'), met: (v) => v <= 15 },
    { what: `${path === 'v1' ? '`/v1`' : '`/api/chat`'} failed streams at 200`, target: '0', unit: '', measured: (r) => r.streams.find((p) => p.concurrency === 200)?.samples[path].filter((s) => !s.ok).length ?? Number.NaN, met: (v) => v === 0 },
  ]),
  { what: 'Resident memory at idle after start', target: '≤ 200 MB', unit: 'MB', measured: (r) => Math.max(r.idleResidentMb ?? Number.NaN, r.idleResidentAfterRestartMb ?? Number.NaN), met: (v) => v <= 200 },
  { what: 'Resident memory under saturation', target: '≤ 350 MB', unit: 'MB', measured: (r) => r.saturation?.webox.peakResidentMb ?? Number.NaN, met: (v) => v <= 350 },
  { what: 'Start to healthy on existing data', target: '≤ 2 s', unit: 'ms', measured: (r) => r.restartMs ?? Number.NaN, met: (v) => v <= 2_000 },
];

function addedTtft(result: ModeResult, concurrency: number, path: StreamPath, which: 'p50' | 'p99'): number {
  const phase = result.streams.find((p) => p.concurrency === concurrency);
  return phase ? dist(phase, path, 'ttftMs')[which] - dist(phase, 'direct', 'ttftMs')[which] : Number.NaN;
}

function targetsReport(results: ModeResult[]): string {
  const value = (t: Target, r: ModeResult) => {
    const v = t.measured(r);
    if (!Number.isFinite(v)) return '–';
    const shown = t.unit === 'ms' ? `${ms(v)} ms` : `${v.toFixed(0)}${t.unit ? ` ${t.unit}` : ''}`;
    return `${shown} ${t.met(v) ? '(met)' : '(**missed**)'}`;
  };
  return table(['target', 'floor', ...results.map((r) => r.db)], TARGETS.map((t) => [t.what, t.target, ...results.map((r) => value(t, r))]));
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(join(options.dist, 'main.js'))) throw new Error(`${options.dist}/main.js is missing: run \`npx nx run backend:build\` first`);
  const run = await runAgainstUpstream({ name: 'gateway', root: ROOT, dist: options.dist, dbs: options.dbs, timeoutMs: RUN_TIMEOUT_MS, log }, (db, { appDir, tempDir, upstream, running }) =>
    runMode(db, options, appDir, tempDir, upstream, running),
  );
  const { machine, results } = run;
  writeReport(run, {
    title: 'Gateway benchmark',
    settings: `${options.durationS} s per load phase, fixed rate ${options.rate} req/s on ${options.connections} connections, saturation on ${options.saturationConnections}; streams ${options.streams.join(', ')} (upstream first token after ${options.firstTokenMs} ms)`,
    targets: targetsReport(results),
    modes: results.map(modeReport),
    json: options.json,
    figures: { options, machine, results },
    log,
  });
  removeScratch(run.tempDir, options.keep || options.cpuProf, log, options.cpuProf ? 'logs and CPU profiles' : 'logs');
  const failed = results.filter((r) => r.error || r.usage?.problems.length || r.streams.some((p) => Object.values(p.samples).flat().some((s) => !s.ok)));
  if (failed.length) {
    log(`failures in ${failed.map((r) => r.db).join(', ')}: see the report`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
