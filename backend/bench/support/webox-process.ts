import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { BenchChild, freePort, waitUntilServing } from './child-process';

export type DbMode = 'pglite' | 'postgres';

/** A Webox the benchmark started from a snapshot of the build (`snapshotBuild`), and what to clean up after it. */
export interface WeboxProcess {
  child: BenchChild;
  url: string;
  /** Its data directory: PGlite's files and stored media. Starting again on it measures a restart on existing data. */
  dataDir: string;
  databaseUrl?: string;
  /** The scratch PostgreSQL database made for it (postgres mode), dropped by `dropScratchDatabase`. */
  database?: { name: string; adminUrl: string };
  /** Process start → `/api/health` answered. */
  startupMs: number;
}

export interface WeboxStart {
  db: DbMode;
  /** `<appDir>/dist/backend/main.js` is run. */
  appDir: string;
  tempDir: string;
  postgresUrl: string;
  /** Vendor keys and base URLs, and any other setting of the run. */
  env: Record<string, string>;
  cpuProf?: boolean;
  /** More flags for node before the script (`--inspect=127.0.0.1:<port>`, say). */
  nodeArgs?: string[];
  /** Start on the data (directory and database) of an earlier process instead of fresh ones. */
  reuse?: Pick<WeboxProcess, 'dataDir' | 'databaseUrl' | 'database'>;
  label?: string;
}

/** Refuses anything but a loopback PostgreSQL: the benchmark creates and drops databases there. */
export function loopbackPostgresUrl(url: string): string {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) throw new Error('--postgres-url must be a loopback address');
  return url;
}

export async function startWebox(start: WeboxStart): Promise<WeboxProcess> {
  const port = await freePort();
  const label = start.label ?? start.db;
  const dataDir = start.reuse?.dataDir ?? mkdtempSync(join(start.tempDir, `webox-${start.db}-`));
  let databaseUrl = start.reuse?.databaseUrl;
  let database = start.reuse?.database;
  if (start.db === 'postgres' && !databaseUrl) {
    const name = `webox_bench_${randomBytes(5).toString('hex')}`;
    await adminQuery(start.postgresUrl, `CREATE DATABASE ${name}`);
    database = { name, adminUrl: start.postgresUrl };
    const url = new URL(start.postgresUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const profiling = start.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(start.tempDir, `profiles-${label}`)}`] : [];
  const startedAt = performance.now();
  const child = BenchChild.start(`Webox (${label})`, process.execPath, [...profiling, ...(start.nodeArgs ?? []), 'dist/backend/main.js'], {
    cwd: start.appDir,
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      WEBOX_DATA_DIR: dataDir,
      WEBOX_FRONTEND_DIR: join(dataDir, 'no-frontend'),
      WEBOX_SECRET_KEY: BENCH_SECRET_KEY,
      WEBOX_ACCESS_TOKEN_TTL: '7200',
      WEBOX_AUTH_RATE_LIMIT: '100000',
      WEBOX_QUEUE_PREFIX: `webox-bench-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'warn',
      ...start.env,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    logFile: join(start.tempDir, `webox-${label}.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(`${url}/api/health`, child, 120_000);
  const startupMs = performance.now() - startedAt;
  return { child, url, dataDir, startupMs, ...(databaseUrl ? { databaseUrl } : {}), ...(database ? { database } : {}) };
}

/** One key for the whole run, so a restart on the same data can open what the first process sealed. */
const BENCH_SECRET_KEY = randomBytes(32).toString('hex');

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function dropScratchDatabase(webox: Pick<WeboxProcess, 'database'>): Promise<void> {
  if (webox.database) await adminQuery(webox.database.adminUrl, `DROP DATABASE IF EXISTS ${webox.database.name} WITH (FORCE)`);
}

/** Resident memory of a process in MB, from /proc; NaN where /proc is not available. */
export function residentMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
