import { isSafeUrl, renderMarkdown } from './blog-public.service';
import { readingMinutes, slugify } from './blog-types';

/** The vectors of frontend/e2e/xss.spec.ts's corpus, as an article body. */
const CORPUS = [
  `<script>window.__xss('script')</script>`,
  `<img src=x onerror="window.__xss('img')">`,
  `<svg onload="window.__xss('svg')"><circle r="1"/></svg>`,
  `<iframe srcdoc="<script>parent.__xss('srcdoc')</script>"></iframe>`,
  `<a href="javascript:window.__xss('a-js')">a-js</a>`,
  `<details open ontoggle="window.__xss('ontoggle')"><summary>details</summary></details>`,
  `"><img src=x onerror="window.__xss('breakout')">`,
  `[md-link](javascript:window.__xss('md-link'))`,
  `![md-image](javascript:window.__xss('md-image'))`,
  `![md-image-attr](x" onerror="window.__xss('md-image-attr'))`,
  `[md-data](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3MoKTwvc2NyaXB0Pg==)`,
  `[md-entity](&#x6A;avascript:window.__xss('md-entity'))`,
  `[md-reference][ref]\n\n[ref]: javascript:window.__xss('md-reference')`,
  `<javascript:window.__xss('autolink')>`,
  `[case]( JaVaScRiPt:window.__xss('case'))`,
].join('\n\n');

describe('the blog Markdown renderer', () => {
  it('renders Markdown', () => {
    const html = renderMarkdown('# Tides\n\nThe **moon** pulls. [More](https://example.com/tides "Tides") and ![chart](/blog/x/cover)');
    expect(html).toContain('<h1>Tides</h1>');
    expect(html).toContain('<strong>moon</strong>');
    expect(html).toContain('<a href="https://example.com/tides" title="Tides" rel="nofollow noopener">More</a>');
    expect(html).toContain('<img src="/blog/x/cover" alt="chart"');
  });

  it('leaves nothing of the XSS corpus that could run: raw HTML is text, unsafe links are their text', () => {
    const html = renderMarkdown(CORPUS);
    expect(html).not.toMatch(/<(script|iframe|svg|details|object|embed)\b/i);
    expect(html).not.toMatch(/<[^>]+\son\w+\s*=/i);
    expect(html).not.toMatch(/(href|src)\s*=\s*"\s*(javascript|data):/i);
    expect(html).not.toMatch(/&#x6A;avascript/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it.each([
    ['https://example.com', true],
    ['/blog/tides', true],
    ['#part-2', true],
    ['mailto:ada@example.com', true],
    ['javascript:alert(1)', false],
    [' JaVaScRiPt:alert(1)', false],
    ['data:text/html,x', false],
    ['&#106;avascript:alert(1)', false],
    ['java\tscript:alert(1)', false],
  ])('%s is a safe address: %s', (url, safe) => expect(isSafeUrl(url)).toBe(safe));

  it('counts reading time and derives slugs', () => {
    expect(readingMinutes('word '.repeat(660))).toBe(3);
    expect(readingMinutes('Short.')).toBe(1);
    expect(slugify('Les Marées d’équinoxe !')).toBe('les-marees-d-equinoxe');
    expect(slugify('!!!')).toBe('article');
  });
});
