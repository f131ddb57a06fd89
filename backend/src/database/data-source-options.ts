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
    extra: { max: connection.embedded ? EMBEDDED_POOL_SIZE : 10, connectionTimeoutMillis: 10_000 },
  };
}
