/** Text as extracted: a page of a PDF, or a whole document of a format without pages. */
export interface TextSection {
  /** 1-based; null for formats without pages. */
  page: number | null;
  text: string;
}

/** A passage to index and cite. */
export interface TextChunk {
  /** 0-based position in the document. */
  ordinal: number;
  page: number | null;
  text: string;
}

export interface ChunkOptions {
  /** Most characters in a chunk. */
  size: number;
  /** Characters the start of a chunk repeats from the end of the previous one, so a fact cut in two is whole in one of them. */
  overlap: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { size: 1000, overlap: 200 };

/**
 * Cuts a document into passages of at most `size` characters, each repeating up to `overlap`
 * characters of the one before. A cut falls at a paragraph break if there is one in the second
 * half of the window, else at a sentence end, else between words; a word is split only when it
 * alone is longer than a chunk. A chunk never spans two pages, so its page is exact.
 */
export function chunkSections(sections: readonly TextSection[], options: ChunkOptions = DEFAULT_CHUNKING): TextChunk[] {
  const chunks: TextChunk[] = [];
  for (const section of sections) {
    for (const text of chunkText(normalizeText(section.text), options)) chunks.push({ ordinal: chunks.length, page: section.page, text });
  }
  return chunks;
}

/** One kind of line break, no control characters, single spaces, at most one blank line in a row. */
export function normalizeText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/[^\S\n]+/g, ' ')
      .replace(/ ?\n ?/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

const isSpace = (char: string | undefined) => char !== undefined && /\s/.test(char);
/** A sentence ends with . ! ? … (or their CJK forms), maybe closed by quotes or brackets, before a space. */
const SENTENCE_END = /[.!?…。！？]["'”’»)\]]*(?=\s)/g;

export function chunkText(text: string, { size, overlap }: ChunkOptions): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    if (text.length - start <= size) {
      chunks.push(text.slice(start).trim());
      break;
    }
    const cut = cutPoint(text, start, start + size);
    chunks.push(text.slice(start, cut).trim());
    start = nextStart(text, start, cut, overlap);
  }
  return chunks.filter(Boolean);
}

/** Where the chunk starting at `start` ends (exclusive), at most `end`. */
function cutPoint(text: string, start: number, end: number): number {
  const earliest = start + Math.floor((end - start) / 2);
  // Looking one character past the end tells whether the end itself falls between words.
  const window = text.slice(start, end + 1);
  const paragraph = window.lastIndexOf('\n\n', end - start);
  if (paragraph >= 0 && start + paragraph >= earliest) return start + paragraph;
  let sentence = -1;
  for (const match of window.matchAll(SENTENCE_END)) {
    const after = match.index + match[0].length;
    if (after <= end - start) sentence = after;
  }
  if (sentence >= 0 && start + sentence >= earliest) return start + sentence;
  for (let position = end; position > start; position--) if (isSpace(text[position])) return position;
  return end;
}

/**
 * Where the next chunk starts: up to `overlap` characters before the cut (never more than half
 * the chunk, so every chunk moves on), moved forward to the start of a sentence if one is close,
 * else to the start of a word.
 */
function nextStart(text: string, start: number, cut: number, overlap: number): number {
  const back = Math.min(overlap, Math.floor((cut - start) / 2));
  const from = cut - back;
  const region = text.slice(from, cut);
  for (const match of region.matchAll(SENTENCE_END)) {
    const sentenceStart = skipSpaces(text, from + match.index + match[0].length);
    if (sentenceStart < cut && sentenceStart - from <= back / 2) return sentenceStart;
  }
  for (let position = from; position < cut; position++) {
    if (!isSpace(text[position]) && (position === 0 || isSpace(text[position - 1]))) return position;
  }
  return skipSpaces(text, cut);
}

function skipSpaces(text: string, position: number): number {
  while (isSpace(text[position])) position++;
  return position;
}
