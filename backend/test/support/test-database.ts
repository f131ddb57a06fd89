import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * The migrated template every server-mode test file clones. Two runs on one PostgreSQL (two
 * checkouts, say) must use different names: each run drops and recreates its template.
 */
export const TEMPLATE_DATABASE = process.env['TEST_TEMPLATE_DATABASE'] ?? 'webox_test_template';
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(TEMPLATE_DATABASE)) throw new Error(`TEST_TEMPLATE_DATABASE must be a plain lower-case identifier, not "${TEMPLATE_DATABASE}"`);

export function serverUrls(): { database: string; redis: string } {
  const database = process.env['TEST_DATABASE_URL'];
  const redis = process.env['TEST_REDIS_URL'];
  if (!database || !redis) throw new Error('WEBOX_TEST_MODE=server needs TEST_DATABASE_URL and TEST_REDIS_URL');
  return { database, redis };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Where the embedded-mode template (a migrated PGlite, dumped) is kept for the test files of one run. */
export const EMBEDDED_TEMPLATE_ENV = 'WEBOX_TEST_PGLITE_TEMPLATE';

/** Migrates a PGlite once and dumps it; each test file then starts its own PGlite from the dump. */
export async function prepareEmbeddedTemplate(file: string): Promise<void> {
  const pglite = await startEmbeddedPostgres(undefined);
  const source = new DataSource({ ...dataSourceOptions({ url: pglite.url, embedded: true }), migrationsRun: false });
  await source.initialize();
  await source.runMigrations();
  await source.destroy();
  writeFileSync(file, Buffer.from(await (await pglite.dump()).arrayBuffer()));
  await pglite.stop();
}

/** A PGlite started from the migrated dump, or with `blank` an empty one. */
export async function startEmbeddedFromTemplate(options: { blank?: boolean } = {}): Promise<EmbeddedPostgres> {
  const file = options.blank ? undefined : process.env[EMBEDDED_TEMPLATE_ENV];
  return startEmbeddedPostgres(undefined, file ? { fromDump: new Blob([readFileSync(file)]) } : {});
}

/** Migrates a template database once per run; each test file then clones it (fast, isolated). */
export async function prepareTemplate(url: string): Promise<void> {
  await admin(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  const source = new DataSource({ ...dataSourceOptions({ url: withDatabase(url, TEMPLATE_DATABASE), embedded: false }), migrationsRun: false });
  await source.initialize();
  await source.runMigrations();
  await source.destroy();
}

/** A clone of the migrated template, or with `blank` an empty database (to build an older schema on). */
export async function createTestDatabase(url: string, options: { blank?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `webox_test_${randomBytes(6).toString('hex')}`;
  await admin(url, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${options.blank ? 'template0' : TEMPLATE_DATABASE}`));
  return {
    url: withDatabase(url, name),
    drop: () => admin(url, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
