import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalog's default order (by name, then id) read from an index: without it, a page of a large
 * catalog was a sort of the whole table (145 ms at 100,000 tools, docs/performance.md).
 */
export class CatalogNameOrder1764486000000 implements MigrationInterface {
  name = 'CatalogNameOrder1764486000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX catalog_tools_name_order_idx ON catalog_tools (lower(name), id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX catalog_tools_name_order_idx`);
  }
}
