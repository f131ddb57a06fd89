import { stat } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * The built dashboard's files (`dist/frontend/browser`), served with what a first visit and
 * every visit after it need:
 *
 * - **Compression chosen, not computed.** The frontend build writes `<file>.br` and `<file>.gz`
 *   beside each compressible file (`frontend/scripts/precompress.mjs`). A file that has them is
 *   answered in the best encoding the request accepts (brotli, then gzip, then as it is), with
 *   `Content-Encoding`, the original file's `Content-Type` and `Vary: Accept-Encoding`. Nothing is
 *   compressed per request, so a response costs a `stat`, not a brotli pass.
 * - **Caching by name.** A file whose name carries Angular's output hash (`main-5GQVO3EO.js`,
 *   `chunk-….js`, `styles-….css`, `media/…-LOX3CHMS.woff2`) never changes under that name:
 *   `public, max-age=31536000, immutable`. Everything else (`index.html`, `favicon.svg`) is
 *   `no-cache`: revalidated on each use, answered 304 when unchanged.
 * - Ranges, `ETag`/`Last-Modified` and 304s are `send`'s (through `res.sendFile`), on the bytes
 *   actually sent, so each encoding has its own validator.
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Angular's output hashing: `-` and 8 base-32 characters before the extension. */
const HASHED_NAME = /-[A-Z0-9]{8}\.[a-z0-9]+$/;

/** Encodings the build precompresses, in the order the server prefers them. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

export function cacheControlFor(path: string): string {
  return HASHED_NAME.test(basename(path)) ? IMMUTABLE : REVALIDATE;
}

/**
 * The encodings a request accepts (`Accept-Encoding`, with q-values; `*` counts for any). Without
 * the header, none: the file is sent as it is.
 */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  if (!header) return accepted;
  const refused = new Set<string>();
  let wildcard = false;
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    const ok = Number.isFinite(weight) && weight > 0;
    if (token === '*') wildcard = ok;
    else if (ok) accepted.add(token);
    else refused.add(token);
  }
  if (wildcard) for (const { name } of ENCODINGS) if (!refused.has(name)) accepted.add(name);
  return accepted;
}

/**
 * The request path as a file below `root`, or null when it is not a plain file path: a segment
 * that is empty, starts with a dot (dotfiles, `..`) or holds a NUL or a backslash never reaches the
 * disk.
 */
function fileBelow(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const segments = path.split('/').slice(1);
  if (segments.some((segment) => segment === '' || segment.startsWith('.') || /[\0\\]/.test(segment))) return null;
  const file = join(root, ...segments);
  return file.startsWith(root + sep) ? file : null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Sends `file` (an existing file below the root) in the best precompressed encoding the request
 * accepts. `next` gets the errors `send` reports (416 for an unsatisfiable range, an aborted
 * request), never a fall-through: the file exists.
 */
async function sendAsset(request: Request, response: Response, next: NextFunction, file: string, cacheControl: string): Promise<void> {
  const accepted = acceptedEncodings(request.headers['accept-encoding']);
  let sent = file;
  let encoding: string | undefined;
  let hasVariants = false;
  for (const candidate of ENCODINGS) {
    if (!(await isFile(file + candidate.suffix))) continue;
    hasVariants = true;
    if (!encoding && accepted.has(candidate.name)) {
      encoding = candidate.name;
      sent = file + candidate.suffix;
    }
  }
  if (hasVariants) response.vary('Accept-Encoding');
  // The type of what the bytes decode to, whichever encoding carries them.
  response.type(extname(file) || 'application/octet-stream');
  const headers: Record<string, string> = { 'Cache-Control': cacheControl };
  if (encoding) headers['Content-Encoding'] = encoding;
  response.sendFile(sent, { headers, cacheControl: false, dotfiles: 'allow' }, (error?: Error) => {
    if (error && !response.headersSent) next(error);
  });
}

/**
 * The dashboard on every GET/HEAD path that is not the API: a file of the build when the path
 * names one, else `index.html` (GET only), whose router decides. `isApiPath` paths are left alone.
 */
export function frontendAssets(frontendDir: string, isApiPath: (path: string) => boolean): RequestHandler {
  const root = resolve(frontendDir);
  const index = join(root, 'index.html');
  return (request, response, next) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || isApiPath(request.path)) return next();
    void (async () => {
      const file = fileBelow(root, request.path);
      if (file && (await isFile(file))) return sendAsset(request, response, next, file, cacheControlFor(file));
      if (request.method !== 'GET') return next();
      if (!(await isFile(index))) {
        response.status(404).type('text/plain').send('The dashboard is not built. Run `npm start` (or `npm run build`) from the repository root.');
        return;
      }
      return sendAsset(request, response, next, index, REVALIDATE);
    })().catch(next);
  };
}
