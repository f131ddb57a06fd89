#!/usr/bin/env node
// After `ng build`: writes `<file>.br` and `<file>.gz` beside each compressible file of the build
// (default `dist/frontend/browser`), with Node's own zlib at the highest levels, since this runs
// once per build and never per request. The backend (`backend/src/frontend-assets.ts`) answers
// each request with the best variant it accepts. A variant that is not smaller than the file is
// not written; fonts (woff2 is already brotli) and images are left alone.
//   node frontend/scripts/precompress.mjs [dir]
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.xml', '.webmanifest', '.ico', '.ttf', '.otf']);
const VARIANTS = ['.br', '.gz'];

const dir = resolve(process.argv[2] ?? new URL('../../dist/frontend/browser', import.meta.url).pathname);

function* files(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

const started = Date.now();
let count = 0;
let before = 0;
let afterBrotli = 0;
for (const path of [...files(dir)]) {
  // Variants of an earlier run are rewritten from their file (or removed with it).
  if (VARIANTS.includes(extname(path))) {
    try {
      statSync(path.slice(0, -3));
    } catch {
      rmSync(path);
    }
    continue;
  }
  if (!COMPRESSIBLE.has(extname(path).toLowerCase())) continue;
  const content = readFileSync(path);
  const brotli = brotliCompressSync(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  });
  const gzip = gzipSync(content, { level: constants.Z_BEST_COMPRESSION });
  for (const [suffix, bytes] of [['.br', brotli], ['.gz', gzip]]) {
    if (bytes.length < content.length) writeFileSync(path + suffix, bytes);
    else rmSync(path + suffix, { force: true });
  }
  count += 1;
  before += content.length;
  afterBrotli += Math.min(brotli.length, content.length);
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
console.log(`precompress: ${count} files in ${relative(process.cwd(), dir) || '.'}: ${kB(before)} -> ${kB(afterBrotli)} brotli (${Date.now() - started} ms)`);
