import { Logger } from '@nestjs/common';
import { Column, DataSource, Entity, EntityManager, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { Seed, Seeder } from './seeder';
import { syncRows } from './sync-rows';

/** A table shaped like the built-in prompts: a key for shipped rows, users' rows without one. */
@Entity('sync_probe')
class Probe {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', nullable: true })
  slug: string | null;

  @Column({ type: 'varchar' })
  title: string;

  @Column({ name: 'owner', type: 'varchar', nullable: true })
  owner: string | null;

  @Column({ name: 'built_in' })
  builtIn: boolean;

  @Column({ type: 'int', default: 0 })
  uses: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The real migrations (seed_versions included) on an in-memory PGlite, as the embedded mode runs. */
describe('Seeder and syncRows', () => {
  let pglite: EmbeddedPostgres;
  let dataSource: DataSource;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    pglite = await startEmbeddedPostgres(undefined);
    dataSource = new DataSource({ ...dataSourceOptions({ url: pglite.url, embedded: true }), entities: [Probe], migrationsRun: false });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.query(`CREATE TABLE seed_log (seed text NOT NULL, version integer NOT NULL)`);
    await dataSource.query(`
      CREATE TABLE sync_probe (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(), slug varchar UNIQUE, title varchar NOT NULL, owner varchar,
        built_in boolean NOT NULL, uses integer NOT NULL DEFAULT 0, updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await pglite?.stop();
  });

  describe('Seeder', () => {
    beforeEach(async () => {
      await dataSource.query('DELETE FROM seed_versions');
      await dataSource.query('DELETE FROM seed_log');
    });

    /** A seed that logs each run in the database (so a rollback removes the entry). */
    const seed = (name: string, version: number, then?: (manager: EntityManager) => Promise<void>): Seed => ({
      name,
      version,
      async run(manager) {
        await manager.query('INSERT INTO seed_log (seed, version) VALUES ($1, $2)', [name, version]);
        await then?.(manager);
      },
    });
    const seeder = (...seeds: Seed[]) => {
      const instance = new Seeder(dataSource);
      for (const each of seeds) instance.register(each);
      return instance;
    };
    const log = async () => ((await dataSource.query('SELECT seed, version FROM seed_log ORDER BY seed, version')) as Array<{ seed: string; version: number }>).map((row) => `${row.seed}@${row.version}`);
    const versions = async () => Object.fromEntries(((await dataSource.query('SELECT name, version FROM seed_versions')) as Array<{ name: string; version: number }>).map((row) => [row.name, row.version]));

    it('runs a new seed and records its version; the same version does not run again', async () => {
      expect(await seeder(seed('b.two', 1), seed('a.one', 2)).runPending()).toEqual(['a.one', 'b.two']);
      expect(await versions()).toEqual({ 'a.one': 2, 'b.two': 1 });
      expect(await seeder(seed('b.two', 1), seed('a.one', 2)).runPending()).toEqual([]);
      expect(await log()).toEqual(['a.one@2', 'b.two@1']);
    });

    it('runs a seed again when its version is raised, and only that one', async () => {
      await seeder(seed('a.one', 1), seed('b.two', 1)).runPending();
      expect(await seeder(seed('a.one', 2), seed('b.two', 1)).runPending()).toEqual(['a.one']);
      expect(await versions()).toEqual({ 'a.one': 2, 'b.two': 1 });
      expect(await log()).toEqual(['a.one@1', 'a.one@2', 'b.two@1']);
    });

    it('leaves alone a seed the database has a newer version of (an older process in a rolling deploy)', async () => {
      await seeder(seed('a.one', 3)).runPending();
      expect(await seeder(seed('a.one', 2)).runPending()).toEqual([]);
      expect(await versions()).toEqual({ 'a.one': 3 });
    });

    it('rolls back what a failing seed wrote and keeps its old version, so the next start tries again', async () => {
      await seeder(seed('a.one', 1)).runPending();
      const failing = seed('a.one', 2, async () => {
        throw new Error('bad data');
      });
      await expect(seeder(failing).runPending()).rejects.toThrow('Seed a.one (version 2) failed and was rolled back: bad data');
      expect(await versions()).toEqual({ 'a.one': 1 });
      expect(await log()).toEqual(['a.one@1']);
      expect(await seeder(seed('a.one', 2)).runPending()).toEqual(['a.one']);
      expect(await versions()).toEqual({ 'a.one': 2 });
    });

    it('runs a seed once when two processes start at once: the second finds it done once it has the lock', async () => {
      const slow = (name: string) => seed(name, 1, () => new Promise((resolve) => setTimeout(resolve, 50)));
      const [first, second] = await Promise.all([seeder(slow('a.one'), slow('b.two')).runPending(), seeder(slow('a.one'), slow('b.two')).runPending()]);
      expect([...first, ...second].sort()).toEqual(['a.one', 'b.two']);
      expect(await log()).toEqual(['a.one@1', 'b.two@1']);
    });

    it('refuses a seed without a usable name or version, and a second seed of the same name', () => {
      const instance = seeder(seed('a.one', 1));
      expect(() => instance.register(seed('a.one', 2))).toThrow('already registered');
      expect(() => instance.register(seed('Has Space', 1))).toThrow('must match');
      expect(() => instance.register(seed('b.two', 0))).toThrow('positive integer');
      expect(() => instance.register(seed('b.two', 1.5))).toThrow('positive integer');
    });
  });

  describe('syncRows', () => {
    const builtIn = (slug: string, title: string) => ({ slug, title, owner: null, builtIn: true });
    const sync = (rows: Array<ReturnType<typeof builtIn>>) => dataSource.transaction((manager) => syncRows(manager, Probe, { key: 'slug', rows, scope: { builtIn: true } }));
    const rows = async () => (await dataSource.getRepository(Probe).find({ order: { title: 'ASC' } })).map(({ slug, title, builtIn: shipped, uses }) => ({ slug, title, builtIn: shipped, uses }));

    beforeEach(async () => {
      await dataSource.query('DELETE FROM sync_probe');
    });

    it('inserts new keys, updates changed rows in place, deletes unlisted built-ins, and never touches users’ rows', async () => {
      await dataSource.query(`INSERT INTO sync_probe (slug, title, owner, built_in) VALUES (NULL, 'Mine', 'ada', false), (NULL, 'Old built-in without a key', NULL, true)`);
      await sync([builtIn('a', 'Alpha'), builtIn('b', 'Beta'), builtIn('gone', 'Gone')]);
      const before = await dataSource.getRepository(Probe).find();
      const id = (slug: string) => before.find((row) => row.slug === slug)!.id;
      await dataSource.query(`UPDATE sync_probe SET uses = 7 WHERE slug IN ('a', 'b')`);

      await sync([builtIn('a', 'Alpha'), builtIn('b', 'Beta, renamed'), builtIn('c', 'Gamma')]);
      expect(await rows()).toEqual([
        { slug: 'a', title: 'Alpha', builtIn: true, uses: 7 },
        { slug: 'b', title: 'Beta, renamed', builtIn: true, uses: 7 },
        { slug: 'c', title: 'Gamma', builtIn: true, uses: 0 },
        { slug: null, title: 'Mine', builtIn: false, uses: 0 },
      ]);
      const after = await dataSource.getRepository(Probe).find();
      const row = (slug: string) => after.find((candidate) => candidate.slug === slug)!;
      expect([row('a').id, row('b').id]).toEqual([id('a'), id('b')]);
      // An unchanged row is not written: its updated_at stays; a changed one moves.
      expect(row('a').updatedAt).toEqual(before.find((candidate) => candidate.slug === 'a')!.updatedAt);
      expect(row('b').updatedAt.getTime()).toBeGreaterThan(before.find((candidate) => candidate.slug === 'b')!.updatedAt.getTime());
    });

    it('refuses rows without a key or with the same key twice, and empties the scope when given no rows', async () => {
      await expect(sync([builtIn('a', 'Alpha'), builtIn('a', 'Again')])).rejects.toThrow('Every row needs its own slug');
      await expect(sync([{ ...builtIn('a', 'Alpha'), slug: null as unknown as string }])).rejects.toThrow('Every row needs its own slug');
      await dataSource.query(`INSERT INTO sync_probe (slug, title, owner, built_in) VALUES (NULL, 'Mine', 'ada', false)`);
      await sync([builtIn('a', 'Alpha')]);
      await sync([]);
      expect(await rows()).toEqual([{ slug: null, title: 'Mine', builtIn: false, uses: 0 }]);
    });
  });
});
