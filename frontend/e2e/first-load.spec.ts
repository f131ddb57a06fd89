import { expect, test, type Page, type Response } from '@playwright/test';
import { register, uniqueEmail } from './support';

/**
 * What the browser downloads on a first visit (docs/performance.md, "Dashboard first load"):
 * compressed scripts cached for good, the icon subset and not the 4 MB Material Symbols font,
 * one dictionary, and icons that render as icons.
 */

/** Every response of the page, as it arrives. */
function recordResponses(page: Page): Response[] {
  const responses: Response[] = [];
  page.on('response', (response) => responses.push(response));
  return responses;
}

const path = (response: Response) => new URL(response.url()).pathname;
const isFullIconFont = (response: Response) => path(response).includes('material-symbols-outlined');

/** The scripts among `responses` whose text holds `text` (a message of one dictionary). */
async function scriptsHolding(responses: Response[], text: string): Promise<string[]> {
  const scripts = responses.filter((response) => path(response).endsWith('.js') && response.ok());
  const bodies = await Promise.all(scripts.map(async (response) => ({ path: path(response), body: await response.text().catch(() => '') })));
  return bodies.filter(({ body }) => body.includes(text)).map(({ path }) => path);
}

/** Icons whose ligature did not form render their name, wider than their box. */
async function expectIconsDrawn(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const overflowing = await page.locator('mat-icon').evaluateAll((icons) =>
    icons.filter((icon) => icon.getBoundingClientRect().width > 0 && icon.scrollWidth > icon.clientWidth + 1).map((icon) => icon.textContent?.trim()),
  );
  expect(overflowing).toEqual([]);
}

test('the login page: compressed, cached by name, one dictionary, no icon font but the subset', async ({ page }) => {
  const responses = recordResponses(page);
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  await page.evaluate(() => document.fonts.ready.then(() => undefined));

  const document = responses.find((response) => path(response) === '/login')!;
  expect(document.headers()['cache-control']).toBe('no-cache');
  const scripts = responses.filter((response) => path(response).endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) {
    // A chunk too small for brotli to shrink (a few dozen bytes) is sent as it is (precompress.mjs).
    if ((await script.body()).length >= 200) expect(script.headers()['content-encoding'], path(script)).toBe('br');
    expect(script.headers()['cache-control'], path(script)).toBe('public, max-age=31536000, immutable');
  }

  expect(responses.filter(isFullIconFont)).toEqual([]);
  expect(responses.some((response) => /\/media\/webox-symbols-\w+\.woff2$/.test(path(response)))).toBe(true);
  await expectIconsDrawn(page);

  // English on screen: the English dictionary came, the French one did not.
  expect(await scriptsHolding(responses, 'Se connecter')).toEqual([]);
  expect(await scriptsHolding(responses, 'Create your Webox account')).toHaveLength(1);

  // Switching loads the other dictionary, then shows it.
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: 'Français' }).click();
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
  expect(await scriptsHolding(responses, 'Se connecter')).toHaveLength(1);
  await page.getByTestId('language-menu').click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
});

test('the signed-in pages draw every icon from the subset font', async ({ page }) => {
  const responses = recordResponses(page);
  await register(page, { name: 'Icon Checker', email: uniqueEmail('icons'), password: 'icons-are-glyphs-2026' });
  for (const area of ['/', '/chat', '/agents', '/prompts', '/generation/images', '/media', '/knowledge', '/profile', '/combinations']) {
    await page.goto(area);
    await expect(page.locator('mat-sidenav nav a[data-area]').first()).toBeVisible();
    await expect(page.locator('main h1, h1').first()).toBeVisible();
    await expectIconsDrawn(page);
  }
  // The built-in agents' icons are in the subset too.
  await page.goto('/agents');
  await expect(page.locator('.agent-icon').first()).toBeVisible();
  await expectIconsDrawn(page);
  expect(responses.filter(isFullIconFont).map(path)).toEqual([]);
});
