#!/usr/bin/env node
// Before `ng build` / `ng serve`: subsets the Material Symbols Outlined variable font (4 MB, every
// icon) to the icons the dashboard uses (`ICON_NAMES` in src/app/core/icons/icons.ts), keeping
// their ligatures, so `<mat-icon>home</mat-icon>` works as before. Offline, with harfbuzz compiled
// to WebAssembly (harfbuzzjs, subset-font): nothing is downloaded.
//
// How: each name is shaped with the font's ligatures to find its glyph, then the font is cut to
// the letters of the names plus those glyphs, without layout closure (with it, harfbuzz would keep
// every ligature the letters can form, i.e. every icon). FILL, GRAD and wght are pinned to the
// defaults the dashboard renders with (0, 0, 400); opsz stays variable, as icons are drawn from
// 14 to 96 px. A name the font does not know fails the build.
//   node frontend/scripts/icon-font.mjs [out.woff2]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';
import fontverter from 'fontverter';
import * as hb from 'harfbuzzjs';
import subsetFont from 'subset-font';
import ts from 'typescript';

const frontend = new URL('..', import.meta.url).pathname;
const out = process.argv[2] ?? `${frontend}src/generated/icons/webox-symbols.woff2`;
const require = createRequire(import.meta.url);
const source = `${dirname(require.resolve('material-symbols/package.json'))}/material-symbols-outlined.woff2`;
const PINNED_AXES = { FILL: 0, GRAD: 0, wght: 400 };

/** `ICON_NAMES` from icons.ts (a module without imports), compiled on the fly. */
async function iconNames() {
  const file = `${frontend}src/app/core/icons/icons.ts`;
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const { ICON_NAMES } = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
  return ICON_NAMES;
}

/** The private-use code point of each icon, found by shaping its name with the font's ligatures. */
function codePoints(ttf, names) {
  const face = new hb.Face(new hb.Blob(ttf));
  const font = new hb.Font(face);
  const byGlyph = new Map();
  for (const unicode of face.collectUnicodes()) {
    const glyph = font.glyph(unicode);
    if (glyph !== undefined && !byGlyph.has(glyph)) byGlyph.set(glyph, unicode);
  }
  const unknown = [];
  const result = names.map((name) => {
    const buffer = new hb.Buffer();
    buffer.addText(name);
    buffer.guessSegmentProperties();
    hb.shape(font, buffer);
    const glyphs = buffer.getGlyphInfos().map((info) => info.codepoint);
    const unicode = glyphs.length === 1 ? byGlyph.get(glyphs[0]) : undefined;
    if (unicode === undefined || unicode < 0xe000) unknown.push(name);
    return unicode;
  });
  if (unknown.length) throw new Error(`Material Symbols has no icon named ${unknown.join(', ')} (src/app/core/icons/icons.ts)`);
  return result;
}

const started = Date.now();
const names = await iconNames();
const woff2 = readFileSync(source);
const icons = codePoints(await fontverter.convert(woff2, 'truetype'), names);
const letters = [...new Set(names.join(''))].join('');
const subset = await subsetFont(woff2, letters + String.fromCodePoint(...icons), {
  targetFormat: 'woff2',
  noLayoutClosure: true,
  variationAxes: PINNED_AXES,
});
mkdirSync(dirname(out), { recursive: true });
let previous;
try {
  previous = readFileSync(out);
} catch {
  previous = undefined;
}
// Rewritten only when it changes, so a running `ng serve` does not rebuild for nothing.
if (!previous?.equals(subset)) writeFileSync(out, subset);
console.log(`icon-font: ${names.length} icons, ${(subset.length / 1000).toFixed(1)} kB (from ${(woff2.length / 1e6).toFixed(1)} MB) -> ${relative(process.cwd(), out)} (${Date.now() - started} ms)`);
