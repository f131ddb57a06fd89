/** A passage a reply cites as `[n]`: where its link leads (a path in the app) and what its tooltip says. */
export interface MarkdownCitation {
  n: number;
  href: string;
  title: string;
}

const MARKER = /\[(\d{1,4})\]/g;
/** Markers there stay text: inside a link already, or in code. */
const SKIP = 'a, code, pre';

/**
 * Turns the `[n]` markers of sanitised HTML into links to their passages, for each n the reply
 * cites; any other `[n]` stays text. The HTML is parsed into an inert template, and each link is
 * built with DOM APIs from the citation alone (its href must be a path of the app): nothing the
 * model wrote becomes markup. Links carry `data-citation`, which the sanitiser strips from the
 * model's own HTML, so only these links are taken for citations.
 */
export function linkCitations(html: string, citations: readonly MarkdownCitation[]): string {
  const cited = new Map(citations.filter((citation) => isAppPath(citation.href)).map((citation) => [citation.n, citation]));
  if (cited.size === 0 || !html.includes('[')) return html;
  const template = document.createElement('template');
  template.innerHTML = html;
  const walker = document.createTreeWalker(template.content, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as Text;
    if (!text.parentElement?.closest(SKIP) && new RegExp(MARKER.source).test(text.data)) texts.push(text);
  }
  for (const text of texts) linkMarkers(text, cited);
  return template.innerHTML;
}

function linkMarkers(text: Text, cited: ReadonlyMap<number, MarkdownCitation>): void {
  const document = text.ownerDocument;
  const fragment = document.createDocumentFragment();
  let last = 0;
  let linked = false;
  for (const match of text.data.matchAll(MARKER)) {
    const citation = cited.get(Number(match[1]));
    if (!citation) continue;
    fragment.append(text.data.slice(last, match.index));
    const link = document.createElement('a');
    link.className = 'wbx-citation';
    link.setAttribute('href', citation.href);
    link.setAttribute('data-citation', String(citation.n));
    link.setAttribute('title', citation.title);
    link.textContent = `[${citation.n}]`;
    fragment.append(link);
    last = match.index + match[0].length;
    linked = true;
  }
  if (!linked) return;
  fragment.append(text.data.slice(last));
  text.replaceWith(fragment);
}

/** `/knowledge/...`, never `//host` or a scheme. */
function isAppPath(href: string): boolean {
  return href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/\\');
}
