import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { register, sidebarLinks, uniqueEmail } from './support';

/**
 * Agents against the real backend. The model override sends the conversation to OpenAI, which
 * the provider emulator answers (playwright.config.ts); its request log shows the system message
 * each request carried: the agent's own context.
 */
const EMULATOR = process.env['WEBOX_E2E_EMULATOR_URL'] ?? 'http://127.0.0.1:4011';
const OPENAI = 'openai/gpt-5.4-mini';
const QUESTION = 'How should I prepare for next week?';

interface EmulatorRequest {
  vendor: string;
  model: string;
  system?: string;
  outcome: string;
}

async function emulatorRequests(request: APIRequestContext): Promise<EmulatorRequest[]> {
  return (await request.get(`${EMULATOR}/_emulator/requests`)).json();
}

async function askAgent(page: Page, slug: string, name: string): Promise<void> {
  await page.goto('/agents');
  const card = page.locator(`[data-testid="agent-card"][data-agent="${slug}"]`);
  await expect(card).toContainText(name);
  await expect(card).toContainText('Built-in');
  await card.getByTestId('agent-chat').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  // Three one-click starters.
  await expect(page.getByTestId('agent-starter')).toHaveCount(3);

  await page.getByTestId('agent-model-select').click();
  await page.locator(`mat-option[data-model="${OPENAI}"]`).click();
  await page.getByTestId('composer-input').fill(QUESTION);
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('agent-question')).toHaveText(QUESTION);
  await expect(page.getByTestId('agent-answer')).toHaveAttribute('data-status', 'complete');
  await expect(page.getByTestId('agent-answer')).not.toBeEmpty();
}

test.beforeEach(async ({ request }) => {
  const response = await request.post(`${EMULATOR}/_emulator/reset`);
  expect(response.ok()).toBe(true);
});

test('two built-in agents asked the same question each send their own context', async ({ page, request }) => {
  await register(page, { name: 'Agent User', email: uniqueEmail('agents'), password: 'agent-tester-2026' });
  await sidebarLinks(page).filter({ hasText: 'AI agents' }).click();
  await expect(page).toHaveURL(/\/agents$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('AI agents');

  await askAgent(page, 'sales', 'Sales advisor (B2B)');
  await askAgent(page, 'legal', 'Legal information assistant');

  const requests = (await emulatorRequests(request)).filter((r) => r.vendor === 'openai' && r.outcome === 'completed');
  expect(requests).toHaveLength(2);
  const [sales, legal] = requests.map((r) => r.system ?? '');
  expect(sales).toContain('B2B sales advisor');
  expect(legal).not.toContain('B2B sales advisor');
  expect(legal.length).toBeGreaterThan(0);
  expect(legal).not.toEqual(sales);
});
