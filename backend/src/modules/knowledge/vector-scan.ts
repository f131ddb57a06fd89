import type { DataSource } from 'typeorm';

/** What the scan keeps of one collection's passages embedded by one model. */
interface ScannedCollection {
  /** Changes whenever a file of the collection is indexed, re-indexed or removed. */
  version: string;
  ids: string[];
  dimensions: number;
  /** Every vector, one after the other, divided by its length (so a dot product is the cosine). */
  unit: Float32Array;
}

/** Memory the scan may hold before it forgets the collections searched longest ago. */
const MAX_BYTES = 512 * 1024 * 1024;

/**
 * Nearest passages by cosine distance for databases without pgvector. Computing the distance in
 * SQL over `real[]` took 3 s per search at 10,000 passages of 1,536 dimensions on PostgreSQL 15
 * (docs/performance.md); here each collection's vectors are read once into a Float32Array and
 * scanned in process (about 15 M multiply-adds per search at that size), and read again only
 * when the collection's files change. The files' `updated_at` is the version: every indexing
 * and removal touches it, from whichever process ran the job.
 */
export class VectorScan {
  private readonly collections = new Map<string, ScannedCollection>();
  private readonly loading = new Map<string, Promise<ScannedCollection>>();

  constructor(private readonly dataSource: DataSource) {}

  /** The `limit` nearest passages (ids and cosine distances, nearest first) of the owner's collections. */
  async nearest(ownerId: string, collectionIds: readonly string[], model: string, vector: readonly number[], limit: number): Promise<Array<{ id: string; distance: number }>> {
    const versions: Array<{ collection_id: string; version: string }> = await this.dataSource.query(
      `SELECT collection_id, count(*) || ':' || max(updated_at)::text AS version
         FROM knowledge_files WHERE owner_id = $1 AND collection_id = ANY($2::uuid[]) GROUP BY collection_id`,
      [ownerId, collectionIds],
    );
    const query = unitVector(vector);
    const best = new TopK(limit);
    for (const { collection_id: collectionId, version } of versions) {
      const scanned = await this.collection(ownerId, collectionId, model, version);
      if (scanned.dimensions !== query.length) continue;
      scanInto(best, scanned, query);
    }
    return best.sorted();
  }

  private collection(ownerId: string, collectionId: string, model: string, version: string): Promise<ScannedCollection> {
    const key = `${collectionId}|${model}`;
    const known = this.collections.get(key);
    if (known?.version === version) {
      // Most recently used last: the first entries are the ones forgotten first.
      this.collections.delete(key);
      this.collections.set(key, known);
      return Promise.resolve(known);
    }
    const loadKey = `${key}|${version}`;
    let pending = this.loading.get(loadKey);
    if (!pending) {
      pending = this.load(ownerId, collectionId, model, version).finally(() => this.loading.delete(loadKey));
      this.loading.set(loadKey, pending);
    }
    return pending.then((scanned) => {
      this.collections.delete(key);
      this.collections.set(key, scanned);
      this.forgetBeyondLimit();
      return scanned;
    });
  }

  private async load(ownerId: string, collectionId: string, model: string, version: string): Promise<ScannedCollection> {
    // As text, split here: node-postgres's generic array parser is several times slower on 15 M numbers.
    const rows: Array<{ id: string; embedding: string }> = await this.dataSource.query(
      `SELECT id, embedding::text AS embedding FROM knowledge_chunks WHERE owner_id = $1 AND collection_id = $2 AND embedding_model = $3 AND embedding IS NOT NULL`,
      [ownerId, collectionId, model],
    );
    const vectors = rows.map((row) => ({ id: row.id, vector: parseRealArray(row.embedding) }));
    const dimensions = vectors[0]?.vector.length ?? 0;
    const kept = vectors.filter((row) => row.vector.length === dimensions);
    const unit = new Float32Array(kept.length * dimensions);
    kept.forEach((row, index) => unit.set(unitVector(row.vector), index * dimensions));
    return { version, ids: kept.map((row) => row.id), dimensions, unit };
  }

  private forgetBeyondLimit(): void {
    let bytes = [...this.collections.values()].reduce((sum, scanned) => sum + scanned.unit.byteLength, 0);
    for (const [key, scanned] of this.collections) {
      if (bytes <= MAX_BYTES || this.collections.size === 1) break;
      this.collections.delete(key);
      bytes -= scanned.unit.byteLength;
    }
  }
}

/** PostgreSQL's text form of a one-dimensional `real[]`: `{0.1,-2e-05,...}`. */
export function parseRealArray(text: string): Float32Array {
  const inner = text.slice(1, -1);
  return inner ? Float32Array.from(inner.split(','), Number) : new Float32Array(0);
}

/** The vector divided by its length (all zeros stays zeros: it is near nothing). */
export function unitVector(vector: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  const length = Math.sqrt(sum);
  const unit = new Float32Array(vector.length);
  if (length > 0) for (let i = 0; i < vector.length; i++) unit[i] = vector[i]! / length;
  return unit;
}

function scanInto(best: TopK, scanned: ScannedCollection, query: Float32Array): void {
  const { unit, dimensions, ids } = scanned;
  for (let row = 0; row < ids.length; row++) {
    let dot = 0;
    const offset = row * dimensions;
    for (let i = 0; i < dimensions; i++) dot += unit[offset + i]! * query[i]!;
    best.offer(ids[row]!, 1 - dot);
  }
}

/** The `size` smallest distances seen, kept sorted (sizes are small: a search's limit). */
export class TopK {
  private readonly items: Array<{ id: string; distance: number }> = [];

  constructor(private readonly size: number) {}

  offer(id: string, distance: number): void {
    if (this.size <= 0) return;
    if (this.items.length === this.size && distance >= this.items[this.items.length - 1]!.distance) return;
    let at = this.items.length;
    while (at > 0 && this.items[at - 1]!.distance > distance) at--;
    this.items.splice(at, 0, { id, distance });
    if (this.items.length > this.size) this.items.pop();
  }

  sorted(): Array<{ id: string; distance: number }> {
    return [...this.items];
  }
}
