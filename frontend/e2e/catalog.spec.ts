import { expect, test, type Page } from '@playwright/test';
import { register, sidebarLinks, uniqueEmail } from './support';

const cards = (page: Page) => page.getByTestId('catalog-card');

async function search(page: Page, text: string): Promise<void> {
  await page.getByTestId('catalog-search').fill(text);
}

test('a typo search finds the tool, favourite it, review it, and "Favourites only" keeps it', async ({ page }) => {
  await register(page, { name: 'Catalog User', email: uniqueEmail('catalog'), password: 'catalog-tester-2026' });
  await sidebarLinks(page).filter({ hasText: 'AI tools catalog' }).click();
  await expect(page).toHaveURL(/\/catalog$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('AI tools catalog');
  await expect(cards(page).first()).toBeVisible();
  await expect(page.getByTestId('catalog-chip').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('catalog-1280.png'), fullPage: true });

  // "midjorney": the server forgives the typo and ranks Midjourney first.
  await search(page, 'midjorney');
  const midjourney = cards(page).first();
  await expect(midjourney).toHaveAttribute('data-slug', 'midjourney');
  await expect(midjourney.getByTestId('catalog-website')).toHaveAttribute('rel', 'noopener noreferrer');

  await midjourney.getByTestId('catalog-favorite').click();
  await expect(midjourney.getByTestId('catalog-favorite')).toHaveAttribute('aria-pressed', 'true');

  await search(page, '');
  await page.getByTestId('catalog-favorites-only').click();
  await expect(cards(page)).toHaveCount(1);
  await expect(cards(page).first()).toHaveAttribute('data-slug', 'midjourney');

  // Its page: the facts with the date they were checked, and my review, which the rating counts.
  await cards(page).first().getByTestId('catalog-card-link').click();
  await expect(page).toHaveURL(/\/catalog\/[\w-]+$/);
  await expect(page.getByTestId('catalog-tool-name')).toHaveText('Midjourney');
  await expect(page.getByTestId('catalog-tool-checked')).toContainText('Facts checked on');
  await expect(page.getByTestId('catalog-favorite')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('catalog-review-star').nth(3).click();
  await page.getByTestId('catalog-review-text').fill('Beautiful pictures, but only through Discord or its site.');
  await page.getByTestId('catalog-review-save').click();
  await expect(page.getByTestId('catalog-review')).toHaveCount(1);
  await expect(page.getByTestId('catalog-review').first()).toContainText('Beautiful pictures');
  await expect(page.getByText('4.0 (1 review)')).toBeVisible();
  await expect(page.getByTestId('catalog-review-delete')).toBeVisible();
});

test('"Try in Webox" opens the chat with the tool\'s model chosen, or says why it cannot', async ({ page }) => {
  await register(page, { name: 'Try User', email: uniqueEmail('catalog-try'), password: 'catalog-tester-2026' });
  await page.goto('/catalog');
  await search(page, 'claude');
  const claude = page.locator('[data-testid="catalog-card"][data-slug="claude"]');
  await expect(claude.getByTestId('catalog-in-webox')).toBeVisible();
  await claude.getByTestId('catalog-try').click();
  await expect(page).toHaveURL(/\/chat\?model=anthropic%2Fclaude-opus-5$/);
  await expect(page.getByTestId('chat-empty').locator('.selected-models li')).toHaveText(['Claude Opus 5']);

  // Mistral's model needs an OpenAI-compatible endpoint, not configured here: the usual model, and a message.
  await page.goto('/catalog');
  await search(page, 'mistral');
  const leChat = page.locator('[data-testid="catalog-card"][data-slug="mistral-le-chat"]');
  await leChat.getByTestId('catalog-try').click();
  await expect(page).toHaveURL(/\/chat\?model=openai-compatible%2Fmistral-large-latest$/);
  await expect(page.locator('mat-snack-bar-container')).toContainText('Mistral Large is not available:');
  await expect(page.getByTestId('chat-empty').locator('.selected-models li')).not.toHaveText(['Mistral Large']);
});

test('the catalog fits a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await register(page, { name: 'Phone User', email: uniqueEmail('catalog-phone'), password: 'catalog-tester-2026' });
  await page.goto('/catalog');
  await expect(cards(page).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('catalog-390.png'), fullPage: true });
  await cards(page).first().getByTestId('catalog-card-link').click();
  await expect(page.getByTestId('catalog-tool-name')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('catalog-tool-390.png'), fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(width).toBeLessThanOrEqual(0);
});
