import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Connections the socket server accepts; TypeORM's pool stays below it. */
const MAX_CONNECTIONS = 8;
/**
 * One connection: PGlite is a single PostgreSQL session, and pglite-socket 0.2.17 can interleave
 * the extended-protocol messages of concurrent connections (another query's row, or "unnamed
 * prepared statement does not exist"). Measured in docs/performance.md; one connection loses nothing.
 */
export const EMBEDDED_POOL_SIZE = 1;

/**
 * PGlite's defaults are a server's (128 MB of shared buffers, 4 MB of WAL buffers), held in the
 * process's WebAssembly memory, which only grows. The embedded database is one user's or a small
 * team's: the operating system's page cache still holds the data files, so a smaller buffer pool
 * costs little and the process's resident size drops by about 100 MB (docs/performance.md).
 */
const EMBEDDED_SETTINGS = ['shared_buffers=16MB', 'wal_buffers=1MB'];

export interface EmbeddedPostgres {
  /** A postgres:// URL that TypeORM's ordinary pg driver connects to. */
  readonly url: string;
  /** The whole database as a gzipped tarball, to start other instances from (tests). */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) behind a loopback socket server, so the
 * application talks to it with the same driver, SQL and migrations as to a PostgreSQL server.
 * `dataDir` undefined keeps the database in memory (tests).
 */
export async function startEmbeddedPostgres(dataDir: string | undefined, options: { fromDump?: Blob } = {}): Promise<EmbeddedPostgres> {
  let location = 'memory://';
  if (dataDir) {
    location = join(dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  // pgvector is bundled so knowledge search uses `<=>`, pg_trgm so the catalog's search forgives typos; a dump made with them loads only with them.
  const db = await PGlite.create(location, { extensions: { vector, pg_trgm }, postgresqlconf: EMBEDDED_SETTINGS, ...(options.fromDump ? { loadDataDir: options.fromDump } : {}) });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: MAX_CONNECTIONS });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    dump: async () => (await db.dumpDataDir('gzip')) as Blob,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
