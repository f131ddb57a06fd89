import { corruptPdf, docxOf, pdfOf, truncatedPdf, zipBombDocx } from '../../../test/support/document-fixtures';
import { ExtractionError, extractHtml, extractText, unsupportedReason } from './extract';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('extractText', () => {
  it('reads a PDF page by page, with page numbers', async () => {
    const pdf = await pdfOf(['The budget for the garden is 400 euros.', 'Page two is about the holidays.']);
    const sections = await extractText(pdf, 'application/pdf', 'plan.pdf');
    expect(sections).toHaveLength(2);
    expect(sections[0]).toMatchObject({ page: 1 });
    expect(sections[0]!.text).toContain('The budget for the garden is 400 euros.');
    expect(sections[1]).toMatchObject({ page: 2 });
    expect(sections[1]!.text).toContain('Page two is about the holidays.');
  });

  it('reads the paragraphs of a DOCX', async () => {
    const docx = await docxOf(['First paragraph about budgets.', 'Second paragraph & more.']);
    const [section] = await extractText(docx, DOCX, 'notes.docx');
    expect(section).toEqual({ page: null, text: expect.stringMatching(/^First paragraph about budgets\.\n\nSecond paragraph & more\.\n*$/) });
  });

  it('takes Markdown and plain text as they are, without a byte-order mark', async () => {
    expect(await extractText(Buffer.from('\uFEFF# Title\n\nBody *text*.'), 'text/markdown', 'a.md')).toEqual([{ page: null, text: '# Title\n\nBody *text*.' }]);
    expect(await extractText(Buffer.from('plain'), 'text/plain', 'a.txt')).toEqual([{ page: null, text: 'plain' }]);
  });

  it('refuses what it cannot read, saying why', async () => {
    const corrupt = await extractText(corruptPdf(), 'application/pdf', 'broken.pdf').catch((error: unknown) => error);
    expect(corrupt).toBeInstanceOf(ExtractionError);
    expect((corrupt as Error).message).toBe('Could not read the text of "broken.pdf": Invalid PDF structure.');

    await expect(extractText(Buffer.from('x'), 'video/mp4', 'clip.mp4')).rejects.toThrow('"clip.mp4" cannot be indexed: only documents (PDF, DOCX, HTML, Markdown, plain text, CSV and JSON) can be indexed, not video/mp4');
    await expect(extractText(Buffer.from(' \n '), 'text/plain', 'empty.txt')).rejects.toThrow('"empty.txt" contains no text');
    const blank = await pdfOf(['']);
    await expect(extractText(blank, 'application/pdf', 'scan.pdf')).rejects.toThrow('"scan.pdf" has no text layer (a scanned PDF needs OCR, which Webox does not do)');
  });
});

describe('extractText: hostile archives and PDFs', () => {
  it('refuses a DOCX zip bomb by its directory, before inflating anything', async () => {
    const bomb = await zipBombDocx(1100 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    await expect(extractText(bomb, DOCX, 'bomb.docx')).rejects.toThrow('Could not read the text of "bomb.docx": it would expand to 1100 MB, more than the 50 MB a document may hold');
  }, 60_000);

  it('stops a zip bomb whose directory lies about its sizes at the cap, in the worker', async () => {
    const liar = await zipBombDocx(200 * 1024 * 1024, { lie: true });
    await expect(extractText(liar, DOCX, 'liar.docx')).rejects.toThrow('Could not read the text of "liar.docx": it expands to more than the 50 MB a document may hold (a zip bomb)');
  }, 60_000);

  it('fails a truncated PDF with a reason, off the main thread, and stays usable', async () => {
    const failure = await extractText(await truncatedPdf(), 'application/pdf', 'cut.pdf').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ExtractionError);
    expect((failure as Error).message).toMatch(/^Could not read the text of "cut.pdf": /);
    expect(await extractText(await pdfOf(['Still fine.']), 'application/pdf', 'fine.pdf')).toEqual([{ page: 1, text: expect.stringContaining('Still fine.') }]);
  });
});

describe('extractHtml', () => {
  it('keeps headings and paragraphs on their own lines and drops scripts, styles and link targets', () => {
    const text = extractHtml(`<!doctype html><html><head><title>T</title><style>p { color: red }</style></head>
      <body><script>alert("x")</script><h1>Budget notes</h1><p>The <b>budget</b> is set.</p><p>See <a href="https://example.com/x">the plan</a>.</p>
      <noscript>enable js</noscript><ul><li>one</li><li>two</li></ul></body></html>`);
    expect(text).toContain('Budget notes\n\nThe budget is set.\n\nSee the plan.');
    expect(text).toMatch(/one\n.*two/);
    for (const absent of ['alert', 'color: red', 'example.com', 'enable js', 'BUDGET NOTES']) expect(text).not.toContain(absent);
  });
});

describe('unsupportedReason', () => {
  it('accepts the document types and names the others', () => {
    for (const type of ['application/pdf', DOCX, 'text/html', 'text/markdown', 'text/plain', 'text/csv', 'application/json']) expect(unsupportedReason(type)).toBeUndefined();
    expect(unsupportedReason('application/epub+zip')).toMatch(/EPUB books cannot be indexed yet/);
    expect(unsupportedReason('image/png')).toMatch(/not image\/png$/);
  });
});
