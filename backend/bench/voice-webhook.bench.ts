/**
 * Voice webhook benchmark (issue 31, "Performance": webhook answer time, gather → TwiML, excluding
 * the model, p50/p99, under 50 concurrent calls: ≤ 20 ms p99). Three parties on loopback: this
 * client playing Twilio, the provider emulator (in this process: it only answers the Twilio REST
 * calls of the set-up, verifying the Auth Token) and Webox (`node dist/backend/main.js`).
 *
 *   npm run bench:voice -- [options]      (builds the backend first)
 *
 * Options: --db pglite,postgres   --calls 50 (at once)   --turns 3 (spoken turns per call)
 *          --think-ms 2000 (caller's pause between webhooks, jittered ±50 %; 0: back to back)
 *          --voice twilio|offline (the assistant's voice: `<Say>`, or meSpeak synthesis + `<Play>`)
 *          --postgres-url …   --redis-url … (empty: no Redis)   --json <file>   --quick   --keep
 *          --cpu-prof (Webox under `node --cpu-prof`; profiles kept with the logs)
 *
 * Each call, as Twilio plays it: the incoming webhook (greeting + gather), `--turns` gathers with a
 * SpeechResult (answered by the model), one silent gather (the silence prompt, no model), a
 * "goodbye" gather (the goodbye phrase and a hang-up, no model), and the final status callback.
 * Every request is signed with the twilio library's own `getExpectedTwilioSignature` over
 * WEBOX_PUBLIC_URL + the path, as Twilio signs, and form-encoded.
 *
 * The model is `local/webox-mini` with WEBOX_LOCAL_TOKEN_DELAY_MS=0: in-process, no network, no
 * pacing. Its own time is measured apart (the same adapter in this process, on the same dialogue)
 * and printed; "speech gather − model" subtracts the model's p50 from each speech gather. The silent
 * and goodbye gathers never call the model: they are the webhook path alone.
 * Answer time = this client's round trip on loopback (request sent → whole TwiML read).
 *
 * The pause: on a real call, between Webox's answer and Twilio's next webhook the assistant's words
 * are spoken (seconds), the caller speaks, and Twilio waits for the end of speech, so a call sends a
 * webhook every several seconds. 2 s ±50 % is faster than that (50 calls send about 25 webhooks/s);
 * `--think-ms 300` is a stress run (about 125 webhooks/s: the rate of several hundred real calls).
 * Calls start spread over the first pause, as calls arrive.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import twilio from 'twilio';
import { LocalAdapter } from '../src/ai/adapters/local.adapter';
import type { ChatMessage } from '../src/ai/capabilities';
import { startProviderEmulator } from '../test/support/provider-emulator';
import { processCpuMs } from './support/child-process';
import { cpuLine, cpuMeter, matchingProcessesCpuMs, type CpuSource } from './support/cpu-meter';
import { guardRun, parseFlags } from './support/run-guard';
import { distribution, ms, table, type Distribution } from './support/stats';
import { registerUser } from './support/stream-clients';
import { dropScratchDatabase, loopbackPostgresUrl, startWebox, type DbMode, type WeboxProcess } from './support/webox-process';

const ROOT = resolve(__dirname, '..', '..');
const TOKEN = 'bench-twilio-auth-token';
const PUBLIC_URL = 'https://webox.bench.example';
const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const NUMBER = '+15005550100';
const QUESTIONS = ['What time do you open tomorrow?', 'Can I book a table for four people?', 'Do you have vegetarian dishes?', 'Is there parking nearby?', 'How much is the lunch menu?'];

type Kind = 'incoming' | 'gather (speech, model)' | 'gather (silence)' | 'gather (goodbye)' | 'status';
const KINDS: Kind[] = ['incoming', 'gather (speech, model)', 'gather (silence)', 'gather (goodbye)', 'status'];

async function main(): Promise<void> {
  const { args, int } = parseFlags(process.argv.slice(2));
  const quick = args.get('quick') === 'true';
  const dbs = (args.get('db') ?? 'pglite,postgres').split(',').map((db) => db.trim()) as DbMode[];
  const calls = int('calls', quick ? 10 : 50, 1, 1000);
  const turns = int('turns', quick ? 2 : 3, 1, 50);
  const thinkMs = int('think-ms', 2000, 0, 60_000);
  const voice = args.get('voice') ?? 'twilio';
  if (voice !== 'twilio' && voice !== 'offline') throw new Error('--voice must be twilio or offline');
  const postgresUrl = loopbackPostgresUrl(args.get('postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const redisUrl = args.get('redis-url') ?? '';
  const cpuProf = args.get('cpu-prof') === 'true';

  const model = await modelOwnTime(turns);
  const emulator = await startProviderEmulator({ apiKeys: [TOKEN] });
  const tempDir = mkdtempSync(join(tmpdir(), 'webox-bench-voice-'));
  let running: WeboxProcess | undefined;
  const disarm = guardRun(
    30 * 60_000,
    async () => {
      await running?.child.stop();
      if (running) await dropScratchDatabase(running);
      await emulator.close();
    },
    (line) => console.error(line),
  );
  const rows: string[][] = [];
  const report: Record<string, unknown> = { calls, turns, thinkMs, voice, model: { id: 'local/webox-mini', ownTime: model } };
  try {
    for (const db of dbs) {
      const webox = (running = await startWebox({
        db,
        appDir: ROOT,
        tempDir,
        postgresUrl,
        label: `voice-${db}`,
        cpuProf,
        env: {
          WEBOX_REGISTRATION: 'open',
          // Webox behind a proxy, as in production: signatures are checked against this address, not the loopback one.
          WEBOX_PUBLIC_URL: PUBLIC_URL,
          TWILIO_API_BASE_URL: emulator.twilioBaseUrl,
          WEBOX_LOCAL_TOKEN_DELAY_MS: '0',
          ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
        },
      }));
      try {
        const token = await registerUser(webox.url);
        const api = async (path: string, method: string, body: unknown) => {
          const response = await fetch(`${webox.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
          if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
          return response.json() as Promise<unknown>;
        };
        await api('/api/voice/twilio', 'PUT', { accountSid: ACCOUNT, authToken: TOKEN });
        await api('/api/voice/assistants', 'POST', {
          name: 'Front desk',
          greeting: 'Hello, you are through to the Webox bistro. How can I help?',
          instructions: 'Answer in one or two short sentences.',
          phoneNumber: NUMBER,
          model: 'local/webox-mini',
          ...(voice === 'offline' ? { voice: { provider: 'offline', voice: 'neutral' } } : {}),
        });
        const samples = new Map<Kind, number[]>(KINDS.map((kind) => [kind, []]));
        const failures: string[] = [];
        const hook = async (kind: Kind, path: string, params: Record<string, string>): Promise<string> => {
          const body = new URLSearchParams(params).toString();
          const signature = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC_URL}${path}`, params);
          const started = performance.now();
          const response = await fetch(`${webox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body });
          const text = await response.text();
          const took = performance.now() - started;
          if (response.status !== 200 || !text.startsWith('<?xml')) failures.push(`${kind} ${path}: ${response.status} ${text.slice(0, 200)}`);
          else samples.get(kind)!.push(took);
          return text;
        };
        const pause = () => (thinkMs ? sleep(thinkMs * (0.5 + Math.random())) : Promise.resolve());
        const nextAction = (twiml: string) => /action="([^"]+)"/.exec(twiml)?.[1]?.replace(/&amp;/g, '&');

        const runCall = async (index: number) => {
          const callSid = `CA${String(index).padStart(8, '0')}${Date.now().toString(16).padStart(24, '0')}`;
          const base = { AccountSid: ACCOUNT, CallSid: callSid, From: `+336${String(10_000_000 + index)}`, To: NUMBER, Direction: 'inbound', CallStatus: 'in-progress', ApiVersion: '2010-04-01' };
          await pause();
          let action = nextAction(await hook('incoming', '/api/voice/webhook/twilio', base));
          for (let turn = 0; turn < turns && action; turn++) {
            await pause();
            action = nextAction(await hook('gather (speech, model)', action, { ...base, SpeechResult: QUESTIONS[(index + turn) % QUESTIONS.length]!, Confidence: '0.92' }));
          }
          if (action) {
            await pause();
            action = nextAction(await hook('gather (silence)', action, base));
          }
          if (action) {
            await pause();
            await hook('gather (goodbye)', action, { ...base, SpeechResult: 'Thanks, goodbye', Confidence: '0.95' });
          }
          await pause();
          await hook('status', '/api/voice/webhook/twilio/status', { ...base, CallStatus: 'completed', CallDuration: '42', Price: '-0.0130', PriceUnit: 'USD' });
        };

        // A warm-up call (JIT, connection pools, first queries), not counted.
        await runCall(999_999);
        for (const list of samples.values()) list.length = 0;
        const before = await transactions(webox);
        // CPU of Webox and of its database's backends over the calls: per webhook, it does not depend on other work on the machine the way the times do.
        const sources: CpuSource[] = [{ name: 'Webox', cpuMs: () => processCpuMs(webox.child.pid) }];
        if (webox.database) sources.push({ name: 'PostgreSQL backends', perProcessMs: () => matchingProcessesCpuMs(` ${webox.database!.name} `) });
        const loadBefore = loadavg()[0]!;
        const meter = cpuMeter(sources);
        const wallStart = performance.now();
        await Promise.all(Array.from({ length: calls }, (_, index) => runCall(index)));
        const wallMs = performance.now() - wallStart;
        const cpu = meter();
        const loadAfter = loadavg()[0]!;
        const after = await transactions(webox);
        if (failures.length) throw new Error(`${failures.length} webhooks failed, first: ${failures[0]}`);

        const figures: Record<string, Distribution> = {};
        for (const kind of KINDS) {
          const d = distribution(samples.get(kind)!);
          figures[kind] = d;
          rows.push([db, kind, String(d.n), ms(d.p50), ms(d.p90), ms(d.p99), ms(d.max)]);
        }
        const withoutModel = distribution(samples.get('gather (speech, model)')!.map((value) => Math.max(0, value - model.p50)));
        figures['gather (speech) − model p50'] = withoutModel;
        rows.push([db, 'gather (speech) − model p50', String(withoutModel.n), ms(withoutModel.p50), ms(withoutModel.p90), ms(withoutModel.p99), ms(withoutModel.max)]);
        const all = distribution(KINDS.flatMap((kind) => samples.get(kind)!));
        const perCall = before === undefined || after === undefined ? undefined : (after - before) / calls;
        if (perCall !== undefined) console.log(`${db}: ${perCall.toFixed(1)} database transactions per call (${(perCall / (turns + 4)).toFixed(1)} per webhook)`);
        rows.push([db, 'every webhook', String(all.n), ms(all.p50), ms(all.p90), ms(all.p99), ms(all.max)]);
        const cpuPerWebhook = Object.fromEntries(Object.entries(cpu.sourcesMs).map(([name, value]) => [name, value / all.n]));
        console.log(`${db}: CPU per webhook: ${Object.entries(cpuPerWebhook).map(([name, value]) => `${name} ${value.toFixed(2)} ms`).join(', ')} (/proc, 10 ms ticks)`);
        console.log(`${db}: ${cpuLine(cpu)} 1-minute load ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}; ${ioPressure()}.`);
        report[db] = { figures, every: all, wallMs, webhooksPerSecond: all.n / (wallMs / 1000), transactionsPerCall: perCall, cpuMsPerWebhook: cpuPerWebhook, cpu, load: [loadBefore, loadAfter] };
        console.log(`${db}: ${all.n} webhooks of ${calls} calls in ${Math.round(wallMs)} ms`);
      } finally {
        await webox.child.stop();
        await dropScratchDatabase(webox);
        running = undefined;
      }
    }
  } finally {
    disarm();
    await emulator.close();
    if (args.get('keep') !== 'true' && !cpuProf) rmSync(tempDir, { recursive: true, force: true });
    else console.log(`logs${cpuProf ? ' and CPU profiles' : ''} kept in ${tempDir}`);
  }
  console.log(`model local/webox-mini alone (this process, same dialogues): p50 ${ms(model.p50)} ms, p99 ${ms(model.p99)} ms`);
  console.log(`${calls} calls at once, ${turns} spoken turns each, think time ${thinkMs} ms ±50 %, voice ${voice}`);
  console.log(table(['db', 'webhook', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'], rows));
  const json = args.get('json');
  if (json) writeFileSync(json, JSON.stringify(report, null, 2));
}

/**
 * Transactions committed in Webox's database so far (postgres mode; PGlite has no statistics): each
 * statement outside a transaction is one. Read after a pause, since backends report every second.
 */
async function transactions(webox: WeboxProcess): Promise<number | undefined> {
  if (!webox.databaseUrl) return undefined;
  await sleep(1_500);
  const client = new Client({ connectionString: webox.databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()');
    return Number(result.rows[0]!.n);
  } finally {
    await client.end();
  }
}

/**
 * How much of the last minute tasks waited on the disk (Linux PSI): every webhook commits, and a
 * commit waits for the WAL's fsync, so another process writing a lot (a build, a copy) shows in the
 * times even when the CPU is free.
 */
function ioPressure(): string {
  try {
    const some = /^some .*avg60=([\d.]+)/m.exec(readFileSync('/proc/pressure/io', 'utf8'))?.[1];
    return some === undefined ? 'I/O pressure unknown' : `I/O pressure (some, 60 s) ${some} %`;
  } catch {
    return 'I/O pressure unknown';
  }
}

/** The model's own time: the local adapter (zero delay) on dialogues like the calls', in this process. */
async function modelOwnTime(turns: number): Promise<Distribution> {
  const adapter = new LocalAdapter(0);
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const thread: ChatMessage[] = [
      { role: 'system', content: 'Answer in one or two short sentences.\n\nYou are speaking on a phone call as "Front desk". Answer in the language en-US, in a few short spoken sentences: no Markdown, no lists, no links, no emoji.' },
      { role: 'assistant', content: 'Hello, you are through to the Webox bistro. How can I help?' },
    ];
    for (let turn = 0; turn <= i % turns; turn++) {
      thread.push({ role: 'user', content: QUESTIONS[(i + turn) % QUESTIONS.length]! });
      if (turn < i % turns) thread.push({ role: 'assistant', content: 'Offline reply from Webox mini.' });
    }
    const started = performance.now();
    let text = '';
    for await (const chunk of adapter.stream({ model: 'webox-mini', messages: thread }, undefined, new AbortController().signal)) if (chunk.type === 'text') text += chunk.text;
    if (i >= 50) times.push(performance.now() - started);
    if (!text) throw new Error('the local model answered nothing');
  }
  return distribution(times);
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
