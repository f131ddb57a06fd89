/**
 * Generation benchmark: how long a generation job waits in the queue, and where the time of the
 * offline eBook and short pipelines goes. Two processes on loopback: this load generator and Webox
 * (`node dist/backend/main.js`), in each mode it measures:
 *   - embedded: PGlite and the in-process queue (no DATABASE_URL, no REDIS_URL);
 *   - server: PostgreSQL (a scratch database, dropped after) and Bull on Redis (a unique
 *     WEBOX_QUEUE_PREFIX, its keys deleted after).
 * Everything goes through the HTTP API and the socket, as the dashboard does. Only the offline
 * `local/*` models are used: no vendor, no emulator. See docs/performance.md ("Generation").
 *
 *   npx nx run backend:build
 *   npx ts-node --transpile-only -P backend/tsconfig.json backend/bench/generation.bench.ts [options]
 *
 * Options: --modes embedded,server   --jobs 100 (the burst)   --bursts 3   --singles 20   --pipeline-reps 3
 *          --postgres-url postgres://postgres@127.0.0.1:5432/postgres   --redis-url redis://127.0.0.1:6379
 *          --dist <dir> (the built backend to run; default dist/backend)
 *          --json <file> (default backend/bench/results/generation-<time>.json; a .md of the report is written beside it)
 *          --keep (keep the temporary directory: Webox's logs and data)
 *          --wait-idle <s> (before each mode, wait up to s seconds for other work on the machine to calm down)
 *          --quick (a smoke run)
 *
 * The build is copied to a temporary directory before Webox starts, so a rebuild of dist/ by
 * someone else during the run does not change what is measured.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { Client } from 'pg';
import { buildDescription, snapshotBuild } from './support/build-snapshot';
import { BenchChild, freePort, processCpuMs, waitUntilServing } from './support/child-process';
import { cpuLine, cpuMeter, matchingProcessesCpuMs, processTreeCpuMs, type CpuSource, type CpuWindow } from './support/cpu-meter';
import { isTerminal, JobWatcher, type JobEvent } from './support/job-watcher';
import { distribution, median, ms, table, type Distribution } from './support/stats';
import { registerUser } from './support/stream-clients';
import { guardRun, parseFlags } from './support/run-guard';

const ROOT = resolve(__dirname, '..', '..');
/** The whole run (plus any --wait-idle time) is stopped after this. */
const RUN_TIMEOUT_MS = 90 * 60_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** A job (or a burst) that has not finished after this is counted as failed. */
const JOB_TIMEOUT_MS = 15 * 60_000;
/** The queue is empty when no job has moved for this long and none is unfinished. */
const QUIET_MS = 300;
/** --wait-idle waits until the work of other processes falls under this share of the cores. */
const CALM_PERCENT = 25;
/** JobsService starts each process's worker with this concurrency. */
const WORKER_CONCURRENCY = 2;

const IMAGE_JOB = { model: 'local/webox-draw', size: '512x512', count: 1 };
const EBOOK_JOB = {
  title: 'A Benchmark Book',
  subject: 'How a job queue hands work to its workers, and what makes it wait',
  chapters: 5,
  textModel: 'local/webox-mini',
  coverModel: 'local/webox-draw',
  formats: ['pdf', 'epub'],
};
const SHORT_JOB = {
  subject: 'Why the sky is blue',
  durationSeconds: 30,
  format: '9:16',
  voice: 'neutral',
  textModel: 'local/webox-mini',
  imageModel: 'local/webox-draw',
  speechModel: 'local/webox-voice',
};

type Mode = 'embedded' | 'server';
type Pipeline = 'ebook' | 'short';

/** A pipeline's steps (the job's `step` text) grouped into its stages, in order. */
const STAGES: Record<Pipeline, Array<{ stage: string; step: RegExp }>> = {
  ebook: [
    { stage: 'outline', step: /^Writing the outline/ },
    { stage: 'chapters', step: /^Writing chapter / },
    { stage: 'cover', step: /^Drawing the cover/ },
    { stage: 'PDF (assemble + save)', step: /^Assembling the PDF/ },
    { stage: 'EPUB (assemble + save)', step: /^Assembling the EPUB/ },
  ],
  short: [
    { stage: 'script', step: /^Writing the script/ },
    { stage: 'pictures', step: /^Drawing scene / },
    { stage: 'voices', step: /^Voicing scene / },
    { stage: 'assembly (ffmpeg)', step: /^Assembling the video/ },
    { stage: 'saving', step: /^Saving the video/ },
  ],
};

interface Options {
  modes: Mode[];
  jobs: number;
  bursts: number;
  singles: number;
  warmup: number;
  pipelineReps: number;
  postgresUrl: string;
  redisUrl: string;
  dist: string;
  keep: boolean;
  waitIdleSeconds: number;
  json: string;
}

function parseOptions(argv: string[]): Options {
  const { args, int } = parseFlags(argv);
  const quick = args.get('quick') === 'true';
  const modes = (args.get('modes') ?? 'embedded,server').split(',').map((mode) => mode.trim());
  for (const mode of modes) if (mode !== 'embedded' && mode !== 'server') throw new Error(`--modes takes embedded and/or server, not ${mode}`);
  const postgresUrl = args.get('postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = args.get('redis-url') ?? 'redis://127.0.0.1:6379';
  for (const [name, url] of [['postgres-url', postgresUrl], ['redis-url', redisUrl]] as const) {
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) throw new Error(`--${name} must be a loopback address`);
  }
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return {
    modes: modes as Mode[],
    jobs: int('jobs', quick ? 10 : 100, 1, 1_000),
    bursts: int('bursts', quick ? 1 : 3, 1, 20),
    singles: int('singles', quick ? 3 : 20, 1, 200),
    warmup: quick ? 1 : 3,
    pipelineReps: int('pipeline-reps', quick ? 1 : 3, 1, 20),
    postgresUrl,
    redisUrl,
    dist: resolve(args.get('dist') ?? join(ROOT, 'dist', 'backend')),
    keep: args.get('keep') === 'true',
    waitIdleSeconds: int('wait-idle', 0, 0, 3_600),
    json: resolve(args.get('json') ?? join(ROOT, 'backend', 'bench', 'results', `generation-${stamp}.json`)),
  };
}

// ---------------------------------------------------------------------------------------------
// Processes

interface Environment {
  tempDir: string;
  /** The private copy of the build: `<appDir>/dist/backend/main.js`, with `node_modules` linked beside it. */
  appDir: string;
  webox?: BenchChild;
  database?: { name: string; adminUrl: string };
  redis?: { url: string; prefix: string };
}

async function startWebox(env: Environment, mode: Mode, options: Options): Promise<{ child: BenchChild; url: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(env.tempDir, `webox-${mode}-`));
  const server: Record<string, string> = {};
  if (mode === 'server') {
    const name = `webox_bench_${randomBytes(5).toString('hex')}`;
    await adminQuery(options.postgresUrl, `CREATE DATABASE ${name}`);
    env.database = { name, adminUrl: options.postgresUrl };
    const databaseUrl = new URL(options.postgresUrl);
    databaseUrl.pathname = `/${name}`;
    const prefix = `webox-bench-${randomBytes(4).toString('hex')}`;
    env.redis = { url: options.redisUrl, prefix };
    Object.assign(server, { DATABASE_URL: databaseUrl.toString(), REDIS_URL: options.redisUrl, WEBOX_QUEUE_PREFIX: prefix });
  }
  const child = BenchChild.start(`Webox (${mode})`, process.execPath, ['dist/backend/main.js'], {
    cwd: env.appDir,
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      WEBOX_DATA_DIR: dataDir,
      WEBOX_FRONTEND_DIR: join(dataDir, 'no-frontend'),
      WEBOX_SECRET_KEY: randomBytes(32).toString('hex'),
      WEBOX_ACCESS_TOKEN_TTL: '7200',
      WEBOX_AUTH_RATE_LIMIT: '1000',
      LOG_LEVEL: 'warn',
      ...server,
    },
    logFile: join(env.tempDir, `webox-${mode}.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(`${url}/api/health`, child, 120_000);
  return { child, url };
}

async function adminQuery(adminUrl: string, sql: string): Promise<string> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const result = await client.query(sql);
    return String(Object.values((result.rows[0] as Record<string, unknown> | undefined) ?? {})[0] ?? '');
  } finally {
    await client.end();
  }
}

async function withRedis<T>(url: string, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 3_000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

/** Deletes the keys Bull made under this run's prefix (and only those). */
async function deleteQueueKeys(url: string, prefix: string): Promise<number> {
  return withRedis(url, async (redis) => {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  });
}

async function stopWebox(env: Environment): Promise<void> {
  await env.webox?.stop(20_000);
  env.webox = undefined;
  if (env.database) {
    const { name, adminUrl } = env.database;
    env.database = undefined;
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  if (env.redis) {
    const { url, prefix } = env.redis;
    env.redis = undefined;
    const deleted = await deleteQueueKeys(url, prefix);
    log(`deleted ${deleted} Redis key(s) under ${prefix}:`);
  }
}

/** Webox, and apart the ffmpeg/ffprobe it starts; in server mode, also this run's PostgreSQL backends and redis-server. */
function cpuSources(env: Environment, mode: Mode): CpuSource[] {
  const pid = env.webox?.pid ?? -1;
  const sources: CpuSource[] = [
    { name: 'Webox', cpuMs: () => processCpuMs(pid) },
    { name: 'its ffmpeg/ffprobe', cpuMs: () => processTreeCpuMs(pid) - processCpuMs(pid) },
  ];
  if (mode === 'server' && env.database) {
    const database = env.database.name;
    sources.push({ name: 'PostgreSQL (this database)', perProcessMs: () => matchingProcessesCpuMs(`postgres ${database} `) });
    sources.push({ name: 'redis-server (shared)', perProcessMs: () => matchingProcessesCpuMs('redis-server') });
  }
  return sources;
}

// ---------------------------------------------------------------------------------------------
// HTTP

interface JobDto {
  id: string;
  kind: string;
  status: string;
  step: string | null;
  error: string | null;
  outputs: Array<{ id: string; name: string; size: number; mimeType: string; previewStatus: string; durationSeconds: number | null }>;
  failures: Array<{ index: number; message: string }>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

async function api<T>(baseUrl: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const getJob = async (baseUrl: string, token: string, id: string): Promise<JobDto> => {
  const { status, body } = await api<JobDto>(baseUrl, token, 'GET', `/generation/jobs/${id}`);
  if (status !== 200) throw new Error(`GET /api/generation/jobs/${id} answered ${status}: ${JSON.stringify(body).slice(0, 200)}`);
  return body;
};

/** One `POST /api/generation/<kind>`; `sentAt` is stamped just before the request leaves (epoch ms). */
async function submit(baseUrl: string, token: string, kind: 'image' | Pipeline, body: unknown): Promise<{ sentAt: number; acceptedAt: number; id?: string; error?: string }> {
  const sentAt = Date.now();
  try {
    const answer = await api<JobDto>(baseUrl, token, 'POST', `/generation/${kind}`, body);
    const acceptedAt = Date.now();
    if (answer.status !== 202 || !answer.body?.id) return { sentAt, acceptedAt, error: `HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 200)}` };
    return { sentAt, acceptedAt, id: answer.body.id };
  } catch (error) {
    return { sentAt, acceptedAt: Date.now(), error: describe(error) };
  }
}

const epoch = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

// ---------------------------------------------------------------------------------------------
// Queue latency

interface QueueSample {
  ok: boolean;
  error?: string;
  id?: string;
  /** The client's send time, epoch ms. */
  sentAt: number;
  /** POST → 202 at the client. */
  acceptedMs: number;
  /** POST → the row's created_at (the INSERT). */
  createdMs?: number;
  /** POST → the row's started_at (a worker took it). */
  startedMs?: number;
  /** POST → the row's finished_at. */
  finishedMs?: number;
  /** POST → the `succeeded` event at the client. */
  succeededSeenMs?: number;
  /** started_at → finished_at. */
  runMs?: number;
}

interface PreviewJobs {
  count: number;
  /** Client-side: the `running` event → the final event, ms. */
  runMs: number[];
  /** How many started before the last image job of the burst had started. */
  startedBeforeLastImage: number;
}

interface BurstResult {
  jobs: number;
  samples: QueueSample[];
  /** First send → last image job finished_at, ms. */
  drainMs: number;
  /** Image jobs per second over the drain. */
  throughput: number;
  previews: PreviewJobs;
  cpu: CpuWindow;
}

interface SinglesResult {
  samples: QueueSample[];
  cpu: CpuWindow;
}

async function completeSample(baseUrl: string, token: string, watcher: JobWatcher, submitted: Awaited<ReturnType<typeof submit>>): Promise<QueueSample> {
  const sample: QueueSample = { ok: false, sentAt: submitted.sentAt, acceptedMs: submitted.acceptedAt - submitted.sentAt };
  if (!submitted.id) return { ...sample, error: submitted.error ?? 'no job id' };
  sample.id = submitted.id;
  try {
    const final = await watcher.terminal(submitted.id, JOB_TIMEOUT_MS);
    const job = await getJob(baseUrl, token, submitted.id);
    Object.assign(sample, {
      createdMs: epoch(job.createdAt) - sample.sentAt,
      startedMs: epoch(job.startedAt) - sample.sentAt,
      finishedMs: epoch(job.finishedAt) - sample.sentAt,
      runMs: epoch(job.finishedAt) - epoch(job.startedAt),
      succeededSeenMs: final.at - sample.sentAt,
    });
    if (job.status !== 'succeeded') sample.error = `job ${job.status}: ${job.error ?? ''} ${job.failures.map((failure) => failure.message).join('; ')}`.trim();
    else sample.ok = true;
  } catch (error) {
    sample.error = describe(error);
  }
  return sample;
}

/**
 * Waits until the queue is empty: no unfinished job seen on the socket, nothing moved for
 * QUIET_MS, and the previews of `jobId`'s outputs done (a media.preview job is queued without an
 * event; it shows up only when it starts).
 */
async function waitForQuiet(baseUrl: string, token: string, watcher: JobWatcher, jobId?: string): Promise<void> {
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const idleFor = Date.now() - watcher.lastEventAt;
    if (watcher.unfinished().length || idleFor < QUIET_MS) {
      await sleep(Math.max(50, QUIET_MS - idleFor));
      continue;
    }
    if (!jobId || !(await getJob(baseUrl, token, jobId)).outputs.some((output) => output.previewStatus === 'pending')) return;
    await sleep(QUIET_MS);
  }
  throw new Error(`the queue did not empty within ${JOB_TIMEOUT_MS} ms (unfinished: ${watcher.unfinished().join(', ')})`);
}

async function singlesPhase(env: Environment, mode: Mode, baseUrl: string, token: string, watcher: JobWatcher, options: Options): Promise<SinglesResult> {
  for (let i = 0; i < options.warmup; i++) {
    const sample = await completeSample(baseUrl, token, watcher, await submit(baseUrl, token, 'image', { ...IMAGE_JOB, prompt: `Warm-up picture ${i}` }));
    if (!sample.ok) log(`[${mode}] warm-up job failed: ${sample.error}`);
    await waitForQuiet(baseUrl, token, watcher, sample.id);
  }
  const meter = cpuMeter(cpuSources(env, mode));
  const samples: QueueSample[] = [];
  for (let i = 0; i < options.singles; i++) {
    const sample = await completeSample(baseUrl, token, watcher, await submit(baseUrl, token, 'image', { ...IMAGE_JOB, prompt: `A lighthouse at dawn, single ${i}` }));
    samples.push(sample);
    await waitForQuiet(baseUrl, token, watcher, sample.id);
    await sleep(200);
  }
  return { samples, cpu: meter() };
}

async function burstPhase(env: Environment, mode: Mode, baseUrl: string, token: string, watcher: JobWatcher, options: Options, burst: number): Promise<BurstResult> {
  await waitForQuiet(baseUrl, token, watcher);
  const meter = cpuMeter(cpuSources(env, mode));
  const since = Date.now();
  const submitted = await Promise.all(Array.from({ length: options.jobs }, (_, i) => submit(baseUrl, token, 'image', { ...IMAGE_JOB, prompt: `A lighthouse at dawn, burst ${burst} job ${i}` })));
  const accepted = submitted.filter((entry) => entry.id);
  log(`[${mode}] burst ${burst + 1}: ${accepted.length}/${options.jobs} accepted in ${ms(Math.max(...submitted.map((entry) => entry.acceptedAt)) - since)} ms; waiting for the queue to drain`);
  await Promise.all(accepted.map((entry) => watcher.terminal(entry.id!, JOB_TIMEOUT_MS).catch(() => undefined)));
  await waitForQuiet(baseUrl, token, watcher);
  const cpu = meter();
  // Read the rows only now that the queue is empty, so the reads do not compete with the jobs.
  const samples: QueueSample[] = [];
  for (const entry of submitted) samples.push(await completeSample(baseUrl, token, watcher, entry));
  for (const sample of samples) if (sample.ok) await waitForQuiet(baseUrl, token, watcher, sample.id);
  const firstSent = Math.min(...samples.map((sample) => sample.sentAt));
  const lastFinished = Math.max(...samples.filter((sample) => sample.ok).map((sample) => sample.sentAt + sample.finishedMs!));
  const lastImageStart = Math.max(...samples.filter((sample) => sample.ok).map((sample) => sample.sentAt + sample.startedMs!));
  const drainMs = lastFinished - firstSent;
  return {
    jobs: options.jobs,
    samples,
    drainMs,
    throughput: (samples.filter((sample) => sample.ok).length * 1000) / drainMs,
    previews: previewJobs(watcher.eventsSince(since), lastImageStart),
    cpu,
  };
}

function previewJobs(events: JobEvent[], lastImageStart: number): PreviewJobs {
  const byJob = new Map<string, JobEvent[]>();
  for (const event of events) if (event.name === 'media.preview') byJob.set(event.id, [...(byJob.get(event.id) ?? []), event]);
  const runMs: number[] = [];
  let startedBeforeLastImage = 0;
  for (const jobEvents of byJob.values()) {
    const running = jobEvents.find((event) => event.status === 'running');
    const final = jobEvents.find(isTerminal);
    if (running && final) runMs.push(final.at - running.at);
    if (running && running.at < lastImageStart) startedBeforeLastImage++;
  }
  return { count: byJob.size, runMs, startedBeforeLastImage };
}

// ---------------------------------------------------------------------------------------------
// Pipelines

interface PipelineRun {
  ok: boolean;
  error?: string;
  id?: string;
  /** POST → the `succeeded` event at the client, ms. */
  wallMs?: number;
  /** POST → started_at. */
  queueMs?: number;
  /** started_at → finished_at (Webox's clock). */
  serverMs?: number;
  /** The `running` event → the first step. */
  startupMs?: number;
  /** ms per stage, from the socket events' arrival times. */
  stages: Record<string, number>;
  /** Each change of step: its text and when it arrived, ms after the POST. */
  steps: Array<{ step: string; atMs: number }>;
  outputs: Array<{ name: string; size: number; mimeType: string; durationSeconds: number | null }>;
  /** The media.preview job of the outputs (the MP4's poster frame), run right after: client-side running → final, ms. */
  previewMs?: number;
}

interface PipelineResult {
  pipeline: Pipeline;
  /** The first run after start-up (cold: fonts, libraries loaded on first use); not in `runs`. */
  firstRun: PipelineRun;
  runs: PipelineRun[];
  cpu: CpuWindow;
}

function stageOf(pipeline: Pipeline, step: string): string {
  return STAGES[pipeline].find((entry) => entry.step.test(step))?.stage ?? `other: ${step}`;
}

/** Splits a job's events into stages: each change of step starts one; the final event ends the last. */
function stagesOf(pipeline: Pipeline, events: JobEvent[], sentAt: number): Pick<PipelineRun, 'stages' | 'steps' | 'startupMs'> {
  const stages: Record<string, number> = {};
  const steps: PipelineRun['steps'] = [];
  let current: { stage: string; since: number } | undefined;
  let runningAt: number | undefined;
  let lastStep: string | null = null;
  for (const event of events) {
    if (event.status === 'running' && runningAt === undefined) runningAt = event.at;
    const final = isTerminal(event);
    if (!final && (event.step === null || event.step === lastStep)) continue;
    if (current) stages[current.stage] = (stages[current.stage] ?? 0) + event.at - current.since;
    if (final) break;
    lastStep = event.step;
    steps.push({ step: event.step!, atMs: event.at - sentAt });
    current = { stage: stageOf(pipeline, event.step!), since: event.at };
  }
  return { stages, steps, ...(runningAt !== undefined && steps.length ? { startupMs: steps[0]!.atMs - (runningAt - sentAt) } : {}) };
}

async function pipelineRun(mode: Mode, baseUrl: string, token: string, watcher: JobWatcher, pipeline: Pipeline, label: string): Promise<PipelineRun> {
  await waitForQuiet(baseUrl, token, watcher);
  const body = pipeline === 'ebook' ? { ...EBOOK_JOB, title: `${EBOOK_JOB.title}, ${label}` } : { ...SHORT_JOB, subject: `${SHORT_JOB.subject}, ${label}` };
  const submitted = await submit(baseUrl, token, pipeline, body);
  const run: PipelineRun = { ok: false, stages: {}, steps: [], outputs: [] };
  if (!submitted.id) {
    run.error = submitted.error;
  } else {
    run.id = submitted.id;
    try {
      const final = await watcher.terminal(submitted.id, JOB_TIMEOUT_MS);
      const job = await getJob(baseUrl, token, submitted.id);
      Object.assign(run, {
        wallMs: final.at - submitted.sentAt,
        queueMs: epoch(job.startedAt) - submitted.sentAt,
        serverMs: epoch(job.finishedAt) - epoch(job.startedAt),
        ...stagesOf(pipeline, watcher.eventsOf(submitted.id), submitted.sentAt),
      });
      if (job.status !== 'succeeded' || job.failures.length) run.error = `job ${job.status}: ${[job.error, ...job.failures.map((failure) => failure.message)].filter(Boolean).join('; ')}`;
      else run.ok = true;
      await waitForQuiet(baseUrl, token, watcher, submitted.id);
      // The queue was empty before the POST: every preview job since then is this job's.
      const previews = previewJobs(watcher.eventsSince(submitted.sentAt), Number.POSITIVE_INFINITY);
      if (previews.runMs.length) run.previewMs = previews.runMs.reduce((a, b) => a + b, 0);
      const settled = await getJob(baseUrl, token, submitted.id);
      run.outputs = settled.outputs.map(({ name, size, mimeType, durationSeconds }) => ({ name, size, mimeType, durationSeconds }));
    } catch (error) {
      run.error = describe(error);
    }
  }
  log(`[${mode}] ${pipeline} ${label}: ${run.ok ? `${ms(run.wallMs!)} ms (${Object.entries(run.stages).map(([stage, value]) => `${stage} ${ms(value)}`).join(', ')})` : `FAILED: ${run.error}`}`);
  await sleep(500);
  return run;
}

async function pipelinePhase(env: Environment, mode: Mode, baseUrl: string, token: string, watcher: JobWatcher, options: Options, pipeline: Pipeline): Promise<PipelineResult> {
  const firstRun = await pipelineRun(mode, baseUrl, token, watcher, pipeline, 'first run after start-up');
  await waitForQuiet(baseUrl, token, watcher);
  const meter = cpuMeter(cpuSources(env, mode));
  const runs: PipelineRun[] = [];
  for (let rep = 0; rep < options.pipelineReps; rep++) runs.push(await pipelineRun(mode, baseUrl, token, watcher, pipeline, `run ${rep + 1} of ${options.pipelineReps}`));
  return { pipeline, firstRun, runs, cpu: meter() };
}

// ---------------------------------------------------------------------------------------------
// One mode

interface ModeResult {
  mode: Mode;
  skipped?: string;
  startupMs?: number;
  singles?: SinglesResult;
  bursts: BurstResult[];
  pipelines: PipelineResult[];
  loadBefore?: number[];
  loadAfter?: number[];
  /** What --wait-idle found. */
  calm?: string;
  /** Warnings and errors Webox logged. */
  logTail?: string;
}

/** Share of all cores busy with work other than this benchmark's processes, over a few seconds. */
async function otherWorkPercent(windowMs = 3_000): Promise<number> {
  const meter = cpuMeter([]);
  await sleep(windowMs);
  return meter().other;
}

/** Other engineers share the machine: wait (bounded) for a calmer moment. */
async function waitForCalm(mode: Mode, seconds: number): Promise<string | undefined> {
  if (seconds <= 0) return undefined;
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const other = await otherWorkPercent();
    if (other < CALM_PERCENT) return `other work at ${other.toFixed(0)}% of the cores when the mode started`;
    if (Date.now() >= deadline) return `other work still at ${other.toFixed(0)}% of the cores after waiting ${seconds} s: measured anyway`;
    log(`[${mode}] other work at ${other.toFixed(0)}% of the cores: waiting for it to drop under ${CALM_PERCENT}%`);
    await sleep(7_000);
  }
}

async function serverModeUnavailable(options: Options): Promise<string | undefined> {
  try {
    await adminQuery(options.postgresUrl, 'SELECT 1');
  } catch (error) {
    return `PostgreSQL not reachable at ${options.postgresUrl}: ${describe(error)}`;
  }
  try {
    await withRedis(options.redisUrl, (redis) => redis.ping());
  } catch (error) {
    return `Redis not reachable at ${options.redisUrl}: ${describe(error)}`;
  }
  return undefined;
}

async function runMode(env: Environment, mode: Mode, options: Options): Promise<ModeResult> {
  const result: ModeResult = { mode, bursts: [], pipelines: [] };
  if (mode === 'server') {
    const unavailable = await serverModeUnavailable(options);
    if (unavailable) {
      log(`[${mode}] skipped: ${unavailable}`);
      return { ...result, skipped: unavailable };
    }
  }
  const calm = await waitForCalm(mode, options.waitIdleSeconds);
  Object.assign(result, { loadBefore: loadavg(), ...(calm ? { calm } : {}) });
  const booting = Date.now();
  let watcher: JobWatcher | undefined;
  try {
    const webox = await startWebox(env, mode, options);
    env.webox = webox.child;
    result.startupMs = Date.now() - booting;
    log(`[${mode}] Webox up on ${webox.url} (pid ${webox.child.pid}) in ${ms(result.startupMs)} ms`);
    const token = await registerUser(webox.url);
    watcher = await JobWatcher.connect(webox.url, token);

    log(`[${mode}] empty queue: ${options.warmup} warm-up jobs, then ${options.singles} single jobs, one at a time`);
    result.singles = await singlesPhase(env, mode, webox.url, token, watcher, options);
    for (let burst = 0; burst < options.bursts; burst++) {
      log(`[${mode}] burst ${burst + 1}/${options.bursts}: ${options.jobs} image jobs at once`);
      result.bursts.push(await burstPhase(env, mode, webox.url, token, watcher, options, burst));
    }
    for (const pipeline of ['ebook', 'short'] as const) {
      log(`[${mode}] ${pipeline}: ${options.pipelineReps} runs, one at a time`);
      result.pipelines.push(await pipelinePhase(env, mode, webox.url, token, watcher, options, pipeline));
    }
  } finally {
    watcher?.close();
    result.loadAfter = loadavg();
    const logTail = env.webox?.tail(30);
    if (logTail && logTail !== '(no log)') result.logTail = logTail;
    await stopWebox(env);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

const pick = (samples: QueueSample[], field: keyof QueueSample) => samples.filter((sample) => sample.ok).map((sample) => sample[field] as number).filter(Number.isFinite);

function distributionRow(label: string, d: Distribution): string[] {
  return [label, String(d.n), ms(d.min), ms(d.p50), ms(d.p90), ms(d.p99), ms(d.max)];
}

const QUEUE_HEADER = ['ms', 'n', 'min', 'p50', 'p90', 'p99', 'max'];

function queueRows(samples: QueueSample[]): string[][] {
  return [
    distributionRow('POST → 202 at the client', distribution(pick(samples, 'acceptedMs'))),
    distributionRow('POST → row created (`created_at`)', distribution(pick(samples, 'createdMs'))),
    distributionRow('**POST → started** (`started_at`)', distribution(pick(samples, 'startedMs'))),
    distributionRow('started → finished (the job itself)', distribution(pick(samples, 'runMs'))),
    distributionRow('**POST → succeeded** (`finished_at`)', distribution(pick(samples, 'finishedMs'))),
    distributionRow('POST → `succeeded` event at the client', distribution(pick(samples, 'succeededSeenMs'))),
  ];
}

function errorsLine(errors: string[]): string {
  if (!errors.length) return 'Errors: none.';
  const counts = new Map<string, number>();
  for (const error of errors) {
    const key = error.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '…').slice(0, 240);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return `Errors: ${errors.length}: ${[...counts].map(([text, count]) => `${count} × ${text}`).join(' | ')}.`;
}

function burstsReport(bursts: BurstResult[]): string {
  const all = bursts.flatMap((burst) => burst.samples);
  const lines = [table(QUEUE_HEADER, queueRows(all)), ''];
  lines.push(
    table(
      ['burst', 'jobs ok', 'POST → started p50 / p99 / max', 'POST → succeeded p50 / p99 / max', 'drain (first POST → last finished)', 'throughput', 'media.preview jobs (started before the last image job)', 'other work'],
      bursts.map((burst, index) => {
        const started = distribution(pick(burst.samples, 'startedMs'));
        const finished = distribution(pick(burst.samples, 'finishedMs'));
        return [
          String(index + 1),
          `${burst.samples.filter((sample) => sample.ok).length}/${burst.jobs}`,
          `${ms(started.p50)} / ${ms(started.p99)} / ${ms(started.max)}`,
          `${ms(finished.p50)} / ${ms(finished.p99)} / ${ms(finished.max)}`,
          `${ms(burst.drainMs)} ms`,
          `${burst.throughput.toFixed(1)} jobs/s`,
          `${burst.previews.count} (${burst.previews.startedBeforeLastImage}), run p50 ${ms(median(burst.previews.runMs))} ms`,
          `${burst.cpu.other.toFixed(0)}%`,
        ];
      }),
    ),
    '',
    drainNote(bursts),
    '',
    errorsLine(all.filter((sample) => !sample.ok).map((sample) => sample.error ?? 'unknown')),
  );
  for (const [index, burst] of bursts.entries()) lines.push('', `Burst ${index + 1}: ${cpuLine(burst.cpu)}`);
  return lines.join('\n');
}

/**
 * What the drain would be if the workers were the only limit: the run times of the image jobs,
 * and of the media.preview jobs that took a worker before the last image job started, shared by
 * the workers.
 */
function drainNote(bursts: BurstResult[]): string {
  const runs = bursts.flatMap((burst) => pick(burst.samples, 'runMs'));
  const previews = bursts.flatMap((burst) => burst.previews.runMs);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / (values.length || 1);
  const interleaved = bursts.reduce((sum, burst) => sum + burst.previews.startedBeforeLastImage, 0);
  const workersAlone = (runs.length * mean(runs) + interleaved * mean(previews)) / WORKER_CONCURRENCY / bursts.length;
  return (
    `With ${WORKER_CONCURRENCY} workers, a burst drains at the processing rate. Image jobs ran ${ms(mean(runs))} ms on average under load; ` +
    `${interleaved} of the ${previews.length} media.preview jobs (the thumbnails of the new images, ${ms(mean(previews))} ms each on average) started before the last image job and took a worker from it. ` +
    `The workers alone need ≈ ${ms(workersAlone)} ms per burst (those run times ÷ ${WORKER_CONCURRENCY}); the measured drain was ${ms(median(bursts.map((burst) => burst.drainMs)))} ms (median of ${bursts.length}). ` +
    'So a job\'s "POST → started" under a burst is mostly its place in the line times that rate, not queue overhead: the empty-queue figures show the overhead.'
  );
}

function singlesReport(singles: SinglesResult): string {
  return [table(QUEUE_HEADER, queueRows(singles.samples)), '', errorsLine(singles.samples.filter((sample) => !sample.ok).map((sample) => sample.error ?? 'unknown')), '', cpuLine(singles.cpu)].join('\n');
}

function pipelineReport(result: PipelineResult): string {
  const good = result.runs.filter((run) => run.ok);
  const stageNames = [...STAGES[result.pipeline].map((entry) => entry.stage), ...new Set(good.flatMap((run) => Object.keys(run.stages)).filter((name) => name.startsWith('other: ')))];
  const wall = median(good.map((run) => run.wallMs!));
  const row = (label: string, values: number[], share = true) => {
    const d = distribution(values);
    return [label, ms(d.p50), ms(d.min), ms(d.max), share && Number.isFinite(d.p50) ? `${((100 * d.p50) / wall).toFixed(0)}%` : ''];
  };
  const rows = [
    row('queue: POST → started', good.map((run) => run.queueMs!)),
    row('start: running → first step', good.map((run) => run.startupMs ?? Number.NaN)),
    ...stageNames.map((stage) => row(stage, good.map((run) => run.stages[stage] ?? 0))),
    row('**wall: POST → `succeeded` event**', good.map((run) => run.wallMs!), false),
    row('Webox: started_at → finished_at', good.map((run) => run.serverMs!), false),
  ];
  const previews = good.flatMap((run) => (run.previewMs === undefined ? [] : [run.previewMs]));
  const first = result.firstRun;
  const firstLine = first.ok
    ? `First run after start-up (not counted above): ${ms(first.wallMs!)} ms — ${Object.entries(first.stages).map(([stage, value]) => `${stage} ${ms(value)}`).join(', ')}.`
    : `First run after start-up (not counted above) failed: ${first.error}.`;
  const outputs = good[0]?.outputs.map((output) => `${output.name} (${output.mimeType}, ${(output.size / 1024).toFixed(0)} KiB${output.durationSeconds ? `, ${output.durationSeconds.toFixed(1)} s` : ''})`).join(', ');
  return [
    table(['ms', 'median', 'min', 'max', 'share of the median wall'], rows),
    '',
    `${good.length}/${result.runs.length} runs succeeded. Outputs of the first: ${outputs ?? '–'}.` +
      (previews.length ? ` After each job, its media.preview job (poster frame) ran ${ms(median(previews))} ms (median; not in the wall time).` : ''),
    '',
    firstLine,
    '',
    cpuPerRun(result),
    '',
    errorsLine(result.runs.filter((run) => !run.ok).map((run) => run.error ?? 'unknown')),
    '',
    cpuLine(result.cpu),
  ].join('\n');
}

/** CPU time per run, which depends much less than wall time on the other work of the machine. */
function cpuPerRun(result: PipelineResult): string {
  const runs = result.runs.length || 1;
  const perRun = Object.entries(result.cpu.sourcesMs).map(([name, value]) => `${name} ${ms(value / runs)} ms`);
  return `CPU time per run (the phase's CPU ÷ ${runs}, including the waits between runs and the media.preview job after each): ${perRun.join(', ')}.`;
}

function summaryTables(results: ModeResult[], options: Options): string {
  const measured = results.filter((result) => !result.skipped);
  const queue = table(
    ['mode', `${options.jobs} queued: POST → started p50 / p99 / max`, `${options.jobs} queued: POST → succeeded p50 / p99 / max`, 'throughput (jobs/s)', 'empty queue: POST → started p50 / p99 / max', 'empty queue: POST → succeeded p50', 'errors'],
    measured.map((result) => {
      const all = result.bursts.flatMap((burst) => burst.samples);
      const started = distribution(pick(all, 'startedMs'));
      const finished = distribution(pick(all, 'finishedMs'));
      const single = result.singles ? distribution(pick(result.singles.samples, 'startedMs')) : undefined;
      const errors = all.filter((sample) => !sample.ok).length + (result.singles?.samples.filter((sample) => !sample.ok).length ?? 0);
      return [
        result.mode,
        `**${ms(started.p50)} / ${ms(started.p99)}** / ${ms(started.max)}`,
        `${ms(finished.p50)} / ${ms(finished.p99)} / ${ms(finished.max)}`,
        result.bursts.map((burst) => burst.throughput.toFixed(1)).join(', '),
        single ? `**${ms(single.p50)} / ${ms(single.p99)}** / ${ms(single.max)}` : '–',
        result.singles ? ms(median(pick(result.singles.samples, 'finishedMs'))) : '–',
        String(errors),
      ];
    }),
  );
  const parts = [queue];
  for (const pipeline of ['ebook', 'short'] as const) {
    const stages = STAGES[pipeline].map((entry) => entry.stage);
    parts.push(
      '',
      table(
        [`${pipeline} (median ms)`, ...measured.map((result) => result.mode)],
        ['queue: POST → started', ...stages, 'wall: POST → succeeded'].map((label) => [
          label,
          ...measured.map((result) => {
            const runs = result.pipelines.find((entry) => entry.pipeline === pipeline)?.runs.filter((run) => run.ok) ?? [];
            const values = label === 'wall: POST → succeeded' ? runs.map((run) => run.wallMs!) : label === 'queue: POST → started' ? runs.map((run) => run.queueMs!) : runs.map((run) => run.stages[label] ?? 0);
            return ms(median(values));
          }),
        ]),
      ),
    );
  }
  return parts.join('\n');
}

function report(results: ModeResult[], options: Options, machine: Record<string, string>, wallMs: number): string {
  const parts = [
    `# Generation benchmark — ${new Date().toISOString()}`,
    '',
    table(['machine', ''], Object.entries(machine)),
    '',
    `Settings: image jobs ${IMAGE_JOB.model} ${IMAGE_JOB.size} × ${IMAGE_JOB.count}; ${options.warmup} warm-up + ${options.singles} single jobs on an empty queue; ${options.bursts} burst(s) of ${options.jobs} jobs sent at once; ` +
      `1 + ${options.pipelineReps} run(s) of each pipeline (the first, right after start-up, reported apart; eBook: ${EBOOK_JOB.chapters} chapters, ${EBOOK_JOB.formats.join(' + ')}; short: ${SHORT_JOB.durationSeconds} s ${SHORT_JOB.format}, voice ${SHORT_JOB.voice}); ` +
      `worker concurrency ${WORKER_CONCURRENCY} per process. Whole run ${(wallMs / 1000).toFixed(0)} s.`,
    '',
    '## Summary',
    '',
    summaryTables(results, options),
  ];
  for (const result of results) {
    const title = result.mode === 'embedded' ? 'embedded: PGlite + in-process queue' : 'server: PostgreSQL + Bull on Redis';
    parts.push('', `## Webox ${title}`);
    if (result.skipped) {
      parts.push('', `Skipped: ${result.skipped}`);
      continue;
    }
    parts.push('', `Start-up to healthy: ${ms(result.startupMs ?? Number.NaN)} ms. Load average before ${result.loadBefore?.map((l) => l.toFixed(2)).join(' ')}, after ${result.loadAfter?.map((l) => l.toFixed(2)).join(' ')}.${result.calm ? ` Wait for a calm machine: ${result.calm}.` : ''}`);
    if (result.singles) parts.push('', `### One job on an empty queue (${result.singles.samples.length} jobs, one at a time)`, '', singlesReport(result.singles));
    if (result.bursts.length) parts.push('', `### ${options.jobs} jobs sent at once (${result.bursts.length} burst(s), pooled)`, '', burstsReport(result.bursts));
    for (const pipeline of result.pipelines) parts.push('', `### ${pipeline.pipeline === 'ebook' ? `eBook, ${EBOOK_JOB.chapters} chapters, PDF + EPUB` : `Short, ${SHORT_JOB.durationSeconds} s, ${SHORT_JOB.format}`}`, '', pipelineReport(pipeline));
    if (result.logTail) parts.push('', 'Last lines of the Webox log (LOG_LEVEL=warn):', '', '```', result.logTail, '```');
  }
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`;
  return String(error);
}

const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);

function ffmpegVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const path = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    return execFileSync(path, ['-version'], { encoding: 'utf8' }).split('\n')[0] ?? '?';
  } catch {
    return '?';
  }
}

async function serviceVersions(options: Options): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  if (!options.modes.includes('server')) return versions;
  versions['PostgreSQL'] = await adminQuery(options.postgresUrl, 'SHOW server_version').catch((error: unknown) => `unreachable (${describe(error)})`);
  versions['Redis'] = await withRedis(options.redisUrl, async (redis) => /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?').catch((error: unknown) => `unreachable (${describe(error)})`);
  return versions;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(join(options.dist, 'main.js'))) throw new Error(`${options.dist}/main.js is missing: run \`npx nx run backend:build\` first`);
  const started = Date.now();
  const machine: Record<string, string> = {
    cores: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at start)`,
    node: process.version,
    ffmpeg: ffmpegVersion(),
    ...(await serviceVersions(options)),
    'load average at start (1/5/15 min)': loadavg().map((l) => l.toFixed(2)).join(' '),
  };
  const tempDir = mkdtempSync(join(tmpdir(), 'webox-bench-generation-'));
  log(`logs and data in ${tempDir}`);
  const env: Environment = { tempDir, appDir: snapshotBuild(ROOT, options.dist, tempDir) };
  Object.assign(machine, buildDescription(ROOT, options.dist));

  let finished = false;
  const cleanup = () => stopWebox(env).catch((error: unknown) => log(`cleanup: ${describe(error)}`));
  const runTimeoutMs = RUN_TIMEOUT_MS + options.modes.length * options.waitIdleSeconds * 1000;
  const disarm = guardRun(runTimeoutMs, cleanup, log);

  const results: ModeResult[] = [];
  try {
    for (const mode of options.modes) {
      results.push(await runMode(env, mode, options));
      await sleep(500);
    }
    finished = true;
  } finally {
    disarm();
    await cleanup();
    if (finished && !options.keep) rmSync(tempDir, { recursive: true, force: true });
    else log(`logs kept in ${tempDir}`);
  }
  const text = report(results, options, machine, Date.now() - started);
  console.log(text);
  mkdirSync(dirname(options.json), { recursive: true });
  writeFileSync(options.json, JSON.stringify({ options, machine, results }, null, 2));
  writeFileSync(options.json.replace(/\.json$/, '') + '.md', `${text}\n`);
  log(`results in ${options.json} (and .md)`);
  const failures = results.reduce(
    (count, result) =>
      count +
      (result.singles?.samples.filter((sample) => !sample.ok).length ?? 0) +
      result.bursts.reduce((n, burst) => n + burst.samples.filter((sample) => !sample.ok).length, 0) +
      result.pipelines.reduce((n, pipeline) => n + pipeline.runs.filter((run) => !run.ok).length + (pipeline.firstRun.ok ? 0 : 1), 0),
    0,
  );
  if (failures) {
    log(`${failures} failed jobs: see the Errors lines`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
