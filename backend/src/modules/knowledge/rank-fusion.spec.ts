import { reciprocalRankFusion, RRF_K } from './rank-fusion';

describe('reciprocalRankFusion', () => {
  it('adds 1 / (60 + rank) over the lists, so an item high in both beats one first in a single list', () => {
    const fused = reciprocalRankFusion([
      ['a', 'b', 'c'],
      ['b', 'd', 'a'],
    ]);
    expect(fused.map((item) => item.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0]).toEqual({ id: 'b', score: 1 / (RRF_K + 2) + 1 / (RRF_K + 1), ranks: [2, 1] });
    expect(fused[1]).toEqual({ id: 'a', score: 1 / (RRF_K + 1) + 1 / (RRF_K + 3), ranks: [1, 3] });
    expect(fused[2]).toEqual({ id: 'd', score: 1 / (RRF_K + 2), ranks: [undefined, 2] });
  });

  it('breaks ties by the best single rank, then by the order of the lists', () => {
    const fused = reciprocalRankFusion([
      ['x', 'y'],
      ['z', 'w'],
    ]);
    // x and z are both first in one list: the first list wins the tie.
    expect(fused.map((item) => item.id)).toEqual(['x', 'z', 'y', 'w']);
  });

  it('keeps one list as it is, counts an item once per list, and handles none', () => {
    expect(reciprocalRankFusion([['a', 'b', 'a']]).map((item) => [item.id, item.ranks])).toEqual([
      ['a', [1]],
      ['b', [2]],
    ]);
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
  });

  it('takes another k', () => {
    expect(reciprocalRankFusion([['a']], 1)[0]?.score).toBe(0.5);
  });
});
