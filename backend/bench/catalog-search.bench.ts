/**
 * Catalog search benchmark (issue 28: "catalog search p99 ≤ 20 ms with 100,000 tools on PostgreSQL,
 * EXPLAIN plans in the doc"). Webox (`node dist/backend/main.js`) on a scratch PostgreSQL database,
 * its catalog filled with synthetic tools next to the shipped ones, then:
 *   - `GET /api/catalog/tools` over HTTP, one request at a time, for a set of searches (exact names,
 *     typos, words of a description, several words, a category with a search, no search);
 *   - the same searches through `CatalogService.list` alone on the same database (no HTTP, no Nest),
 *     which is also how the plans are taken: the service's own SQL, captured by a TypeORM logger and
 *     run again under `EXPLAIN (ANALYZE, BUFFERS)`.
 * See docs/performance.md ("Catalog search").
 *
 *   npx nx run backend:build
 *   npx ts-node --transpile-only -P backend/tsconfig.json backend/bench/catalog-search.bench.ts [options]
 *
 * Options: --tools 100000   --samples 200 (per search)   --warmup 20
 *          --postgres-url postgres://postgres@127.0.0.1:5432/postgres   --dist <dir> (default dist/backend)
 *          --json <file> (default backend/bench/results/catalog-search-<time>.json; a .md of the report beside it)
 *          --keep (keep the temporary directory and the filled database)   --quick (2,000 tools, 30 samples)
 *          --cpu-prof (Webox under `node --cpu-prof`; the profile stays in the temporary directory with --keep)
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { CatalogFavorite } from '../src/modules/catalog/catalog-favorite.entity';
import { CatalogReview } from '../src/modules/catalog/catalog-review.entity';
import { CatalogTool } from '../src/modules/catalog/catalog-tool.entity';
import { CatalogService } from '../src/modules/catalog/catalog.service';
import type { CatalogQueryDto } from '../src/modules/catalog/dto/catalog.dto';
import type { AuditService } from '../src/modules/audit/audit.service';
import { buildDescription, snapshotBuild } from './support/build-snapshot';
import { guardRun, parseFlags } from './support/run-guard';
import { distribution, ms, table, type Distribution } from './support/stats';
import { registerUser } from './support/stream-clients';
import { dropScratchDatabase, loopbackPostgresUrl, startWebox, type WeboxProcess } from './support/webox-process';

const ROOT = resolve(__dirname, '..', '..');
const RUN_TIMEOUT_MS = 30 * 60_000;
const TARGET_P99_MS = 20;

/** What a user types: the shipped tools by name and with typos, description words, several words, filters. */
const SEARCHES: Array<{ label: string; query: Partial<CatalogQueryDto> }> = [
  { label: 'exact name "midjourney"', query: { search: 'midjourney' } },
  { label: 'typo "midjorney"', query: { search: 'midjorney' } },
  { label: 'typo "elevenlab"', query: { search: 'elevenlab' } },
  { label: 'prefix "chat"', query: { search: 'chat' } },
  { label: 'description word "transcription"', query: { search: 'transcription' } },
  { label: 'two words "video editing"', query: { search: 'video editing' } },
  { label: 'category image + "portrait"', query: { category: 'image', search: 'portrait' } },
  { label: 'no search (by name)', query: {} },
  { label: 'category code, by rating', query: { category: 'code', sort: 'rating' } },
];

/** Syllables and words for synthetic tools: names share trigrams the way real product names do. */
const SYLLABLES = ['nova', 'lumen', 'pixel', 'vox', 'synth', 'quill', 'echo', 'flux', 'orbit', 'muse', 'spark', 'prism', 'atlas', 'cortex', 'vivid', 'rapid', 'loom', 'nexus', 'aura', 'helix'];
const SUFFIXES = ['ai', 'ly', 'io', 'lab', 'forge', 'studio', 'mind', 'gen', 'flow', 'works'];
const WORDS = ['image', 'video', 'audio', 'voice', 'writing', 'code', 'research', 'editing', 'portrait', 'music', 'transcription', 'summary', 'translation', 'design', 'marketing', 'automation', 'agent', 'search', 'slides', 'avatar', 'podcast', 'subtitles', 'logo', 'animation', 'chatbot', 'analytics', 'spreadsheet', 'email', 'meeting', 'notes'];
const CATEGORIES = ['text', 'image', 'video', 'audio-voice', 'code', 'productivity', 'research', 'automation', 'design', 'marketing'];

interface Figures {
  label: string;
  http: Distribution;
  service: Distribution;
  total: number;
}

async function main(): Promise<void> {
  const { args, int } = parseFlags(process.argv.slice(2));
  const quick = args.has('quick');
  const toolCount = int('tools', quick ? 2_000 : 100_000, 100, 2_000_000);
  const samples = int('samples', quick ? 30 : 200, 10, 100_000);
  const warmup = int('warmup', quick ? 5 : 20, 0, 10_000);
  const postgresUrl = loopbackPostgresUrl(args.get('postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const dist = resolve(args.get('dist') ?? join(ROOT, 'dist', 'backend'));
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const jsonPath = resolve(args.get('json') ?? join(ROOT, 'backend', 'bench', 'results', `catalog-search-${stamp}.json`));
  const tempDir = mkdtempSync(join(tmpdir(), 'webox-catalog-bench-'));
  const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
  const loadAtStart = loadavg().map((value) => value.toFixed(2)).join(' ');
  log(`logs and data in ${tempDir}`);

  let webox: WeboxProcess | undefined;
  let dataSource: DataSource | undefined;
  const cleanup = async () => {
    await dataSource?.destroy().catch(() => undefined);
    if (webox) {
      await webox.child.stop();
      // --keep keeps the filled database too, to study its plans by hand afterwards.
      if (args.has('keep')) log(`database kept: ${webox.databaseUrl}`);
      else await dropScratchDatabase(webox).catch(() => undefined);
    }
    if (!args.has('keep')) rmSync(tempDir, { recursive: true, force: true });
  };
  const disarm = guardRun(RUN_TIMEOUT_MS, cleanup, log);
  try {
    const appDir = snapshotBuild(ROOT, dist, tempDir);
    webox = await startWebox({ db: 'postgres', appDir, tempDir, postgresUrl, env: {}, cpuProf: args.has('cpu-prof') });
    log(`Webox up on ${webox.url} in ${Math.round(webox.startupMs)} ms (database ${webox.database!.name})`);
    const token = await registerUser(webox.url);

    const fillStarted = performance.now();
    await fill(webox.databaseUrl!, toolCount);
    log(`${toolCount} synthetic tools added in ${Math.round(performance.now() - fillStarted)} ms`);

    const captured: Array<{ sql: string; parameters: unknown[] }> = [];
    let capturing = false;
    const logger: TypeOrmLogger = {
      logQuery: (sql, parameters) => {
        if (capturing && /^\s*SELECT/i.test(sql)) captured.push({ sql, parameters: Array.isArray(parameters) ? parameters : [] });
      },
      logQueryError: () => undefined,
      logQuerySlow: () => undefined,
      logSchemaBuild: () => undefined,
      logMigration: () => undefined,
      log: () => undefined,
    };
    dataSource = new DataSource({ type: 'postgres', url: webox.databaseUrl!, entities: [CatalogTool, CatalogFavorite, CatalogReview], logging: ['query'], logger });
    await dataSource.initialize();
    const service = new CatalogService(dataSource.getRepository(CatalogTool), dataSource.getRepository(CatalogFavorite), dataSource.getRepository(CatalogReview), undefined as unknown as AuditService);
    const user = { id: '00000000-0000-4000-8000-000000000000', email: 'bench@example.test', role: 'user' as const, sessionId: 'bench' };

    const figures: Figures[] = [];
    const plans: Array<{ label: string; plans: string[] }> = [];
    for (const { label, query } of SEARCHES) {
      const full = { page: 1, limit: 24, ...query } as CatalogQueryDto;
      const params = new URLSearchParams(Object.entries(full).map(([key, value]) => [key, String(value)]));
      const url = `${webox.url}/api/catalog/tools?${params}`;
      let total = 0;
      const http: number[] = [];
      for (let i = 0; i < warmup + samples; i++) {
        const started = performance.now();
        const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        const body = (await response.json()) as { total?: number };
        const elapsed = performance.now() - started;
        if (!response.ok) throw new Error(`${label}: ${response.status} ${JSON.stringify(body)}`);
        total = body.total ?? 0;
        if (i >= warmup) http.push(elapsed);
      }
      const direct: number[] = [];
      for (let i = 0; i < warmup + samples; i++) {
        const started = performance.now();
        await service.list(user, full, 'en');
        if (i >= warmup) direct.push(performance.now() - started);
      }
      captured.length = 0;
      capturing = true;
      await service.list(user, full, 'en');
      capturing = false;
      const explained: string[] = [];
      for (const statement of captured.filter((entry) => /FROM "?catalog_tools"?\b/.test(entry.sql))) {
        const rows: Array<{ 'QUERY PLAN': string }> = await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.parameters);
        explained.push(`${statement.sql}\n\n${rows.map((row) => row['QUERY PLAN']).join('\n')}`);
      }
      plans.push({ label, plans: explained });
      figures.push({ label, http: distribution(http), service: distribution(direct), total });
      log(`${label}: ${total} found; HTTP p50 ${ms(distribution(http).p50)} p99 ${ms(distribution(http).p99)} ms; SQL (service) p99 ${ms(distribution(direct).p99)} ms`);
    }

    const machine = {
      cores: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown'}`,
      memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
      node: process.version,
      'load average at start (1/5/15 min)': loadAtStart,
      'load average at end (1/5/15 min)': loadavg().map((value) => value.toFixed(2)).join(' '),
      command: `npm run bench:catalog -- ${process.argv.slice(2).join(' ')}`.trim(),
      ...buildDescription(ROOT, dist),
    };
    const worst = Math.max(...figures.map((figure) => figure.http.p99));
    const report = [
      '# Catalog search benchmark',
      '',
      ...Object.entries(machine).map(([key, value]) => `- ${key}: ${value}`),
      `- tools: ${toolCount} synthetic + the shipped catalog; ${samples} samples per search after ${warmup} warm-up requests, one at a time`,
      '',
      `Target: p99 ≤ ${TARGET_P99_MS} ms with 100,000 tools on PostgreSQL — worst HTTP p99 ${ms(worst)} ms (${worst <= TARGET_P99_MS ? 'met' : '**missed**'}).`,
      '',
      table(
        ['search', 'found', 'HTTP p50', 'HTTP p99', 'service p50', 'service p99'],
        figures.map((figure) => [figure.label, String(figure.total), ms(figure.http.p50), ms(figure.http.p99), ms(figure.service.p50), ms(figure.service.p99)]),
      ),
      '',
      '## Plans (EXPLAIN ANALYZE of the service\'s own SQL)',
      '',
      ...plans.flatMap(({ label, plans: explained }) => [`### ${label}`, '', ...explained.map((plan) => ['```', plan, '```', ''].join('\n'))]),
    ].join('\n');
    console.log(`\n${report}`);
    mkdirSync(dirname(jsonPath), { recursive: true });
    writeFileSync(jsonPath, JSON.stringify({ machine, toolCount, samples, warmup, figures, plans }, null, 2));
    writeFileSync(jsonPath.replace(/\.json$/, '.md'), `${report}\n`);
    log(`figures in ${jsonPath}`);
  } finally {
    disarm();
    await cleanup();
  }
}

/** Adds `count` synthetic tools in one statement per 20,000 and reviews of one in 100, then vacuums and analyses them. */
async function fill(databaseUrl: string, count: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const text = (array: string[]) => `ARRAY[${array.map((word) => `'${word}'`).join(',')}]`;
    for (let from = 1; from <= count; from += 20_000) {
      const to = Math.min(count, from + 19_999);
      await client.query(
        `INSERT INTO catalog_tools (slug, name, vendor, category, description_en, description_fr, website, pricing, entry_price_usd, public_api, built_in)
         SELECT 'bench-' || i,
                initcap(s[1 + i % 20] || s[1 + (i / 20) % 20]) || ' ' || initcap(x[1 + (i / 400) % 10]) || ' ' || i,
                initcap(s[1 + (i / 7) % 20]) || ' ' || initcap(x[1 + (i / 3) % 10]),
                c[1 + i % 10],
                'An AI tool for ' || w[1 + i % 30] || ' and ' || w[1 + (i / 30) % 30] || ', with ' || w[1 + (i / 900) % 30] || ' built in.',
                'Un outil d''IA pour ' || w[1 + i % 30] || ' et ' || w[1 + (i / 30) % 30] || '.',
                'https://example.test/tools/' || i,
                (ARRAY['free','freemium','subscription','usage','open-source'])[1 + i % 5],
                CASE WHEN i % 3 = 0 THEN NULL ELSE (i % 50) END,
                i % 2 = 0,
                false
         FROM generate_series($1::int, $2::int) AS i, (SELECT ${text(SYLLABLES)} AS s, ${text(SUFFIXES)} AS x, ${text(WORDS)} AS w, ${text(CATEGORIES)} AS c) AS lists`,
        [from, to],
      );
    }
    // One synthetic tool in 100 reviewed (1 to 5 stars, by the benchmark's user), so the rating sort has keys to order.
    await client.query(
      `INSERT INTO catalog_reviews (tool_id, user_id, rating)
       SELECT id, (SELECT id FROM users ORDER BY created_at LIMIT 1), 1 + abs(hashtext(slug)) % 5 FROM catalog_tools WHERE slug LIKE 'bench-%00'`,
    );
    // As an installation's catalog stands between changes: vacuumed (hint bits and the visibility map
    // set) and analysed, its pages written out. Left to autovacuum and the next checkpoint, that work
    // on 100,000 fresh rows could land among the measured searches.
    await client.query('VACUUM (ANALYZE) catalog_tools, catalog_reviews');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
