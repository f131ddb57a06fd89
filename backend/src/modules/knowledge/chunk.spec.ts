import { chunkSections, chunkText, DEFAULT_CHUNKING, normalizeText } from './chunk';

const sentence = (n: number) => `Sentence number ${n} talks about the quarterly budget and the plans that follow from it.`;
const paragraph = (from: number, count: number) => Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');

/** Where a chunk sits in the source text: it must start and end on word boundaries. */
function expectWholeWords(source: string, chunk: string, from = 0): number {
  const at = source.indexOf(chunk, from);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(at === 0 || /\s/.test(source[at - 1]!)).toBe(true);
  const end = at + chunk.length;
  expect(end === source.length || /\s/.test(source[end]!)).toBe(true);
  return at;
}

describe('chunkText', () => {
  it('keeps a short text whole, and drops empty text', () => {
    expect(chunkText('A short note.', DEFAULT_CHUNKING)).toEqual(['A short note.']);
    expect(chunkSections([{ page: null, text: ' \n\n \t ' }])).toEqual([]);
  });

  it('cuts long text into chunks of at most 1 000 characters, at sentence ends, overlapping by up to 200', () => {
    const text = paragraph(1, 60);
    const chunks = chunkText(text, DEFAULT_CHUNKING);

    expect(chunks.length).toBeGreaterThan(5);
    let from = 0;
    chunks.forEach((chunk, i) => {
      expect(chunk.length).toBeLessThanOrEqual(1000);
      expect(chunk.length).toBeGreaterThan(500);
      from = expectWholeWords(text, chunk, from);
      if (i < chunks.length - 1) expect(chunk).toMatch(/\.$/); // cut at a sentence end
      if (i > 0) {
        const previous = chunks[i - 1]!;
        // The next chunk starts inside the previous one's last 200 characters, at a sentence start.
        const overlapStart = previous.indexOf(chunk.slice(0, 40));
        expect(overlapStart).toBeGreaterThanOrEqual(previous.length - 200);
        expect(chunk).toMatch(/^Sentence number \d+/);
      }
    });
    // Nothing is lost: every sentence is in some chunk, whole.
    for (let n = 1; n <= 60; n++) expect(chunks.some((chunk) => chunk.includes(sentence(n)))).toBe(true);
  });

  it('prefers a paragraph break to a sentence end', () => {
    const text = [paragraph(1, 6), paragraph(7, 6), paragraph(13, 6)].join('\n\n');
    const chunks = chunkText(text, DEFAULT_CHUNKING);
    // The first paragraph (about 520 characters) fits with part of the second: the cut falls between them.
    expect(chunks[0]).toBe(paragraph(1, 6));
    expect(chunks[1]).toMatch(/^Sentence number \d+ .*Sentence number 12 /s);
  });

  it('cuts between words when a paragraph has no sentence end, and never inside a word', () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkText(words, DEFAULT_CHUNKING);
    let from = 0;
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(1000);
      from = expectWholeWords(words, chunk, from);
    }
    const last = chunks.at(-1)!;
    expect(last.endsWith('word399')).toBe(true);
  });

  it('splits a word only when it alone is longer than a chunk', () => {
    const chunks = chunkText('x'.repeat(2500), DEFAULT_CHUNKING);
    expect(chunks.map((chunk) => chunk.length)).toEqual([1000, 1000, 500]);
  });

  it('honours other sizes', () => {
    const chunks = chunkText(paragraph(1, 10), { size: 300, overlap: 50 });
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(300);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
  });
});

describe('chunkSections', () => {
  it('keeps each chunk on its page and numbers chunks across pages', () => {
    const chunks = chunkSections([
      { page: 1, text: paragraph(1, 15) },
      { page: 2, text: 'The second page is short.' },
    ]);
    expect(chunks.map((chunk) => chunk.ordinal)).toEqual(chunks.map((_, i) => i));
    expect(chunks.at(-1)).toEqual({ ordinal: chunks.length - 1, page: 2, text: 'The second page is short.' });
    expect(chunks.slice(0, -1).every((chunk) => chunk.page === 1)).toBe(true);
  });
});

describe('normalizeText', () => {
  it('unifies line breaks and spaces and keeps at most one blank line', () => {
    expect(normalizeText('  Title\r\n\r\n\r\n\r\nFirst\t\tline \u0000\nsecond\u00a0line  ')).toBe('Title\n\nFirst line\nsecond line');
  });
});
