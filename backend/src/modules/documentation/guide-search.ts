import type { Guide, GuideLanguage, GuideTab } from './guides';

export interface GuideHit {
  slug: string;
  title: string;
  tab: GuideTab;
  /** The section the best match is in, or null when it is the guide's introduction. */
  heading: string | null;
  /** That section's anchor (`headingsOf`), or null. */
  anchor: string | null;
  /** Plain text around the first match (about 200 characters), Markdown removed. */
  snippet: string;
  score: number;
}

interface Section {
  guide: Guide;
  heading: string | null;
  anchor: string | null;
  /** Plain text of the section, as shown in snippets. */
  text: string;
  /** Its words, folded (`fold`). */
  words: string[];
}

/** How much a match weighs where it is found. */
const WEIGHT = { title: 8, summary: 4, heading: 4, body: 1 };
const SNIPPET_CHARS = 200;

/** Lower case, accents dropped: "Clé" and "cle" are one word. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

function words(text: string): string[] {
  return fold(text).match(/[a-z0-9]+/g) ?? [];
}

/** Markdown to the plain text of a snippet: code fences, link targets, emphasis and table pipes dropped. */
function plain(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n/g, '')
    .replace(/```/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_>|#]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Full-text search over the guides of one language, in memory (a few dozen files): each guide is
 * cut into its sections, every query word must appear in the guide (the last one as a prefix,
 * so results come while typing), and sections score by where the words are — title, summary,
 * heading, body — and how often. Each guide answers once, with its best section and a snippet.
 */
export class GuideSearchIndex {
  private readonly sections = new Map<GuideLanguage, Section[]>();

  constructor(guides: readonly Guide[]) {
    for (const guide of guides) {
      const list = this.sections.get(guide.language) ?? [];
      list.push(...sectionsOf(guide));
      this.sections.set(guide.language, list);
    }
  }

  search(query: string, language: GuideLanguage, limit = 20): GuideHit[] {
    const terms = [...new Set(words(query))];
    if (terms.length === 0) return [];
    const last = terms[terms.length - 1]!;
    const matches = (word: string, term: string) => (term === last ? word.startsWith(term) : word === term);
    const best = new Map<string, GuideHit>();
    const found = new Map<string, Set<string>>();
    for (const section of this.sections.get(language) ?? []) {
      const { guide } = section;
      const titleWords = words(guide.title);
      const summaryWords = words(guide.summary);
      const headingWords = words(section.heading ?? '');
      let score = 0;
      const sectionTerms = new Set<string>();
      for (const term of terms) {
        const hits =
          WEIGHT.title * count(titleWords, term, matches) +
          WEIGHT.summary * count(summaryWords, term, matches) +
          WEIGHT.heading * count(headingWords, term, matches) +
          WEIGHT.body * Math.min(count(section.words, term, matches), 5);
        if (hits > 0) sectionTerms.add(term);
        score += hits;
      }
      if (score === 0) continue;
      const guideTerms = found.get(guide.slug) ?? new Set<string>();
      sectionTerms.forEach((term) => guideTerms.add(term));
      found.set(guide.slug, guideTerms);
      // A section with every word beats one with some of them.
      const ranked = score * (sectionTerms.size === terms.length ? 2 : 1);
      const current = best.get(guide.slug);
      if (!current || ranked > current.score) {
        best.set(guide.slug, { slug: guide.slug, title: guide.title, tab: guide.tab, heading: section.heading, anchor: section.anchor, snippet: snippet(section.text, terms), score: ranked });
      }
    }
    return [...best.values()]
      .filter((hit) => found.get(hit.slug)!.size === terms.length)
      .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
      .slice(0, limit);
  }
}

function count(list: readonly string[], term: string, matches: (word: string, term: string) => boolean): number {
  let n = 0;
  for (const word of list) if (matches(word, term)) n++;
  return n;
}

function sectionsOf(guide: Guide): Section[] {
  const sections: Section[] = [];
  let heading: string | null = null;
  let anchor: string | null = null;
  let lines: string[] = [];
  let index = 0;
  const flush = () => {
    const text = plain(lines.join('\n'));
    if (text || heading) sections.push({ guide, heading, anchor, text, words: words(text) });
  };
  let fenced = false;
  for (const line of guide.markdown.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^#{2,3}\s+(.+?)\s*#*\s*$/.exec(line);
    if (match) {
      flush();
      const next = guide.headings[index++];
      heading = next?.text ?? match[1]!;
      anchor = next?.id ?? null;
      lines = [];
    } else lines.push(line);
  }
  flush();
  return sections;
}

/** About SNIPPET_CHARS of the text around the first query word found, cut at word boundaries. */
function snippet(text: string, terms: readonly string[]): string {
  const folded = fold(text);
  let at = -1;
  for (const term of terms) {
    const found = new RegExp(`(^|[^a-z0-9])${term}`).exec(folded);
    if (found && (at < 0 || found.index < at)) at = found.index + found[1]!.length;
  }
  if (text.length <= SNIPPET_CHARS) return text;
  let start = Math.max(0, at - SNIPPET_CHARS / 3);
  if (start > 0) start = text.indexOf(' ', start) + 1;
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (end < text.length) end = Math.max(text.lastIndexOf(' ', end), start + 1);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
