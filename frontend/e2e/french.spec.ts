import { expect, test, type Page } from '@playwright/test';
import { en } from '../src/app/core/i18n/messages.en';
import { fr } from '../src/app/core/i18n/messages.fr';
import { FRENCH_AREAS, register, sidebarLabels, uniqueEmail } from './support';

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

test('the whole chat page in French, with no English outside model output', async ({ page }) => {
  test.setTimeout(90_000);
  await register(page, { name: 'Claire', email: uniqueEmail('fr'), password: 'french-tester-2026' });
  await page.goto('/profile');
  await page.getByTestId('language-select').click();
  await page.getByRole('option', { name: 'Français' }).click();
  await expect(sidebarLabels(page)).toHaveText(FRENCH_AREAS);

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

  // The model picker, open: reasons and provider names come from the server in the profile's language.
  await page.getByTestId('model-picker-button').click();
  await expect(page.getByTestId('model-picker')).toBeVisible();
  expect(englishIn(await pageTexts(page)), 'English in the model picker').toEqual([]);
});

/** A new user who chose French in their profile. */
async function frenchUser(page: Page, name: string): Promise<void> {
  await register(page, { name, email: uniqueEmail('fr'), password: 'french-tester-2026' });
  await page.goto('/profile');
  await page.getByTestId('language-select').click();
  await page.getByRole('option', { name: 'Français' }).click();
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
  // 150 characters: the form lets it through, the server's limit is 120.
  await page.getByTestId('prompt-title').fill('Titre très long '.repeat(10).slice(0, 150));
  await page.getByTestId('prompt-body').fill('Bonjour {{nom}}');
  await page.getByTestId('prompt-save').click();
  const errors = page.locator('mat-error');
  await expect(errors.filter({ hasText: 'Doit contenir entre 1 et 120 caractères.' })).toBeVisible();
  await expect(page.getByTestId('prompt-form-error')).toContainText('Certains champs ne sont pas valides');
  expect(englishIn(await pageTexts(page)), 'English on the refused form').toEqual([]);

  // A rule of Webox's own (a malformed placeholder), once the fields pass.
  await page.getByTestId('prompt-title').fill('Salutation');
  await page.getByTestId('prompt-body').fill('Bonjour {{ nom');
  await page.getByTestId('prompt-save').click();
  await expect(errors.filter({ hasText: 'Une variable est mal formée : vérifiez chaque double accolade.' })).toBeVisible();
  await expect(errors.filter({ hasText: /Malformed|placeholder/ })).toHaveCount(0);
});
