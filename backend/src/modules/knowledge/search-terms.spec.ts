import { anyWordQuery, usesSearchSyntax } from './search-terms';

describe('anyWordQuery', () => {
  it('keeps the words of a question that name its subject, as prefixes without the plural', () => {
    expect(anyWordQuery('What do my notes say about budgets?')).toBe('budget:*');
    expect(anyWordQuery('Que disent mes fichiers sur les dépenses et le budget 2026 ?')).toBe('dépense:* | budget:* | 2026:*');
  });

  it('keeps short words whole and drops one-letter ones and repeats', () => {
    expect(anyWordQuery('tax x TAX vat')).toBe('tax | vat');
  });

  it('gives nothing when only stop words are left', () => {
    expect(anyWordQuery('what is it about?')).toBeUndefined();
    expect(anyWordQuery('  ?! ')).toBeUndefined();
  });

  it('never lets an operator through, and stops at twelve words', () => {
    expect(anyWordQuery("budget' | !(x:*) & <-> 'plan")).toBe('budget:* | plan:*');
    const many = anyWordQuery(Array.from({ length: 30 }, (_, i) => `word${i}`).join(' '))!;
    expect(many.split(' | ')).toHaveLength(12);
  });
});

describe('usesSearchSyntax', () => {
  it('tells a precise web-search query from a question in plain words', () => {
    for (const query of ['"household budget"', 'budget -household', '-rent', 'budget OR savings', 'budget or savings']) expect(usesSearchSyntax(query)).toBe(true);
    for (const query of ['What do my notes say about budgets?', 'budget 2025-2026', 'post-war budget', 'order forms']) expect(usesSearchSyntax(query)).toBe(false);
  });
});
