import { convert as htmlToText } from 'html-to-text';
import type { TextSection } from './chunk';
import { EXTRACTION_LIMITS, extractInWorker } from './extract-worker';
import { DOCX_LIMITS, inspectZip } from './zip-bounds';

/** Extraction failed for a reason a retry will not change (a corrupt file, no text): said in words for the user. */
export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
}

type Extractor = (data: Buffer) => Promise<TextSection[]>;


const plain: Extractor = async (data) => [{ page: null, text: data.toString('utf8').replace(/^\uFEFF/, '') }];

/** The formats whose text Webox reads, by the MIME type the media library detected. */
const EXTRACTORS: Record<string, Extractor> = {
  'application/pdf': extractPdf,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': extractDocx,
  'text/html': async (data) => [{ page: null, text: extractHtml(data.toString('utf8')) }],
  'text/markdown': plain,
  'text/plain': plain,
  'text/csv': plain,
  'application/json': plain,
};

export const EXTRACTABLE_DESCRIPTION = 'PDF, DOCX, HTML, Markdown, plain text, CSV and JSON';

/** Why a file of this type cannot be indexed, or undefined when it can. */
export function unsupportedReason(mimeType: string): string | undefined {
  if (EXTRACTORS[mimeType]) return undefined;
  if (mimeType === 'application/epub+zip') return `EPUB books cannot be indexed yet; only ${EXTRACTABLE_DESCRIPTION} can`;
  return `only documents (${EXTRACTABLE_DESCRIPTION}) can be indexed, not ${mimeType}`;
}

/**
 * The text of a document, in sections that keep their page number where the format has pages
 * (PDF). Throws an ExtractionError naming the problem when the file cannot be read or holds no text.
 */
export async function extractText(data: Buffer, mimeType: string, fileName: string): Promise<TextSection[]> {
  const extractor = EXTRACTORS[mimeType];
  if (!extractor) throw new ExtractionError(`"${fileName}" cannot be indexed: ${unsupportedReason(mimeType)}`);
  let sections: TextSection[];
  try {
    sections = await extractor(data);
  } catch (error) {
    throw new ExtractionError(`Could not read the text of "${fileName}": ${(error as Error).message || String(error)}`);
  }
  const withText = sections.filter((section) => section.text.trim());
  if (!withText.length) {
    throw new ExtractionError(mimeType === 'application/pdf' ? `"${fileName}" has no text layer (a scanned PDF needs OCR, which Webox does not do)` : `"${fileName}" contains no text`);
  }
  return withText;
}

/** One section per page, read by pdf.js in a worker thread (bounded in time and heap). */
function extractPdf(data: Buffer): Promise<TextSection[]> {
  return extractInWorker('pdf', data);
}

/**
 * A DOCX is a ZIP archive: its directory is checked before anything is inflated (a zip bomb is
 * refused by what it declares), then mammoth reads it in a worker thread that first inflates every
 * part under the same cap (in case the directory lies).
 */
function extractDocx(data: Buffer): Promise<TextSection[]> {
  const members = inspectZip(data, DOCX_LIMITS);
  return extractInWorker('docx', data, members, { ...EXTRACTION_LIMITS, maxExpandedBytes: DOCX_LIMITS.maxExpandedBytes });
}

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const SKIPPED = ['script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'img', 'head'];

/** The readable text of a page: headings and paragraphs on their own lines, no markup, scripts, styles or link targets. */
export function extractHtml(html: string): string {
  return htmlToText(html, {
    wordwrap: false,
    selectors: [
      ...SKIPPED.map((selector) => ({ selector, format: 'skip' })),
      ...HEADINGS.map((selector) => ({ selector, options: { uppercase: false } })),
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'table', format: 'dataTable' },
    ],
  });
}
