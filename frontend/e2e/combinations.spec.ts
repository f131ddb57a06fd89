import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { apiHeaders, register, sidebarLinks, uniqueEmail } from './support';

/**
 * The Combinations page against the real backend: a 3-step workflow built from a template, all
 * on the offline model `local/webox-mini` (its runs go through the queue, their steps reach the
 * page over the socket).
 */
const TEMPLATE = 'brainstorm-critique-plan';
const GOAL = 'Open a small bakery in Lyon';
const SHOTS = process.env['WEBOX_E2E_SHOTS'] ?? 'test-results/combinations-shots';

const stepCards = (page: Page) => page.getByTestId('step');
const runStep = (page: Page, id: string) => page.locator(`[data-testid="run-step"][data-step="${id}"]`);

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function noHorizontalOverflow(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

test('builds a 3-step workflow from a template, runs it live, and finds it in the history', async ({ page }) => {
  // Two runs of three offline steps each, on a machine shared with other builds.
  test.setTimeout(180_000);
  await register(page, { name: 'Combo Tester', email: uniqueEmail('combo'), password: 'combo-password-2026' });
  await sidebarLinks(page).filter({ hasText: 'AI combinations' }).click();
  await expect(page).toHaveURL(/\/combinations$/);
  await expect(page.getByTestId('template-card')).not.toHaveCount(0);
  expect(await page.getByTestId('template-card').count()).toBeGreaterThanOrEqual(10);
  await shot(page, 'gallery-desktop');

  // The template opens in the builder.
  await page.locator(`[data-testid="template-card"][data-template="${TEMPLATE}"]`).getByTestId('use-template').click();
  await expect(page).toHaveURL(/\/combinations\/new\?template=/);
  await expect(stepCards(page)).toHaveCount(3);
  await expect(stepCards(page).nth(0)).toHaveAttribute('data-step', 'ideas');
  await page.getByTestId('workflow-name').fill('Bakery plan');

  // The "Insert variable" menu of the third step lists the inputs and the EARLIER steps only.
  const plan = page.locator('[data-testid="step"][data-step="plan"]');
  await plan.getByTestId('insert-variable').click();
  const tokens = await page.getByTestId('variable-option').evaluateAll((items) => items.map((item) => item.getAttribute('data-token')));
  expect(tokens).toEqual(['{{input}}', '{{inputs.goal}}', '{{inputs.constraints}}', '{{steps.ideas.output}}', '{{steps.critique.output}}']);
  await page.locator('[data-testid="variable-option"][data-token="{{steps.ideas.output}}"]').click();
  await expect(plan.getByTestId('step-prompt')).toHaveValue(/\{\{steps\.ideas\.output\}\}$/);
  await shot(page, 'builder-desktop');

  // Dragged to the top, "plan" reads steps that now run after it: the server's 400 is shown on that step.
  await plan.locator('.handle').dragTo(stepCards(page).nth(0).locator('.handle'), { steps: 12 });
  await expect(stepCards(page).nth(0)).toHaveAttribute('data-step', 'plan');
  await page.getByTestId('save-workflow').click();
  await expect(stepCards(page).nth(0).getByTestId('step-error').first()).toContainText('critique');
  await expect(page.getByTestId('builder-error')).toBeVisible();

  // Moved back down with the buttons, it saves.
  await stepCards(page).nth(0).getByTestId('move-down').click();
  await stepCards(page).nth(1).getByTestId('move-down').click();
  await expect(stepCards(page).nth(2)).toHaveAttribute('data-step', 'plan');
  await page.getByTestId('save-workflow').click();
  await expect(page).toHaveURL(/\/combinations\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('step-error')).toHaveCount(0);
  await expect(page.getByTestId('unsaved')).toHaveCount(0);

  // The run form is built from the declared inputs; each step fills live.
  await page.locator('[data-input="goal"]').fill(GOAL);
  await expect(page.locator('[data-input="constraints"]')).toHaveValue('none stated');
  await page.getByTestId('run-workflow').click();
  for (const id of ['ideas', 'critique', 'plan']) {
    await expect(runStep(page, id)).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
    await expect(runStep(page, id).getByTestId('run-step-output')).not.toBeEmpty();
    await expect(runStep(page, id)).toContainText('local/webox-mini');
  }
  await expect(page.getByTestId('run-status')).toHaveText('Succeeded');
  await shot(page, 'run-desktop');

  // In the history, with every step's details; re-run from the last step reuses the first two.
  await page.goto('/combinations');
  await page.getByRole('tab', { name: 'Run history' }).click();
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await expect(page.getByTestId('run-row')).toContainText('Bakery plan');
  await page.getByTestId('run-row').click();
  await expect(page.getByTestId('run-title')).toHaveText('Bakery plan');
  await expect(page.getByTestId('run-step')).toHaveCount(3);
  await runStep(page, 'ideas').locator('summary').click();
  await expect(runStep(page, 'ideas')).toContainText(GOAL);
  await expect(page.getByTestId('run-output')).not.toBeEmpty();
  const firstRun = page.url();
  await runStep(page, 'plan').getByTestId('rerun-step').click();
  await expect(page).not.toHaveURL(firstRun);
  await expect(runStep(page, 'plan')).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  await expect(runStep(page, 'ideas')).toContainText('Reused');
  await expect(page.getByTestId('run-status')).toHaveText('Succeeded');
  await shot(page, 'history-run-desktop');
});

test('edits an http step\'s headers as rows and picks a media input from the library', async ({ page }) => {
  await register(page, { name: 'Header Tester', email: uniqueEmail('combo-headers'), password: 'combo-password-2026' });
  const headers = await apiHeaders(page);
  const uploaded = await page.request.post('/api/media/upload', { headers, multipart: { files: { name: 'brief.txt', mimeType: 'text/plain', buffer: Buffer.from('The brief for the launch.\n') } } });
  expect(uploaded.status()).toBe(201);
  const workflow = {
    name: 'Fetch with headers',
    inputs: [{ name: 'doc', type: 'media' }],
    steps: [{ id: 'fetch', kind: 'http', http: { method: 'GET', url: 'https://example.com/' } }],
  };
  const created = await page.request.post('/api/combinations/workflows', { headers, data: workflow });
  expect(created.status()).toBe(201);
  await page.goto(`/combinations/workflows/${((await created.json()) as { id: string }).id}`);

  // Rows of name and value; the value takes variables from the menu; the hint says they are stored in clear.
  const fetch = page.locator('[data-testid="step"][data-step="fetch"]');
  await expect(fetch.getByTestId('step-headers')).toContainText('plain text');
  await fetch.getByTestId('add-header').click();
  await expect(fetch.getByTestId('add-header')).toBeDisabled();
  await fetch.getByTestId('header-name').fill('Accept');
  await fetch.getByTestId('header-value').fill('text/html');
  await fetch.getByTestId('add-header').click();
  await fetch.getByTestId('header-name').nth(1).fill('X-Doc');
  await fetch.getByTestId('header-row').nth(1).getByTestId('insert-variable').click();
  await page.locator('[data-testid="variable-option"][data-token="{{inputs.doc}}"]').click();
  await expect(fetch.getByTestId('header-value').nth(1)).toHaveValue('{{inputs.doc}}');
  await fetch.getByTestId('add-header').click();
  await fetch.getByTestId('header-name').nth(2).fill('X-Dropped');
  await fetch.getByTestId('header-row').nth(2).getByTestId('remove-header').click();
  await page.getByTestId('save-workflow').click();
  await expect(page.getByTestId('unsaved')).toHaveCount(0);

  // Saved as they were typed (as a JSON object: the database keeps the pairs, not their order).
  await page.reload();
  await expect(fetch.getByTestId('header-row')).toHaveCount(2);
  const values = (testId: string) => fetch.getByTestId(testId).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  const [names, texts] = [await values('header-name'), await values('header-value')];
  expect(Object.fromEntries(names.map((name, i) => [name, texts[i]]))).toEqual({ Accept: 'text/html', 'X-Doc': '{{inputs.doc}}' });

  // The run form's media input: a file chosen from the library fills in its id.
  await page.getByTestId('pick-media').click();
  await page.getByTestId('media-choice').filter({ hasText: 'brief.txt' }).click();
  await expect(page.getByTestId('picked-media')).toContainText('brief.txt');
  await expect(page.locator('[data-input="doc"]')).toHaveValue(/^[0-9a-f-]{36}$/);
});

test('the Combinations pages fit a 390 px wide screen', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await register(page, { name: 'Narrow Tester', email: uniqueEmail('combo-narrow'), password: 'combo-password-2026' });
  await page.goto('/combinations');
  await expect(page.getByTestId('template-card')).not.toHaveCount(0);
  await noHorizontalOverflow(page);
  await shot(page, 'gallery-390');

  await page.goto(`/combinations/new?template=four-models-merged`);
  await expect(stepCards(page)).toHaveCount(5);
  await noHorizontalOverflow(page);
  await shot(page, 'builder-390');

  await page.goto(`/combinations/new?template=${TEMPLATE}`);
  await expect(stepCards(page)).toHaveCount(3);
  await page.locator('[data-input="goal"]').fill(GOAL);
  await page.getByTestId('run-workflow').click();
  await expect(runStep(page, 'plan')).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  await noHorizontalOverflow(page);
  await shot(page, 'run-390');

  await page.getByTestId('open-run').click();
  await expect(page.getByTestId('run-step')).toHaveCount(3);
  await noHorizontalOverflow(page);
  await shot(page, 'history-run-390');
});
