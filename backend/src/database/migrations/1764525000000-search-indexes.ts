import { MigrationInterface, QueryRunner } from 'typeorm';

/** The full-text and trigram indexes that searches read (catalog and blog). */
const SEARCH_INDEXES = ['catalog_tools_name_trgm_idx', 'catalog_tools_document_idx', 'blog_articles_document_idx', 'blog_articles_tags_idx'];

/**
 * Searches of the catalog and the blog without a pending list to read (docs/performance.md):
 * - GIN's fast update queues new entries in a pending list that every search of the index reads
 *   from start to end until a vacuum merges it (up to 4 MB: about 500 pages, 8–12 ms per index
 *   after a bulk insert, three indexes per catalog search). These tables are read far more than
 *   written, so each insert updates the index itself instead, and the list left now is merged.
 * - The blog's list order (newest first, then last changed, then id) read from an index: the list
 *   without a search, and a search's candidates (its newest matches), stop after the rows they
 *   need instead of sorting every article.
 */
export class SearchIndexes1764525000000 implements MigrationInterface {
  name = 'SearchIndexes1764525000000';

  async up(q: QueryRunner): Promise<void> {
    for (const index of SEARCH_INDEXES) {
      await q.query(`ALTER INDEX ${index} SET (fastupdate = off)`);
      await q.query(`SELECT gin_clean_pending_list('${index}'::regclass)`);
    }
    await q.query(`CREATE INDEX blog_articles_date_order_idx ON blog_articles (published_at DESC NULLS FIRST, updated_at DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX blog_articles_date_order_idx`);
    for (const index of SEARCH_INDEXES) await q.query(`ALTER INDEX ${index} RESET (fastupdate)`);
  }
}
