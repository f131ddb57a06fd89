import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cwd } from 'node:process';
import { IconFontSetPipe } from './icon-font-set.pipe';
import { FULL_ICON_FONT_CLASS, ICON_FONT_CLASS, ICON_NAMES, isShippedIcon } from './icons';

/**
 * The icon font holds only ICON_NAMES: an icon used anywhere else would render as its letters.
 * These checks read the sources (Vitest runs in Node), since templates are where icons are named.
 */
const frontend = existsSync(join(cwd(), 'src', 'app')) ? cwd() : join(cwd(), 'frontend');
const app = join(frontend, 'src', 'app');

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return path === join(app, 'api') ? [] : sources(path);
    return /\.(html|ts)$/.test(entry.name) && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

interface IconUse {
  file: string;
  name: string;
}

/**
 * Every `<mat-icon>` of the templates (`.html` files and inline templates): a literal ligature,
 * or one interpolation whose string results (`cond ? 'star' : 'star_outline'`, `x || 'smart_toy'`)
 * are names. Anything else is reported, so no use escapes the check.
 */
function templateIcons(): { uses: IconUse[]; unreadable: string[] } {
  const uses: IconUse[] = [];
  const unreadable: string[] = [];
  for (const path of sources(app)) {
    const file = relative(frontend, path);
    for (const [, body = ''] of readFileSync(path, 'utf8').matchAll(/<mat-icon\b[^>]*>([\s\S]*?)<\/mat-icon>/g)) {
      const content = body.trim();
      if (/^[a-z0-9_]+$/.test(content)) {
        uses.push({ file, name: content });
      } else if (/^\{\{[^}]*\}\}$/.test(content)) {
        // A string in a result position; operands of comparisons (`status === 'done'`) are not names.
        for (const [, name = ''] of content.matchAll(/(?:\?|:|\|\||\?\?|\{\{)\s*'([^']*)'/g)) uses.push({ file, name });
      } else {
        unreadable.push(`${file}: <mat-icon>${content}</mat-icon>`);
      }
    }
  }
  return { uses, unreadable };
}

describe('shipped icons', () => {
  const { uses, unreadable } = templateIcons();

  it('finds the icons of the templates', () => {
    expect(uses.length).toBeGreaterThan(100);
    expect(uses).toContainEqual({ file: join('src', 'app', 'core', 'layout', 'shell.html'), name: 'menu' });
    expect(unreadable).toEqual([]);
  });

  it('ships every icon a template uses', () => {
    const missing = uses.filter((use) => !isShippedIcon(use.name)).map((use) => `${use.file}: ${use.name}`);
    // Add the name to ICON_NAMES (src/app/core/icons/icons.ts): the build subsets the font to that list.
    expect(missing).toEqual([]);
  });

  it('ships the icons of the built-in agents', () => {
    const agents = readFileSync(join(frontend, '..', 'backend', 'src', 'modules', 'agents', 'built-in-agents.ts'), 'utf8');
    const icons = [...agents.matchAll(/^\s*icon: '([a-z0-9_]+)',$/gm)].map(([, name]) => name!);
    expect(icons.length).toBeGreaterThan(0);
    expect(icons.filter((name) => !isShippedIcon(name))).toEqual([]);
  });

  // Whether the font has each name is the build's check: scripts/icon-font.mjs shapes every name
  // with the font's ligatures and fails on one it does not know.
  it('lists each name once, sorted, and only names something uses', () => {
    expect([...ICON_NAMES]).toEqual([...new Set(ICON_NAMES)].sort());

    // Used: in a template, or as a string in code or in the built-in agents (typed `IconName`).
    const code = sources(app)
      .filter((path) => !path.endsWith(join('icons', 'icons.ts')))
      .map((path) => readFileSync(path, 'utf8'))
      .concat(readFileSync(join(frontend, '..', 'backend', 'src', 'modules', 'agents', 'built-in-agents.ts'), 'utf8'))
      .join('\n');
    const used = new Set(uses.map((use) => use.name));
    expect(ICON_NAMES.filter((name) => !used.has(name) && !code.includes(`'${name}'`))).toEqual([]);
  });

  it('leaves the full icon font to the icons a user chooses', () => {
    const fullFont = sources(app).filter((path) => !path.includes(join('core', 'icons')) && readFileSync(path, 'utf8').includes(FULL_ICON_FONT_CLASS));
    expect(fullFont.map((path) => relative(frontend, path))).toEqual([]);

    const pipe = new IconFontSetPipe();
    expect(pipe.transform('smart_toy')).toBe(ICON_FONT_CLASS);
    expect(pipe.transform('')).toBe(ICON_FONT_CLASS);
    expect(pipe.transform('rocket_launch')).toBe(FULL_ICON_FONT_CLASS);
  });
});
