/**
 * Collaboration delivery benchmark (issue 27, "Performance"): send → receive latency of messages
 * with 1,000 connected socket.io clients, on one Webox instance and across two instances on one
 * Redis, and the server's memory per idle connected client. Parties on loopback: this process (every
 * client, real `socket.io-client` sockets), one or two Webox processes (`node dist/backend/main.js`)
 * on one PostgreSQL database and one Redis. See docs/performance.md ("Collaboration delivery").
 *
 *   npm run bench:collaboration -- [options]      (builds the backend first)
 *
 * Options: --users 100   --devices 10 (sockets per user: users × devices clients; 1,000 by default)
 *          --senders 10 (users who send, each over one extra socket on instance A)
 *          --duration 60 (seconds of sending per phase: 120 channel messages at the defaults, so a
 *          channel p99 is not just its slowest message)   --rate 20 (messages/s)
 *          --channel-every 10 (every n-th message goes to the project's channel, the others are DMs)
 *          --channel-members 100 (the project's members: the first n users; all of them by default)
 *          --phases one,two   --postgres-url …   --redis-url redis://127.0.0.1:6379/4
 *          --json <file>   --cpu-prof (Webox under `node --cpu-prof`, profiles kept)   --keep   --quick
 *          --heap-snapshots <dir> (A's heap before and after the clients; compare with heap-diff.ts)
 *          --client-workers 2 (worker threads the measured clients are spread over)
 *          (`--phases none`: memory only)
 *
 * - Users: `--users` users; the first `--channel-members` (all by default) are the members of one project, whose channel reaches every one of them; each
 *   connected `--devices` times (the devices of a user: every socket of the user receives).
 * - Memory: instance A runs with `--inspect` on loopback; before and after the clients connect (and
 *   presence settles), this process asks it over the inspector protocol for two full GCs and then
 *   its heap use, and reads its RSS from /proc. Per client = delta ÷ clients.
 * - Latency: the senders send over their socket (`collaboration.send`, the path the dashboard uses)
 *   at `--rate`; the text carries a sequence number; every client that receives it records now −
 *   the send time (one clock: same process). DMs reach the recipient's and the sender's devices, a
 *   channel message every client. Phase `one`: every client on A. Phase `two`: the clients move to a
 *   second instance B (same database, Redis, secret and key prefix); senders stay on A, so every
 *   delivery crosses Redis.
 * - The measured clients run in `--client-workers` worker threads of this process (`CollabClientPool`),
 *   the senders in its main thread. With all 1,000 on one event loop, a channel message's arrivals
 *   were read one after the other: the benchmark measured its own loop as much as Webox. They still
 *   share this machine's 2 cores with Webox, PostgreSQL and Redis.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { freePort } from './support/child-process';
import { CollabClientPool } from './support/collab-client-pool';
import { guardRun, parseFlags } from './support/run-guard';
import { distribution, ms, table, type Distribution } from './support/stats';
import { dropScratchDatabase, loopbackPostgresUrl, residentMb, startWebox, type WeboxProcess } from './support/webox-process';

const ROOT = resolve(__dirname, '..', '..');
const RUN_TIMEOUT_MS = 30 * 60_000;
const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);

interface BenchUser {
  id: string;
  email: string;
  token: string;
}

interface Options {
  users: number;
  devices: number;
  senders: number;
  durationS: number;
  rate: number;
  channelEvery: number;
  channelMembers: number;
  phases: Array<'one' | 'two'>;
  postgresUrl: string;
  redisUrl: string;
  json?: string;
  cpuProf: boolean;
  keep: boolean;
  /** Where to write heap snapshots of A before and after the clients connect (`before.heapsnapshot`, `after.heapsnapshot`). */
  heapSnapshots?: string;
  clientWorkers: number;
}

function parseOptions(argv: string[]): Options {
  const { args, int } = parseFlags(argv);
  const quick = args.get('quick') === 'true';
  // `--phases none`: connect the clients and measure memory only.
  const phases = (args.get('phases') ?? 'one,two').split(',').map((phase) => phase.trim()).filter((phase) => phase !== 'none');
  for (const phase of phases) if (phase !== 'one' && phase !== 'two') throw new Error(`--phases takes one and/or two, not ${phase}`);
  const options: Options = {
    users: int('users', quick ? 20 : 100, 2, 5_000),
    devices: int('devices', quick ? 2 : 10, 1, 50),
    senders: int('senders', quick ? 4 : 10, 1, 1_000),
    durationS: int('duration', quick ? 5 : 60, 1, 600),
    rate: int('rate', 20, 1, 1_000),
    channelEvery: int('channel-every', 10, 1, 1_000_000),
    channelMembers: int('channel-members', Number.MAX_SAFE_INTEGER, 1, Number.MAX_SAFE_INTEGER),
    phases: phases as Options['phases'],
    postgresUrl: loopbackPostgresUrl(args.get('postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres'),
    redisUrl: args.get('redis-url') ?? 'redis://127.0.0.1:6379/4',
    cpuProf: args.get('cpu-prof') === 'true',
    keep: args.get('keep') === 'true',
    clientWorkers: int('client-workers', 2, 1, 64),
    ...(args.get('json') ? { json: args.get('json')! } : {}),
    ...(args.get('heap-snapshots') ? { heapSnapshots: resolve(args.get('heap-snapshots')!) } : {}),
  };
  if (options.senders > options.users) throw new Error('--senders must be at most --users');
  options.channelMembers = Math.min(options.channelMembers, options.users);
  if (options.channelMembers < options.senders) throw new Error('--channel-members must be at least --senders (the senders post in the channel)');
  return options;
}

/** Runs `task(i)` for i in [0, count) with at most `limit` at once. */
async function inPool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

async function api<T>(base: string, token: string | null, method: string, path: string, body?: object): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function register(base: string, index: number): Promise<BenchUser> {
  const suffix = `${index}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  const email = `collab-${suffix}@example.test`;
  const body = await api<{ accessToken: string; user: { id: string } }>(base, null, 'POST', '/api/auth/register', { email, password: `bench-${suffix}-pass1`, name: `Member ${index}` });
  return { id: body.user.id, email, token: body.accessToken };
}

function connect(base: string, token: string): Promise<Socket> {
  const socket = io(base, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
  return new Promise((done, fail) => {
    socket.once('connect', () => done(socket));
    socket.once('connect_error', (error) => fail(error));
  });
}

/**
 * The heap of a process started with `--inspect=127.0.0.1:<port>`, after two full collections, and its
 * RSS, in MB; with `snapshotFile`, also a heap snapshot written there (`heap-diff.ts` compares two).
 */
async function memoryAfterGc(inspectPort: number, pid: number, snapshotFile?: string): Promise<{ heapMb: number; rssMb: number }> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl, { maxPayload: 1024 * 1024 * 1024 });
  await new Promise((done, fail) => socket.once('open', done).once('error', fail));
  const pending = new Map<number, (result: Record<string, number>) => void>();
  const chunks: string[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; method?: string; params?: { chunk?: string }; result?: Record<string, number> };
    if (message.id !== undefined) pending.get(message.id)?.(message.result ?? {});
    else if (message.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(message.params?.chunk ?? '');
  });
  let id = 0;
  const call = (method: string, params?: object) =>
    new Promise<Record<string, number>>((done) => {
      pending.set(++id, done);
      socket.send(JSON.stringify({ id, method, ...(params ? { params } : {}) }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    await sleep(200);
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    const figures = { heapMb: usage['usedSize']! / 1024 / 1024, rssMb: residentMb(pid) };
    if (snapshotFile) {
      await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      writeFileSync(snapshotFile, chunks.join(''));
      log(`heap snapshot written to ${snapshotFile}`);
    }
    return figures;
  } finally {
    socket.close();
  }
}

/** Waits until the process's CPU use falls under 10 % over a second (presence announcements of a connect storm done). */
async function settled(webox: WeboxProcess, maxMs = 60_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let before = webox.child.cpuMs();
  while (Date.now() < deadline) {
    await sleep(1_000);
    const now = webox.child.cpuMs();
    if (now - before < 100) return;
    before = now;
  }
  log(`Webox still busy after ${maxMs / 1000} s; measuring anyway`);
}

interface PhaseFigures {
  phase: string;
  clients: number;
  sent: number;
  expected: number;
  received: number;
  dm: Distribution;
  channel: Distribution;
  all: Distribution;
  ack: Distribution;
  serverCpuMs: Record<string, number>;
}

/**
 * Sends for `durationS` at `rate` from the senders, and gathers the arrivals at the clients of the
 * pool. `devicesOf[u]` is how many measured clients user u has; senders[i] sends as users[i].
 */
async function runLoad(options: Options, phase: string, users: BenchUser[], pool: CollabClientPool, devicesOf: number[], senders: Socket[], channelId: string, processes: WeboxProcess[]): Promise<PhaseFigures> {
  const sentAt = new Map<number, { at: number; kind: 'dm' | 'channel' }>();
  const latencies = { dm: [] as number[], channel: [] as number[] };
  const acks: number[] = [];
  let received = 0;
  let expected = 0;
  const clients = devicesOf.reduce((sum, devices) => sum + devices, 0);
  const channelClients = devicesOf.slice(0, options.channelMembers).reduce((sum, devices) => sum + devices, 0);
  // One clock for both ends: the workers stamp arrivals with timeOrigin + now() too.
  const now = () => performance.timeOrigin + performance.now();
  pool.listen((seq, at) => {
    const sent = sentAt.get(seq);
    if (!sent) return;
    received++;
    latencies[sent.kind].push(at - sent.at);
  });
  const cpuBefore = processes.map((webox) => webox.child.cpuMs());
  const total = options.durationS * options.rate;
  const interval = 1000 / options.rate;
  const start = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let seq = 0; seq < total; seq++) {
    const due = start + seq * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const from = seq % senders.length;
    const kind = options.channelEvery > 0 && seq % options.channelEvery === options.channelEvery - 1 ? 'channel' : 'dm';
    let body: { channelId?: string; recipientId?: string; text: string };
    if (kind === 'channel') {
      body = { channelId, text: `bench:${seq}:channel` };
      expected += channelClients;
    } else {
      let to = Math.floor(Math.random() * (users.length - 1));
      if (to >= from) to++;
      body = { recipientId: users[to]!.id, text: `bench:${seq}:dm` };
      expected += devicesOf[to]! + devicesOf[from]!;
    }
    const at = now();
    sentAt.set(seq, { at, kind });
    inFlight.push(
      (senders[from]!.timeout(60_000).emitWithAck('collaboration.send', body) as Promise<{ error?: string; message?: unknown }>).then((ack) => {
        if (ack.error) throw new Error(`send ${seq} refused: ${JSON.stringify(ack)}`);
        acks.push(now() - at);
      }),
    );
  }
  await Promise.all(inFlight);
  const deadline = Date.now() + 60_000;
  while (received < expected && Date.now() < deadline) await sleep(50);
  const serverCpuMs = Object.fromEntries(processes.map((webox, index) => [index ? 'B' : 'A', Math.round(webox.child.cpuMs() - cpuBefore[index]!)]));
  pool.unlisten();
  if (received < expected) log(`${phase}: ${expected - received} of ${expected} deliveries did not arrive within 60 s`);
  return {
    phase,
    clients,
    sent: total,
    expected,
    received,
    dm: distribution(latencies.dm),
    channel: distribution(latencies.channel),
    all: distribution([...latencies.dm, ...latencies.channel]),
    ack: distribution(acks),
    serverCpuMs,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.heapSnapshots) mkdirSync(options.heapSnapshots, { recursive: true });
  const tempDir = mkdtempSync(join(tmpdir(), 'webox-bench-collab-'));
  const processes: WeboxProcess[] = [];
  const sockets: Socket[] = [];
  const pool = new CollabClientPool(options.clientWorkers);
  const cleanup = async () => {
    for (const socket of sockets) socket.close();
    await pool.terminate();
    for (const webox of [...processes].reverse()) await webox.child.stop();
    // B runs on A's database: A's scratch database is the one to drop.
    if (processes[0]) await dropScratchDatabase(processes[0]);
  };
  const disarm = guardRun(RUN_TIMEOUT_MS, cleanup, log);
  const report: Record<string, unknown> = { options: { ...options, postgresUrl: undefined } };
  const rows: string[][] = [];
  try {
    // One deployment: both instances share the key prefix (presence, flood counts) and the secret (tokens).
    const prefix = `webox-bench-collab-${Math.floor(Math.random() * 1e9).toString(36)}`;
    const env = { REDIS_URL: options.redisUrl, WEBOX_QUEUE_PREFIX: prefix, WEBOX_REGISTRATION: 'open', WEBOX_COLLAB_FLOOD_LIMIT: '10000' };
    const inspectPort = await freePort();
    log('starting instance A');
    const a = await startWebox({ db: 'postgres', appDir: ROOT, tempDir, postgresUrl: options.postgresUrl, label: 'collab-A', cpuProf: options.cpuProf, nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`], env });
    processes.push(a);

    log(`registering ${options.users} users`);
    const users = await inPool(options.users, 4, (index) => register(a.url, index));
    const owner = users[0]!;
    const project = await api<{ id: string; channelId: string }>(a.url, owner.token, 'POST', '/api/collaboration/projects', { name: 'Delivery bench' });
    await inPool(options.channelMembers - 1, 4, (index) => api(a.url, owner.token, 'POST', `/api/collaboration/projects/${project.id}/members`, { email: users[index + 1]!.email }));

    const clients = options.users * options.devices;
    log(`memory before clients`);
    await settled(a);
    const before = await memoryAfterGc(inspectPort, a.child.pid, options.heapSnapshots && join(options.heapSnapshots, 'before.heapsnapshot'));
    log(`connecting ${clients} clients to A`);
    const connectStart = performance.now();
    // Socket k is user k mod users's: a user's devices are spread over the workers, as over machines.
    const tokens = Array.from({ length: clients }, (_, k) => users[k % users.length]!.token);
    const devicesOf = users.map(() => options.devices);
    await pool.connect(a.url, tokens);
    const connectMs = performance.now() - connectStart;
    await settled(a);
    const after = await memoryAfterGc(inspectPort, a.child.pid, options.heapSnapshots && join(options.heapSnapshots, 'after.heapsnapshot'));
    const memory = {
      clients,
      connectMs: Math.round(connectMs),
      heapBeforeMb: before.heapMb,
      heapAfterMb: after.heapMb,
      rssBeforeMb: before.rssMb,
      rssAfterMb: after.rssMb,
      heapPerClientKb: ((after.heapMb - before.heapMb) * 1024) / clients,
      rssPerClientKb: ((after.rssMb - before.rssMb) * 1024) / clients,
    };
    report['memory'] = memory;
    log(`memory: heap ${before.heapMb.toFixed(1)} → ${after.heapMb.toFixed(1)} MB, RSS ${before.rssMb.toFixed(1)} → ${after.rssMb.toFixed(1)} MB`);

    const senders = await Promise.all(users.slice(0, options.senders).map((user) => connect(a.url, user.token)));
    sockets.push(...senders);
    await settled(a);
    const phases: PhaseFigures[] = [];
    if (options.phases.includes('one')) {
      log(`phase one: ${options.durationS} s at ${options.rate} messages/s, every client on A`);
      phases.push(await runLoad(options, 'one instance', users, pool, devicesOf, senders, project.channelId, [a]));
    }
    if (options.phases.includes('two')) {
      log('starting instance B on the same database and Redis');
      const b = await startWebox({
        db: 'postgres',
        appDir: ROOT,
        tempDir,
        postgresUrl: options.postgresUrl,
        label: 'collab-B',
        cpuProf: options.cpuProf,
        env,
        reuse: { dataDir: mkdtempSync(join(tempDir, 'webox-b-')), ...(a.databaseUrl ? { databaseUrl: a.databaseUrl } : {}) },
      });
      processes.push(b);
      log('moving the clients to B');
      await pool.closeAll();
      await pool.connect(b.url, tokens);
      await settled(a);
      await settled(b);
      log(`phase two: ${options.durationS} s at ${options.rate} messages/s, senders on A, clients on B`);
      phases.push(await runLoad(options, 'two instances (A → Redis → B)', users, pool, devicesOf, senders, project.channelId, [a, b]));
    }
    report['phases'] = phases;
    for (const figures of phases) {
      rows.push([
        figures.phase,
        String(figures.clients),
        String(figures.sent),
        `${figures.received}/${figures.expected}`,
        `${ms(figures.dm.p50)} / ${ms(figures.dm.p99)}`,
        `${ms(figures.channel.p50)} / ${ms(figures.channel.p99)}`,
        `${ms(figures.all.p50)} / ${ms(figures.all.p99)}`,
        `${ms(figures.ack.p50)} / ${ms(figures.ack.p99)}`,
        Object.entries(figures.serverCpuMs)
          .map(([name, cpu]) => `${name} ${(cpu / 1000).toFixed(1)} s`)
          .join(', '),
      ]);
    }
    console.log(table(['phase', 'clients', 'messages', 'delivered', 'DM p50 / p99 (ms)', 'channel p50 / p99', 'all p50 / p99', 'ack p50 / p99', 'server CPU'], rows));
    console.log('');
    console.log(
      table(
        ['clients', 'connect all (s)', 'heap before → after GC (MB)', 'RSS before → after (MB)', 'heap per client (kB)', 'RSS per client (kB)'],
        [
          [
            String(clients),
            (memory.connectMs / 1000).toFixed(1),
            `${before.heapMb.toFixed(1)} → ${after.heapMb.toFixed(1)}`,
            `${before.rssMb.toFixed(1)} → ${after.rssMb.toFixed(1)}`,
            memory.heapPerClientKb.toFixed(1),
            memory.rssPerClientKb.toFixed(1),
          ],
        ],
      ),
    );
    if (options.json) writeFileSync(options.json, JSON.stringify(report, null, 2));
    const missing = phases.some((figures) => figures.received < figures.expected);
    if (missing) process.exitCode = 1;
  } finally {
    disarm();
    await cleanup();
    if (!options.keep && !options.cpuProf) rmSync(tempDir, { recursive: true, force: true });
    else console.log(`logs${options.cpuProf ? ' and CPU profiles' : ''} kept in ${tempDir}`);
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
