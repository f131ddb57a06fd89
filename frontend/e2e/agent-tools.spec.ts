import { expect, test, type Locator, type Page } from '@playwright/test';
import { apiHeaders, PLANNING_NOTE, register, uniqueEmail } from './support';

/**
 * Agents that act, offline: a custom agent on the local model with the calculator and knowledge
 * search over one collection. The local model calls a tool for each part of the question it
 * recognises, then answers from the results, citing the passage it found as [1].
 */
const OFFLINE = 'local/webox-mini';
const QUESTION = 'what is 17.5% of 2,340 and what do my notes say about budgets?';

async function api(page: Page): Promise<{ headers: Record<string, string> }> {
  return { headers: await apiHeaders(page) };
}

/** Through the API: the note uploaded to the media library, a collection holding it, indexed. */
async function collectionWithNote(page: Page, name: string): Promise<string> {
  const { headers } = await api(page);
  const upload = await page.request.post('/api/media/upload', { headers, multipart: { files: { name: 'planning-notes.md', mimeType: 'text/markdown', buffer: Buffer.from(PLANNING_NOTE) } } });
  expect(upload.status(), await upload.text()).toBe(201);
  const [file] = (await upload.json()) as { id: string }[];

  const created = await page.request.post('/api/knowledge/collections', { headers, data: { name } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const added = await page.request.post(`/api/knowledge/collections/${id}/files`, { headers, data: { mediaFileIds: [file!.id] } });
  expect(added.ok(), await added.text()).toBe(true);

  await expect
    .poll(
      async () => {
        const detail = (await (await page.request.get(`/api/knowledge/collections/${id}`, { headers })).json()) as { files: { status: string }[] };
        return detail.files.map((f) => f.status);
      },
      { timeout: 30_000 },
    )
    .toEqual(['ready']);
  return id;
}

function toolSteps(answer: Locator): Locator {
  return answer.getByTestId('tool-step');
}

async function expectTrace(answer: Locator): Promise<void> {
  await expect(toolSteps(answer)).toHaveCount(2);
  await expect(answer.locator('[data-testid="tool-step"][data-tool="calculator"]')).toHaveAttribute('data-status', 'ok');
  await expect(answer.locator('[data-testid="tool-step"][data-tool="knowledge_search"]')).toHaveAttribute('data-status', 'ok');
  await expect(answer).toContainText('409.5');
  await expect(answer.locator('a.wbx-citation', { hasText: '[1]' }).first()).toBeVisible();
  await expect(answer.getByTestId('reply-sources')).toContainText('planning-notes.md');
}

test('a custom agent with the calculator and knowledge search shows its tool steps and cites the note', async ({ page }) => {
  await register(page, { name: 'Agent Tools User', email: uniqueEmail('agent-tools'), password: 'agent-tools-2026' });
  const collectionId = await collectionWithNote(page, 'Planning');

  // The agent: offline model, two tools, the one collection.
  await page.goto('/agents');
  await page.getByTestId('new-agent').click();
  await expect(page).toHaveURL(/\/agents\/new$/);
  const form = page.getByTestId('agent-form');
  await form.getByLabel('Name').fill('Budget analyst');
  await form.getByLabel('Instructions').fill('You answer questions about budgets. Use the calculator for arithmetic and cite the notes.');
  await page.getByTestId('agent-default-model').click();
  await page.locator(`mat-option[data-model="${OFFLINE}"]`).click();

  const tools = page.getByTestId('agent-tools');
  await expect(tools.locator('[data-testid="agent-tool"][data-tool="calculator"]')).toBeVisible();
  await tools.locator('[data-testid="agent-tool"][data-tool="calculator"] input[type="checkbox"]').check();
  await tools.locator('[data-testid="agent-tool"][data-tool="knowledge_search"] input[type="checkbox"]').check();
  await expect(page.getByTestId('agent-knowledge-off')).toHaveCount(0);
  await expect(page.getByTestId('agent-knowledge')).toContainText('None chosen: it searches all your collections.');
  await page.getByTestId('agent-collections').click();
  await page.locator(`mat-option[data-collection="${collectionId}"]`).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('agent-collections')).toContainText('Planning');
  await expect(page.getByTestId('agent-max-steps')).toHaveValue('8');
  await expect(page.getByTestId('agent-time-limit')).toHaveValue('120');
  await page.getByTestId('agent-save').click();

  // Its page says what it may use.
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Budget analyst');
  const summary = page.getByTestId('agent-tools-summary');
  await expect(summary.getByTestId('agent-tool-chip')).toHaveText(['Calculator', 'Knowledge search'].map((label) => new RegExp(label)));
  await expect(summary).toContainText('Planning');

  // The question: two tool steps, the answer, a citation.
  await page.getByTestId('composer-input').fill(QUESTION);
  await page.getByTestId('send-button').click();
  const answer = page.getByTestId('agent-answer');
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  await expectTrace(answer);
  await expect(page).toHaveURL(/\?conversation=[0-9a-f-]{36}$/);
  const conversationUrl = page.url();

  // A step opens on a click: its arguments and its result.
  const calculator = answer.locator('[data-testid="tool-step"][data-tool="calculator"]');
  await expect(calculator.getByTestId('tool-step-details')).toHaveCount(0);
  await calculator.getByTestId('tool-step-toggle').click();
  await expect(calculator.getByTestId('tool-step-toggle')).toHaveAttribute('aria-expanded', 'true');
  await expect(calculator.getByTestId('tool-step-arguments')).toContainText('2340');
  await expect(calculator.getByTestId('tool-step-details')).toContainText('409.5');

  // The citation opens its passage in place, then its full page from there.
  await answer.locator('a.wbx-citation', { hasText: '[1]' }).first().click();
  await expect(answer.getByTestId('citation-popover')).toBeVisible();
  await expect(page).toHaveURL(conversationUrl);
  await answer.getByTestId('citation-popover-link').click();
  await expect(page).toHaveURL(/\/knowledge\/passages\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('passage-text')).toContainText(/budgets/i);

  // Back, and reloaded: the same trace, read from the stored conversation.
  await page.goto(conversationUrl);
  await page.reload();
  const stored = page.getByTestId('agent-answer');
  await expect(page.getByTestId('agent-question')).toHaveText(QUESTION);
  await expectTrace(stored);
  await expect(stored.locator('[data-testid="tool-step"][data-tool="calculator"]').getByTestId('tool-step-summary')).toContainText('409.5');
});

test('knowledge attached to a plain chat is searched, cited, and still attached after a reload', async ({ page }) => {
  await register(page, { name: 'Attach User', email: uniqueEmail('attach'), password: 'attach-tester-2026' });
  const collectionId = await collectionWithNote(page, 'Handbook');

  await page.goto('/chat');
  await page.getByTestId('knowledge-attach').click();
  await page.locator(`[data-testid="knowledge-option"][data-collection="${collectionId}"]`).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('knowledge-chip')).toHaveText(/Handbook/);

  // Only the offline model answers.
  await expect(page.getByTestId('model-picker-button')).toBeEnabled();
  await page.getByTestId('model-picker-button').click();
  const picker = page.getByTestId('model-picker');
  const checkbox = (id: string) => picker.locator(`[data-model="${id}"] input[type="checkbox"]`);
  await checkbox(OFFLINE).check();
  for (const id of await picker.locator('[data-model]:has(input:checked)').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-model') ?? ''))) {
    if (id !== OFFLINE) await checkbox(id).uncheck();
  }
  await expect(picker.getByTestId('model-count')).toHaveText('1/12');
  await picker.getByRole('button', { name: 'Done' }).click();

  // A question that does not say "my notes": with a collection attached, it is searched all the same.
  await page.getByTestId('composer-input').fill('What are the travel budgets?');
  await page.getByTestId('send-button').click();
  const reply = page.getByTestId('reply').last();
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  await expect(reply.locator('[data-testid="tool-step"][data-tool="knowledge_search"]')).toHaveAttribute('data-status', 'ok');
  await expect(reply.locator('a.wbx-citation').first()).toHaveAttribute('href', /\/knowledge\/passages\/[0-9a-f-]{36}$/);
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const chatUrl = page.url();

  // The citation opens its passage in place: a popover in the reply, the page unchanged.
  await reply.locator('a.wbx-citation').first().click();
  const popover = reply.getByTestId('citation-popover');
  await expect(popover).toBeVisible();
  await expect(popover.getByTestId('citation-popover-file')).toHaveText('planning-notes.md');
  await expect(popover.getByTestId('citation-popover-text')).toContainText('1,200 euros');
  await expect(popover.getByTestId('citation-popover-link')).toHaveAttribute('href', /\/knowledge\/passages\/[0-9a-f-]{36}$/);
  expect(page.url()).toBe(chatUrl);
  await page.screenshot({ path: 'test-results/citation-popover.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(popover).toBeVisible();
  await popover.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/citation-popover-390.png' });
  await page.keyboard.press('Escape');
  await expect(popover).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId('knowledge-chip')).toHaveText(/Handbook/);
  await expect(page.getByTestId('reply').last().locator('[data-testid="tool-step"][data-tool="knowledge_search"]')).toBeVisible();
});
