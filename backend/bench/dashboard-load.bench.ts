/**
 * Dashboard first-load benchmark: what a browser downloads and how soon it paints, on a fresh
 * build served by Webox on loopback. Chromium (the system one, through Playwright) with an empty
 * cache per run, Chrome DevTools Protocol `Network` events for the bytes on the wire (headers
 * included, WebSocket frames excluded) and the Paint Timing API for first contentful paint.
 *
 * Each run, in a new browser context (empty HTTP cache, empty storage):
 *   1. login    - open /login; wait for the form, the fonts and a quiet network;
 *   2. after    - log in through the form; wait for the dashboard ("Welcome, …") and a quiet network.
 *                 login + after = everything a first visit costs up to the dashboard.
 * Then, in another new context holding a session (tokens in localStorage, as after an earlier
 * visit, but an empty HTTP cache):
 *   3. cold     - open / : the dashboard's first contentful paint and when the welcome shows;
 *   4. warm     - reload it (cache kept): what a returning visit downloads.
 * "Initial JS" is the scripts index.html loads and those they import statically (Angular's
 * "Initial total"), as transferred on the login visit.
 *
 *   npm run bench:dashboard              (builds backend and frontend first)
 *   npx ts-node --transpile-only -P backend/tsconfig.json backend/bench/dashboard-load.bench.ts [options]
 *
 * Options: --dist <dir> (holds backend/main.js and frontend/browser; default dist)
 *          --runs 5   --json <file> (default backend/bench/results/dashboard-load-<time>.json; a .md beside it)
 *          --screenshots <dir> (the login page and the dashboard of the first run)   --keep
 *
 * Webox runs from a copy of the build (embedded database in a temporary directory, deleted after),
 * so a rebuild of dist/ during the run changes nothing.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { BenchChild, freePort, waitUntilServing } from './support/child-process';
import { guardRun, parseFlags } from './support/run-guard';
import { median, ms, table } from './support/stats';

const ROOT = resolve(__dirname, '..', '..');
const RUN_TIMEOUT_MS = 20 * 60_000;
/** The network is quiet when no request (but socket.io's) has been in flight for this long. */
const QUIET_MS = 500;
const STEP_TIMEOUT_MS = 30_000;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const USER = { name: 'Bench User', email: 'bench@webox.test', password: 'bench-password-2026' };
const TARGETS = { firstVisitBytes: 500_000, initialJsBytes: 250_000, dashboardFcpMs: 500 };

type Phase = 'login' | 'after' | 'cold' | 'warm';
type Kind = 'document' | 'script' | 'stylesheet' | 'font' | 'image' | 'api' | 'other';

interface Transfer {
  phase: Phase;
  url: string;
  kind: Kind;
  status: number;
  encoding: string;
  /** Bytes received, headers included (CDP `encodedDataLength`). */
  bytes: number;
  fromCache: boolean;
}

interface RunResult {
  transfers: Transfer[];
  loginFcpMs: number;
  dashboardFcpMs: number;
  dashboardWelcomeMs: number;
  warmFcpMs: number;
}

function kindOf(url: string, type: string | undefined): Kind {
  const path = new URL(url).pathname;
  if (path.startsWith('/api/') || path.startsWith('/socket.io')) return 'api';
  switch (type) {
    case 'Document':
      return 'document';
    case 'Script':
      return 'script';
    case 'Stylesheet':
      return 'stylesheet';
    case 'Font':
      return 'font';
    case 'Image':
      return 'image';
    default:
      return /\.m?js$/.test(path) ? 'script' : 'other';
  }
}

/** Records every request of a page through CDP, tagged with the phase it started in. */
class NetworkLog {
  readonly transfers = new Map<string, Transfer>();
  private readonly inFlight = new Set<string>();
  private lastActivity = Date.now();
  phase: Phase = 'login';

  static async attach(context: BrowserContext, page: Page): Promise<NetworkLog> {
    const log = new NetworkLog();
    const cdp: CDPSession = await context.newCDPSession(page);
    cdp.on('Network.requestWillBeSent', (event) => {
      if (event.request.url.startsWith('data:')) return;
      log.transfers.set(event.requestId, { phase: log.phase, url: event.request.url, kind: kindOf(event.request.url, event.type), status: 0, encoding: '', bytes: 0, fromCache: false });
      if (!event.request.url.includes('/socket.io/')) log.inFlight.add(event.requestId);
      log.lastActivity = Date.now();
    });
    cdp.on('Network.requestServedFromCache', (event) => {
      const transfer = log.transfers.get(event.requestId);
      if (transfer) transfer.fromCache = true;
    });
    cdp.on('Network.responseReceived', (event) => {
      const transfer = log.transfers.get(event.requestId);
      if (!transfer) return;
      transfer.status = event.response.status;
      transfer.encoding = String(Object.entries(event.response.headers).find(([name]) => name.toLowerCase() === 'content-encoding')?.[1] ?? '');
      if (event.response.fromDiskCache || event.response.fromPrefetchCache) transfer.fromCache = true;
    });
    const done = (requestId: string, bytes: number) => {
      const transfer = log.transfers.get(requestId);
      if (transfer) transfer.bytes = bytes;
      log.inFlight.delete(requestId);
      log.lastActivity = Date.now();
    };
    cdp.on('Network.loadingFinished', (event) => done(event.requestId, event.encodedDataLength));
    cdp.on('Network.loadingFailed', (event) => done(event.requestId, 0));
    await cdp.send('Network.enable');
    return log;
  }

  async quiet(): Promise<void> {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (this.inFlight.size > 0 || Date.now() - this.lastActivity < QUIET_MS) {
      if (Date.now() > deadline) throw new Error(`the network did not go quiet: ${[...this.inFlight].map((id) => this.transfers.get(id)?.url).join(', ')}`);
      await sleep(50);
    }
  }
}

const fcp = (page: Page) =>
  page.evaluate(async () => {
    for (let i = 0; i < 100; i++) {
      const entry = performance.getEntriesByName('first-contentful-paint')[0];
      if (entry) return entry.startTime;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Number.NaN;
  });

async function oneRun(browser: Browser, baseUrl: string, tokens: () => Promise<{ accessToken: string; refreshToken: string }>, screenshots: string | undefined): Promise<RunResult> {
  const options = { baseURL: baseUrl, locale: 'en-US', viewport: { width: 1280, height: 800 } };
  // 1-2. A first visit: the login page, then the dashboard through the form.
  const first = await browser.newContext(options);
  const page = await first.newPage();
  const network = await NetworkLog.attach(first, page);
  await page.goto('/login');
  await page.getByLabel('E-mail').waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await network.quiet();
  const loginFcpMs = await fcp(page);
  if (screenshots) await page.screenshot({ path: join(screenshots, 'login.png') });
  network.phase = 'after';
  await page.getByLabel('E-mail').fill(USER.email);
  await page.getByLabel('Password').fill(USER.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('welcome').waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await network.quiet();
  if (screenshots) await page.screenshot({ path: join(screenshots, 'dashboard.png') });
  await first.close();

  // 3-4. A returning user whose cache is empty, then the same with the cache.
  const session = await tokens();
  const again = await browser.newContext(options);
  await again.addInitScript((stored) => {
    localStorage.setItem('webox.accessToken', stored.accessToken);
    localStorage.setItem('webox.refreshToken', stored.refreshToken);
    localStorage.setItem('webox.language', 'en');
  }, session);
  const dashboard = await again.newPage();
  const returning = await NetworkLog.attach(again, dashboard);
  returning.phase = 'cold';
  await dashboard.goto('/', { waitUntil: 'commit' });
  await dashboard.waitForFunction(() => document.querySelector('[data-testid="welcome"]') !== null, undefined, { timeout: STEP_TIMEOUT_MS, polling: 'raf' });
  const dashboardWelcomeMs = await dashboard.evaluate(() => performance.now());
  await dashboard.evaluate(() => document.fonts.ready.then(() => undefined));
  await returning.quiet();
  const dashboardFcpMs = await fcp(dashboard);
  returning.phase = 'warm';
  await dashboard.reload({ waitUntil: 'commit' });
  await dashboard.getByTestId('welcome').waitFor({ timeout: STEP_TIMEOUT_MS });
  await returning.quiet();
  const warmFcpMs = await fcp(dashboard);
  await again.close();

  return { transfers: [...network.transfers.values(), ...returning.transfers.values()], loginFcpMs, dashboardFcpMs, dashboardWelcomeMs, warmFcpMs };
}

/**
 * The initial scripts: those index.html names (its module script and modulepreloads) and every
 * chunk they import statically, as Angular's "Initial total" counts them. A static import in the
 * minified output reads `from"./chunk-X.js"` or `import"./chunk-X.js"`; a lazy one `import("./chunk-X.js")`.
 */
function initialScripts(browserDir: string): Set<string> {
  const html = readFileSync(join(browserDir, 'index.html'), 'utf8');
  const initial = new Set<string>();
  const visit = (name: string) => {
    if (initial.has(name) || !existsSync(join(browserDir, name))) return;
    initial.add(name);
    for (const [, imported] of readFileSync(join(browserDir, name), 'utf8').matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)) visit(imported!);
  };
  for (const [, name] of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)) visit(name!);
  return initial;
}

const sum = (transfers: Transfer[]) => transfers.reduce((total, transfer) => total + transfer.bytes, 0);
const kB = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1000).toFixed(1)} kB` : '–');

function summarise(runs: RunResult[], initial: Set<string>) {
  const per = (select: (run: RunResult) => number) => median(runs.map(select));
  const inPhase = (run: RunResult, ...phases: Phase[]) => run.transfers.filter((t) => phases.includes(t.phase));
  const isInitialJs = (t: Transfer) => t.kind === 'script' && initial.has(new URL(t.url).pathname.slice(1));
  return {
    firstVisitBytes: per((run) => sum(inPhase(run, 'login', 'after'))),
    loginBytes: per((run) => sum(inPhase(run, 'login'))),
    afterLoginBytes: per((run) => sum(inPhase(run, 'after'))),
    initialJsBytes: per((run) => sum(inPhase(run, 'login').filter(isInitialJs))),
    firstVisitJsBytes: per((run) => sum(inPhase(run, 'login', 'after').filter((t) => t.kind === 'script'))),
    coldDashboardBytes: per((run) => sum(inPhase(run, 'cold'))),
    warmBytes: per((run) => sum(inPhase(run, 'warm'))),
    warmRequests: per((run) => inPhase(run, 'warm').filter((t) => !t.fromCache).length),
    loginFcpMs: per((run) => run.loginFcpMs),
    dashboardFcpMs: per((run) => run.dashboardFcpMs),
    dashboardWelcomeMs: per((run) => run.dashboardWelcomeMs),
    warmFcpMs: per((run) => run.warmFcpMs),
  };
}

function report(runs: RunResult[], initial: Set<string>, machine: Record<string, string>): string {
  const s = summarise(runs, initial);
  const verdict = (value: number, target: number) => (value <= target ? 'met' : `missed by ${Math.round(((value - target) / target) * 100)} %`);
  const lines = [
    `# Dashboard first load (${runs.length} run${runs.length > 1 ? 's' : ''}, medians)`,
    '',
    Object.entries(machine)
      .map(([key, value]) => `- ${key}: ${value}`)
      .join('\n'),
    '',
    table(
      ['measure', 'value', 'target'],
      [
        ['first visit: login page + dashboard after login', kB(s.firstVisitBytes), `≤ 500 kB: ${verdict(s.firstVisitBytes, TARGETS.firstVisitBytes)}`],
        ['— the login page', kB(s.loginBytes), ''],
        ['— logging in and the dashboard', kB(s.afterLoginBytes), ''],
        ['initial JS (index.html\'s scripts and their static imports)', kB(s.initialJsBytes), `≤ 250 kB: ${verdict(s.initialJsBytes, TARGETS.initialJsBytes)}`],
        ['all JS of the first visit', kB(s.firstVisitJsBytes), ''],
        ['dashboard, session kept, empty cache', kB(s.coldDashboardBytes), ''],
        ['dashboard reloaded (cache kept)', `${kB(s.warmBytes)} (${s.warmRequests} requests)`, ''],
        ['first contentful paint: login page', `${ms(s.loginFcpMs)} ms`, ''],
        ['first contentful paint: dashboard (session kept, empty cache)', `${ms(s.dashboardFcpMs)} ms`, `≤ 500 ms: ${verdict(s.dashboardFcpMs, TARGETS.dashboardFcpMs)}`],
        ['— "Welcome" shown', `${ms(s.dashboardWelcomeMs)} ms`, ''],
        ['first contentful paint: dashboard reloaded', `${ms(s.warmFcpMs)} ms`, ''],
      ],
    ),
    '',
    '## What the first run downloaded',
    '',
  ];
  const byPhase: Array<[string, Phase[]]> = [
    ['login page', ['login']],
    ['after login', ['after']],
  ];
  for (const [label, phases] of byPhase) {
    const transfers = runs[0]!.transfers.filter((t) => phases.includes(t.phase)).sort((a, b) => b.bytes - a.bytes);
    lines.push(`### ${label}: ${kB(sum(transfers))} in ${transfers.length} requests`, '');
    const kinds = [...new Set(transfers.map((t) => t.kind))];
    lines.push(table(['kind', 'bytes', 'requests'], kinds.map((kind) => [kind, kB(sum(transfers.filter((t) => t.kind === kind))), String(transfers.filter((t) => t.kind === kind).length)])), '');
    lines.push(
      table(
        ['request', 'kind', 'encoding', 'bytes'],
        transfers.slice(0, 15).map((t) => {
          const path = new URL(t.url).pathname;
          return [`${path}${initial.has(path.slice(1)) ? ' (initial)' : ''}`, t.kind, t.encoding || '—', kB(t.bytes)];
        }),
      ),
      '',
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { args, int } = parseFlags(process.argv.slice(2));
  const dist = resolve(args.get('dist') ?? join(ROOT, 'dist'));
  const runsWanted = int('runs', 5, 1, 50);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const jsonFile = resolve(args.get('json') ?? join(ROOT, 'backend', 'bench', 'results', `dashboard-load-${stamp}.json`));
  const screenshots = args.get('screenshots') ? resolve(args.get('screenshots')!) : undefined;
  if (!existsSync(join(dist, 'backend', 'main.js')) || !existsSync(join(dist, 'frontend', 'browser', 'index.html'))) {
    throw new Error(`${dist} holds no build (backend/main.js and frontend/browser/index.html): run npx nx run-many -t build`);
  }
  if (screenshots) mkdirSync(screenshots, { recursive: true });

  const tempDir = mkdtempSync(join(tmpdir(), 'webox-bench-dashboard-'));
  const appDir = join(tempDir, 'app');
  mkdirSync(join(appDir, 'dist', 'frontend'), { recursive: true });
  cpSync(join(dist, 'backend'), join(appDir, 'dist', 'backend'), { recursive: true });
  cpSync(join(dist, 'frontend', 'browser'), join(appDir, 'dist', 'frontend', 'browser'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(appDir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(appDir, 'node_modules'), 'dir');
  const browserDir = join(appDir, 'dist', 'frontend', 'browser');

  let webox: BenchChild | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await webox?.stop();
    if (!args.has('keep')) rmSync(tempDir, { recursive: true, force: true });
  };
  const disarm = guardRun(RUN_TIMEOUT_MS, cleanup, (line) => console.error(line));
  try {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !['DATABASE_URL', 'REDIS_URL'].includes(key)) env[key] = value;
    Object.assign(env, {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      WEBOX_DATA_DIR: join(tempDir, 'data'),
      WEBOX_FRONTEND_DIR: browserDir,
      WEBOX_AUTH_RATE_LIMIT: '1000',
    });
    webox = BenchChild.start('webox', process.execPath, ['dist/backend/main.js'], { cwd: appDir, env, logFile: join(tempDir, 'webox.log') });
    await waitUntilServing(`${baseUrl}/api/health`, webox, 120_000);
    const register = await fetch(`${baseUrl}/api/auth/register`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(USER) });
    if (register.status !== 201) throw new Error(`register answered ${register.status}: ${await register.text()}`);
    const tokens = async () => {
      const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: USER.email, password: USER.password }) });
      if (!response.ok) throw new Error(`login answered ${response.status}`);
      return (await response.json()) as { accessToken: string; refreshToken: string };
    };

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const initial = initialScripts(browserDir);
    // One run to warm Webox up (first requests, JIT) that is not counted.
    await oneRun(browser, baseUrl, tokens, undefined);
    const runs: RunResult[] = [];
    for (let i = 0; i < runsWanted; i++) {
      runs.push(await oneRun(browser, baseUrl, tokens, i === 0 ? screenshots : undefined));
      console.error(`run ${i + 1}/${runsWanted} done`);
    }
    const machine = {
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`,
      browser: `Chromium ${browser.version()} (headless, loopback, no throttling)`,
      build: dist,
    };
    const markdown = report(runs, initial, machine);
    console.log(markdown);
    mkdirSync(dirname(jsonFile), { recursive: true });
    writeFileSync(jsonFile, JSON.stringify({ machine, summary: summarise(runs, initial), initialScripts: [...initial], runs }, null, 2));
    writeFileSync(jsonFile.replace(/\.json$/, '.md'), `${markdown}\n`);
    console.error(`results: ${jsonFile}`);
  } finally {
    disarm();
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
