import { linkCitations, type MarkdownCitation } from './citation-links';
import { renderMarkdown } from './markdown-renderer';

const NOTES: MarkdownCitation = { n: 1, href: '/knowledge/passages/chunk-1', title: 'notes.md\nThe budget for 2026 is…' };

function render(markdown: string, citations: MarkdownCitation[] = [NOTES]): HTMLElement {
  const element = document.createElement('div');
  element.innerHTML = linkCitations(renderMarkdown(markdown), citations);
  return element;
}

describe('linkCitations', () => {
  it('links each [n] the reply cites to its passage, with its tooltip, and leaves other [n] as text', () => {
    const element = render('Budgets grow 5% [1], see also [2] and [1].');
    const links = Array.from(element.querySelectorAll<HTMLAnchorElement>('a.wbx-citation'));
    expect(links).toHaveLength(2);
    expect(links.map((link) => link.textContent)).toEqual(['[1]', '[1]']);
    expect(links[0]!.getAttribute('href')).toBe('/knowledge/passages/chunk-1');
    expect(links[0]!.getAttribute('data-citation')).toBe('1');
    expect(links[0]!.title).toBe('notes.md\nThe budget for 2026 is…');
    expect(links[0]!.hasAttribute('target')).toBe(false);
    expect(element.textContent?.trim()).toBe('Budgets grow 5% [1], see also [2] and [1].');
  });

  it('leaves markers in code and in links alone, and does nothing without citations', () => {
    const element = render('`arr[1]`\n\n```\nx = a[1]\n```\n\n[see [1]](https://example.com)');
    expect(element.querySelector('a.wbx-citation')).toBeNull();
    const html = renderMarkdown('Plain [1]');
    expect(linkCitations(html, [])).toBe(html);
  });

  it('never turns model text into markup: raw HTML is sanitised first, and its data-citation attributes are stripped', () => {
    const element = render('[1] <img src=x onerror="window.pwned=1"><a href="javascript:alert(1)" data-citation="1">[1]</a> <b onclick="x()">[1]</b> &lt;script&gt;[1]');
    expect(element.querySelector('img, script')).toBeNull();
    expect(element.innerHTML).not.toMatch(/onerror|onclick|javascript:/i);
    const links = Array.from(element.querySelectorAll('a[data-citation]'));
    // The model's own link lost its data-citation (and its href); the three text markers became links.
    expect(links).toHaveLength(3);
    expect(links.every((link) => link.getAttribute('href') === '/knowledge/passages/chunk-1')).toBe(true);
    expect(element.textContent).toContain('<script>[1]');
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('escapes what a citation carries, and refuses a link that is not a path of the app', () => {
    const hostile: MarkdownCitation = { n: 1, href: '/knowledge/passages/x"><script>alert(1)</script>', title: '"><img src=x onerror=alert(1)>' };
    const element = render('See [1].', [hostile]);
    const link = element.querySelector('a.wbx-citation')!;
    expect(link.getAttribute('title')).toBe('"><img src=x onerror=alert(1)>');
    expect(element.querySelector('img, script')).toBeNull();

    for (const href of ['javascript:alert(1)', '//evil.test/x', 'https://evil.test/x']) {
      expect(render('See [1].', [{ ...NOTES, href }]).querySelector('a')).toBeNull();
    }
  });
});
