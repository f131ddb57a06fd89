import { expect, test, type Page } from '@playwright/test';
import { en } from '../src/app/core/i18n/messages.en';
import { fr } from '../src/app/core/i18n/messages.fr';
import { ADMIN, FRENCH_AREAS, logIn, register, sidebarLabels, uniqueEmail } from './support';

/**
 * One language at a time (issue 24 item 10): with French chosen in the profile, the chat page shows
 * no English outside what the models wrote. What is checked: every visible text node and every
 * accessible label, placeholder and tooltip of the page, except the replies' content (model output)
 * and what the user typed (the question, the conversation's title made from it).
 */

/** Texts of the English dictionary that French says differently (a parameter-free message is a whole text). */
const ENGLISH_TEXTS = new Set(
  (Object.keys(en) as (keyof typeof en)[])
    .filter((key) => en[key] !== fr[key] && !en[key].includes('{'))
    .map((key) => en[key]),
);
/** English words that no French sentence of the page uses (not `message` or `conversation`: French words too); a product name never holds them. */
const ENGLISH_WORDS = /\b(the|and|your|you|with|send|stop|copy|models?|reply|replies|settings|history|choose|available|offline|search|new|add|delete|tokens|in \/|out)\b/i;

/** The page's visible texts and labels, outside model output and the user's own words. */
async function pageTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const excluded = '[data-testid="reply-content"], [data-testid="question"], [data-testid="conversation-title"], wbx-markdown, .cdk-live-announcer-element';
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (!parent || !text || parent.closest(excluded) || parent.closest('mat-icon, .material-symbols, [aria-hidden="true"], script, style')) continue;
      if (!parent.checkVisibility({ visibilityProperty: true }) && !parent.closest('.cdk-visually-hidden')) continue;
      texts.push(text);
    }
    for (const element of document.body.querySelectorAll<HTMLElement>('[aria-label], [placeholder], [title], [mattooltip]')) {
      if (element.closest(excluded)) continue;
      for (const name of ['aria-label', 'placeholder', 'title']) {
        const value = element.getAttribute(name)?.trim();
        if (value) texts.push(value);
      }
    }
    return texts;
  });
}

function englishIn(texts: string[]): string[] {
  return [...new Set(texts.filter((text) => ENGLISH_TEXTS.has(text) || ENGLISH_WORDS.test(text)))];
}

const EMULATOR = process.env['WEBOX_E2E_EMULATOR_URL'] ?? 'http://127.0.0.1:4011';
const ANTHROPIC = 'anthropic/claude-haiku-4-5';

test('the whole chat page in French, with no English outside model output', async ({ page, request }) => {
  test.setTimeout(120_000);
  await frenchUser(page, 'Claire');

  await page.goto('/chat');
  await expect(page.getByTestId('model-picker-button')).toBeEnabled();
  expect(englishIn(await pageTexts(page)), 'English on the empty chat page').toEqual([]);

  const input = page.getByTestId('composer-input');
  await input.fill('Bonjour, peux-tu m’aider à écrire un courriel ?');
  await input.press('Enter');
  const replies = page.getByTestId('reply');
  await expect(replies.first()).toBeVisible();
  for (const reply of await replies.all()) await expect(reply).not.toHaveAttribute('data-status', 'streaming', { timeout: 20_000 });
  // The offline model's own sentences are in French too (the question is quoted as typed).
  const offline = page.locator('wbx-chat-column[data-model="local/webox-mini"] [data-testid="reply-content"]');
  if (await offline.count()) await expect(offline.first()).toContainText('Réponse hors ligne de Webox mini');
  expect(englishIn(await pageTexts(page)), 'English on the chat page after a turn').toEqual([]);

  // The model picker, open: provider names from the server, reasons translated from their codes.
  await page.getByTestId('model-picker-button').click();
  const picker = page.getByTestId('model-picker');
  await expect(picker).toBeVisible();
  await expect(picker.getByTestId('model-reason').first()).toContainText('ajoutez-en une dans votre profil');
  expect(englishIn(await pageTexts(page)), 'English in the model picker').toEqual([]);

  // A failed column: its vendor's failure is said in French (stored as a code, translated here).
  await picker.locator(`[data-model="${ANTHROPIC}"] input[type="checkbox"]`).check();
  await picker.getByRole('button', { name: 'Terminé' }).click();
  await expect(picker).toBeHidden();
  const outage = { failure: { type: 'status', status: 500, message: 'Emulated outage' }, match: { vendor: 'anthropic' } };
  expect((await request.post(`${EMULATOR}/_emulator/script`, { data: [outage, outage, outage] })).ok()).toBe(true);
  await input.fill('Et une deuxième question ?');
  await input.press('Enter');
  const failed = page.locator(`wbx-chat-column[data-model="${ANTHROPIC}"] [data-testid="reply"]`).last();
  await expect(failed).toHaveAttribute('data-status', 'error', { timeout: 20_000 });
  await expect(failed.getByTestId('reply-error')).toContainText('Anthropic est indisponible pour le moment. Réessayez dans un instant.');
  for (const reply of await replies.all()) await expect(reply).not.toHaveAttribute('data-status', 'streaming', { timeout: 20_000 });
  expect(englishIn(await pageTexts(page)), 'English with a failed column').toEqual([]);
  // Read back from the server (the code stored with the reply), still French.
  await page.reload();
  await expect(failed.getByTestId('reply-error')).toContainText('Anthropic est indisponible pour le moment. Réessayez dans un instant.');

  // The compare view and the settings panel.
  await page.getByTestId('view-toggle').getByRole('radio', { name: 'Comparer' }).click();
  await expect(page.getByTestId('compare-table')).toBeVisible();
  expect(englishIn(await pageTexts(page)), 'English in the compare view').toEqual([]);
  await page.getByTestId('settings-toggle').click();
  await expect(page.getByTestId('settings-panel')).toBeVisible();
  expect(englishIn(await pageTexts(page)), 'English in the chat settings').toEqual([]);
});

/** Sets the language of the signed-in user from the profile (`option`: the language's own name). */
async function chooseLanguage(page: Page, option: 'Français' | 'English'): Promise<void> {
  await page.goto('/profile');
  await page.getByTestId('language-select').click();
  await page.getByRole('option', { name: option }).click();
  await expect(page.getByTestId('language-select')).toContainText(option);
}

/** A new user who chose French in their profile. */
async function frenchUser(page: Page, name: string): Promise<void> {
  await register(page, { name, email: uniqueEmail('fr'), password: 'french-tester-2026' });
  await chooseLanguage(page, 'Français');
  await expect(sidebarLabels(page)).toHaveText(FRENCH_AREAS);
}

test('the built-in prompts in French: title, text, variable labels, search by French words and the fill-in dialog', async ({ page }) => {
  test.setTimeout(90_000);
  await frenchUser(page, 'Camille');
  await page.goto('/prompts');
  await page.getByTestId('prompt-search').fill('apaiser');
  const card = page.getByTestId('prompt-card');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Apaiser un client mécontent');
  await expect(card).toContainText('Canal');
  await expect(card).not.toContainText('De-escalate');

  await page.getByTestId('prompt-search').fill('SWOT');
  await expect(card.first()).toContainText('Analyse SWOT');
  await card.first().getByTestId('prompt-use').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText('Analyse SWOT');
  await expect(dialog.getByLabel('Entreprise')).toBeVisible();
  await expect(dialog.getByTestId('prompt-preview')).toContainText('Prépare une analyse SWOT pour');
  expect(englishIn(await pageTexts(page)), 'English in the prompt dialog').toEqual([]);
});

test('a field the server refuses is explained in French under the field', async ({ page }) => {
  test.setTimeout(90_000);
  await frenchUser(page, 'Hugo');
  await page.goto('/prompts/new');
  // The title stops at the server's limit (120 characters), as the server would.
  await page.getByTestId('prompt-title').fill('Titre très long '.repeat(10).slice(0, 150));
  await expect(page.getByTestId('prompt-title')).toHaveValue('Titre très long '.repeat(10).slice(0, 120));
  // A tag the server refuses (only letters, digits, spaces, _ and -): the banner names the field in French.
  await page.getByTestId('prompt-title').fill('Salutation');
  await page.getByTestId('prompt-body').fill('Bonjour {{nom}}');
  await page.locator('input[formcontrolname="tags"]').fill('!!!');
  await page.getByTestId('prompt-save').click();
  const errors = page.locator('mat-error');
  await expect(page.getByTestId('prompt-form-error')).toContainText('Certains champs ne sont pas valides : mots-clés');
  expect(englishIn(await pageTexts(page)), 'English on the refused form').toEqual([]);
  await page.locator('input[formcontrolname="tags"]').fill('');

  // A rule of Webox's own (a malformed placeholder), once the fields pass.
  await page.getByTestId('prompt-title').fill('Salutation');
  await page.getByTestId('prompt-body').fill('Bonjour {{ nom');
  await page.getByTestId('prompt-save').click();
  await expect(errors.filter({ hasText: 'Une variable est mal formée : vérifiez chaque double accolade.' })).toBeVisible();
  await expect(errors.filter({ hasText: /Malformed|placeholder/ })).toHaveCount(0);
});

test('the paginators speak French: their labels come with the signed-in frame, not with the first page', async ({ page }) => {
  await logIn(page, ADMIN);
  await chooseLanguage(page, 'Français');
  try {
    await page.goto('/admin/users');
    // The users' list (the sign-up settings above it page their waiting accounts when there are some).
    const paginator = page.getByTestId('admin-users').locator('mat-paginator');
    await expect(paginator).toContainText(' sur ');
    await expect(paginator.getByRole('button', { name: 'Page suivante' })).toBeAttached();
  } finally {
    // The administrator is shared by the other files, which read the pages in English.
    await chooseLanguage(page, 'English');
  }
});
