import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { migrations } from '../src/database/migrations';
import { AgentTools1764250000000 } from '../src/database/migrations/1764250000000-agent-tools';
import { Seed, Seeder } from '../src/database/seeder';
import { BUILT_IN_AGENT_TOOLS, BUILT_IN_AGENTS } from '../src/modules/agents/built-in-agents';
import { STARTER_PROMPTS } from '../src/modules/prompts/starter-prompts';
import { registerUser, startTestApp, startTestDatabase, testMode, TestApp } from './support/test-app';
import { CATALOG_VERSION } from '../src/modules/catalog/catalog-tools.data';

/** The migrations an installation ran before the seeder existed. */
const PRE_SEEDER_MIGRATIONS = migrations.slice(0, migrations.indexOf(AgentTools1764250000000) + 1);

/** What the prompts, agents and agent-tools migrations inserted before the seeder: their removed statements, as they were. */
async function insertAsTheOldMigrationsDid(q: DataSource): Promise<void> {
  for (const prompt of STARTER_PROMPTS) {
    await q.query(`INSERT INTO prompts (owner_id, title, body, category, tags, visibility, built_in) VALUES (NULL, $1, $2, $3, $4, 'shared', true)`, [prompt.title, prompt.body, prompt.category, prompt.tags]);
  }
  for (const agent of BUILT_IN_AGENTS) {
    await q.query(
      `INSERT INTO agents (owner_id, slug, name, description, icon, instructions, default_model, temperature, starters, built_in)
       VALUES (NULL, $1, $2, $3, $4, $5, $6, $7, $8, true)`,
      [agent.slug, agent.name, agent.description, agent.icon, agent.instructions, agent.defaultModel, agent.temperature, JSON.stringify(agent.starters)],
    );
  }
  for (const [slug, tools] of Object.entries(BUILT_IN_AGENT_TOOLS)) {
    await q.query(`UPDATE agents SET tools = $1 WHERE slug = $2 AND built_in`, [JSON.stringify(tools), slug]);
  }
}

/** The built-in prompts; `slug` only once the seeder's migration has added it. */
const builtInPrompts = (q: DataSource, withSlug = true) =>
  q.query(`SELECT id, ${withSlug ? 'slug, ' : ''}title, body, category, tags, use_count, updated_at FROM prompts WHERE built_in ORDER BY title`) as Promise<Array<Record<string, unknown>>>;
const builtInAgents = (q: DataSource) =>
  q.query(`SELECT id, slug, name, description, icon, instructions, default_model, temperature, starters, tools, reference_notes, collection_ids, max_steps, time_limit_seconds, updated_at FROM agents WHERE built_in ORDER BY slug`) as Promise<
    Array<Record<string, unknown>>
  >;
const seedVersions = async (q: DataSource) => Object.fromEntries(((await q.query(`SELECT name, version FROM seed_versions`)) as Array<{ name: string; version: number }>).map((row) => [row.name, row.version]));

describe('seeds: built-in prompts and agents follow the code', () => {
  let app: TestApp;
  let ada: { id: string };
  let before: { prompts: Array<Record<string, unknown>>; agents: Array<Record<string, unknown>> };

  beforeAll(async () => {
    // An installation as it was before the seeder: old migrations, their rows, and a user's data.
    const database = await startTestDatabase({ blank: true });
    const old = new DataSource({ ...dataSourceOptions(database), migrations: PRE_SEEDER_MIGRATIONS, migrationsRun: false });
    await old.initialize();
    await old.runMigrations();
    await insertAsTheOldMigrationsDid(old);
    [ada] = await old.query(`INSERT INTO users (email, password_hash, name) VALUES ('ada@example.com', 'x', 'Ada') RETURNING id`);
    await old.query(`INSERT INTO prompts (owner_id, title, body, category, tags, visibility) VALUES ($1, 'SEO article outline', 'My own version', 'writing', '{}', 'shared')`, [ada.id]);
    await old.query(`INSERT INTO prompt_favorites (user_id, prompt_id) SELECT $1, id FROM prompts WHERE built_in AND title IN ('Trip itinerary', 'Study plan')`, [ada.id]);
    await old.query(`UPDATE prompts SET use_count = 5 WHERE built_in AND title = 'Study plan'`);
    before = { prompts: await builtInPrompts(old, false), agents: await builtInAgents(old) };
    await old.destroy();

    app = await startTestApp({}, database);
  }, 120_000);
  afterAll(() => app?.close());

  it('upgrades an installation seeded by the old migrations to exactly the same built-ins, keyed, with users’ data intact', async () => {
    expect(await seedVersions(app.dataSource)).toEqual({ 'agents.built-in': 1, 'catalog.tools': CATALOG_VERSION, 'prompts.built-in': 1 });
    // The same rows, not rewritten (updated_at unchanged), each now with the key its seed uses; no duplicates.
    const slugs = new Map(STARTER_PROMPTS.map((prompt) => [prompt.title, prompt.slug]));
    expect(await builtInPrompts(app.dataSource)).toEqual(before.prompts.map((prompt) => ({ ...prompt, slug: slugs.get(prompt['title'] as string) })));
    expect(before.prompts).toHaveLength(STARTER_PROMPTS.length);
    expect(await builtInAgents(app.dataSource)).toEqual(before.agents);
    expect(before.agents).toHaveLength(BUILT_IN_AGENTS.length);

    const own = await app.dataSource.query(`SELECT slug, body, built_in FROM prompts WHERE owner_id = $1`, [ada.id]);
    expect(own).toEqual([{ slug: null, body: 'My own version', built_in: false }]);
    const favorites = await app.dataSource.query(`SELECT p.title FROM prompt_favorites f JOIN prompts p ON p.id = f.prompt_id WHERE f.user_id = $1 ORDER BY p.title`, [ada.id]);
    expect(favorites).toEqual([{ title: 'Study plan' }, { title: 'Trip itinerary' }]);

    const bob = await registerUser(app, 'Bob');
    expect((await app.http().get('/api/prompts?scope=builtin&limit=1').set(bob.auth).expect(200)).body.total).toBe(STARTER_PROMPTS.length);
    const agents = (await app.http().get('/api/agents').set(bob.auth).expect(200)).body as Array<{ slug: string }>;
    expect(agents.map((agent) => agent.slug)).toEqual(BUILT_IN_AGENTS.map((agent) => agent.slug));
  });

  it('brings a database holding an older version up to the code: new built-ins inserted, changed ones updated in place, removed ones deleted', async () => {
    const q = app.dataSource;
    const current = { prompts: await builtInPrompts(q), agents: await builtInAgents(q) };
    // What an older version of the seeds would have left: a prompt since edited, one since added,
    // one since removed (favourited); an agent since changed and one since removed.
    await q.query(`UPDATE prompts SET title = 'Old title', body = 'Old text', tags = '{old}' WHERE slug = 'seo-article-outline'`);
    await q.query(`DELETE FROM prompts WHERE slug = 'decision-helper'`);
    const [retired] = await q.query(`INSERT INTO prompts (slug, title, body, category, visibility, built_in) VALUES ('retired-prompt', 'Retired', 'x', 'writing', 'shared', true) RETURNING id`);
    await q.query(`INSERT INTO prompt_favorites (user_id, prompt_id) VALUES ($1, $2)`, [ada.id, retired.id]);
    await q.query(`UPDATE agents SET name = 'Old name', tools = '[]', starters = '["a", "b", "c"]' WHERE slug = 'sales'`);
    await q.query(`INSERT INTO agents (slug, name, instructions, default_model, built_in) VALUES ('retired', 'Retired', 'x', 'local/webox-mini', true)`);
    await q.query(`DELETE FROM seed_versions`);

    expect(await app.app.get(Seeder).runPending()).toEqual(['agents.built-in', 'catalog.tools', 'prompts.built-in']);

    const strip = (rows: Array<Record<string, unknown>>, ...keys: string[]) => rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key))));
    const prompts = await builtInPrompts(q);
    // Every built-in as the code has it; the edited one keeps its id, use count and favourites.
    expect(strip(prompts, 'id', 'updated_at')).toEqual(strip(current.prompts, 'id', 'updated_at'));
    const id = (rows: Array<Record<string, unknown>>, slug: string) => rows.find((row) => row['slug'] === slug)?.['id'];
    expect(id(prompts, 'seo-article-outline')).toBe(id(current.prompts, 'seo-article-outline'));
    expect(id(prompts, 'decision-helper')).toBeDefined();
    const agents = await builtInAgents(q);
    expect(strip(agents, 'updated_at')).toEqual(strip(current.agents, 'updated_at'));

    const favorites = await q.query(`SELECT p.slug FROM prompt_favorites f JOIN prompts p ON p.id = f.prompt_id WHERE f.user_id = $1 ORDER BY p.slug`, [ada.id]);
    expect(favorites).toEqual([{ slug: 'study-plan' }, { slug: 'trip-itinerary' }]);
    expect(await q.query(`SELECT slug, body FROM prompts WHERE owner_id = $1`, [ada.id])).toEqual([{ slug: null, body: 'My own version' }]);
  });

  it('runs a seed once when two processes start at once on the same database', async () => {
    await app.dataSource.query(`CREATE TABLE seed_runs (at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    const slow: Seed = {
      name: 'test.concurrent',
      version: 1,
      async run(manager) {
        await manager.query(`SELECT pg_sleep(0.3)`);
        await manager.query(`INSERT INTO seed_runs DEFAULT VALUES`);
      },
    };
    // Server mode: two connection pools, as an API and a worker have. Embedded: PGlite serves one
    // process (a single session), so both runners share its pool.
    const sources =
      testMode() === 'server'
        ? await Promise.all([1, 2].map(() => new DataSource({ ...dataSourceOptions(app.database), migrationsRun: false }).initialize()))
        : [app.dataSource, app.dataSource];
    try {
      const runners = sources.map((source) => {
        const seeder = new Seeder(source);
        seeder.register(slow);
        return seeder;
      });
      const ran = await Promise.all(runners.map((runner) => runner.runPending()));
      expect(ran.flat()).toEqual(['test.concurrent']);
      expect(await app.dataSource.query(`SELECT count(*)::int AS n FROM seed_runs`)).toEqual([{ n: 1 }]);
    } finally {
      if (testMode() === 'server') await Promise.all(sources.map((source) => source.destroy()));
    }
  });
});
