import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalog's sorts by rating, by favourites and by price read from indexes (docs/performance.md,
 * "Catalog search", fourth round). Sorted by rating, a page computed `avg(rating)` over the reviews
 * of every tool of the filter before keeping 24 (10,009 subplans for one category of 100,000
 * tools). Now each tool carries its reviews' sum and count and its favourites' count, kept by
 * triggers on `catalog_reviews` and `catalog_favorites` (so a review removed with its user, by a
 * cascade, counts too), and the average is a generated column of them: exactly the
 * `avg(rating)` it replaces, so the order is the same. Increments rather than a recount, so two
 * reviews written at once both count (the second waits for the first's row lock, then adds to the
 * committed value). A page of any sort then stops after its rows, with or without a category.
 */
export class CatalogSortKeys1764530000000 implements MigrationInterface {
  name = 'CatalogSortKeys1764530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE catalog_tools ADD COLUMN rating_sum integer NOT NULL DEFAULT 0, ADD COLUMN rating_count integer NOT NULL DEFAULT 0, ADD COLUMN favorite_count integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE catalog_tools ADD COLUMN rating_average numeric GENERATED ALWAYS AS (rating_sum::numeric / NULLIF(rating_count, 0)) STORED`);
    await q.query(`
      UPDATE catalog_tools t SET rating_sum = r.total, rating_count = r.n
      FROM (SELECT tool_id, sum(rating)::integer AS total, count(*)::integer AS n FROM catalog_reviews GROUP BY tool_id) r
      WHERE r.tool_id = t.id`);
    await q.query(`
      UPDATE catalog_tools t SET favorite_count = f.n
      FROM (SELECT tool_id, count(*)::integer AS n FROM catalog_favorites GROUP BY tool_id) f
      WHERE f.tool_id = t.id`);
    await q.query(`
      CREATE FUNCTION catalog_reviews_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          UPDATE catalog_tools SET rating_sum = rating_sum - OLD.rating, rating_count = rating_count - 1 WHERE id = OLD.tool_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          UPDATE catalog_tools SET rating_sum = rating_sum + NEW.rating, rating_count = rating_count + 1 WHERE id = NEW.tool_id;
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`CREATE TRIGGER catalog_reviews_count AFTER INSERT OR UPDATE OF rating, tool_id OR DELETE ON catalog_reviews FOR EACH ROW EXECUTE FUNCTION catalog_reviews_count()`);
    await q.query(`
      CREATE FUNCTION catalog_favorites_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          UPDATE catalog_tools SET favorite_count = favorite_count - 1 WHERE id = OLD.tool_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          UPDATE catalog_tools SET favorite_count = favorite_count + 1 WHERE id = NEW.tool_id;
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`CREATE TRIGGER catalog_favorites_count AFTER INSERT OR UPDATE OF tool_id OR DELETE ON catalog_favorites FOR EACH ROW EXECUTE FUNCTION catalog_favorites_count()`);
    // Each sort's full order (its key, then the name order's tie-break), alone and within a category.
    await q.query(`CREATE INDEX catalog_tools_rating_order_idx ON catalog_tools (rating_average DESC NULLS LAST, lower(name), id)`);
    await q.query(`CREATE INDEX catalog_tools_category_rating_order_idx ON catalog_tools (category, rating_average DESC NULLS LAST, lower(name), id)`);
    await q.query(`CREATE INDEX catalog_tools_favorites_order_idx ON catalog_tools (favorite_count DESC, lower(name), id)`);
    await q.query(`CREATE INDEX catalog_tools_category_favorites_order_idx ON catalog_tools (category, favorite_count DESC, lower(name), id)`);
    await q.query(`CREATE INDEX catalog_tools_price_order_idx ON catalog_tools (entry_price_usd ASC NULLS LAST, lower(name), id)`);
    await q.query(`CREATE INDEX catalog_tools_category_price_order_idx ON catalog_tools (category, entry_price_usd ASC NULLS LAST, lower(name), id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['rating', 'category_rating', 'favorites', 'category_favorites', 'price', 'category_price']) await q.query(`DROP INDEX catalog_tools_${index}_order_idx`);
    await q.query(`DROP TRIGGER catalog_favorites_count ON catalog_favorites`);
    await q.query(`DROP FUNCTION catalog_favorites_count()`);
    await q.query(`DROP TRIGGER catalog_reviews_count ON catalog_reviews`);
    await q.query(`DROP FUNCTION catalog_reviews_count()`);
    await q.query(`ALTER TABLE catalog_tools DROP COLUMN rating_average, DROP COLUMN rating_sum, DROP COLUMN rating_count, DROP COLUMN favorite_count`);
  }
}
