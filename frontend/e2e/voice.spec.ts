import { expect, test, type Page } from '@playwright/test';
import { register, sidebarLinks, uniqueEmail } from './support';

/**
 * The Voice page with no Twilio account: an assistant is built and tried by text through the same
 * dialogue engine a phone call uses (the offline model answers).
 */
async function createAssistant(page: Page, name: string): Promise<void> {
  await page.getByTestId('new-assistant').click();
  await page.getByTestId('assistant-name').fill(name);
  await page.getByTestId('assistant-greeting').fill('Hello, you are through to the front desk.');
  await page.getByTestId('assistant-instructions').fill('Take a message for the team.');
  await page.getByTestId('save-assistant').click();
  await expect(page.getByTestId('assistant-item').filter({ hasText: name })).toBeVisible();
}

test('an assistant is created offline and holds a text test call', async ({ page }) => {
  await register(page, { name: 'Vera Voice', email: uniqueEmail('voice'), password: 'correct horse 42' });
  await sidebarLinks(page).filter({ hasText: 'Voice assistant' }).click();
  await expect(page).toHaveURL(/\/voice$/);
  await expect(page.getByTestId('voice-needs')).toContainText('Twilio account');
  // The e2e server reaches OpenAI's emulator, so speech to text is available here.
  await expect(page.getByTestId('voice-needs')).toContainText('Speech to text is available');

  await createAssistant(page, 'Front desk');
  const call = page.getByTestId('test-call');
  await expect(call).toContainText('Hello, you are through to the front desk.');
  await expect(call.getByTestId('dictation-button')).toBeVisible();

  await page.getByTestId('test-input').fill('I would like to leave a message for Grace');
  await page.getByTestId('test-send').click();
  const lines = page.getByTestId('test-line');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toHaveText('I would like to leave a message for Grace');
  await expect(lines.nth(1)).not.toBeEmpty();

  await page.getByTestId('test-input').fill('Thank you');
  await page.getByTestId('test-send').click();
  await expect(lines).toHaveCount(4);
});

test('the Voice page fits a 390 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await register(page, { name: 'Mia Mobile', email: uniqueEmail('voice-mobile'), password: 'correct horse 42' });
  await page.goto('/voice');
  await createAssistant(page, 'Pocket desk');
  await page.getByTestId('test-input').fill('Hello');
  await page.getByTestId('test-send').click();
  await expect(page.getByTestId('test-line')).toHaveCount(2);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the call history in French at 390 px: filters and assistant and model pickers fit the screen', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await register(page, { name: 'Camille Mobile', email: uniqueEmail('voice-fr'), password: 'correct horse 42' });
  await page.goto('/profile');
  await page.getByTestId('language-select').click();
  await page.getByRole('option', { name: 'Français' }).click();
  await page.goto('/voice');
  await page.getByTestId('new-assistant').click();
  // The model picker lists the catalogue; the offline model is usable with no key.
  await page.getByTestId('assistant-model').click();
  await expect(page.locator('mat-option[data-model="local/webox-mini"]')).toBeVisible();
  await page.locator('mat-option[data-model="local/webox-mini"]').click();
  await page.getByTestId('assistant-agent').click();
  await expect(page.getByRole('option', { name: 'Aucun : les instructions ci-dessous' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.screenshot({ path: testInfo.outputPath('voice-editor-390-fr.png'), fullPage: true });

  await page.getByRole('tab', { name: 'Historique des appels' }).click();
  const filters = page.getByTestId('call-filters');
  await expect(filters).toContainText('Tous les assistants');
  await expect(filters).toContainText('Tous les statuts');
  await expect(filters.getByText('Effacer les filtres')).toBeVisible();
  await expect(page.getByTestId('calls-empty')).toHaveText('Aucun appel pour l’instant.');
  await page.getByTestId('calls-status').click();
  await page.getByRole('option', { name: 'échoué' }).click();
  await expect(page.getByTestId('calls-empty')).toHaveText('Aucun appel ne correspond à ces filtres.');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath('voice-calls-390-fr.png'), fullPage: true });
});
