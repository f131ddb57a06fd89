import JSZip from 'jszip';
import { Book, bookEpub, bookPdf, toBlocks } from './book';
import { parseOutline } from './ebook.pipeline';
import { offlineChapter, offlineOutline, offlineScript } from './offline-writer';
import { parseScript } from './short.pipeline';

describe('book assembly', () => {
  const book: Book = {
    title: 'Bees & <Honey>',
    subject: 'Keeping bees',
    language: 'fr',
    byline: 'Test',
    chapters: [
      { title: 'Début', text: 'Un **premier** paragraphe.\n\n## Une section\n\n- un\n- deux' },
      { title: 'Suite', text: 'Deuxième chapitre.' },
    ],
  };

  it('reads chapter text as headings, lists and paragraphs, without Markdown marks', () => {
    expect(toBlocks(book.chapters[0]!.text)).toEqual([
      { type: 'paragraph', text: 'Un premier paragraphe.' },
      { type: 'heading', text: 'Une section' },
      { type: 'list', items: ['un', 'deux'] },
    ]);
  });

  it('makes a PDF', async () => {
    const pdf = await bookPdf(book);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('makes an EPUB 3 with escaped XML, the mimetype first and uncompressed', async () => {
    const epub = await bookEpub(book, new Date('2026-01-02T03:04:05.678Z'));
    expect(epub.subarray(30, 38).toString()).toBe('mimetype');
    expect(epub.readUInt16LE(8)).toBe(0); // compression method of the first entry: stored
    const zip = await JSZip.loadAsync(epub);
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    expect(opf).toContain('<dc:title>Bees &amp; &lt;Honey&gt;</dc:title>');
    expect(opf).toContain('<meta property="dcterms:modified">2026-01-02T03:04:05Z</meta>');
    expect(opf).not.toContain('cover-image');
    expect(await zip.file('OEBPS/nav.xhtml')!.async('string')).toContain('Table des matières');
    expect(await zip.file('OEBPS/chapter-1.xhtml')!.async('string')).toContain('<ul><li>un</li><li>deux</li></ul>');
  });
});

describe('reading model answers', () => {
  it('takes chapter titles from a JSON array, or from numbered lines, and always gives the asked number', () => {
    expect(parseOutline('Sure! ["One", "Two", "Three"]', 3)).toEqual(['One', 'Two', 'Three']);
    expect(parseOutline('1. Alpha\n2) Beta\nChapter 3: Gamma', 3)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(parseOutline('["Only one"]', 3)).toEqual(['Only one', 'Chapter 2', 'Chapter 3']);
    expect(parseOutline('[{"title": "Object form"}]', 1)).toEqual(['Object form']);
  });

  it('reads pathological answers in linear time: [ without ], and a title with a long run of quotes and spaces inside', () => {
    const start = performance.now();
    expect(parseOutline('['.repeat(50_000), 1)).toEqual(['Chapter 1']);
    expect(parseOutline(JSON.stringify([`a${' "'.repeat(100_000)}b`]), 1)[0]).toBe(`a${' "'.repeat(75)}`.slice(0, 150));
    expect(parseScript('['.repeat(50_000), 1, 'x')).toHaveLength(1);
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  it('takes scenes from a JSON array and fills what is missing', () => {
    expect(parseScript('[{"narration": "Hi.", "picture": "a wave"}]', 2, 'the sea')).toEqual([
      { narration: 'Hi.', picture: 'a wave' },
      { narration: 'the sea', picture: 'the sea' },
    ]);
    expect(parseScript('Line one\nLine two', 2, 'x')).toEqual([
      { narration: 'Line one', picture: 'x: Line one' },
      { narration: 'Line two', picture: 'x: Line two' },
    ]);
  });
});

describe('offline writer', () => {
  it('writes the asked number of distinct chapter titles, in French when asked', () => {
    const titles = offlineOutline('le jardinage', 15, 'fr');
    expect(titles).toHaveLength(15);
    expect(new Set(titles).size).toBe(15);
    expect(titles[0]).toBe('Pourquoi le jardinage compte');
  });

  it('writes the same chapter for the same input', () => {
    expect(offlineChapter('chess', 'Openings', 1, 'friendly', 'en')).toBe(offlineChapter('chess', 'Openings', 1, 'friendly', 'en'));
    expect(offlineChapter('chess', 'Openings', 1, 'friendly', 'en')).toContain('chess');
  });

  it('writes a script that ends on a closing line', () => {
    const scenes = offlineScript('tea', 4, 'en');
    expect(scenes).toHaveLength(4);
    expect(scenes.at(-1)!.narration).toBe('Now you know the essentials of tea.');
  });
});
