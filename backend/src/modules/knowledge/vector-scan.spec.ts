import type { DataSource } from 'typeorm';
import { parseRealArray, TopK, unitVector, VectorScan } from './vector-scan';

/** A database holding one collection's passages; counts the times the vectors are read. */
function database(vectors: Array<{ id: string; embedding: number[] }>) {
  const state = { version: '1', vectorReads: 0, chunks: vectors };
  const dataSource = {
    query: async (sql: string) => {
      if (sql.includes('FROM knowledge_files')) return [{ collection_id: 'c1', version: state.version }];
      state.vectorReads++;
      return state.chunks.map(({ id, embedding }) => ({ id, embedding: `{${embedding.join(',')}}` }));
    },
  } as unknown as DataSource;
  return { state, scan: new VectorScan(dataSource) };
}

describe('VectorScan', () => {
  it('ranks passages by cosine distance, nearest first, whatever their length', async () => {
    const { scan } = database([
      { id: 'far', embedding: [0, 1, 0] },
      { id: 'near', embedding: [10, 1, 0] },
      { id: 'same', embedding: [2, 0, 0] },
    ]);

    const nearest = await scan.nearest('u1', ['c1'], 'm', [1, 0, 0], 2);

    expect(nearest.map((hit) => hit.id)).toEqual(['same', 'near']);
    expect(nearest[0]!.distance).toBeCloseTo(0, 6);
    expect(nearest[1]!.distance).toBeCloseTo(1 - 10 / Math.sqrt(101), 6);
  });

  it('reads the vectors once, and again only when the collection changed', async () => {
    const { scan, state } = database([{ id: 'a', embedding: [1, 0] }]);

    await scan.nearest('u1', ['c1'], 'm', [1, 0], 5);
    await scan.nearest('u1', ['c1'], 'm', [0, 1], 5);
    expect(state.vectorReads).toBe(1);

    state.version = '2';
    state.chunks = [{ id: 'b', embedding: [0, 1] }];
    expect((await scan.nearest('u1', ['c1'], 'm', [0, 1], 5)).map((hit) => hit.id)).toEqual(['b']);
    expect(state.vectorReads).toBe(2);
  });

  it('ignores vectors of another length than the query', async () => {
    const { scan } = database([{ id: 'a', embedding: [1, 0, 0] }]);
    expect(await scan.nearest('u1', ['c1'], 'm', [1, 0], 5)).toEqual([]);
  });
});

describe('TopK', () => {
  it('keeps the smallest distances in order, the first of equals first', () => {
    const top = new TopK(3);
    for (const [id, distance] of [['a', 0.5], ['b', 0.1], ['c', 0.9], ['d', 0.1], ['e', 0.3]] as const) top.offer(id, distance);
    expect(top.sorted()).toEqual([
      { id: 'b', distance: 0.1 },
      { id: 'd', distance: 0.1 },
      { id: 'e', distance: 0.3 },
    ]);
    const none = new TopK(0);
    none.offer('a', 0);
    expect(none.sorted()).toEqual([]);
  });
});

describe('parseRealArray', () => {
  it("reads PostgreSQL's text form of real[]", () => {
    expect([...parseRealArray('{0.5,-2e-05,3}')]).toEqual([0.5, expect.closeTo(-2e-5, 9), 3]);
    expect([...parseRealArray('{}')]).toEqual([]);
  });
});

describe('unitVector', () => {
  it('divides by the length, and leaves a zero vector as zeros', () => {
    expect([...unitVector([3, 4])]).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect([...unitVector([0, 0])]).toEqual([0, 0]);
  });
});
