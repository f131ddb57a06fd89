/**
 * URLs as they may appear in text a user sees or in a log line. A URL often carries a credential:
 * userinfo (`https://user:pass@host`), or a key in its query (`?key=`, `?token=`, `?sig=`); which
 * parameter is the secret varies by service, so every query value is masked, and only the origin
 * and path are kept as they are (they say where, which is what a reader needs).
 */

const MASK = '***';

/** `https://user:pw@host/path?key=abc#frag` → `https://host/path?key=***`; text that is not a URL is returned cut to 200 characters. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return String(url).slice(0, 200);
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  const names = [...parsed.searchParams.keys()];
  if (!names.length) return parsed.href;
  // Built by hand: URLSearchParams would percent-encode the mask.
  const query = [...new Set(names)].map((name) => `${encodeURIComponent(name)}=${MASK}`).join('&');
  return `${parsed.origin}${parsed.pathname}?${query}`;
}

/**
 * Every http(s) or ws(s) URL inside a text, redacted as by `redactUrl`. The pattern is one
 * character class repeated after a fixed prefix: each position is tried once, so the scan is
 * linear in the text's length whatever it holds.
 */
const URL_IN_TEXT = /\b(?:https?|wss?):\/\/[^\s"'<>`]+/gi;

const TRAILING = new Set(['.', ',', ';', ':', '!', '?', ')', ']']);

export function redactUrlsIn(text: string): string {
  return text.replace(URL_IN_TEXT, (found) => {
    // A sentence's closing punctuation is not part of the URL (counted by hand: an anchored
    // `[...]+$` retried from every position would be quadratic on a long run of dots).
    let end = found.length;
    while (end > 0 && TRAILING.has(found[end - 1]!)) end--;
    return redactUrl(found.slice(0, end)) + found.slice(end);
  });
}
