import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Marked, type Tokens } from 'marked';
import { Repository } from 'typeorm';
import { CacheHub, SharedCache } from '../../common/shared-cache';
import { MediaService } from '../media/media.service';
import { BlogArticle } from './blog-article.entity';
import { COVER_TYPES, PUBLIC_CACHE_TAG } from './blog.service';
import { SLUG_PATTERN } from './dto/blog.dto';

/** A page, feed or sitemap as sent: the bytes and their validator. */
export interface PublicDocument {
  body: string;
  etag: string;
}

/** How long a rendered page stays cached without a change (changes drop it at once). */
const CACHE_TTL_MS = 10 * 60_000;
const FEED_SIZE = 50;
const SITEMAP_SIZE = 50_000;
const MAX_COVER_BYTES = 20 * 1024 * 1024;

const STYLE = `
:root{color-scheme:light dark;--fg:#1d1d22;--muted:#5d5f6b;--bg:#fff;--line:#e3e3ea;--accent:#4f46e5}
@media (prefers-color-scheme:dark){:root{--fg:#ececf1;--muted:#a0a2ae;--bg:#15151a;--line:#2c2c35;--accent:#a5b4fc}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.65 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:46rem;margin:0 auto;padding:2.5rem 1.25rem 4rem}a{color:var(--accent)}
.meta{color:var(--muted);font-size:.9rem;margin:0 0 .5rem}h1{font-size:2.2rem;line-height:1.2;margin:.25rem 0 1rem}
.excerpt{font-size:1.15rem;color:var(--muted);margin:0 0 1.5rem}.cover{width:100%;height:auto;border-radius:12px;margin:0 0 2rem}
.body img{max-width:100%;height:auto}.body pre{overflow:auto;padding:1rem;border-radius:8px;border:1px solid var(--line)}
.body code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}.body blockquote{margin:0;padding-left:1rem;border-left:3px solid var(--line);color:var(--muted)}
.body table{border-collapse:collapse}.body td,.body th{border:1px solid var(--line);padding:.35rem .6rem}
footer{margin-top:3rem;padding-top:1rem;border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}`;
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * The public page's policy: no script at all, the one stylesheet above by its hash, images from
 * here or over HTTPS (Markdown may show one), nothing framed, no form posted anywhere.
 */
export const PUBLIC_PAGE_CSP = [
  "default-src 'none'",
  `style-src ${STYLE_HASH}`,
  "img-src 'self' https: data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * What anyone reads without an account: a published article as server-rendered HTML (with the
 * tags link previews read), the Atom feed and the sitemap. Markdown is rendered with `marked`,
 * raw HTML shown as text and unsafe addresses dropped (`renderMarkdown`); each document is cached in memory per origin and dropped
 * on every instance when any article changes.
 */
@Injectable()
export class BlogPublicService {
  private readonly documents: SharedCache<PublicDocument | null>;

  constructor(
    @InjectRepository(BlogArticle) private readonly articles: Repository<BlogArticle>,
    private readonly media: MediaService,
    hub: CacheHub,
  ) {
    this.documents = hub.cache('blog-public', { ttlMs: CACHE_TTL_MS, maxEntries: 2_000 });
  }

  /** The article's page, or null when no published article has this slug. */
  page(origin: string, slug: string): Promise<PublicDocument | null> {
    if (!SLUG_PATTERN.test(slug)) return Promise.resolve(null);
    return this.cached(`${origin} page ${slug}`, async () => {
      const article = await this.articles.findOneBy({ slug, status: 'published' });
      return article ? renderPage(origin, article, this.render(article.body), await this.authorName(article.authorId)) : null;
    });
  }

  feed(origin: string): Promise<PublicDocument> {
    return this.cached(`${origin} feed`, async () => {
      const rows = await this.articles.find({ where: { status: 'published' }, order: { publishedAt: 'DESC', id: 'ASC' }, take: FEED_SIZE });
      const names = await this.authorNames(rows.map((row) => row.authorId));
      return toDocument(renderFeed(origin, rows, names));
    }) as Promise<PublicDocument>;
  }

  sitemap(origin: string): Promise<PublicDocument> {
    return this.cached(`${origin} sitemap`, async () => {
      const rows = await this.articles.find({ select: { slug: true, updatedAt: true }, where: { status: 'published' }, order: { publishedAt: 'DESC', id: 'ASC' }, take: SITEMAP_SIZE });
      return toDocument(renderSitemap(origin, rows));
    }) as Promise<PublicDocument>;
  }

  /** A published article's cover (a raster image), or null. */
  async cover(slug: string): Promise<{ bytes: Buffer; mimeType: string; etag: string } | null> {
    if (!SLUG_PATTERN.test(slug)) return null;
    const article = await this.articles.findOneBy({ slug, status: 'published' });
    if (!article?.coverMediaId) return null;
    const file = await this.media.owned(article.authorId, article.coverMediaId).catch(() => null);
    if (!file || !COVER_TYPES.has(file.mimeType)) return null;
    return { bytes: await this.media.readAll(file, MAX_COVER_BYTES), mimeType: file.mimeType, etag: `"${file.sha256}"` };
  }

  render(markdown: string): string {
    return renderMarkdown(markdown);
  }

  private async cached(key: string, load: () => Promise<PublicDocument | null>): Promise<PublicDocument | null> {
    const hit = this.documents.get(key);
    if (hit !== undefined) return hit;
    const ticket = this.documents.ticket();
    const document = await load();
    this.documents.set(key, document, [PUBLIC_CACHE_TAG], ticket);
    return document;
  }

  private async authorName(id: string): Promise<string> {
    return (await this.authorNames([id])).get(id) ?? '';
  }

  private async authorNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows: Array<{ id: string; name: string | null; email: string }> = await this.articles.query(`SELECT id, name, email FROM users WHERE id = ANY($1)`, [unique]);
    return new Map(rows.map((row) => [row.id, row.name?.trim() || row.email.split('@')[0]!]));
  }
}

/**
 * The server's Markdown sanitiser, by construction rather than by filtering: raw HTML in the
 * Markdown (blocks and inline) is shown as text, never parsed, so the output holds only the
 * elements `marked` itself writes, their text escaped; link and image addresses keep only the
 * http(s), mailto and relative forms (a `javascript:` or `data:` link becomes its text). The
 * page's policy (no script source at all) stands behind it.
 */
const markdown = new Marked({
  gfm: true,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeMarkup(text);
    },
    link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, { href, title, tokens }: Tokens.Link): string {
      const text = this.parser.parseInline(tokens);
      if (!isSafeUrl(href)) return text;
      return `<a href="${escapeMarkup(href)}"${title ? ` title="${escapeMarkup(title)}"` : ''} rel="nofollow noopener">${text}</a>`;
    },
    image({ href, title, text }: Tokens.Image): string {
      if (!isSafeUrl(href)) return escapeMarkup(text);
      return `<img src="${escapeMarkup(href)}" alt="${escapeMarkup(text)}"${title ? ` title="${escapeMarkup(title)}"` : ''} loading="lazy">`;
    },
  },
});

export function renderMarkdown(source: string): string {
  return markdown.parse(source, { async: false });
}

/** http(s), mailto, or a relative address; no entity or control character that could hide a scheme. */
export function isSafeUrl(href: string): boolean {
  const url = href.trim();
  if ([...url].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) || /[\s\\]/.test(url) || /^[^/?#]*&/.test(url)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return !scheme || ['http', 'https', 'mailto'].includes(scheme[1]!.toLowerCase());
}

/** Text for HTML and XML, in element content and in quoted attributes alike. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function toDocument(body: string): PublicDocument {
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

function renderPage(origin: string, article: BlogArticle, html: string, author: string): PublicDocument {
  const e = escapeMarkup;
  const url = `${origin}/blog/${encodeURIComponent(article.slug)}`;
  const description = article.excerpt || article.title;
  const cover = article.coverMediaId ? `${url}/cover` : null;
  const published = article.publishedAt!.toISOString();
  const date = article.publishedAt!.toLocaleDateString(article.language === 'fr' ? 'fr-FR' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  const minutes = article.language === 'fr' ? `${article.readingMinutes} min de lecture` : `${article.readingMinutes} min read`;
  const meta = [
    `<meta name="description" content="${e(description)}">`,
    `<link rel="canonical" href="${e(url)}">`,
    `<link rel="alternate" type="application/atom+xml" title="Webox blog" href="${e(origin)}/blog/feed.xml">`,
    `<meta property="og:type" content="article">`,
    `<meta property="og:site_name" content="Webox">`,
    `<meta property="og:title" content="${e(article.title)}">`,
    `<meta property="og:description" content="${e(description)}">`,
    `<meta property="og:url" content="${e(url)}">`,
    `<meta property="og:locale" content="${article.language === 'fr' ? 'fr_FR' : 'en_US'}">`,
    ...(cover ? [`<meta property="og:image" content="${e(cover)}">`] : []),
    `<meta property="article:published_time" content="${published}">`,
    `<meta property="article:section" content="${e(article.category)}">`,
    ...article.tags.map((tag) => `<meta property="article:tag" content="${e(tag)}">`),
    `<meta name="twitter:card" content="${cover ? 'summary_large_image' : 'summary'}">`,
    `<meta name="twitter:title" content="${e(article.title)}">`,
    `<meta name="twitter:description" content="${e(description)}">`,
    ...(cover ? [`<meta name="twitter:image" content="${e(cover)}">`] : []),
  ];
  const body = `<!doctype html>
<html lang="${article.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(article.title)} · Webox</title>
${meta.join('\n')}
<style>${STYLE}</style>
</head>
<body>
<main>
<article>
<header>
<p class="meta">${e(article.category)} · <time datetime="${published}">${e(date)}</time> · ${e(minutes)}${author ? ` · ${e(author)}` : ''}</p>
<h1>${e(article.title)}</h1>
${article.excerpt ? `<p class="excerpt">${e(article.excerpt)}</p>` : ''}
</header>
${cover ? `<img class="cover" src="${e(cover)}" alt="">` : ''}
<div class="body">
${html}
</div>
</article>
<footer><a href="/blog/feed.xml">Atom feed</a> · Webox</footer>
</main>
</body>
</html>
`;
  return toDocument(body);
}

function renderFeed(origin: string, rows: BlogArticle[], names: Map<string, string>): string {
  const e = escapeMarkup;
  const updated = rows.reduce((latest, row) => (row.updatedAt > latest ? row.updatedAt : latest), new Date(0));
  const entries = rows.map((row) => {
    const url = `${origin}/blog/${encodeURIComponent(row.slug)}`;
    return `  <entry>
    <id>${e(url)}</id>
    <title>${e(row.title)}</title>
    <link rel="alternate" type="text/html" href="${e(url)}"/>
    <published>${row.publishedAt!.toISOString()}</published>
    <updated>${row.updatedAt.toISOString()}</updated>
    <author><name>${e(names.get(row.authorId) || 'Webox')}</name></author>
    <category term="${e(row.category)}"/>
    <summary>${e(row.excerpt || row.title)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${e(origin)}/blog/feed.xml</id>
  <title>Webox blog</title>
  <link rel="self" type="application/atom+xml" href="${e(origin)}/blog/feed.xml"/>
  <updated>${(rows.length ? updated : new Date()).toISOString()}</updated>
${entries.join('\n')}
</feed>
`;
}

function renderSitemap(origin: string, rows: Array<Pick<BlogArticle, 'slug' | 'updatedAt'>>): string {
  const e = escapeMarkup;
  const urls = rows.map((row) => `  <url><loc>${e(`${origin}/blog/${encodeURIComponent(row.slug)}`)}</loc><lastmod>${row.updatedAt.toISOString()}</lastmod></url>`);
  return `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join('\n')}
</urlset>
`;
}
