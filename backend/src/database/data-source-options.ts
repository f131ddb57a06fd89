import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { EMBEDDED_POOL_SIZE } from './embedded-postgres';
import { migrations } from './migrations';

/** One set of options for PostgreSQL and the embedded PGlite: same driver, same migrations. */
export function dataSourceOptions(connection: { url: string; embedded: boolean }): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url: connection.url,
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    // A connection idle for 10 s (pg-pool's default) was closed, and the next burst of requests
    // opened it again: a new PostgreSQL backend per connection, milliseconds each, in the burst's
    // slowest answers (seen in the voice webhooks' profile). Ten connections are kept for 5 minutes.
    extra: { max: connection.embedded ? EMBEDDED_POOL_SIZE : 10, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 300_000 },
  };
}
