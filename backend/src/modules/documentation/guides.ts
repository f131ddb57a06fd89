import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The languages the guides are written in; every guide exists in each. */
export const GUIDE_LANGUAGES = ['en', 'fr'] as const;
export type GuideLanguage = (typeof GUIDE_LANGUAGES)[number];

/** The tabs of the Documentation page that hold guides (the fourth, API, is generated from the contract). */
export const GUIDE_TABS = ['getting-started', 'guides', 'faq'] as const;
export type GuideTab = (typeof GUIDE_TABS)[number];

/** Slugs the routes of the module use: no guide may take them. */
export const RESERVED_SLUGS: readonly string[] = ['api', 'search'];

export interface GuideHeading {
  /** 2 or 3 (`##`, `###`); the guide's title is its front matter's, not a heading. */
  level: number;
  text: string;
  /** The anchor the page gives the heading (`headingId`), unique in the guide. */
  id: string;
}

export interface Guide {
  slug: string;
  language: GuideLanguage;
  title: string;
  tab: GuideTab;
  order: number;
  summary: string;
  /** The dashboard area the guide documents (its context help links here), or null. */
  area: string | null;
  /** The Markdown body, front matter removed. */
  markdown: string;
  headings: GuideHeading[];
}

/** A guide's links, as written: other guides (`./chat.md#anchor`) and operations of the API tab (`./api.md#get-api-chat-history`). */
export interface GuideLinks {
  guides: Array<{ slug: string; anchor: string | null }>;
  operations: string[];
  /** Operations named in inline code, as `` `POST /api/chat` ``. */
  mentionedOperations: Array<{ method: string; path: string }>;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;
const FENCE = /^\s*(```|~~~)/;

/**
 * The folder of the guides (`docs/guides`), looked for upwards from this file: the repository's
 * `docs/guides` when running from the sources (dev server, tests), `dist/backend/docs/guides`
 * when running the build (the backend build copies `docs/guides` and `docs/openapi.json` there,
 * which is what the Docker image ships).
 */
export function findDocsDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'docs', 'guides')) && existsSync(join(dir, 'docs', 'openapi.json'))) return join(dir, 'docs');
    if (dirname(dir) === dir) throw new Error(`The documentation (docs/guides and docs/openapi.json) was not found above ${from}: build the backend, or run from the repository`);
  }
}

/** The anchor of a heading: lower case, accents dropped, anything else than letters and digits one dash. */
export function headingId(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/`/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'section'
  );
}

/** The anchor of an operation in the API tab: `GET /api/chat/history` → `get-api-chat-history`. */
export function operationAnchor(method: string, path: string): string {
  return headingId(`${method} ${path}`);
}

/** Parses one guide file (front matter between `---` lines, then Markdown). Throws naming the file and the field. */
export function parseGuide(source: string, slug: string, language: GuideLanguage, file: string): Guide {
  const match = FRONT_MATTER.exec(source);
  if (!match) throw new Error(`${file}: no front matter (--- title, tab, order, summary, area ---)`);
  const fields = new Map<string, string>();
  for (const line of match[1]!.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`${file}: front matter line "${line}" is not "key: value"`);
    fields.set(line.slice(0, colon).trim(), unquote(line.slice(colon + 1).trim()));
  }
  const required = (key: string): string => {
    const value = fields.get(key);
    if (!value) throw new Error(`${file}: front matter needs "${key}"`);
    return value;
  };
  const tab = required('tab');
  if (!(GUIDE_TABS as readonly string[]).includes(tab)) throw new Error(`${file}: tab must be one of ${GUIDE_TABS.join(', ')}`);
  const order = Number(required('order'));
  if (!Number.isInteger(order)) throw new Error(`${file}: order must be an integer`);
  if (!SLUG.test(slug) || RESERVED_SLUGS.includes(slug)) throw new Error(`${file}: "${slug}" cannot be a guide's slug (lower-case words and dashes, not ${RESERVED_SLUGS.join(' or ')})`);
  const markdown = source.slice(match[0].length).trim() + '\n';
  return { slug, language, title: required('title'), tab: tab as GuideTab, order, summary: required('summary'), area: fields.get('area') || null, markdown, headings: headingsOf(markdown) };
}

function unquote(value: string): string {
  return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** The `##` and `###` headings of a Markdown text (outside code blocks), with unique anchors. */
export function headingsOf(markdown: string): GuideHeading[] {
  const headings: GuideHeading[] = [];
  const used = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^(#{2,3})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[2]!.replace(/`/g, '');
    const base = headingId(text);
    const seen = used.get(base) ?? 0;
    used.set(base, seen + 1);
    headings.push({ level: heading[1]!.length, text, id: seen ? `${base}-${seen}` : base });
  }
  return headings;
}

/** The lines of a Markdown text that are not inside fenced code. */
function proseLines(markdown: string): string[] {
  const lines: string[] = [];
  let fenced = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (FENCE.test(line)) fenced = !fenced;
    else if (!fenced) lines.push(line);
  }
  return lines;
}

/** What a guide links to: other guides and the API tab's operations (relative `.md` links), and the operations it names in code. */
export function linksOf(markdown: string): GuideLinks {
  const links: GuideLinks = { guides: [], operations: [], mentionedOperations: [] };
  const prose = proseLines(markdown).join('\n');
  for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    const link = guideLink(target!);
    if (!link) continue;
    if (link.slug === 'api') {
      if (link.anchor) links.operations.push(link.anchor);
    } else links.guides.push(link);
  }
  for (const [, method, path] of prose.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/(?:api|v1)\/[^`\s?]*)[^`]*`/g)) {
    links.mentionedOperations.push({ method: method!, path: path! });
  }
  return links;
}

/** A link to a guide (`./chat.md`, `chat.md#merged-answers`), or null for any other link. */
export function guideLink(href: string): { slug: string; anchor: string | null } | null {
  const match = /^(?:\.\/)?([a-z0-9-]+)\.md(?:#(.+))?$/.exec(href);
  return match ? { slug: match[1]!, anchor: match[2] ?? null } : null;
}

/** Reads every guide of `<docs>/guides/<language>/*.md`. */
export function loadGuides(docsDir: string): Guide[] {
  const guides: Guide[] = [];
  for (const language of GUIDE_LANGUAGES) {
    const dir = join(docsDir, 'guides', language);
    if (!existsSync(dir)) throw new Error(`No ${language} guides in ${dir}`);
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.md')).sort()) {
      const file = join(dir, name);
      guides.push(parseGuide(readFileSync(file, 'utf8'), name.slice(0, -3), language, file));
    }
  }
  return guides;
}
