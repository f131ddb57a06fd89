import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { register, sidebarLinks, uniqueEmail } from './support';

/**
 * Per-chat settings in the page (issue 24 item 4): a system prompt and a temperature reach the
 * vendor, are saved as a preset, survive a reload with the conversation, and the preset applies to
 * a new chat. The Anthropic key of playwright.config.ts points at the provider emulator.
 */
const EMULATOR = process.env['WEBOX_E2E_EMULATOR_URL'] ?? 'http://127.0.0.1:4011';
const ANTHROPIC = 'anthropic/claude-haiku-4-5';

interface Recorded {
  vendor: string;
  model?: string;
  system?: string;
  body: Record<string, unknown>;
}

async function anthropicRequests(request: APIRequestContext): Promise<Recorded[]> {
  const all = (await (await request.get(`${EMULATOR}/_emulator/requests`)).json()) as Recorded[];
  return all.filter((r) => r.vendor === 'anthropic' && r.model === 'claude-haiku-4-5');
}

async function chooseOnly(page: Page, id: string): Promise<void> {
  await page.getByTestId('model-picker-button').click();
  const picker = page.getByTestId('model-picker');
  await picker.locator(`[data-model="${id}"] input[type="checkbox"]`).check();
  for (const other of await picker.locator('[data-model]:has(input:checked)').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-model') ?? ''))) {
    if (other !== id) await picker.locator(`[data-model="${other}"] input[type="checkbox"]`).uncheck();
  }
  await picker.getByRole('button', { name: 'Done' }).click();
  await expect(picker).toBeHidden();
}

async function send(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
  await expect(input).toHaveValue('');
  await expect(page.getByTestId('reply').last()).not.toContainText('Waiting for the model', { timeout: 20_000 });
}

test('a system prompt and a temperature reach the model, are saved as a preset, kept on reload, and applied to a new chat', async ({ page, request }) => {
  await register(page, { name: 'Settings Tester', email: uniqueEmail('settings'), password: 'settings-tester-2026' });
  await sidebarLinks(page).filter({ hasText: 'Multi-AI chat' }).click();
  await expect(page.getByTestId('model-picker-button')).toBeEnabled();
  // With keys configured the page still starts on the offline model: nothing switches on its own.
  await expect(page.getByTestId('model-picker-button')).toContainText('Models 1/12');
  await expect(page.getByTestId('chat-empty')).toContainText('Webox mini (offline)');
  await chooseOnly(page, ANTHROPIC);

  await page.getByTestId('settings-toggle').click();
  const panel = page.getByTestId('settings-panel');
  await panel.getByTestId('settings-system-prompt').fill('Answer like a sailor.');
  await panel.getByTestId('settings-temperature').fill('0.3');
  await expect(panel.locator('[data-model-settings="anthropic/claude-haiku-4-5"]')).toContainText('not both');
  // Out of range: said under the field.
  await panel.getByTestId('settings-top-p').fill('1.5');
  await expect(panel.getByRole('alert')).toContainText('Between 0 and 1');
  // Cleared again before the preset is saved (once in a CI run the clearing did not register and the save sent 1.5).
  await expect(async () => {
    await panel.getByTestId('settings-top-p').fill('');
    await expect(panel.getByRole('alert')).toHaveCount(0, { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });

  await panel.getByTestId('preset-name').fill('Sailor');
  await panel.getByTestId('preset-save').click();
  await expect(panel.getByTestId('preset-message')).toContainText('Preset “Sailor” saved');
  await panel.getByTestId('settings-close').click();
  await expect(page.getByTestId('settings-toggle')).toHaveAttribute('aria-label', 'Chat settings (changed)');

  const before = (await anthropicRequests(request)).length;
  await send(page, 'Where is the lighthouse?');
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const sent = (await anthropicRequests(request)).slice(before);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.system).toBe('Answer like a sailor.');
  expect(sent[0]!.body['temperature']).toBe(0.3);

  // The conversation keeps its settings.
  await page.reload();
  await expect(page.getByTestId('reply').last()).toBeVisible();
  await page.getByTestId('settings-toggle').click();
  await expect(panel.getByTestId('settings-system-prompt')).toHaveValue('Answer like a sailor.');
  await expect(panel.getByTestId('settings-temperature')).toHaveValue('0.3');
  await panel.getByTestId('settings-close').click();

  // A new chat starts clean; the preset brings the settings (and its model) back.
  await page.getByTestId('new-chat').click();
  await expect(page).toHaveURL(/\/chat$/);
  await page.getByTestId('settings-toggle').click();
  await expect(panel.getByTestId('settings-system-prompt')).toHaveValue('');
  await panel.getByTestId('preset-menu-button').click();
  await page.getByRole('menuitem', { name: 'Sailor' }).click();
  await expect(panel.getByTestId('settings-system-prompt')).toHaveValue('Answer like a sailor.');
  await expect(panel.getByTestId('settings-temperature')).toHaveValue('0.3');
  await panel.getByTestId('settings-close').click();

  const again = (await anthropicRequests(request)).length;
  await send(page, 'And the harbour?');
  const second = (await anthropicRequests(request)).slice(again);
  expect(second[0]!.system).toBe('Answer like a sailor.');
  expect(second[0]!.body['temperature']).toBe(0.3);
});

test('the picker lists usable models first with favorites on top, and @model adds a model to the turn', async ({ page }) => {
  await register(page, { name: 'Picker Tester', email: uniqueEmail('picker'), password: 'picker-tester-2026' });
  await sidebarLinks(page).filter({ hasText: 'Multi-AI chat' }).click();
  await expect(page.getByTestId('model-picker-button')).toBeEnabled();

  await page.getByTestId('model-picker-button').click();
  const picker = page.getByTestId('model-picker');
  await picker.locator(`[data-favorite="${ANTHROPIC}"]`).click();
  await expect(picker.locator(`[data-favorite="${ANTHROPIC}"]`)).toHaveAttribute('aria-pressed', 'true');
  await expect(picker.locator('[data-section="usable"] [data-model]').first()).toHaveAttribute('data-model', ANTHROPIC);
  await expect(picker.locator('[data-section="unusable"] [data-model="google/gemini-2.5-flash"]')).toBeVisible();
  await picker.getByRole('button', { name: 'Done' }).click();

  const input = page.getByTestId('composer-input');
  await input.fill('@haik');
  await page.getByTestId('model-mention').locator(`[data-mention="${ANTHROPIC}"]`).click();
  await expect(page.getByTestId('model-picker-button')).toContainText('Models 2/12');
  await expect(input).toHaveValue('');
});
