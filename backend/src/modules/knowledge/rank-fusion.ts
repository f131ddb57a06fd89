/** The constant of reciprocal-rank fusion (Cormack, Clarke and Büttcher, 2009): damps the weight of the very first ranks. */
export const RRF_K = 60;

export interface FusedItem {
  id: string;
  /** Σ 1 / (k + rank) over the lists the item is in. */
  score: number;
  /** 1-based rank in each list, in the order the lists were given; undefined where the item is absent. */
  ranks: Array<number | undefined>;
}

/**
 * Merges rankings that cannot be compared by score (full-text rank, cosine distance, one list per
 * embedding model) by their ranks alone. Ties keep the order of the best single rank, then the
 * order of the lists, so the result is deterministic.
 */
export function reciprocalRankFusion(lists: ReadonlyArray<readonly string[]>, k = RRF_K): FusedItem[] {
  const items = new Map<string, FusedItem>();
  lists.forEach((list, listIndex) => {
    list.forEach((id, position) => {
      let item = items.get(id);
      if (!item) items.set(id, (item = { id, score: 0, ranks: lists.map(() => undefined) }));
      if (item.ranks[listIndex] !== undefined) return; // a list names an item once
      item.ranks[listIndex] = position + 1;
      item.score += 1 / (k + position + 1);
    });
  });
  const best = (item: FusedItem) => Math.min(...item.ranks.map((rank) => rank ?? Infinity));
  const firstList = (item: FusedItem) => item.ranks.findIndex((rank) => rank !== undefined);
  return [...items.values()].sort((a, b) => b.score - a.score || best(a) - best(b) || firstList(a) - firstList(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
