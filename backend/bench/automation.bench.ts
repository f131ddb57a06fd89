/**
 * Automation triggers benchmark (issue 30, "Performance"): how soon a trigger's delivery starts
 * after the event, and how many deliveries a second one Webox process sends. Three parties on
 * loopback: this client, a zero-latency receiver (answers 200 at once, allow-listed with
 * WEBOX_FETCH_ALLOWLIST as an operator would) and Webox (`node dist/backend/main.js`).
 *
 *   npm run bench:automation -- [options]      (builds the backend first)
 *
 * Options: --db pglite,postgres   --triggers 1000 (subscribed in all)   --users 10
 *          --events 50 (latency samples)   --burst 20 (events at once for the throughput part)   --warmup 3 (events first, not counted)
 *          --postgres-url …   --redis-url … (empty: no Redis)   --json <file>   --quick   --keep
 *          --cpu-prof (Webox under `node --cpu-prof`; profiles kept with the logs)
 *
 * - Latency: `--triggers` triggers on `media.uploaded`, spread over `--users` users. The last
 *   user uploads a file `--events` times, one after the other; each upload's event reaches that
 *   user's triggers only. Event → delivery start = the receiver's arrival time − the event's
 *   `timestamp` (taken when the bus hands the event to the automation consumer), p50/p99.
 * - Sustained: `--burst` uploads at once by the same user (each fanning out to all of their
 *   triggers); deliveries/s = deliveries received ÷ (last arrival − first arrival).
 * The figures are not in docs/performance.md yet: see "Automation triggers" there for how to run.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseFlags } from './support/run-guard';
import { distribution, ms, table } from './support/stats';
import { registerUser } from './support/stream-clients';
import { dropScratchDatabase, loopbackPostgresUrl, startWebox, type DbMode } from './support/webox-process';

const ROOT = resolve(__dirname, '..', '..');

interface Arrival {
  at: number;
  eventAt: number;
}

async function main(): Promise<void> {
  const { args, int } = parseFlags(process.argv.slice(2));
  const quick = args.get('quick') === 'true';
  const dbs = (args.get('db') ?? 'pglite,postgres').split(',').map((db) => db.trim()) as DbMode[];
  const triggers = int('triggers', quick ? 100 : 1000, 1, 100_000);
  const users = int('users', quick ? 2 : 10, 1, 1000);
  const events = int('events', quick ? 10 : 50, 1, 10_000);
  const warmup = int('warmup', 3, 0, 1000);
  const burst = int('burst', quick ? 5 : 20, 1, 10_000);
  if (triggers < users) throw new Error('--triggers must be at least --users');
  const postgresUrl = loopbackPostgresUrl(args.get('postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const redisUrl = args.get('redis-url') ?? 'redis://127.0.0.1:6379/7';

  const arrivals: Arrival[] = [];
  const receiver = createServer((request, response) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(200).end();
      try {
        arrivals.push({ at, eventAt: Date.parse((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string }).timestamp) });
      } catch {
        // Not a delivery.
      }
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  const port = (receiver.address() as AddressInfo).port;
  const tempDir = mkdtempSync(join(tmpdir(), 'webox-bench-automation-'));
  const rows: string[][] = [];
  const report: Record<string, unknown> = {};
  try {
    for (const db of dbs) {
      const webox = await startWebox({
        db,
        appDir: ROOT,
        tempDir,
        postgresUrl,
        label: `automation-${db}`,
        cpuProf: args.get('cpu-prof') === 'true',
        env: { WEBOX_FETCH_ALLOWLIST: `127.0.0.1:${port}`, WEBOX_REGISTRATION: 'open', ...(redisUrl ? { REDIS_URL: redisUrl } : {}) },
      });
      try {
        const tokens: string[] = [];
        for (let i = 0; i < users; i++) tokens.push(await registerUser(webox.url));
        const call = async (token: string, path: string, init: RequestInit = {}) => {
          const response = await fetch(`${webox.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}), ...init.headers } });
          if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
          return response;
        };
        for (let i = 0; i < triggers; i++) {
          await call(tokens[i % users]!, '/api/automation/triggers', { method: 'POST', body: JSON.stringify({ name: `Bench ${i}`, url: `http://127.0.0.1:${port}/t${i}`, events: ['media.uploaded'] }) });
        }
        const measured = tokens[users - 1]!;
        // Trigger i belongs to user i % users: the measured (last) user has this many.
        const perEvent = Math.floor(triggers / users);
        const upload = () => {
          const form = new FormData();
          form.append('files', new Blob(['bench']), 'bench.txt');
          return call(measured, '/api/media/upload', { method: 'POST', body: form });
        };
        const waitFor = async (count: number) => {
          const deadline = Date.now() + 120_000;
          while (arrivals.length < count && Date.now() < deadline) await sleep(20);
          if (arrivals.length < count) throw new Error(`Only ${arrivals.length} of ${count} deliveries arrived`);
        };

        // Warm-up events (JIT, connection pools, the receivers' first sockets), not counted.
        arrivals.length = 0;
        for (let i = 0; i < warmup; i++) {
          await upload();
          await waitFor((i + 1) * perEvent);
        }
        arrivals.length = 0;
        for (let i = 0; i < events; i++) {
          await upload();
          await waitFor((i + 1) * perEvent);
        }
        const latency = distribution(arrivals.map((arrival) => arrival.at - arrival.eventAt));

        arrivals.length = 0;
        await Promise.all(Array.from({ length: burst }, () => upload()));
        await waitFor(burst * perEvent);
        const first = Math.min(...arrivals.map((arrival) => arrival.at));
        const last = Math.max(...arrivals.map((arrival) => arrival.at));
        const perSecond = arrivals.length / Math.max(0.001, (last - first) / 1000);

        rows.push([db, redisUrl ? 'yes' : 'no', String(triggers), String(perEvent), ms(latency.p50), ms(latency.p99), `${Math.round(perSecond)}`]);
        report[db] = { triggers, users, perEvent, events, burst, latency, deliveriesPerSecond: perSecond, redis: Boolean(redisUrl) };
      } finally {
        await webox.child.stop();
        await dropScratchDatabase(webox);
      }
    }
  } finally {
    receiver.close();
    if (args.get('keep') !== 'true' && args.get('cpu-prof') !== 'true') rmSync(tempDir, { recursive: true, force: true });
    else console.log(`logs${args.get('cpu-prof') === 'true' ? ' and CPU profiles' : ''} kept in ${tempDir}`);
  }
  console.log(table(['db', 'redis', 'triggers', 'per event', 'event→delivery p50', 'p99', 'deliveries/s'], rows));
  const json = args.get('json');
  if (json) writeFileSync(json, JSON.stringify(report, null, 2));
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
