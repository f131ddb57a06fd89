import { VENDOR_TOOL_NAME, vendorToolName } from './mcp-tool-name';

describe('vendorToolName', () => {
  it('joins a slug of the server name and the tool name', () => {
    expect(vendorToolName('My Files', 'read_file', new Set())).toBe('my_files__read_file');
  });

  it('replaces what vendors refuse (dots, spaces, slashes, accents, emoji)', () => {
    const name = vendorToolName('Équipe / Wiki 🚀', 'pages.search v2', new Set());
    expect(name).toBe('equipe_wiki__pages_search_v2');
    expect(name).toMatch(VENDOR_TOOL_NAME);
  });

  it('cuts long names to 64 characters and keeps them valid', () => {
    const name = vendorToolName('a'.repeat(100), `${'b'.repeat(100)}`, new Set());
    expect(name).toHaveLength(64);
    expect(name).toMatch(VENDOR_TOOL_NAME);
    expect(name.startsWith(`${'a'.repeat(24)}__b`)).toBe(true);
  });

  it('falls back when nothing usable is left of a name', () => {
    expect(vendorToolName('***', '...', new Set())).toBe('mcp__tool');
  });

  it('makes names unique, also when the cut makes two equal', () => {
    const taken = new Set<string>(['calculator']);
    const first = vendorToolName('Search', 'web', taken);
    const second = vendorToolName('search!', 'web', taken);
    const third = vendorToolName('SEARCH', 'web', taken);
    expect([first, second, third]).toEqual(['search__web', 'search__web_2', 'search__web_3']);
    const longA = vendorToolName('s', `${'x'.repeat(70)}a`, taken);
    const longB = vendorToolName('s', `${'x'.repeat(70)}b`, taken);
    expect(longA).not.toBe(longB);
    for (const name of [longA, longB]) {
      expect(name).toMatch(VENDOR_TOOL_NAME);
      expect(taken.has(name)).toBe(true);
    }
  });

  it('slugs a long run of _ and - inside a name in linear time (the trailing-run pattern retried it from each character)', () => {
    const start = performance.now();
    expect(vendorToolName('s', `x${'_-'.repeat(100_000)}y`, new Set())).toMatch(VENDOR_TOOL_NAME);
    expect(performance.now() - start).toBeLessThan(500);
  });
});
