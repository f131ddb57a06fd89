import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { apiReference, operationKeys, type OpenApiDocument } from './api-reference';
import { findDocsDir, headingsOf, linksOf, loadGuides, operationAnchor, parseGuide, type Guide } from './guides';

/**
 * The guides of docs/guides as shipped: every link leads somewhere. A link to a guide that does
 * not exist (or to a heading it lacks), to an operation of the API tab that docs/openapi.json
 * does not have, an operation named in code (`POST /api/chat`) that the contract lacks, or an
 * English guide without its French counterpart fails here.
 */
describe('the guides of docs/guides', () => {
  const docsDir = findDocsDir();
  const guides = loadGuides(docsDir);
  const contract = JSON.parse(readFileSync(join(docsDir, 'openapi.json'), 'utf8')) as OpenApiDocument;
  const operations = operationKeys(contract);
  const anchors = new Set(apiReference(contract).groups.flatMap((group) => group.operations.map((operation) => operation.anchor)));
  const bySlug = (language: string) => new Map(guides.filter((guide) => guide.language === language).map((guide) => [guide.slug, guide]));
  const english = bySlug('en');
  const french = bySlug('fr');
  const each = guides.map((guide) => [`${guide.language}/${guide.slug}`, guide] as [string, Guide]);

  it('exist in English and French alike, in the same tab, order and area', () => {
    expect(english.size).toBeGreaterThanOrEqual(10);
    expect([...french.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [slug, guide] of english) {
      const translation = french.get(slug)!;
      expect({ slug, tab: translation.tab, order: translation.order, area: translation.area }).toEqual({ slug, tab: guide.tab, order: guide.order, area: guide.area });
    }
  });

  it.each(each)('%s links only to guides and headings that exist', (_name, guide) => {
    const siblings = guide.language === 'en' ? english : french;
    const broken = linksOf(guide.markdown).guides.filter((link) => {
      const target = siblings.get(link.slug);
      return !target || (link.anchor !== null && !target.headings.some((heading) => heading.id === link.anchor));
    });
    expect(broken).toEqual([]);
  });

  it.each(each)('%s links only to operations of docs/openapi.json', (_name, guide) => {
    const links = linksOf(guide.markdown);
    expect(links.operations.filter((anchor) => !anchors.has(anchor))).toEqual([]);
    expect(links.mentionedOperations.map(({ method, path }) => `${method} ${path}`).filter((key) => !operations.has(key))).toEqual([]);
  });

  it('sees a broken link, a missing operation and a missing translation (the checks above can fail)', () => {
    const links = linksOf('See [chat](./chat.md#merge-the-answers), [nowhere](./no-such-guide.md), [the API](./api.md#get-api-nothing) and `DELETE /api/everything`.\n\n```bash\ncurl `GET /api/ignored-in-code`\n```\n');
    expect(links.guides).toEqual([
      { slug: 'chat', anchor: 'merge-the-answers' },
      { slug: 'no-such-guide', anchor: null },
    ]);
    expect(english.has('no-such-guide')).toBe(false);
    expect(links.operations).toEqual(['get-api-nothing']);
    expect(anchors.has('get-api-nothing')).toBe(false);
    expect(links.mentionedOperations).toEqual([{ method: 'DELETE', path: '/api/everything' }]);
    expect(operations.has('DELETE /api/everything')).toBe(false);
    expect(anchors.has(operationAnchor('POST', '/api/chat'))).toBe(true);
  });

  it('has a guide for every context-help link of the dashboard (<wbx-help-link guide="…">)', () => {
    const features = join(dirname(docsDir), 'frontend', 'src', 'app', 'features');
    const files = readdirSync(features, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(html|ts)$/.test(file));
    const guidesLinked = files.flatMap((file) => [...readFileSync(join(features, file), 'utf8').matchAll(/<wbx-help-link guide="([^"]+)"/g)].map((match) => match[1]!));
    expect(guidesLinked.length).toBeGreaterThanOrEqual(10);
    expect(guidesLinked.filter((slug) => !english.has(slug) || !french.has(slug))).toEqual([]);
  });

  it('names the file and the field of a malformed guide', () => {
    expect(() => parseGuide('no front matter', 'x', 'en', 'x.md')).toThrow('x.md: no front matter');
    expect(() => parseGuide('---\ntitle: T\ntab: blog\norder: 1\nsummary: S\n---\nBody', 'x', 'en', 'x.md')).toThrow('x.md: tab must be one of');
    expect(() => parseGuide('---\ntitle: T\ntab: faq\norder: 1\n---\nBody', 'x', 'en', 'x.md')).toThrow('x.md: front matter needs "summary"');
    expect(() => parseGuide('---\ntitle: T\ntab: faq\norder: 1\nsummary: S\n---\nBody', 'search', 'en', 'search.md')).toThrow('cannot be a guide');
  });

  it('gives headings unique anchors, accents and code aside, and skips code blocks', () => {
    expect(headingsOf('## Fusionner les réponses\n### `wbx_` tokens\n## Tokens\n## Tokens\n```\n## not a heading\n```\n')).toEqual([
      { level: 2, text: 'Fusionner les réponses', id: 'fusionner-les-reponses' },
      { level: 3, text: 'wbx_ tokens', id: 'wbx-tokens' },
      { level: 2, text: 'Tokens', id: 'tokens' },
      { level: 2, text: 'Tokens', id: 'tokens-1' },
    ]);
  });
});
