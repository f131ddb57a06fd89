import { expect, test, type Page } from '@playwright/test';
import { register, sidebarLinks, uniqueEmail } from './support';

/** A marker on the window: still there after a click, the click was a router navigation, not a reload. */
async function markWindow(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __sameDocument?: boolean }).__sameDocument = true));
}
async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
}

test('open the Documentation, search a guide, open it, follow its links to another guide and to the API tab', async ({ page }) => {
  await register(page, { name: 'Docs Reader', email: uniqueEmail('docs'), password: 'docs-reader-2026' });
  await sidebarLinks(page).filter({ hasText: 'Documentation' }).click();
  await expect(page).toHaveURL(/\/documentation$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Documentation');
  await expect(page.getByTestId('documentation-tab')).toHaveText(['Guides', 'Getting started', 'API', 'FAQ']);
  await expect(page.getByTestId('documentation-guide').first()).toHaveAttribute('data-slug', 'getting-started');
  await page.screenshot({ path: test.info().outputPath('documentation-1280.png'), fullPage: true });

  await page.getByTestId('documentation-tab').filter({ hasText: 'Guides' }).click();
  await expect(page.getByTestId('documentation-guides')).toHaveAttribute('data-tab', 'guides');
  await expect(page.getByTestId('documentation-guide').filter({ hasText: 'Multi-model chat' })).toBeVisible();

  // Search: the best guide first, opened at its section.
  await page.getByTestId('documentation-search').fill('merge answers');
  const hit = page.getByTestId('documentation-hit').first();
  await expect(hit).toHaveAttribute('data-slug', 'chat');
  await markWindow(page);
  await hit.click();
  await expect(page).toHaveURL(/\/documentation\/chat#merge-the-answers$/);
  const guide = page.getByTestId('documentation-page');
  await expect(guide).toHaveAttribute('data-slug', 'chat');
  await expect(guide.locator('h2#merge-the-answers')).toHaveText('Merge the answers');
  await expect(page.getByTestId('documentation-toc')).toContainText('Merge the answers');
  // The Markdown is sanitised by the shared renderer: no script, no inline handler.
  expect(await guide.locator('script, [onclick], [onerror]').count()).toBe(0);
  await page.screenshot({ path: test.info().outputPath('documentation-guide-1280.png'), fullPage: true });

  // A link to another guide, then one to an operation of the API tab: router navigations.
  await guide.getByRole('link', { name: 'the API guide' }).click();
  await expect(page).toHaveURL(/\/documentation\/api-access$/);
  await expect(page.getByTestId('documentation-page')).toHaveAttribute('data-slug', 'api-access');
  await page.getByTestId('documentation-page').getByRole('link', { name: 'send a message to several models' }).click();
  await expect(page).toHaveURL(/\/documentation\/api#post-api-chat$/);
  const operation = page.locator('details#post-api-chat');
  await expect(operation).toHaveAttribute('open', '');
  await expect(operation).toContainText('Send one message to 1-12 models at once');
  await expect(operation).toContainText('Request body example');
  await expect(page.getByTestId('documentation-tab').filter({ hasText: 'API' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('documentation-swagger')).toHaveAttribute('href', '/api/docs');
  expect(await sameDocument(page)).toBe(true);
  await page.screenshot({ path: test.info().outputPath('documentation-api-1280.png'), fullPage: true });

  await page.getByTestId('documentation-api-filter').fill('completions');
  await expect(page.getByTestId('documentation-operation')).toHaveCount(1);
});

test('an unknown guide says so, and an area page links to its guide', async ({ page }) => {
  await register(page, { name: 'Docs Helper', email: uniqueEmail('docs-help'), password: 'docs-helper-2026' });
  await page.goto('/documentation/no-such-guide');
  await expect(page.getByTestId('documentation-missing')).toContainText('No guide has this address.');

  await page.goto('/catalog');
  await page.getByTestId('help-link').click();
  await expect(page).toHaveURL(/\/documentation\/catalog$/);
  await expect(page.getByTestId('documentation-page').getByRole('heading', { level: 2 }).first()).toHaveText('AI tools catalog');

  await page.getByTestId('documentation-search').fill('zzqxj');
  await expect(page.getByTestId('documentation-no-results')).toBeVisible();
});

test('a guide reads on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await register(page, { name: 'Docs Mobile', email: uniqueEmail('docs-mobile'), password: 'docs-mobile-2026' });
  await page.goto('/documentation/self-hosting');
  await expect(page.getByTestId('documentation-page')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('documentation-guide-390.png'), fullPage: true });
  await page.goto('/documentation/api');
  await expect(page.getByTestId('documentation-api')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('documentation-api-390.png'), fullPage: true });
});
