import type { SelectQueryBuilder } from 'typeorm';
import { EXACT_COUNT_LIMIT, RANKED_MATCHES, totalOf, walkBeats } from './estimated-count';

describe('totalOf', () => {
  let counts = 0;
  const builder = { getCount: async () => (counts++, 1_234) } as unknown as SelectQueryBuilder<object>;
  beforeEach(() => (counts = 0));

  it('is exact on a page shorter than asked, whatever the estimate said', async () => {
    expect(await totalOf(builder, 9_000, 40, 20, 7, false)).toBe(47);
    expect(await totalOf(builder, 9_000, 0, 20, 0, false)).toBe(0);
    expect(counts).toBe(0);
  });

  it('never says fewer than the rows up to the end of a full page', async () => {
    expect(await totalOf(builder, 1_500, 1_600, 20, 20, false)).toBe(1_620);
    expect(await totalOf(builder, 9_000, 20, 20, 20, false)).toBe(9_000);
    expect(await totalOf(builder, 40, 20, 20, 20)).toBe(40);
  });

  it('counts a page past the end exactly when the count was an estimate', async () => {
    expect(await totalOf(builder, 9_000, 20_000, 20, 0, false)).toBe(1_234);
    expect(counts).toBe(1);
    expect(await totalOf(builder, 12, 100, 20, 0)).toBe(12);
    expect(counts).toBe(1);
    expect(EXACT_COUNT_LIMIT).toBe(1_000);
  });
});

describe('walkBeats', () => {
  it('walks the list order when a page is found in at most twice as many rows as there are matches', () => {
    // 100,000 rows, 20 a page: the walk reads 2,000,000 / matches rows.
    expect(walkBeats(1_000, 100_000, 20)).toBe(true);
    expect(walkBeats(999, 100_000, 20)).toBe(false);
    expect(walkBeats(10_000, 100_000, 24)).toBe(true);
  });

  it('ranks every match while there are few, however small the list', () => {
    expect(walkBeats(RANKED_MATCHES, RANKED_MATCHES, 1)).toBe(false);
    expect(walkBeats(RANKED_MATCHES + 1, RANKED_MATCHES + 1, 100)).toBe(true);
  });
});
