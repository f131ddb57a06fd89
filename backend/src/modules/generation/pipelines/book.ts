import JSZip from 'jszip';
import { randomUUID } from 'node:crypto';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { renderPdf } from '../../../rendering/pdf';

export interface Book {
  title: string;
  subject: string;
  language: string;
  /** Said on the title page: which model wrote it, or that it was written offline. */
  byline: string;
  chapters: Array<{ title: string; text: string }>;
  cover?: { data: Buffer; mimeType: 'image/png' | 'image/jpeg' | 'image/webp' };
}

/** A chapter's text as blocks: `#` headings, `-`/`*` list items, and paragraphs split on blank lines. */
export type Block = { type: 'heading' | 'paragraph'; text: string } | { type: 'list'; items: string[] };

export function toBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').map((line) => line.trim()).filter(Boolean);
    if (!lines.length) continue;
    if (lines.every((line) => /^[-*] /.test(line))) blocks.push({ type: 'list', items: lines.map((line) => plain(line.slice(2))) });
    else if (lines.length === 1 && /^#{1,6} /.test(lines[0]!)) blocks.push({ type: 'heading', text: plain(lines[0]!.replace(/^#+ /, '')) });
    else blocks.push({ type: 'paragraph', text: plain(lines.join(' ')) });
  }
  return blocks;
}

/** Markdown emphasis and links reduced to their words: a book shows text, not markup. */
function plain(text: string): string {
  return text.replace(/\*\*(.+?)\*\*|__(.+?)__|\*(.+?)\*|_(.+?)_|`(.+?)`/g, (_m, ...groups: Array<string | undefined>) => groups.find((g) => typeof g === 'string' && g.length) ?? '').replace(/\[(.+?)\]\((.+?)\)/g, '$1');
}

/** PDF: cover, title page, table of contents, one chapter per page run, page numbers. */
export function bookPdf(book: Book): Promise<Buffer> {
  const content: Content[] = [];
  if (book.cover && book.cover.mimeType !== 'image/webp') {
    content.push({ image: `data:${book.cover.mimeType};base64,${book.cover.data.toString('base64')}`, fit: [515, 760], alignment: 'center', pageBreak: 'after' });
  }
  content.push(
    { text: book.title, style: 'title', margin: [0, 200, 0, 16] },
    { text: book.subject, style: 'subtitle' },
    { text: book.byline, style: 'byline', pageBreak: 'after' },
    { toc: { title: { text: contentsTitle(book.language), style: 'chapter' } }, pageBreak: 'after' },
  );
  book.chapters.forEach((chapter, index) => {
    content.push({ text: chapter.title, style: 'chapter', tocItem: true, ...(index > 0 ? { pageBreak: 'before' as const } : {}) });
    for (const block of toBlocks(chapter.text)) {
      if (block.type === 'heading') content.push({ text: block.text, style: 'section' });
      else if (block.type === 'list') content.push({ ul: block.items, margin: [0, 0, 0, 8] });
      else content.push({ text: block.text, margin: [0, 0, 0, 8], alignment: 'justify' });
    }
  });
  const document: TDocumentDefinitions = {
    info: { title: book.title, subject: book.subject, creator: 'Webox' },
    pageSize: 'A5',
    pageMargins: [40, 50, 40, 50],
    content,
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.35 },
    styles: {
      title: { fontSize: 24, bold: true, alignment: 'center' },
      subtitle: { fontSize: 12, italics: true, alignment: 'center', margin: [0, 0, 0, 24] },
      byline: { fontSize: 9, color: '#555555', alignment: 'center' },
      chapter: { fontSize: 16, bold: true, margin: [0, 0, 0, 12] },
      section: { fontSize: 12, bold: true, margin: [0, 8, 0, 6] },
    },
    footer: (page: number, pages: number) => (page > 1 ? { text: `${page} / ${pages}`, alignment: 'center', fontSize: 8, margin: [0, 15, 0, 0] } : undefined),
  };
  return renderPdf(document);
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

function xhtml(language: string, title: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${escapeXml(language)}" lang="${escapeXml(language)}">
<head><meta charset="UTF-8"/><title>${escapeXml(title)}</title><link rel="stylesheet" type="text/css" href="style.css"/></head>
<body>${body}</body>
</html>`;
}

function chapterBody(chapter: { title: string; text: string }): string {
  const parts = toBlocks(chapter.text).map((block) =>
    block.type === 'heading' ? `<h2>${escapeXml(block.text)}</h2>` : block.type === 'list' ? `<ul>${block.items.map((item) => `<li>${escapeXml(item)}</li>`).join('')}</ul>` : `<p>${escapeXml(block.text)}</p>`,
  );
  return `<section epub:type="chapter"><h1>${escapeXml(chapter.title)}</h1>${parts.join('\n')}</section>`;
}

/**
 * EPUB 3: `mimetype` first and stored uncompressed, `META-INF/container.xml`, the OPF package
 * (metadata, manifest, spine), the navigation document, a cover, one XHTML file per chapter.
 */
export async function bookEpub(book: Book, modified = new Date()): Promise<Buffer> {
  const zip = new JSZip();
  const id = `urn:uuid:${randomUUID()}`;
  const language = book.language || 'en';
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
  zip.file(
    'META-INF/container.xml',
    `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`,
  );
  const coverExtension = book.cover ? { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' }[book.cover.mimeType] : undefined;
  const manifest: string[] = [`<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>`, `<item id="css" href="style.css" media-type="text/css"/>`, `<item id="title" href="title.xhtml" media-type="application/xhtml+xml"/>`];
  const spine: string[] = [];
  if (book.cover && coverExtension) {
    zip.file(`OEBPS/cover.${coverExtension}`, book.cover.data);
    zip.file('OEBPS/cover.xhtml', xhtml(language, book.title, `<section epub:type="cover"><img src="cover.${coverExtension}" alt="${escapeXml(book.title)}"/></section>`));
    manifest.push(`<item id="cover-image" href="cover.${coverExtension}" media-type="${book.cover.mimeType}" properties="cover-image"/>`, `<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>`);
    spine.push(`<itemref idref="cover"/>`);
  }
  spine.push(`<itemref idref="title"/>`);
  zip.file('OEBPS/style.css', 'body{font-family:serif;line-height:1.5;margin:1em}h1{font-size:1.6em}h2{font-size:1.2em}p{text-align:justify}img{max-width:100%}.byline{color:#555;font-size:.9em}');
  zip.file('OEBPS/title.xhtml', xhtml(language, book.title, `<section epub:type="titlepage"><h1>${escapeXml(book.title)}</h1><p><em>${escapeXml(book.subject)}</em></p><p class="byline">${escapeXml(book.byline)}</p></section>`));
  const navItems: string[] = [];
  book.chapters.forEach((chapter, index) => {
    const file = `chapter-${index + 1}.xhtml`;
    zip.file(`OEBPS/${file}`, xhtml(language, chapter.title, chapterBody(chapter)));
    manifest.push(`<item id="chapter-${index + 1}" href="${file}" media-type="application/xhtml+xml"/>`);
    spine.push(`<itemref idref="chapter-${index + 1}"/>`);
    navItems.push(`<li><a href="${file}">${escapeXml(chapter.title)}</a></li>`);
  });
  zip.file('OEBPS/nav.xhtml', xhtml(language, contentsTitle(language), `<nav epub:type="toc" id="toc"><h1>${escapeXml(contentsTitle(language))}</h1><ol>${navItems.join('')}</ol></nav>`));
  zip.file(
    'OEBPS/content.opf',
    `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${escapeXml(language)}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="book-id">${id}</dc:identifier>
<dc:title>${escapeXml(book.title)}</dc:title>
<dc:language>${escapeXml(language)}</dc:language>
<dc:description>${escapeXml(book.subject)}</dc:description>
<dc:creator>Webox</dc:creator>
<meta property="dcterms:modified">${modified.toISOString().replace(/\.\d{3}Z$/, 'Z')}</meta>
</metadata>
<manifest>${manifest.join('\n')}</manifest>
<spine>${spine.join('\n')}</spine>
</package>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', mimeType: 'application/epub+zip' });
}

function contentsTitle(language: string): string {
  return { fr: 'Table des matières', de: 'Inhaltsverzeichnis', es: 'Índice', it: 'Indice', pt: 'Índice' }[language.slice(0, 2)] ?? 'Contents';
}
