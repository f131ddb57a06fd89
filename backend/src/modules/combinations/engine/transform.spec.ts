import { applyTransform, readPath } from './transform';

describe('transform steps', () => {
  it('extracts a field by path from JSON, also from a fenced block or a sentence around it', () => {
    const json = '{"data":{"items":[{"title":"one"},{"title":"two","tags":["a"]}]}}';
    expect(applyTransform({ operation: 'extract', path: 'data.items[1].title' }, json)).toBe('two');
    expect(applyTransform({ operation: 'extract', path: 'data.items[1]' }, json)).toBe(JSON.stringify({ title: 'two', tags: ['a'] }, null, 2));
    expect(applyTransform({ operation: 'extract', path: 'category' }, '```json\n{"category":"billing"}\n```')).toBe('billing');
    expect(applyTransform({ operation: 'extract', path: 'category' }, 'Here you go: {"category":"bug"} Hope it helps')).toBe('bug');
  });

  it('fails clearly on a missing path or text that is not JSON', () => {
    expect(() => applyTransform({ operation: 'extract', path: 'nope' }, '{}')).toThrow('The JSON has no value at "nope"');
    expect(() => applyTransform({ operation: 'extract', path: 'a' }, 'plain words')).toThrow('The input is not JSON');
  });

  it('reads own fields only, never the prototype', () => {
    expect(readPath({}, 'constructor')).toBeUndefined();
    expect(readPath({ a: [1] }, 'a.length')).toBeUndefined();
  });

  it('splits into a JSON list without blanks, and joins a list or lines', () => {
    expect(JSON.parse(applyTransform({ operation: 'split' }, 'a\n\n b \nc'))).toEqual(['a', 'b', 'c']);
    expect(JSON.parse(applyTransform({ operation: 'split', separator: ',' }, 'x, y,,z'))).toEqual(['x', 'y', 'z']);
    expect(applyTransform({ operation: 'join', separator: ' | ' }, '["a", "b", 3]')).toBe('a | b | 3');
    expect(applyTransform({ operation: 'join', separator: '; ' }, 'one\ntwo')).toBe('one; two');
  });

  it('passes a rendered template through', () => {
    expect(applyTransform({ operation: 'template' }, 'Dear Ada')).toBe('Dear Ada');
  });
});
