import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { register, sidebarLinks, uniqueEmail } from './support';

/**
 * Edit and resend with sibling navigation (issue 24 item 3), against the real backend: OpenAI and
 * Anthropic keys (playwright.config.ts) point at the provider emulator, which echoes the question.
 */
const EMULATOR = process.env['WEBOX_E2E_EMULATOR_URL'] ?? 'http://127.0.0.1:4011';
const OPENAI = 'openai/gpt-5.4-mini';
const ANTHROPIC = 'anthropic/claude-haiku-4-5';

async function emulatorRequests(request: APIRequestContext): Promise<{ vendor: string; model: string; messages: { role: string; text: string }[] }[]> {
  return (await request.get(`${EMULATOR}/_emulator/requests`)).json();
}

async function chooseModels(page: Page, ids: string[]): Promise<void> {
  await page.getByTestId('model-picker-button').click();
  const picker = page.getByTestId('model-picker');
  const checkbox = (id: string) => picker.locator(`[data-model="${id}"] input[type="checkbox"]`);
  for (const id of ids) if (!(await checkbox(id).isChecked())) await checkbox(id).check();
  for (const id of await picker.locator('[data-model]:has(input:checked)').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-model') ?? ''))) {
    if (!ids.includes(id)) await checkbox(id).uncheck();
  }
  await picker.getByRole('button', { name: 'Done' }).click();
  await expect(picker).toBeHidden();
}

const column = (page: Page, model: string): Locator => page.locator(`wbx-chat-column[data-model="${model}"]`);

async function send(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
  await expect(input).toHaveValue('');
  for (const model of [OPENAI, ANTHROPIC]) await expect(column(page, model).getByTestId('reply').last()).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
}

test('edit and resend keeps the old branch, and < 1/2 > moves between the versions of the question', async ({ page, request }) => {
  await register(page, { name: 'Branch Tester', email: uniqueEmail('branches'), password: 'branch-tester-2026' });
  await sidebarLinks(page).filter({ hasText: 'Multi-AI chat' }).click();
  await expect(page.getByTestId('model-picker-button')).toBeEnabled();
  await chooseModels(page, [OPENAI, ANTHROPIC]);

  await send(page, 'Name a **colour**');
  await send(page, 'Now a fruit');
  const gpt = column(page, OPENAI);
  // The user's message is Markdown, rendered as the replies are.
  await expect(gpt.getByTestId('question-text').first().locator('strong')).toHaveText('colour');
  await expect(gpt.getByTestId('question')).toHaveCount(2);

  // Edit the first question: the second turn leaves the screen, both models answer the new version.
  const before = (await emulatorRequests(request)).length;
  await gpt.getByTestId('question-edit').first().click();
  await gpt.getByTestId('question-editor').fill('Name a shape');
  await gpt.getByTestId('question-send').click();
  for (const model of [OPENAI, ANTHROPIC]) {
    await expect(column(page, model).getByTestId('reply')).toHaveCount(1);
    await expect(column(page, model).getByTestId('reply').first()).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  }
  await expect(gpt.getByTestId('reply').first()).toContainText('Name a shape');
  const sent = (await emulatorRequests(request)).slice(before);
  expect(sent.map((r) => r.vendor).sort()).toEqual(['anthropic', 'openai']);
  for (const r of sent) expect(r.messages.map((m) => m.text)).toEqual(['Name a shape']);

  // Version 2 of 2; back to version 1 brings the old branch whole, with its second turn.
  const versions = gpt.locator('wbx-chat-question').first().getByTestId('versions');
  await expect(versions.getByTestId('version-place')).toHaveText('2/2');
  await versions.getByTestId('version-previous').click();
  await expect(gpt.getByTestId('question')).toHaveCount(2);
  await expect(gpt.getByTestId('question-text').nth(1)).toHaveText('Now a fruit');
  await expect(gpt.locator('wbx-chat-question').first().getByTestId('version-place')).toHaveText('1/2');

  // The choice is the server's: a reload shows the same branch; then forward again.
  await page.reload();
  await expect(gpt.getByTestId('question')).toHaveCount(2);
  await expect(gpt.getByTestId('question-text').first()).toContainText('Name a colour');
  await gpt.locator('wbx-chat-question').first().getByTestId('version-next').click();
  await expect(gpt.getByTestId('question')).toHaveCount(1);
  await expect(gpt.getByTestId('question-text').first()).toHaveText('Name a shape');
});

test('the compare view has the versions too: edit the question of an earlier turn, < 1/2 >, and write one column again', async ({ page }) => {
  await register(page, { name: 'Compare Brancher', email: uniqueEmail('compare-branches'), password: 'branch-tester-2026' });
  await sidebarLinks(page).filter({ hasText: 'Multi-AI chat' }).click();
  await expect(page.getByTestId('model-picker-button')).toBeEnabled();
  await chooseModels(page, [OPENAI, ANTHROPIC]);
  await send(page, 'Name a colour');
  await send(page, 'Now a fruit');

  await page.getByTestId('view-toggle').getByRole('radio', { name: 'Compare' }).click();
  const comparison = page.getByTestId('comparison');
  const question = comparison.locator('wbx-chat-question');
  await expect(question.getByTestId('question-text')).toHaveText('Now a fruit');

  // Each column written again from here: its reply gets versions, < 2/2 >, the other column untouched.
  const answer = (model: string) => comparison.locator(`[data-testid="compare-answer"][data-model="${model}"]`);
  await answer(OPENAI).getByTestId('reply-regenerate').click();
  await expect(answer(OPENAI).getByTestId('version-place')).toHaveText('2/2', { timeout: 20_000 });
  await expect(answer(ANTHROPIC).getByTestId('versions')).toHaveCount(0);
  await answer(OPENAI).getByTestId('version-previous').click();
  await expect(answer(OPENAI).getByTestId('version-place')).toHaveText('1/2');

  // An earlier turn, edited here: the compare view stays on it, with < 2/2 > between its versions.
  await comparison.getByTestId('compare-turn').click();
  await page.getByRole('option', { name: /Name a colour/ }).click();
  await expect(question.getByTestId('question-text')).toHaveText('Name a colour');
  await question.getByTestId('question-edit').click();
  await question.getByTestId('question-editor').fill('Name a shape');
  await question.getByTestId('question-send').click();
  await expect(question.getByTestId('question-text')).toHaveText('Name a shape');
  for (const model of [OPENAI, ANTHROPIC]) await expect(answer(model).locator('wbx-chat-reply')).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  await expect(question.getByTestId('version-place')).toHaveText('2/2');
  await expect(answer(OPENAI)).toContainText('Name a shape');

  // Back to version 1: the old branch, its second turn with it; the compare view stays on turn 1.
  await question.getByTestId('version-previous').click();
  await expect(question.getByTestId('question-text')).toHaveText('Name a colour');
  await expect(question.getByTestId('version-place')).toHaveText('1/2');
  await comparison.getByTestId('compare-turn').click();
  await expect(page.getByRole('option')).toHaveCount(2);
  await page.keyboard.press('Escape');
});
