import type { ChatMessage } from '../../../ai/capabilities';
import type { ArticleLanguage } from '../blog-types';

/** How long an article "Write with AI" aims for: the words of each section. */
export const ARTICLE_LENGTHS = ['short', 'medium', 'long'] as const;
export type ArticleLength = (typeof ARTICLE_LENGTHS)[number];
const WORDS_PER_SECTION: Record<ArticleLength, number> = { short: 80, medium: 160, long: 300 };

/** An outline holds this many sections at most; headings this many characters. */
export const MAX_SECTIONS = 12;
export const MAX_HEADING_LENGTH = 200;
export const MAX_TITLE_LENGTH = 200;
export const MAX_EXCERPT_LENGTH = 500;

const LANGUAGE_NAMES: Record<ArticleLanguage, string> = { en: 'English', fr: 'French' };

/** What the editor asked for: the subject (the editor's own words, not instructions to obey blindly) and its settings. */
export interface ArticleBrief {
  subject: string;
  language: ArticleLanguage;
  tone?: string;
  length?: ArticleLength;
}

const style = (brief: ArticleBrief) =>
  [`Write in ${LANGUAGE_NAMES[brief.language]}.`, brief.tone ? `Tone: ${brief.tone}.` : '', 'Use Markdown. Never add anything before or after what is asked.'].filter(Boolean).join(' ');

/** The messages that ask a model for an outline: one heading per line, as a Markdown list. */
export function outlineMessages(brief: ArticleBrief): ChatMessage[] {
  return [
    { role: 'system', content: `You plan blog articles. ${style(brief)} Answer with the section headings only, 3 to 8 of them, one per line, each line starting with "- ".` },
    { role: 'user', content: `Outline a blog article about: ${brief.subject}` },
  ];
}

/** The messages that ask a model for one section of the article, knowing the whole outline. */
export function sectionMessages(brief: ArticleBrief, sections: readonly string[], index: number): ChatMessage[] {
  const words = WORDS_PER_SECTION[brief.length ?? 'medium'];
  const outline = sections.map((heading, i) => `${i + 1}. ${heading}`).join('\n');
  return [
    {
      role: 'system',
      content: `You write blog articles section by section. ${style(brief)} Write about ${words} words of body text for the one section asked, without its heading, and do not write the other sections.`,
    },
    { role: 'user', content: `Section “${sections[index]}” of the article about: ${brief.subject}\n\nThe article's outline:\n${outline}` },
  ];
}

/** The messages that ask a model for a title and an excerpt, in two labelled lines. */
export function titleMessages(brief: ArticleBrief, body: string): ChatMessage[] {
  const text = body.length > 6000 ? `${body.slice(0, 6000)}…` : body;
  return [
    {
      role: 'system',
      content: `You title blog articles. ${style(brief)} Answer in two lines: "Title: " then a title of at most 80 characters, and "Excerpt: " then a summary of one or two sentences.`,
    },
    { role: 'user', content: `Title the blog article about: ${brief.subject}${text.trim() ? `\n\nThe article:\n${text}` : ''}` },
  ];
}

/** A line without Markdown's quote markers, emphasis and surrounding quotes. */
function plain(line: string): string {
  return line
    .replace(/^\s*(?:>\s*)+/, '')
    .replace(/\*\*|__|`/g, '')
    .replace(/^["“«\s]+|["”»\s]+$/g, '')
    .trim();
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

const LIST_ITEM = /^(?:[-*+•]|\d{1,2}[.)]|#{1,6})\s+(.+)$/;

/**
 * The section headings of a model's outline: its list items or Markdown headings, in order, without
 * duplicates. A model that answered in prose (the offline model quotes the request) gives its
 * non-empty lines instead, so the editor always gets an outline to edit.
 */
export function parseOutline(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/^\s*(?:>\s*)+/, '').trim()).filter(Boolean);
  const items = lines.map((line) => LIST_ITEM.exec(line)?.[1]).filter((item): item is string => item !== undefined);
  const chosen = (items.length ? items : lines).map((line) => clip(plain(line).replace(/[:.]$/, ''), MAX_HEADING_LENGTH)).filter(Boolean);
  return [...new Set(chosen)].slice(0, MAX_SECTIONS);
}

/**
 * A title and an excerpt from a model's answer: its `Title:` and `Excerpt:` lines (also in French,
 * `Titre :` and `Extrait :`); without them, its first line is the title and the lines after it the
 * excerpt. Both fit the article's limits.
 */
export function parseTitleExcerpt(text: string): { title: string; excerpt: string } {
  const lines = text.split('\n').map(plain).filter(Boolean);
  const labelled = (label: RegExp) => {
    const line = lines.find((candidate) => label.test(candidate));
    return line === undefined ? undefined : plain(line.replace(label, ''));
  };
  const title = labelled(/^(?:title|titre)\s*:\s*/i) ?? lines[0] ?? '';
  const excerpt = labelled(/^(?:excerpt|extrait|summary|résumé)\s*:\s*/i) ?? lines.filter((line) => line !== lines[0]).join(' ');
  return { title: clip(title.replace(/^#+\s*/, ''), MAX_TITLE_LENGTH), excerpt: clip(excerpt, MAX_EXCERPT_LENGTH) };
}

/** The prompt of a cover picture for an article. */
export function coverPrompt(subject: string, title?: string): string {
  return clip(`A blog cover illustration, without any text, for an article${title ? ` titled “${title}”` : ''} about: ${subject}`, 1000);
}

/** A size for a cover among a model's sizes: the widest landscape one, else the first. */
export function coverSize(sizes: readonly string[]): string | undefined {
  const landscape = sizes
    .map((size) => ({ size, dims: size.split('x').map(Number) as [number, number] }))
    .filter(({ dims: [w, h] }) => w > h)
    .sort((a, b) => b.dims[0] / b.dims[1] - a.dims[0] / a.dims[1] || b.dims[0] - a.dims[0]);
  return landscape[0]?.size ?? sizes[0];
}
