/**
 * Blog benchmark (issue 29): search p99 with many articles, and the public page p50, over HTTP.
 * Webox (`node dist/backend/main.js`, a snapshot of the build) runs on a scratch PostgreSQL
 * database `webox_bench_<random>` (dropped after). The articles are written with one bulk SQL
 * statement (English and French bodies drawn from a fixed vocabulary, so that each search word
 * matches a known share of them); one more is published through the API for the public page.
 * Then, one request at a time: `GET /api/blog/articles?search=<word>` (a word of the bodies, each
 * in its language, rare to common) and `GET /blog/{slug}` (the cached public page).
 * See docs/performance.md ("Blog").
 *
 *   npm run bench:blog -- [options]
 *
 * Options: --articles 100000   --samples 100 (searches per word; six words)   --queries N (all searches, instead of --samples)
 *          --page-requests 1000   --warmup 30
 *          --postgres-url postgres://postgres@127.0.0.1:5432/postgres   --dist <dir> (default dist/backend)
 *          --json <file> (default backend/bench/results/blog-<time>.json)   --quick (2 000 articles, 10 searches per word, 200 page requests)
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { BlogArticle } from '../src/modules/blog/blog-article.entity';
import { BlogService } from '../src/modules/blog/blog.service';
import type { ArticleQueryDto } from '../src/modules/blog/dto/blog.dto';
import { buildDescription, snapshotBuild } from './support/build-snapshot';
import { guardRun, parseFlags } from './support/run-guard';
import { distribution, ms, table, type Distribution } from './support/stats';
import { dropScratchDatabase, loopbackPostgresUrl, startWebox, type WeboxProcess } from './support/webox-process';

const ROOT = resolve(__dirname, '..', '..');
const SETUP_TOKEN = 'bench-setup-token-0123456789';
const RUN_TIMEOUT_MS = 60 * 60_000;

/** Words of the bodies by how often they appear, in each language: `rare` in 1 article in 1000, `uncommon` 1 in 50, `common` 1 in 2 (n % 1000 < 2 picks one article of each parity, so of each language). */
const WORDS = {
  en: { rare: 'lighthouse', uncommon: 'estuary', common: 'harbour', filler: ['sea', 'wind', 'boat', 'stone', 'light', 'river', 'shore', 'cliff', 'storm', 'salt'] },
  fr: { rare: 'phare', uncommon: 'estuaire', common: 'port', filler: ['mer', 'vent', 'bateau', 'pierre', 'lumière', 'rivière', 'rivage', 'falaise', 'tempête', 'sel'] },
} as const;

interface Report {
  articles: number;
  insertMs: number;
  search: Record<string, Distribution>;
  searchAll: Distribution;
  publicPage: Distribution;
  plans: Array<{ label: string; plans: string[] }>;
  machine: { cpus: number; model: string };
  build: Record<string, string>;
}

async function main(): Promise<void> {
  const { args, int } = parseFlags(process.argv.slice(2));
  const quick = args.has('quick');
  const articles = int('articles', quick ? 2_000 : 100_000, 10, 2_000_000);
  // Per word: at 25 searches a word (the old default of 150 in all) each p99 was that word's worst sample.
  const samples = int('samples', quick ? 10 : 100, 1, 100_000);
  const queries = int('queries', samples * 6, 6, 600_000);
  const pageRequests = int('page-requests', quick ? 200 : 1_000, 10, 1_000_000);
  const warmup = int('warmup', quick ? 10 : 30, 0, 10_000);
  const postgresUrl = loopbackPostgresUrl(args.get('postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const dist = resolve(ROOT, args.get('dist') ?? 'dist/backend');
  const jsonFile = resolve(ROOT, args.get('json') ?? `backend/bench/results/blog-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const log = (line: string) => console.log(`[blog-bench] ${line}`);

  const tempDir = mkdtempSync(join(tmpdir(), 'webox-blog-bench-'));
  let webox: WeboxProcess | undefined;
  const cleanup = async () => {
    await webox?.child.stop().catch(() => undefined);
    if (webox) await dropScratchDatabase(webox).catch(() => undefined);
    rmSync(tempDir, { recursive: true, force: true });
  };
  const disarm = guardRun(RUN_TIMEOUT_MS, cleanup, log);
  try {
    const appDir = snapshotBuild(ROOT, dist, tempDir);
    webox = await startWebox({ db: 'postgres', appDir, tempDir, postgresUrl, env: { WEBOX_SETUP_TOKEN: SETUP_TOKEN } });
    log(`Webox on ${webox.url} (started in ${ms(webox.startupMs)})`);
    const token = await registerAdmin(webox.url);

    const insertStarted = performance.now();
    await insertArticles(webox.databaseUrl!, articles);
    const insertMs = performance.now() - insertStarted;
    log(`${articles} articles written in ${ms(insertMs)}`);

    const slug = 'bench-public-page';
    await call(webox.url, token, 'POST', '/api/blog/articles', {
      slug,
      title: 'The lighthouse keeper',
      excerpt: 'A page served to readers without an account.',
      body: `# The lighthouse keeper\n\n${'The harbour light turns all night. '.repeat(200)}`,
      category: 'Stories',
      tags: ['sea'],
      language: 'en',
      status: 'published',
    });

    const words = (['rare', 'uncommon', 'common'] as const).flatMap((share) => (['en', 'fr'] as const).map((language) => ({ share, language, word: WORDS[language][share] })));
    const search: Record<string, number[]> = {};
    const all: number[] = [];
    for (let i = 0; i < warmup + queries; i++) {
      const { share, language, word } = words[i % words.length]!;
      const started = performance.now();
      await call(webox.url, token, 'GET', `/api/blog/articles?search=${encodeURIComponent(word)}&limit=20`);
      const elapsed = performance.now() - started;
      if (i < warmup) continue;
      (search[`${share} (${language}: ${word})`] ??= []).push(elapsed);
      all.push(elapsed);
    }
    const page: number[] = [];
    for (let i = 0; i < warmup + pageRequests; i++) {
      const started = performance.now();
      const response = await fetch(`${webox.url}/blog/${slug}`, { signal: AbortSignal.timeout(30_000) });
      await response.text();
      if (response.status !== 200) throw new Error(`GET /blog/${slug} answered ${response.status}`);
      if (i >= warmup) page.push(performance.now() - started);
    }

    const plans = await explainSearches(webox.databaseUrl!, [...words.map(({ share, language, word }) => ({ label: `search ${share} (${language}: ${word})`, query: { search: word } })), { label: 'no search (newest first)', query: {} }]);

    const report: Report = {
      articles,
      insertMs,
      search: Object.fromEntries(Object.entries(search).map(([label, values]) => [label, distribution(values)])),
      searchAll: distribution(all),
      publicPage: distribution(page),
      plans,
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '' },
      build: buildDescription(ROOT, dist),
    };
    const rows = [...Object.entries(report.search), ['all searches', report.searchAll] as const, ['public page GET /blog/{slug}', report.publicPage] as const].map(([label, d]) => [label, String(d.n), ms(d.p50), ms(d.p90), ms(d.p99), ms(d.max)]);
    const text = table(['request', 'n', 'p50', 'p90', 'p99', 'max'], rows);
    console.log(`\n${articles} articles on PostgreSQL, one request at a time over HTTP\n\n${text}\n`);
    mkdirSync(dirname(jsonFile), { recursive: true });
    writeFileSync(jsonFile, JSON.stringify(report, null, 2));
    const planText = plans.map(({ label, plans: list }) => `### ${label}\n\n${list.map((plan) => `\`\`\`\n${plan}\n\`\`\``).join('\n\n')}`).join('\n\n');
    writeFileSync(jsonFile.replace(/\.json$/, '.md'), `# Blog benchmark\n\n${articles} articles on PostgreSQL.\n\n${text}\n\n## Plans (EXPLAIN ANALYZE of the service's own SQL, as an admin)\n\n${planText}\n`);
    log(`report: ${jsonFile}`);
  } finally {
    disarm();
    await cleanup();
  }
}

/**
 * The SQL that `BlogService.list` runs for each search (captured by a TypeORM logger on a data
 * source of its own), run again under `EXPLAIN (ANALYZE, BUFFERS)`. The service gets only the
 * repository: `list` uses nothing else.
 */
async function explainSearches(databaseUrl: string, searches: Array<{ label: string; query: Partial<ArticleQueryDto> }>): Promise<Array<{ label: string; plans: string[] }>> {
  const captured: Array<{ sql: string; parameters: unknown[] }> = [];
  const logger: TypeOrmLogger = {
    logQuery: (sql, parameters) => {
      if (/^\s*SELECT/i.test(sql)) captured.push({ sql, parameters: Array.isArray(parameters) ? parameters : [] });
    },
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, entities: [BlogArticle], logging: ['query'], logger });
  await dataSource.initialize();
  try {
    const none = undefined as never;
    const service = new BlogService(dataSource.getRepository(BlogArticle), none, none, none, none, none, none);
    const [admin] = (await dataSource.query(`SELECT id FROM users ORDER BY created_at LIMIT 1`)) as Array<{ id: string }>;
    const user = { id: admin!.id, email: 'bench-admin@example.test', role: 'admin' as const, sessionId: 'bench' };
    const out: Array<{ label: string; plans: string[] }> = [];
    for (const { label, query } of searches) {
      captured.length = 0;
      await service.list(user, { page: 1, limit: 20, ...query } as ArticleQueryDto);
      const plans: string[] = [];
      for (const statement of captured.filter((entry) => /FROM "blog_articles"/.test(entry.sql))) {
        const rows: Array<{ 'QUERY PLAN': string }> = await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.parameters);
        plans.push(`${statement.sql}\n\n${rows.map((row) => row['QUERY PLAN']).join('\n')}`);
      }
      out.push({ label, plans });
    }
    return out;
  } finally {
    await dataSource.destroy();
  }
}

/** The first account, made the administrator with the setup token. */
async function registerAdmin(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench-admin@example.test', password: 'bench-admin-password-1', name: 'Bench Admin', setupToken: SETUP_TOKEN }),
  });
  const body = (await response.json()) as { accessToken?: string };
  if (!response.ok || !body.accessToken) throw new Error(`register answered ${response.status}: ${JSON.stringify(body)}`);
  return body.accessToken;
}

async function call(url: string, token: string, method: string, path: string, body?: object): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * One INSERT ... SELECT over generate_series: ~200-word bodies from the vocabulary, every other
 * article in French, published over the last three years, by the admin, in twelve categories.
 */
async function insertArticles(databaseUrl: string, count: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const arrays = (language: 'en' | 'fr') => `ARRAY[${WORDS[language].filler.map((word) => `'${word}'`).join(',')}]`;
    await client.query(
      `INSERT INTO blog_articles (author_id, slug, title, excerpt, body, category, tags, language, status, published_at, reading_minutes)
       SELECT (SELECT id FROM users ORDER BY created_at LIMIT 1),
              'bench-' || n,
              'Article ' || n,
              'Excerpt of article ' || n,
              (SELECT string_agg((CASE WHEN n % 2 = 0 THEN ${arrays('en')} ELSE ${arrays('fr')} END)[1 + ((n * 7 + w * 13) % 10)], ' ') FROM generate_series(1, 200) AS w)
                || CASE WHEN n % 1000 < 2 THEN CASE WHEN n % 2 = 0 THEN ' ${WORDS.en.rare}' ELSE ' ${WORDS.fr.rare}' END ELSE '' END
                || CASE WHEN n % 50 < 2 THEN CASE WHEN n % 2 = 0 THEN ' ${WORDS.en.uncommon}' ELSE ' ${WORDS.fr.uncommon}' END ELSE '' END
                || CASE WHEN n % 4 = 0 OR n % 4 = 1 THEN CASE WHEN n % 2 = 0 THEN ' ${WORDS.en.common}' ELSE ' ${WORDS.fr.common}' END ELSE '' END,
              'Category ' || (n % 12),
              ARRAY['tag' || (n % 30)],
              CASE WHEN n % 2 = 0 THEN 'en' ELSE 'fr' END,
              'published',
              now() - make_interval(mins => n % 1576800),
              1
       FROM generate_series(1, $1::int) AS n`,
      [count],
    );
    await client.query('ANALYZE blog_articles');
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
