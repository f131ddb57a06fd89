/**
 * Knowledge retrieval and tool-step benchmark. Three processes on loopback: this load generator,
 * the provider emulator (its own process: embeddings and OpenAI chat) and Webox
 * (`node dist/backend/main.js`), in each database mode:
 *   - postgres: a scratch database `webox_kbench_<random>` on the PostgreSQL server (dropped after):
 *     no pgvector there, so vector search runs the portable path (an in-process scan, VectorScan);
 *   - pglite: the embedded PGlite (no DATABASE_URL), which bundles pgvector: `<=>`.
 * In each: 10 000 passages loaded through real indexing (Markdown uploaded to the media library,
 * added to a collection whose embedding model is OpenAI's, served by the emulator), then
 * `POST /api/knowledge/search` in full-text and hybrid modes (sequential and concurrent), the SQL of
 * `ChunkIndex` alone on the same database, and the overhead of one tool step in an agent's turn
 * (`POST /api/assistants/chat`, offline model and OpenAI through the emulator).
 * See docs/performance.md ("Knowledge retrieval and tool steps").
 *
 *   npx nx run backend:build
 *   npx ts-node --transpile-only -P backend/tsconfig.json backend/bench/knowledge.bench.ts [options]
 *
 * Options: --db postgres,pglite   --docs 100   --chunks-per-doc 100   --queries 210   --warmup 30
 *          --concurrency 8   --turns 100 (per agent variant)
 *          --sql-vector-queries 60 (queries whose vector search is timed alone, outside the API)   --postgres-url postgres://postgres@127.0.0.1:5432/postgres
 *          --dist <dir> (the built backend to run; default dist/backend)
 *          --json <file> (default backend/bench/results/knowledge-<time>.json; a .md of the report is written beside it)
 *          --keep (keep the temporary directory: Webox's and the emulator's logs, PGlite's data)
 *          --wait-idle <s> (before each database mode, wait up to s seconds for other work on the machine to calm down)
 *          --quick (a smoke run: 12 documents, 60 queries, 20 turns)
 *
 * The build is copied to a temporary directory before Webox starts, so a rebuild of dist/ by
 * someone else during the run does not change what is measured.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { ChunkIndex } from '../src/modules/knowledge/chunk-index';
import { embedText, type RecordedRequest } from '../test/support/provider-emulator';
import { buildDescription, snapshotBuild } from './support/build-snapshot';
import { BenchChild, freePort, machineCpuMs, processCpuMs, waitUntilServing } from './support/child-process';
import { cpuLine, cpuMeter, matchingProcessesCpuMs, type CpuSource, type CpuWindow } from './support/cpu-meter';
import { EmulatorControl, startEmulator } from './support/emulator-control';
import { generateCorpus, generateQueries, topicOfFile, type BenchQuery, type CorpusDocument, type QueryKind } from './support/knowledge-corpus';
import { distribution, median, ms, signedMs, table, type Distribution } from './support/stats';
import { registerUser } from './support/stream-clients';
import { guardRun, parseFlags } from './support/run-guard';

const ROOT = resolve(__dirname, '..', '..');
const API_KEY = 'test-key';
const EMBEDDING_MODEL = 'openai/text-embedding-3-small';
const EMBEDDING_DIMENSIONS = 1536;
const REQUEST_TIMEOUT_MS = 120_000;
/** The whole run (plus any --wait-idle time) is stopped after this. */
const RUN_TIMEOUT_MS = 150 * 60_000;
const INDEXING_TIMEOUT_MS = 40 * 60_000;
/** Hits asked of each search: the API's default. */
const SEARCH_LIMIT = 10;
/** What KnowledgeService asks of each ranking before fusion (max(limit × 3, 30)). */
const HYBRID_CANDIDATES = 30;
/** --wait-idle waits until the work of other processes falls under this share of the cores. */
const CALM_PERCENT = 25;
/** The question of the tool-step phases; the offline model's policy turns it into one calculator call. */
const TOOL_QUESTION = 'what is 12 * 7?';
const TOOL_EXPRESSION = '12 * 7';
/** The OpenAI model's final answer, the same with and without the tool step. */
const OPENAI_REPLY = 'Twelve times seven is 84.';
const OPENAI_MODEL = 'openai/gpt-5.4';
const LOCAL_MODEL = 'local/webox-mini';

type DbMode = 'postgres' | 'pglite';
type SearchMode = 'fulltext' | 'hybrid';

interface Options {
  dbs: DbMode[];
  docs: number;
  chunksPerDoc: number;
  queries: number;
  warmup: number;
  concurrency: number;
  turns: number;
  sqlVectorQueries: number;
  postgresUrl: string;
  dist: string;
  keep: boolean;
  waitIdleSeconds: number;
  json: string;
}

function parseOptions(argv: string[]): Options {
  const { args, int } = parseFlags(argv);
  const quick = args.get('quick') === 'true';
  const dbs = (args.get('db') ?? 'postgres,pglite').split(',').map((db) => db.trim());
  for (const db of dbs) if (db !== 'pglite' && db !== 'postgres') throw new Error(`--db takes postgres and/or pglite, not ${db}`);
  const postgresUrl = args.get('postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(postgresUrl).hostname)) throw new Error('--postgres-url must be a loopback address');
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return {
    dbs: dbs as DbMode[],
    docs: int('docs', quick ? 12 : 100, 1, 1_000),
    chunksPerDoc: int('chunks-per-doc', 100, 1, 1_000),
    queries: int('queries', quick ? 60 : 210, 3, 5_000),
    warmup: int('warmup', quick ? 6 : 30, 0, 1_000),
    concurrency: int('concurrency', 8, 1, 64),
    turns: int('turns', quick ? 20 : 100, 1, 2_000),
    sqlVectorQueries: int('sql-vector-queries', quick ? 30 : 60, 1, 5_000),
    postgresUrl,
    dist: resolve(args.get('dist') ?? join(ROOT, 'dist', 'backend')),
    keep: args.get('keep') === 'true',
    waitIdleSeconds: int('wait-idle', 0, 0, 3_600),
    json: resolve(args.get('json') ?? join(ROOT, 'backend', 'bench', 'results', `knowledge-${stamp}.json`)),
  };
}

// ---------------------------------------------------------------------------------------------
// Processes

interface Environment {
  tempDir: string;
  appDir: string;
  emulatorProcess: BenchChild;
  emulator: EmulatorControl;
  webox?: BenchChild;
  dataDir?: string;
  database?: { name: string; adminUrl: string; url: string };
}

async function startWebox(env: Environment, db: DbMode, options: Options): Promise<string> {
  const port = await freePort();
  env.dataDir = mkdtempSync(join(env.tempDir, `webox-${db}-`));
  let databaseUrl: string | undefined;
  if (db === 'postgres') {
    const name = `webox_kbench_${randomBytes(5).toString('hex')}`;
    await adminQuery(options.postgresUrl, `CREATE DATABASE ${name}`);
    const url = new URL(options.postgresUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    env.database = { name, adminUrl: options.postgresUrl, url: databaseUrl };
  }
  env.webox = BenchChild.start(`Webox (${db})`, process.execPath, ['dist/backend/main.js'], {
    cwd: env.appDir,
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      WEBOX_DATA_DIR: env.dataDir,
      WEBOX_FRONTEND_DIR: join(env.dataDir, 'no-frontend'),
      WEBOX_SECRET_KEY: randomBytes(32).toString('hex'),
      WEBOX_ACCESS_TOKEN_TTL: '7200',
      WEBOX_AUTH_RATE_LIMIT: '1000',
      WEBOX_QUEUE_PREFIX: `webox-kbench-${randomBytes(4).toString('hex')}`,
      WEBOX_LOCAL_TOKEN_DELAY_MS: '0',
      LOG_LEVEL: 'warn',
      OPENAI_API_KEY: API_KEY,
      OPENAI_BASE_URL: env.emulator.openaiBaseUrl,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    logFile: join(env.tempDir, `webox-${db}.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(`${url}/api/health`, env.webox, 180_000);
  return url;
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function stopWebox(env: Environment): Promise<void> {
  await env.webox?.stop(30_000);
  env.webox = undefined;
}

async function dropDatabase(env: Environment): Promise<void> {
  if (!env.database) return;
  const { name, adminUrl } = env.database;
  env.database = undefined;
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

function cpuSources(env: Environment): CpuSource[] {
  const pid = env.webox?.pid ?? -1;
  const sources: CpuSource[] = [
    { name: 'Webox', cpuMs: () => processCpuMs(pid) },
    { name: 'emulator', cpuMs: () => env.emulatorProcess.cpuMs() },
  ];
  const database = env.database?.name;
  if (database) sources.push({ name: 'PostgreSQL (this database)', perProcessMs: () => matchingProcessesCpuMs(`postgres ${database} `) });
  return sources;
}

// ---------------------------------------------------------------------------------------------
// HTTP

async function api<T>(baseUrl: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /api${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

// ---------------------------------------------------------------------------------------------
// Loading 10 000 passages through real indexing

interface CollectionDetail {
  id: string;
  chunkCount: number;
  files: Array<{ name: string; status: string; error: string | null; chunkCount: number }>;
}

interface LoadResult {
  collectionId: string;
  ownerId?: string;
  documents: number;
  bytes: number;
  /** Passages stored, as the collection counts them. */
  chunks: number;
  failedFiles: string[];
  uploadMs: number;
  /** `POST .../files` → every file ready or failed. */
  indexMs: number;
  embeddingRequests: number;
  cpu: CpuWindow;
}

const UPLOAD_BATCH = 20;

async function loadCorpus(env: Environment, url: string, token: string, corpus: CorpusDocument[], db: DbMode): Promise<LoadResult> {
  const meter = cpuMeter(cpuSources(env));
  await env.emulator.reset();
  const uploadStarted = performance.now();
  const mediaIds: string[] = [];
  for (let start = 0; start < corpus.length; start += UPLOAD_BATCH) {
    const form = new FormData();
    for (const document of corpus.slice(start, start + UPLOAD_BATCH)) form.append('files', new Blob([document.text], { type: 'text/markdown' }), document.name);
    const response = await fetch(`${url}/api/media/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const body = (await response.json()) as Array<{ id: string; mimeType: string }>;
    if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
    mediaIds.push(...body.map((file) => file.id));
  }
  const uploadMs = performance.now() - uploadStarted;
  const collection = await api<CollectionDetail>(url, token, 'POST', '/knowledge/collections', { name: 'Benchmark corpus', embeddingModel: EMBEDDING_MODEL });
  const indexStarted = performance.now();
  await api(url, token, 'POST', `/knowledge/collections/${collection.id}/files`, { mediaFileIds: mediaIds });
  let detail = collection;
  let lastLog = performance.now();
  for (;;) {
    detail = await api<CollectionDetail>(url, token, 'GET', `/knowledge/collections/${collection.id}`);
    const settled = detail.files.filter((file) => file.status === 'ready' || file.status === 'failed').length;
    if (settled === corpus.length) break;
    if (performance.now() - indexStarted > INDEXING_TIMEOUT_MS) throw new Error(`indexing did not finish within ${INDEXING_TIMEOUT_MS / 60_000} min (${settled}/${corpus.length} files)`);
    if (performance.now() - lastLog > 15_000) {
      log(`[${db}] indexing: ${settled}/${corpus.length} files settled, ${detail.chunkCount} passages stored`);
      lastLog = performance.now();
    }
    await sleep(500);
  }
  const indexMs = performance.now() - indexStarted;
  const records = await env.emulator.requests();
  return {
    collectionId: collection.id,
    documents: corpus.length,
    bytes: corpus.reduce((sum, document) => sum + Buffer.byteLength(document.text), 0),
    chunks: detail.chunkCount,
    failedFiles: detail.files.filter((file) => file.status === 'failed').map((file) => `${file.name}: ${file.error}`),
    uploadMs,
    indexMs,
    embeddingRequests: records.filter((record) => record.kind === 'embeddings').length,
    cpu: meter(),
  };
}

// ---------------------------------------------------------------------------------------------
// Retrieval through the API

interface SearchSample {
  query: number;
  ok: boolean;
  error?: string;
  ms: number;
  hits: number;
  /** The first hit's document is of the query's topic. */
  topOnTopic: boolean;
}

interface SearchPhase {
  mode: SearchMode;
  concurrency: number;
  samples: SearchSample[];
  wallMs: number;
  /** Queries per second over the phase. */
  throughput: number;
  /** `GET /api/health` sent every 200 ms during a concurrent phase: what a light request waits meanwhile. */
  healthMs?: number[];
  /** Hybrid, sequential: the emulator's own time per query embedding (request in → response written, whole ms). */
  emulatorEmbeddingMs?: number[];
  cpu: CpuWindow;
}

interface Hit {
  fileName: string;
}

async function searchOnce(url: string, token: string, collectionId: string, queries: BenchQuery[], index: number, mode: SearchMode): Promise<SearchSample> {
  const query = queries[index % queries.length]!;
  const started = performance.now();
  try {
    const response = await fetch(`${url}/api/knowledge/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: query.text, mode, collectionIds: [collectionId], limit: SEARCH_LIMIT }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200) return { query: index, ok: false, error: `HTTP ${response.status}: ${text.slice(0, 200)}`, ms: elapsed, hits: 0, topOnTopic: false };
    const hits = JSON.parse(text) as Hit[];
    return { query: index, ok: true, ms: elapsed, hits: hits.length, topOnTopic: hits[0] !== undefined && topicOfFile(hits[0].fileName) === query.topic };
  } catch (error) {
    return { query: index, ok: false, error: describe(error), ms: performance.now() - started, hits: 0, topOnTopic: false };
  }
}

async function searchPhase(env: Environment, url: string, token: string, collectionId: string, queries: BenchQuery[], mode: SearchMode, concurrency: number): Promise<SearchPhase> {
  await env.emulator.reset();
  const samples: SearchSample[] = [];
  let next = 0;
  let running = true;
  const healthMs: number[] = [];
  const probe = async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        await response.arrayBuffer();
        healthMs.push(performance.now() - started);
      } catch {
        healthMs.push(Number.NaN);
      }
      await sleep(200);
    }
  };
  const meter = cpuMeter(cpuSources(env));
  const started = performance.now();
  const prober = concurrency > 1 ? probe() : Promise.resolve();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < queries.length; index = next++) samples.push(await searchOnce(url, token, collectionId, queries, index, mode));
    }),
  );
  const wallMs = performance.now() - started;
  running = false;
  await prober;
  const cpu = meter();
  const phase: SearchPhase = { mode, concurrency, samples: samples.sort((a, b) => a.query - b.query), wallMs, throughput: (samples.length * 1000) / wallMs, cpu };
  if (concurrency > 1) phase.healthMs = healthMs;
  if (mode === 'hybrid' && concurrency === 1) {
    const records = (await env.emulator.requests()).filter((record: RecordedRequest) => record.kind === 'embeddings' && record.endedAt !== undefined);
    phase.emulatorEmbeddingMs = records.map((record) => record.endedAt! - record.receivedAt);
  }
  return phase;
}

/** The query embedding as a client of the emulator sees it: the `openai` SDK as Webox's adapter calls it (base64 floats), one query at a time. */
async function directEmbeddingMs(env: Environment, queries: BenchQuery[]): Promise<number[]> {
  const times: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    const client = new OpenAI({ apiKey: API_KEY, baseURL: env.emulator.openaiBaseUrl, maxRetries: 0, timeout: 60_000 });
    await client.embeddings.create({ model: 'text-embedding-3-small', input: [query.text] });
    times.push(performance.now() - started);
  }
  return times;
}

// ---------------------------------------------------------------------------------------------
// The SQL of ChunkIndex alone, on the same database

interface SqlPhase {
  vectorPath: string;
  /** Full text as in `mode: fulltext` (LIMIT 10). */
  fullTextMs: number[];
  /** Full text as in hybrid (LIMIT 30). */
  fullTextCandidatesMs: number[];
  /** Nearest passages by cosine distance (LIMIT 30), for the first `--sql-vector-queries` queries. */
  vectorMs: number[];
  explainFullText: string;
  explainVector: string;
  /** How the timings were taken. */
  how: string;
}

/** The minimum of TypeORM's DataSource that ChunkIndex's searches use, over a plain pg client. */
const dataSourceOf = (client: Client) => ({ query: async (sql: string, parameters?: unknown[]) => (await client.query(sql, parameters)).rows }) as unknown as DataSource;

async function sqlPhase(client: Client, how: string, collectionId: string, queries: BenchQuery[], warmup: number, vectorQueries: number): Promise<SqlPhase> {
  const index = new ChunkIndex(dataSourceOf(client));
  const [{ owner_id: ownerId }] = (await client.query(`SELECT owner_id FROM knowledge_collections WHERE id = $1`, [collectionId])).rows as Array<{ owner_id: string }>;
  const vectors = queries.map((query) => embedText(query.text, EMBEDDING_DIMENSIONS));
  const ids = [collectionId];
  for (let i = 0; i < warmup; i++) await index.fullText(ownerId!, ids, queries[queries.length - 1 - (i % queries.length)]!.text, HYBRID_CANDIDATES);
  for (let i = 0; i < Math.min(3, warmup); i++) await index.nearest(ownerId!, ids, EMBEDDING_MODEL, vectors[queries.length - 1 - i]!, HYBRID_CANDIDATES);
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  const phase: SqlPhase = { vectorPath: await index.detectVectorPath(), fullTextMs: [], fullTextCandidatesMs: [], vectorMs: [], explainFullText: '', explainVector: '', how };
  for (const [i, query] of queries.entries()) {
    phase.fullTextMs.push(await timed(() => index.fullText(ownerId!, ids, query.text, SEARCH_LIMIT)));
    phase.fullTextCandidatesMs.push(await timed(() => index.fullText(ownerId!, ids, query.text, HYBRID_CANDIDATES)));
    if (i < vectorQueries) phase.vectorMs.push(await timed(() => index.nearest(ownerId!, ids, EMBEDDING_MODEL, vectors[i]!, HYBRID_CANDIDATES)));
  }
  // The plans, captured by running the same statements under EXPLAIN ANALYZE.
  const explain = async (run: (dataSource: DataSource) => Promise<unknown>) => {
    let plan = '';
    const capturing = {
      query: async (sql: string, parameters?: unknown[]) => {
        if (/^\s*SELECT\s+c\.id/i.test(sql)) {
          const rows = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters)).rows as Array<{ 'QUERY PLAN': string }>;
          plan += `${rows.map((row) => shortenLiterals(row['QUERY PLAN'])).join('\n')}\n`;
        }
        // The real answer too, so ChunkIndex takes the same branches (a full-text fallback) as when timed.
        return (await client.query(sql, parameters)).rows;
      },
    } as unknown as DataSource;
    await run(capturing);
    return plan.trim();
  };
  const keywords = queries.find((query) => query.kind === 'keywords') ?? queries[0]!;
  phase.explainFullText = await explain((dataSource) => new ChunkIndex(dataSource).fullText(ownerId!, ids, keywords.text, HYBRID_CANDIDATES));
  phase.explainVector = await explain((dataSource) => {
    const explained = new ChunkIndex(dataSource);
    explained.vectorPath = index.vectorPath;
    return explained.nearest(ownerId!, ids, EMBEDDING_MODEL, embedText(keywords.text, EMBEDDING_DIMENSIONS), HYBRID_CANDIDATES);
  });
  return phase;
}

/** A query vector in a plan is 1 536 numbers: shown by its length only. */
const shortenLiterals = (line: string) => line.replace(/'([[{])([^']{200,})[\]}]'/g, (_whole, open: string, body: string) => `'${open}…${body.split(',').length} values…${open === '[' ? ']' : '}'}'`);

/** PGlite's data directory, opened in this process (Webox stopped) behind the same socket server Webox uses, and searched over pg. */
async function withPglite<T>(dataDir: string, work: (client: Client) => Promise<T>): Promise<T> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(join(dataDir, 'pglite'), { extensions: { vector } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 });
  await server.start();
  const client = new Client({ connectionString: `postgres://postgres@${server.getServerConn()}/postgres` });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
    await server.stop();
    await db.close();
  }
}

async function withPostgres<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// One tool step in an agent's turn

type Provider = 'local' | 'openai';
type Variant = 'no tools' | 'calculator';

interface TurnSample {
  provider: Provider;
  variant: Variant;
  ok: boolean;
  error?: string;
  /** Send → the `end` event (every model done and the turn stored). */
  totalMs: number;
  /** Webox's own `done.durationMs`. */
  doneMs?: number;
  /** The tool run as Webox timed it (`tool_result.durationMs`). */
  toolMs?: number;
  /** `tool_call` event → `tool_result` event at the client. */
  callToResultMs?: number;
  /** `tool_result` event → `end` event at the client: the second model call, and storing the reply. */
  resultToEndMs?: number;
  /** Send → the `tool_call` event: the first model call. */
  toCallMs?: number;
}

interface TimedEvent {
  event: string;
  data: Record<string, unknown>;
  at: number;
}

async function assistantTurn(url: string, token: string, agentId: string, message: string): Promise<{ status: number; sentAt: number; events: TimedEvent[]; error?: string }> {
  const sentAt = performance.now();
  const events: TimedEvent[] = [];
  try {
    const response = await fetch(`${url}/api/assistants/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ agentId, message, stream: true }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status !== 200 || !response.body) return { status: response.status, sentAt, events, error: `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}` };
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
      const at = performance.now();
      buffer += decoder.decode(bytes, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
        const data = frame.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
        events.push({ event, data: data ? (JSON.parse(data) as Record<string, unknown>) : {}, at });
      }
    }
    return { status: 200, sentAt, events };
  } catch (error) {
    return { status: 0, sentAt, events, error: describe(error) };
  }
}

function toTurnSample(provider: Provider, variant: Variant, turn: Awaited<ReturnType<typeof assistantTurn>>): TurnSample {
  const find = (name: string) => turn.events.find((event) => event.event === name);
  const end = find('end');
  const done = find('done');
  const call = find('tool_call');
  const result = find('tool_result');
  const text = turn.events.filter((event) => event.event === 'delta').map((event) => String(event.data['text'] ?? '')).join('');
  const errors = [turn.error, ...turn.events.filter((event) => event.event === 'error').map((event) => JSON.stringify(event.data))].filter(Boolean) as string[];
  if (!end) errors.push('no end event');
  if (variant === 'calculator') {
    if (!call || call.data['name'] !== 'calculator') errors.push('no calculator call');
    if (!result || result.data['error']) errors.push(`tool result: ${JSON.stringify(result?.data ?? null)}`);
    if (turn.events.filter((event) => event.event === 'tool_call').length !== 1) errors.push('not exactly one tool call');
  } else if (call) {
    errors.push('a tool call without tools');
  }
  if (!text.includes('84') && (variant === 'calculator' || provider === 'openai')) errors.push(`unexpected text: ${text.slice(0, 120)}`);
  const sample: TurnSample = { provider, variant, ok: errors.length === 0, totalMs: (end?.at ?? performance.now()) - turn.sentAt };
  if (errors.length) sample.error = errors.join('; ');
  if (typeof done?.data['durationMs'] === 'number') sample.doneMs = done.data['durationMs'] as number;
  if (typeof result?.data['durationMs'] === 'number') sample.toolMs = result.data['durationMs'] as number;
  if (call) sample.toCallMs = call.at - turn.sentAt;
  if (call && result) sample.callToResultMs = result.at - call.at;
  if (result && end) sample.resultToEndMs = end.at - result.at;
  return sample;
}

interface ToolPhase {
  provider: Provider;
  samples: TurnSample[];
  warmupErrors: string[];
  cpu: CpuWindow;
}

async function toolPhase(env: Environment, url: string, token: string, provider: Provider, turns: number, warmup: number): Promise<ToolPhase> {
  const model = provider === 'local' ? LOCAL_MODEL : OPENAI_MODEL;
  const agents: Record<Variant, string> = {
    'no tools': (await api<{ id: string }>(url, token, 'POST', '/agents', { name: `Plain ${provider}`, instructions: 'You answer questions briefly.', defaultModel: model, tools: [] })).id,
    calculator: (await api<{ id: string }>(url, token, 'POST', '/agents', { name: `Calculator ${provider}`, instructions: 'You answer questions briefly.', defaultModel: model, tools: ['calculator'] })).id,
  };
  await env.emulator.reset();
  const one = async (variant: Variant): Promise<TurnSample> => {
    if (provider === 'openai') {
      const match = { vendor: 'openai' as const };
      await env.emulator.script(
        variant === 'calculator' ? [{ toolCalls: [{ name: 'calculator', arguments: { expression: TOOL_EXPRESSION } }], match }, { reply: OPENAI_REPLY, match }] : [{ reply: OPENAI_REPLY, match }],
      );
    }
    return toTurnSample(provider, variant, await assistantTurn(url, token, agents[variant], TOOL_QUESTION));
  };
  const warmupErrors: string[] = [];
  for (let i = 0; i < warmup; i++) {
    for (const variant of ['no tools', 'calculator'] as const) {
      const sample = await one(variant);
      if (!sample.ok) warmupErrors.push(`${variant}: ${sample.error}`);
    }
  }
  const meter = cpuMeter(cpuSources(env));
  const samples: TurnSample[] = [];
  for (let i = 0; i < turns; i++) {
    // Alternate which goes first, so a slow moment of the machine does not always land on the same one.
    const order: Variant[] = i % 2 ? ['calculator', 'no tools'] : ['no tools', 'calculator'];
    for (const variant of order) samples.push(await one(variant));
  }
  const cpu = meter();
  const leftover = await env.emulator.script([]);
  if (leftover) samples.push({ provider, variant: 'calculator', ok: false, error: `${leftover} emulator script(s) left unused`, totalMs: Number.NaN });
  return { provider, samples, warmupErrors, cpu };
}

// ---------------------------------------------------------------------------------------------
// One database mode

interface ModeResult {
  db: DbMode;
  calm?: string;
  startupMs?: number;
  loadBefore?: number[];
  loadAfter?: number[];
  load?: LoadResult;
  warmupErrors?: string[];
  search?: SearchPhase[];
  directEmbeddingMs?: number[];
  sql?: SqlPhase;
  tools?: ToolPhase[];
  skipped?: string;
}

/** Other work, in % of all cores, over a few seconds. */
async function otherWorkPercent(env: Environment): Promise<number> {
  const meter = cpuMeter([{ name: 'emulator', cpuMs: () => env.emulatorProcess.cpuMs() }]);
  await sleep(5_000);
  return meter().other;
}

/** Other engineers share the machine: wait (bounded) for a calmer moment. */
async function waitForCalm(env: Environment, db: DbMode, seconds: number): Promise<string | undefined> {
  if (seconds <= 0) return undefined;
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const other = await otherWorkPercent(env);
    if (other < CALM_PERCENT) return `other work at ${other.toFixed(0)}% of the cores when the mode started`;
    if (Date.now() >= deadline) return `other work still at ${other.toFixed(0)}% of the cores after waiting ${seconds} s: measured anyway`;
    log(`[${db}] other work at ${other.toFixed(0)}% of the cores: waiting for it to drop under ${CALM_PERCENT}%`);
    await sleep(5_000);
  }
}

async function runMode(env: Environment, db: DbMode, options: Options, corpus: CorpusDocument[], queries: BenchQuery[]): Promise<ModeResult> {
  const calm = await waitForCalm(env, db, options.waitIdleSeconds);
  const result: ModeResult = { db, loadBefore: loadavg(), ...(calm ? { calm } : {}) };
  try {
    const booting = performance.now();
    const url = await startWebox(env, db, options);
    result.startupMs = performance.now() - booting;
    log(`[${db}] Webox up in ${ms(result.startupMs)} ms (pid ${env.webox!.pid})`);
    const token = await registerUser(url);

    log(`[${db}] loading ${corpus.length} documents (${corpus.reduce((sum, d) => sum + d.chunkCount, 0)} passages) through indexing`);
    result.load = await loadCorpus(env, url, token, corpus, db);
    log(`[${db}] loaded: ${result.load.chunks} passages, upload ${ms(result.load.uploadMs)} ms, indexing ${ms(result.load.indexMs)} ms, ${result.load.failedFiles.length} failed file(s)`);
    const collectionId = result.load.collectionId;

    // Warm-up (JIT, pools, the database's caches): not counted.
    result.warmupErrors = [];
    for (let i = 0; i < options.warmup; i++) {
      for (const mode of ['fulltext', 'hybrid'] as const) {
        const sample = await searchOnce(url, token, collectionId, queries, queries.length - 1 - i, mode);
        if (!sample.ok) result.warmupErrors.push(`${mode}: ${sample.error}`);
      }
    }
    result.search = [];
    for (const concurrency of [1, options.concurrency]) {
      for (const mode of ['fulltext', 'hybrid'] as const) {
        log(`[${db}] search ${mode}, ${concurrency} at a time: ${queries.length} queries`);
        const phase = await searchPhase(env, url, token, collectionId, queries, mode, concurrency);
        result.search.push(phase);
        const d = distribution(phase.samples.filter((s) => s.ok).map((s) => s.ms));
        log(`[${db}]   p50 ${ms(d.p50)} ms, p99 ${ms(d.p99)} ms, ${phase.throughput.toFixed(1)} queries/s, ${phase.samples.filter((s) => !s.ok).length} errors`);
      }
    }
    log(`[${db}] query embeddings straight at the emulator: ${queries.length} calls`);
    result.directEmbeddingMs = await directEmbeddingMs(env, queries);

    result.tools = [];
    for (const provider of ['local', 'openai'] as const) {
      log(`[${db}] tool step, ${provider}: ${options.turns} turns per variant`);
      const phase = await toolPhase(env, url, token, provider, options.turns, Math.max(3, Math.round(options.turns / 10)));
      result.tools.push(phase);
      log(`[${db}]   ${phase.samples.filter((s) => !s.ok).length} failed turn(s)`);
    }

    if (db === 'postgres') {
      log(`[${db}] the SQL of ChunkIndex alone (pg client on loopback, Webox idle)`);
      result.sql = await withPostgres(env.database!.url, (client) => sqlPhase(client, 'pg client → PostgreSQL 127.0.0.1:5432 (Webox idle)', collectionId, queries, options.warmup, options.sqlVectorQueries));
    }
    result.loadAfter = loadavg();
    await stopWebox(env);
    if (db === 'pglite') {
      log(`[${db}] the SQL of ChunkIndex alone (Webox stopped; PGlite opened in the load generator)`);
      result.sql = await withPglite(env.dataDir!, (client) =>
        sqlPhase(client, "PGlite opened on Webox's data directory in the load generator, behind pglite-socket as in Webox, pg client", collectionId, queries, options.warmup, options.sqlVectorQueries),
      );
    }
  } catch (error) {
    if (db === 'postgres' && !env.webox && result.startupMs === undefined) {
      result.skipped = `PostgreSQL not usable: ${describe(error)}`;
      log(`[${db}] skipped: ${result.skipped}`);
    } else {
      throw error;
    }
  } finally {
    await stopWebox(env);
    await dropDatabase(env);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

const ok = (phase: SearchPhase) => phase.samples.filter((sample) => sample.ok);
const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(0)}%` : '–');
const dbTitle = (db: DbMode) => (db === 'pglite' ? 'embedded PGlite (pgvector `<=>`)' : 'PostgreSQL 15 server (portable: in-process scan)');

function searchRow(phase: SearchPhase): string[] {
  const d = distribution(ok(phase).map((sample) => sample.ms));
  return [
    phase.mode === 'fulltext' ? 'full text' : 'hybrid',
    String(phase.concurrency),
    String(d.n),
    ms(d.p50),
    ms(d.p90),
    ms(d.p99),
    ms(d.max),
    phase.throughput.toFixed(1),
    String(phase.samples.length - d.n),
  ];
}

function distributionCells(values: number[]): string[] {
  const d: Distribution = distribution(values.filter(Number.isFinite));
  return [String(d.n), ms(d.p50), ms(d.p90), ms(d.p99), ms(d.max)];
}

function modeReport(result: ModeResult, queries: BenchQuery[]): string {
  const parts = [`## ${dbTitle(result.db)}`];
  if (result.skipped) return [...parts, '', `Skipped: ${result.skipped}`].join('\n');
  const load = result.load!;
  parts.push(
    '',
    `Start-up to healthy: ${ms(result.startupMs ?? Number.NaN)} ms. Load average before ${result.loadBefore?.map((l) => l.toFixed(2)).join(' ')}, after ${result.loadAfter?.map((l) => l.toFixed(2)).join(' ')}.${result.calm ? ` ${result.calm}.` : ''}`,
    '',
    `**Loading** (real indexing): ${load.documents} Markdown documents (${(load.bytes / 2 ** 20).toFixed(1)} MiB) uploaded in ${ms(load.uploadMs)} ms; ` +
      `indexed (extract, chunk, embed through the emulator in ${load.embeddingRequests} requests, store) in **${(load.indexMs / 1000).toFixed(1)} s** ` +
      `= ${((load.chunks * 1000) / load.indexMs).toFixed(0)} passages/s; **${load.chunks} passages** stored; failed files: ${load.failedFiles.length ? load.failedFiles.join('; ') : 'none'}.`,
    '',
    cpuLine(load.cpu),
    '',
    `Warm-up (${result.warmupErrors?.length ?? 0} errors, not counted) before the measured queries.`,
    '',
    '### `POST /api/knowledge/search` (send → whole JSON answer, ms)',
    '',
    table(['mode', 'at a time', 'n', 'p50', 'p90', 'p99', 'max', 'queries/s', 'errors'], result.search!.map(searchRow)),
  );
  for (const phase of result.search!) {
    if (phase.healthMs) {
      const health = distribution(phase.healthMs.filter(Number.isFinite));
      parts.push('', `${phase.mode === 'fulltext' ? 'Full text' : 'Hybrid'}, ${phase.concurrency} at a time: \`GET /api/health\` meanwhile (one SELECT) p50 ${ms(health.p50)} ms, p99 ${ms(health.p99)} ms, max ${ms(health.max)} ms (n ${health.n}).`);
    }
  }
  const kinds: QueryKind[] = ['keywords', 'question', 'phrase'];
  const sequential = result.search!.filter((phase) => phase.concurrency === 1);
  parts.push(
    '',
    'By kind of query, 1 at a time: p50 / p99 ms; hits per query (mean); queries whose first hit is a document of their topic:',
    '',
    table(
      ['kind', ...sequential.flatMap((phase) => [`${phase.mode} p50 / p99`, `${phase.mode} hits`, `${phase.mode} top hit on topic`])],
      kinds.map((kind) => [
        kind,
        ...sequential.flatMap((phase) => {
          const samples = ok(phase).filter((sample) => queries[sample.query]!.kind === kind);
          const d = distribution(samples.map((sample) => sample.ms));
          return [`${ms(d.p50)} / ${ms(d.p99)}`, (samples.reduce((sum, s) => sum + s.hits, 0) / (samples.length || 1)).toFixed(1), pct(samples.filter((s) => s.topOnTopic).length, samples.length)];
        }),
      ]),
    ),
  );
  const hybrid = sequential.find((phase) => phase.mode === 'hybrid');
  const sql = result.sql;
  parts.push(
    '',
    '### Where the time of a search goes (1 at a time, ms)',
    '',
    table(
      ['part', 'n', 'p50', 'p90', 'p99', 'max'],
      [
        ['the emulator embedding the query (its own time, whole ms)', ...distributionCells(hybrid?.emulatorEmbeddingMs ?? [])],
        ['the query embedding, `openai` SDK → emulator → SDK (from the load generator)', ...distributionCells(result.directEmbeddingMs ?? [])],
        ...(sql
          ? [
              [`SQL: full text, LIMIT ${SEARCH_LIMIT} (\`mode: fulltext\`)`, ...distributionCells(sql.fullTextMs)],
              [`SQL: full text, LIMIT ${HYBRID_CANDIDATES} (hybrid's candidates)`, ...distributionCells(sql.fullTextCandidatesMs)],
              [`SQL: nearest by cosine, LIMIT ${HYBRID_CANDIDATES} (${sql.vectorPath})`, ...distributionCells(sql.vectorMs)],
            ]
          : []),
      ],
    ),
  );
  if (sql) {
    parts.push(
      '',
      `SQL timed with ${sql.how}: the statements of \`ChunkIndex\` (\`backend/src/modules/knowledge/chunk-index.ts\`), one at a time, after a warm-up; full text for the same ${queries.length} queries, the vector search for the first ${sql.vectorMs.length}.`,
    );
    parts.push('', 'Plan of the vector search (EXPLAIN ANALYZE):', '', '```', sql.explainVector, '```', '', 'Plan of a full-text search (keywords):', '', '```', sql.explainFullText, '```');
  }
  for (const phase of result.search!) parts.push('', `${phase.mode}, ${phase.concurrency} at a time: ${cpuLine(phase.cpu)}`);
  const errors = result.search!.flatMap((phase) => phase.samples.filter((s) => !s.ok).map((s) => `${phase.mode}/${phase.concurrency}: ${s.error}`));
  parts.push('', `Search errors: ${groupErrors(errors)}.`);

  parts.push('', '### One tool step in an agent turn (`POST /api/assistants/chat`, stream; ms)', '');
  const rows: string[][] = [];
  for (const phase of result.tools!) {
    const of = (variant: Variant) => phase.samples.filter((s) => s.ok && s.variant === variant);
    const plain = distribution(of('no tools').map((s) => s.totalMs));
    const tool = distribution(of('calculator').map((s) => s.totalMs));
    const label = phase.provider === 'local' ? '`local/webox-mini` (offline)' : '`openai/gpt-5.4` via the emulator';
    rows.push([label, 'no tools', String(plain.n), ms(plain.p50), ms(plain.p90), ms(plain.p99), ms(plain.max)]);
    rows.push([label, 'calculator (1 step)', String(tool.n), ms(tool.p50), ms(tool.p90), ms(tool.p99), ms(tool.max)]);
    rows.push([label, '**overhead of the step**', '', `**${signedMs(tool.p50 - plain.p50)}**`, signedMs(tool.p90 - plain.p90), `**${signedMs(tool.p99 - plain.p99)}**`, signedMs(tool.max - plain.max)]);
  }
  parts.push(table(['model', 'agent', 'n', 'p50', 'p90', 'p99', 'max'], rows), '', 'Inside the calculator turns (medians, ms):', '');
  parts.push(
    table(
      ['model', 'send → `tool_call` (1st model call)', '`tool_result.durationMs` (the tool run)', '`tool_call` → `tool_result` at the client', '`tool_result` → `end` (2nd model call + storing)', 'Webox `done.durationMs`'],
      result.tools!.map((phase) => {
        const samples = phase.samples.filter((s) => s.ok && s.variant === 'calculator');
        const pick = (key: keyof TurnSample) => ms(median(samples.flatMap((s) => (typeof s[key] === 'number' ? [s[key] as number] : []))));
        return [phase.provider, pick('toCallMs'), pick('toolMs'), pick('callToResultMs'), pick('resultToEndMs'), pick('doneMs')];
      }),
    ),
  );
  for (const phase of result.tools!) {
    const toolRuns = distribution(phase.samples.flatMap((s) => (s.ok && s.toolMs !== undefined ? [s.toolMs] : [])));
    parts.push('', `${phase.provider}: the tool run (\`durationMs\`) p50 ${ms(toolRuns.p50)}, p99 ${ms(toolRuns.p99)}, max ${ms(toolRuns.max)} ms. ${cpuLine(phase.cpu)}`);
    parts.push('', `${phase.provider} errors: ${groupErrors(phase.samples.filter((s) => !s.ok).map((s) => `${s.variant}: ${s.error}`))}; warm-up errors: ${groupErrors(phase.warmupErrors)}.`);
  }
  return parts.join('\n');
}

/** One line per database mode: the figures the issue asks for. */
function summaryTable(results: ModeResult[], concurrency: number): string {
  const rows = results.flatMap((result) => {
    if (!result.search || !result.tools) return [];
    const phase = (mode: SearchMode, at: number) => result.search!.find((p) => p.mode === mode && p.concurrency === at)!;
    const cell = (p: SearchPhase) => {
      const d = distribution(ok(p).map((s) => s.ms));
      return `${ms(d.p50)} / ${ms(d.p99)}`;
    };
    const overhead = (provider: Provider) => {
      const samples = result.tools!.find((p) => p.provider === provider)!.samples.filter((s) => s.ok);
      const plain = distribution(samples.filter((s) => s.variant === 'no tools').map((s) => s.totalMs));
      const tool = distribution(samples.filter((s) => s.variant === 'calculator').map((s) => s.totalMs));
      return `${signedMs(tool.p50 - plain.p50)} / ${signedMs(tool.p99 - plain.p99)}`;
    };
    return [
      [
        result.db,
        String(result.load?.chunks ?? ''),
        cell(phase('fulltext', 1)),
        cell(phase('hybrid', 1)),
        `${cell(phase('fulltext', concurrency))} (${phase('fulltext', concurrency).throughput.toFixed(0)}/s)`,
        `${cell(phase('hybrid', concurrency))} (${phase('hybrid', concurrency).throughput.toFixed(1)}/s)`,
        overhead('local'),
        overhead('openai'),
      ],
    ];
  });
  return table(
    ['database', 'passages', 'full text p50 / p99', 'hybrid p50 / p99', `full text, ${concurrency} at a time`, `hybrid, ${concurrency} at a time`, 'tool step, offline: p50 / p99', 'tool step, OpenAI (emulator): p50 / p99'],
    rows,
  );
}

function report(results: ModeResult[], options: Options, machine: Record<string, string>, queries: BenchQuery[], wallMs: number): string {
  const parts = [
    `# Knowledge retrieval and tool-step benchmark — ${new Date().toISOString()}`,
    '',
    table(['machine', ''], Object.entries(machine)),
    '',
    `Settings: ${options.docs} documents × ${options.chunksPerDoc} passages, embedding model \`${EMBEDDING_MODEL}\` (${EMBEDDING_DIMENSIONS} dimensions, the emulator's bag-of-words vectors); ` +
      `${queries.length} queries per phase (${['keywords', 'question', 'phrase'].map((kind) => `${queries.filter((q) => q.kind === kind).length} ${kind}`).join(', ')}), limit ${SEARCH_LIMIT}, ` +
      `1 and ${options.concurrency} at a time, after ${options.warmup} warm-up queries per mode; ${options.turns} agent turns per variant. Whole run ${(wallMs / 1000).toFixed(0)} s.`,
    '',
    '## Summary (ms)',
    '',
    summaryTable(results, options.concurrency),
  ];
  for (const result of results) parts.push('', modeReport(result, queries));
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------

const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`;
  return String(error);
}

/** The distinct error texts, most frequent first, with their counts. */
function groupErrors(errors: string[], limit = 6): string {
  if (!errors.length) return 'none';
  const counts = new Map<string, number>();
  for (const error of errors) counts.set(error, (counts.get(error) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  return `${errors.length}: ${sorted.slice(0, limit).map(([text, count]) => `${count} × ${text.slice(0, 240)}`).join(' | ')}${sorted.length > limit ? ` | … (${sorted.length - limit} more kinds)` : ''}`;
}

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
  const corpus = generateCorpus(options.docs, options.chunksPerDoc);
  const queries = generateQueries(options.queries);
  log(`corpus: ${corpus.length} documents, ${corpus.reduce((sum, d) => sum + d.chunkCount, 0)} passages; ${queries.length} queries`);
  const tempDir = mkdtempSync(join(tmpdir(), 'webox-kbench-'));
  log(`logs and data in ${tempDir}`);
  const appDir = snapshotBuild(ROOT, options.dist, tempDir);
  Object.assign(machine, buildDescription(ROOT, options.dist));
  try {
    machine['PostgreSQL server'] = await withPostgres(options.postgresUrl, async (client) => String((await client.query('SHOW server_version')).rows[0]?.server_version ?? '?'));
  } catch (error) {
    machine['PostgreSQL server'] = `unreachable (${describe(error)})`;
  }
  const { child, control } = await startEmulator(ROOT, tempDir, API_KEY);
  const env: Environment = { tempDir, appDir, emulatorProcess: child, emulator: control };
  log(`emulator up on ${control.url} (pid ${child.pid})`);

  let finished = false;
  const cleanup = async () => {
    await stopWebox(env).catch((error: unknown) => log(`cleanup: ${describe(error)}`));
    await dropDatabase(env).catch((error: unknown) => log(`cleanup: ${describe(error)}`));
    await env.emulatorProcess.stop();
  };
  const runTimeoutMs = RUN_TIMEOUT_MS + options.dbs.length * options.waitIdleSeconds * 1000;
  const disarm = guardRun(runTimeoutMs, cleanup, log);

  const results: ModeResult[] = [];
  const machineBusy = machineCpuMs();
  try {
    for (const db of options.dbs) results.push(await runMode(env, db, options, corpus, queries));
    finished = true;
  } finally {
    disarm();
    await cleanup();
    if (finished && !options.keep) rmSync(tempDir, { recursive: true, force: true });
    else log(`logs kept in ${tempDir}`);
  }
  const wallMs = performance.now() - started;
  machine['machine CPU over the run'] = `${((100 * (machineCpuMs().busy - machineBusy.busy)) / (wallMs * cpus().length)).toFixed(0)}% of all cores`;
  const text = report(results, options, machine, queries, wallMs);
  console.log(text);
  mkdirSync(dirname(options.json), { recursive: true });
  writeFileSync(options.json, JSON.stringify({ options, machine, queries, results }, null, 2));
  writeFileSync(options.json.replace(/\.json$/, '.md'), `${text}\n`);
  log(`results written to ${options.json} and .md`);
  const failures = results.reduce(
    (count, result) =>
      count +
      (result.search ?? []).reduce((n, phase) => n + phase.samples.filter((s) => !s.ok).length, 0) +
      (result.tools ?? []).reduce((n, phase) => n + phase.samples.filter((s) => !s.ok).length, 0) +
      (result.load?.failedFiles.length ?? 0),
    0,
  );
  if (failures) {
    log(`${failures} failed searches, turns or files: see the errors lines`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
