import { containsPattern, prefixPattern } from './sql-like';

describe('ILIKE patterns', () => {
  it('take %, _ and \\ literally', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
    expect(prefixPattern('mid_')).toBe('mid\\_%');
  });
});
