import { EntityManager, EntityTarget, FindOptionsWhere, In, IsNull, Not, ObjectLiteral, Or } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

export interface RowSet<E extends ObjectLiteral> {
  /** A property whose column is unique (NULLs allowed): how a row of the set is recognised. */
  key: keyof E & string;
  /** Every row of the set, each with its key. Properties left out keep their values on update. */
  rows: Array<QueryDeepPartialEntity<E>>;
  /** Which rows of the table belong to the set (the built-in ones); no other row is touched. */
  scope: FindOptionsWhere<E>;
}

/**
 * Makes the rows of `entity` within `scope` exactly `rows`, matched on `key`: a new key is
 * inserted, a row whose values changed is updated (an unchanged one is not written, so its
 * `updated_at` stays), and a row of the scope whose key is not given, or null, is deleted. Rows
 * keep their ids, so whatever refers to a kept row (a user's favourite, say) stays. For seeds
 * (see `Seed`) that ship a set of rows: built-in prompts and agents, a catalog.
 */
export async function syncRows<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, set: RowSet<E>): Promise<void> {
  const keys = set.rows.map((row) => (row as Partial<E>)[set.key]);
  if (keys.some((key) => key === undefined || key === null) || new Set(keys).size !== keys.length) throw new Error(`Every row needs its own ${set.key}`);
  const column = manager.connection.getMetadata(entity).findColumnWithPropertyName(set.key)!.databaseName;
  if (set.rows.length) {
    await manager.upsert(entity, set.rows, { conflictPaths: [set.key], skipUpdateIfNoValuesChanged: true, indexPredicate: `"${column}" IS NOT NULL` });
  }
  const unlisted = set.rows.length ? Or(IsNull(), Not(In(keys))) : undefined;
  await manager.delete(entity, unlisted ? { ...set.scope, [set.key]: unlisted } : set.scope);
}
