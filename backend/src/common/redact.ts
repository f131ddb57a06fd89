/**
 * Credentials cut out of text that leaves the process: log lines and error messages a user sees.
 * Signed links carry `?token=`, URLs may carry `user:password@`, and vendors' errors echo keys.
 * Every pattern here runs over text anyone can send (a request's URL), so each is linear: its
 * repeated parts are single character classes that the next part cannot also match, or bounded.
 */

const REDACTED = '[redacted]';

/**
 * A parameter (`?a=b`, `&a=b`, `;a=b`, `#a=b`, or `a=b` after a space or a quote, as in messages):
 * the name is at most 100 characters and holds none of the characters that may start the value.
 */
const PARAMETER = /(^|[?&;#\s"'])([^=&;#?\s"'\\<>]{1,100})=([^&;#\s"'\\<>]*)/g;

/** Names whose values are credentials: `token`, `access_token`, `api_key`, `apiKey`, `X-Amz-Signature`, `client_secret`, `password`, … */
const SECRET_NAME = /token|key|secret|passw|pwd|signature|sig$|credential|auth|session|code$/i;

/** `scheme://userinfo@`: the scheme is at most 32 characters and the user information at most 512. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/?#@"'\\<>]{1,512}@/gi;

/** `Bearer …` and `Basic …` as they appear in echoed headers. */
const AUTHORIZATION = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;

/**
 * Keys by their well-known shapes: OpenAI/Anthropic/OpenRouter `sk-…`, Webox's own `wbx_…`,
 * Google `AIza…`, Replicate `r8_…`; at least 16 characters so that words like `sk-learn` stay.
 */
const KEY_SHAPES = /\b(?:sk-|wbx_|r8_|AIza)[A-Za-z0-9_-]{16,}/g;

/** `text` with credentials replaced by `[redacted]`: query values under secret names, URL user information, bearer tokens, API keys. */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`)
    .replace(PARAMETER, (whole, separator: string, name: string, value: string) => (value && SECRET_NAME.test(name) ? `${separator}${name}=${REDACTED}` : whole))
    .replace(AUTHORIZATION, `$1 ${REDACTED}`)
    .replace(KEY_SHAPES, REDACTED);
}

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
