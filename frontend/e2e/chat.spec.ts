import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { register, sidebarLinks, uniqueEmail } from './support';

/**
 * The multi-model chat against the real backend: the offline model plus OpenAI and Anthropic,
 * whose keys (set by playwright.config.ts) point at the provider emulator. The emulator is
 * driven through its control endpoints to slow a vendor down or make it fail.
 */
const EMULATOR = process.env['WEBOX_E2E_EMULATOR_URL'] ?? 'http://127.0.0.1:4011';

const OFFLINE = 'local/webox-mini';
const OPENAI = 'openai/gpt-5.4-mini';
const ANTHROPIC = 'anthropic/claude-haiku-4-5';

async function emulator(request: APIRequestContext, method: 'POST' | 'PUT', path: string, data?: unknown): Promise<void> {
  const response = await request.fetch(`${EMULATOR}/_emulator/${path}`, { method, ...(data === undefined ? {} : { data }) });
  expect(response.ok(), await response.text()).toBe(true);
}

async function emulatorRequests(request: APIRequestContext): Promise<{ vendor: string; model: string; outcome: string }[]> {
  return (await request.get(`${EMULATOR}/_emulator/requests`)).json();
}

async function openChat(page: Page, name: string): Promise<void> {
  await register(page, { name, email: uniqueEmail('chat'), password: 'chat-tester-2026' });
  await sidebarLinks(page).filter({ hasText: 'Multi-AI chat' }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByTestId('model-picker-button')).toBeEnabled();
}

/** Opens the model picker and leaves exactly `ids` selected, in that order. */
async function chooseModels(page: Page, ids: string[]): Promise<void> {
  await page.getByTestId('model-picker-button').click();
  const picker = page.getByTestId('model-picker');
  const checkbox = (id: string) => picker.locator(`[data-model="${id}"] input[type="checkbox"]`);
  for (const id of ids) if (!(await checkbox(id).isChecked())) await checkbox(id).check();
  const checked = picker.locator('[data-model]:has(input:checked)');
  for (const id of await checked.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-model') ?? ''))) {
    if (!ids.includes(id)) await checkbox(id).uncheck();
  }
  await expect(picker.getByTestId('model-count')).toHaveText(`${ids.length}/12`);
  await picker.getByRole('button', { name: 'Done' }).click();
  await expect(picker).toBeHidden();
  await expect(page.getByTestId('model-picker-button')).toContainText(`Models ${ids.length}/12`);
}

async function send(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
  await expect(input).toHaveValue('');
}

function column(page: Page, model: string): Locator {
  return page.locator(`wbx-chat-column[data-model="${model}"]`);
}

/** The reply of the last turn in a model's column. */
function lastReply(page: Page, model: string): Locator {
  return column(page, model).getByTestId('reply').last();
}

async function expectComplete(page: Page, model: string, content: RegExp | string): Promise<void> {
  const reply = lastReply(page, model);
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  await expect(reply.getByTestId('reply-content')).toContainText(content);
  const metrics = reply.getByTestId('reply-metrics');
  await expect(metrics.locator('[data-metric="ttft"]')).toHaveText(/\d+(\.\d)? m?s/);
  await expect(metrics.locator('[data-metric="duration"]')).toHaveText(/\d+(\.\d)? m?s/);
  await expect(metrics.locator('[data-metric="tokens"]')).toHaveText(/\d+ in \/ \d+ out/);
  await expect(metrics.locator('[data-metric="cost"]')).toHaveText(/\$\d+\.\d{2,4}/);
}

async function openHistory(page: Page): Promise<Locator> {
  const panel = page.getByTestId('history-panel');
  if (!(await panel.isVisible())) await page.getByTestId('history-toggle').click();
  await expect(panel).toBeVisible();
  return panel;
}

test.beforeEach(async ({ request }) => {
  await emulator(request, 'POST', 'reset');
});

test('one message to three models: three columns fill as they stream, each with its metrics', async ({ page, request }) => {
  // Slow enough to watch the columns fill (about three seconds per reply).
  await emulator(request, 'PUT', 'behaviour', { tokensPerSecond: 5 });
  await openChat(page, 'Three Models');

  // The offline model is there, labelled, and the models without a key (Google) are disabled.
  await page.getByTestId('model-picker-button').click();
  const picker = page.getByTestId('model-picker');
  await expect(picker.locator(`[data-model="${OFFLINE}"]`)).toContainText('offline');
  await expect(picker.locator('[data-model="google/gemini-2.5-flash"] input')).toBeDisabled();
  // The usable models come first; each model without a key says why beside it.
  await expect(picker.locator('[data-section="usable"] [data-model]').first()).toBeVisible();
  await expect(picker.locator('.model', { has: page.locator('[data-model="google/gemini-2.5-flash"]') })).toContainText('API key');
  await expect(picker.locator('[data-section="unusable"]').getByRole('link')).toHaveAttribute('href', '/profile');
  await page.keyboard.press('Escape');
  await expect(picker).toBeHidden();

  await chooseModels(page, [OFFLINE, OPENAI, ANTHROPIC]);
  await send(page, 'Compare the three of you in one sentence.');

  await expect(page.getByTestId('chat-column')).toHaveCount(3);
  await expect(page.getByTestId('column-title')).toHaveText(['Webox mini (offline)', 'GPT-5.4 mini', 'Claude Haiku 4.5']);
  // Live: the OpenAI column shows part of its reply while it is still being written.
  const streaming = lastReply(page, OPENAI);
  await expect(streaming).toHaveAttribute('data-status', 'streaming');
  await expect(streaming.getByTestId('reply-content')).toContainText('Echo from');
  await expect(page.getByTestId('stop-button')).toBeVisible();

  await expectComplete(page, OFFLINE, 'Offline reply from Webox mini');
  await expectComplete(page, OPENAI, 'Echo from gpt-5.4-mini: Compare the three of you in one sentence.');
  await expectComplete(page, ANTHROPIC, 'Echo from claude-haiku-4-5: Compare the three of you in one sentence.');
  await expect(column(page, OFFLINE).getByTestId('offline-badge')).toHaveText('offline');
  await expect(page.getByTestId('send-button')).toBeVisible();

  // The conversation was created and titled from the first message.
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('conversation-heading')).toHaveText('Compare the three of you in one sentence.');

  // The comparison view lines the three answers up with their metrics.
  await page.getByTestId('view-toggle').getByRole('radio', { name: 'Compare' }).click();
  const table = page.getByTestId('compare-table');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.locator(`tr[data-model="${ANTHROPIC}"]`)).toContainText('Complete');
  await expect(page.getByTestId('compare-answer')).toHaveCount(3);
  await expect(page.getByTestId('compare-answer').nth(1)).toContainText('Echo from gpt-5.4-mini');
});

test('merge a 3-model turn: a chosen model synthesises the columns into a merged answer shown beside them, kept after reload', async ({ page }) => {
  await openChat(page, 'Merger');
  await chooseModels(page, [OFFLINE, OPENAI, ANTHROPIC]);
  // One column is not enough to merge: nothing is offered before the turn has two answers.
  await expect(page.getByTestId('merge-answers')).toHaveCount(0);
  await send(page, 'Name a river in one word.');
  await expectComplete(page, OFFLINE, 'Offline reply from Webox mini');
  await expectComplete(page, OPENAI, 'Echo from gpt-5.4-mini');
  await expectComplete(page, ANTHROPIC, 'Echo from claude-haiku-4-5');
  const columnsBefore = await page.getByTestId('reply-content').allTextContents();

  const merge = page.getByTestId('merge');
  await merge.getByTestId('merge-model').click();
  await page.getByRole('option', { name: 'GPT-5.4 mini' }).click();
  await merge.getByTestId('merge-answers').click();

  const merged = merge.getByTestId('merged-answer');
  await expect(merged.getByTestId('merged-title')).toHaveText('Merged answer · GPT-5.4 mini');
  await expect(merged.locator('wbx-chat-reply')).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  // The emulator echoes the merge request: the instruction and the three labelled answers.
  await expect(merged.getByTestId('reply-content')).toContainText('Synthesise these answers into one answer');
  await expect(merged.getByTestId('reply-content')).toContainText(`Answer 3 (${ANTHROPIC})`);
  // The columns are as they were.
  await expect(page.getByTestId('chat-column').getByTestId('reply-content')).toHaveText(columnsBefore);

  await page.reload();
  await expect(page.getByTestId('merged-title')).toHaveText('Merged answer · GPT-5.4 mini');
  await expect(page.getByTestId('merged-answer').getByTestId('reply-content')).toContainText(`Answer 1 (${OFFLINE})`);
  await expect(page.getByTestId('chat-column')).toHaveCount(3);

  // In the comparison view too, after the answers.
  await page.getByTestId('view-toggle').getByRole('radio', { name: 'Compare' }).click();
  await expect(page.getByTestId('comparison').getByTestId('merged-title')).toHaveText('Merged answer · GPT-5.4 mini');
});

test('Stop closes the stream: the replies are marked stopped and the vendors see the request aborted', async ({ page, request }) => {
  await emulator(request, 'PUT', 'behaviour', { tokensPerSecond: 5 });
  await openChat(page, 'Stop Tester');
  await chooseModels(page, [OPENAI, ANTHROPIC]);
  await send(page, 'Please write a very long answer about the history of computing machines.');

  await expect(lastReply(page, OPENAI).getByTestId('reply-content')).toContainText('Echo from');
  await page.getByTestId('stop-button').click();

  for (const model of [OPENAI, ANTHROPIC]) {
    await expect(lastReply(page, model)).toHaveAttribute('data-status', 'stopped');
    await expect(lastReply(page, model).getByTestId('reply-stopped')).toHaveText(/Stopped/);
  }
  await expect(page.getByTestId('send-button')).toBeVisible();
  const partial = await lastReply(page, OPENAI).getByTestId('reply-content').innerText();
  expect(partial.length).toBeLessThan('Echo from gpt-5.4-mini: Please write a very long answer about the history of computing machines.'.length);

  // Closing the stream reached the vendors.
  await expect.poll(async () => (await emulatorRequests(request)).map((r) => r.outcome)).toEqual(['aborted', 'aborted']);
});

test('a stopped reply is still stopped when the conversation is loaded again', async ({ page, request }) => {
  await emulator(request, 'PUT', 'behaviour', { tokensPerSecond: 5 });
  await openChat(page, 'Stopped Reload Tester');
  await chooseModels(page, [OPENAI]);
  await send(page, 'Please write a very long answer about the history of computing machines.');
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await expect(lastReply(page, OPENAI).getByTestId('reply-content')).toContainText('Echo from');
  await page.getByTestId('stop-button').click();
  await expect(lastReply(page, OPENAI)).toHaveAttribute('data-status', 'stopped');

  // The server keeps what had arrived, marked stopped (it stores it once the vendor's stream is closed).
  await expect
    .poll(async () => {
      await page.reload();
      await expect(page.getByTestId('chat-column')).toHaveCount(1);
      return lastReply(page, OPENAI).getAttribute('data-status');
    })
    .toBe('stopped');
  await expect(lastReply(page, OPENAI).getByTestId('reply-stopped')).toBeVisible();
  await expect(lastReply(page, OPENAI).getByTestId('reply-content')).toContainText('Echo from');
});

test('a vendor failure shows its error in its own column while the others complete; that reply can be written again', async ({ page, request }) => {
  // Every attempt at Anthropic fails (the backend retries a 500 up to three times).
  const outage = { failure: { type: 'status', status: 500, message: 'Emulated outage' }, match: { vendor: 'anthropic' } };
  await emulator(request, 'POST', 'script', [outage, outage, outage]);
  await openChat(page, 'Error Tester');
  await chooseModels(page, [OFFLINE, OPENAI, ANTHROPIC]);
  await send(page, 'Is anybody out there?');

  const failed = lastReply(page, ANTHROPIC);
  await expect(failed).toHaveAttribute('data-status', 'error', { timeout: 20_000 });
  await expect(failed.getByTestId('reply-error')).toContainText(/Anthropic/);
  await expectComplete(page, OPENAI, 'Echo from gpt-5.4-mini: Is anybody out there?');
  await expectComplete(page, OFFLINE, 'Offline reply from Webox mini');
  await expect(page.getByTestId('reply-error')).toHaveCount(1);
  await expect(page.getByTestId('chat-error')).toHaveCount(0);

  // The outage is over: writing that reply again replaces the failed one, in that column only.
  await failed.getByTestId('reply-regenerate').click();
  await expectComplete(page, ANTHROPIC, 'Echo from claude-haiku-4-5: Is anybody out there?');
  await expect(page.getByTestId('reply-error')).toHaveCount(0);
  await page.reload();
  await expectComplete(page, ANTHROPIC, 'Echo from claude-haiku-4-5: Is anybody out there?');
  await expect(column(page, ANTHROPIC).getByTestId('reply')).toHaveCount(1);
});

test('a conversation reopened from the list shows the same replies; it can be renamed, found and deleted', async ({ page }) => {
  await openChat(page, 'History Tester');
  await chooseModels(page, [OFFLINE, OPENAI, ANTHROPIC]);
  await send(page, 'Name three rivers of France.');
  await expectComplete(page, ANTHROPIC, 'Echo from claude-haiku-4-5');
  await expectComplete(page, OPENAI, 'Echo from gpt-5.4-mini');
  await expectComplete(page, OFFLINE, 'Offline reply');
  await send(page, 'And three mountains.');
  await expectComplete(page, OPENAI, 'Echo from gpt-5.4-mini: And three mountains.');
  await expectComplete(page, ANTHROPIC, 'Echo from claude-haiku-4-5: And three mountains.');
  await expectComplete(page, OFFLINE, 'message 2 of this conversation');
  const url = page.url();
  // Sorted: the columns come back in the order the server lists the replies.
  const replies = async () => (await page.getByTestId('reply-content').allInnerTexts()).sort();
  const titles = async () => (await page.getByTestId('column-title').allInnerTexts()).sort();
  const before = await replies();
  expect(before).toHaveLength(6);

  // A new chat, with only the offline model: then back to the first conversation from the list.
  await page.getByTestId('new-chat').click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByTestId('chat-empty')).toBeVisible();
  await chooseModels(page, [OFFLINE]);
  await send(page, 'A second conversation about cheese.');
  await expectComplete(page, OFFLINE, 'Offline reply');

  let panel = await openHistory(page);
  const items = panel.getByTestId('conversation-item');
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText('A second conversation about cheese.');
  await items.filter({ hasText: 'Name three rivers of France.' }).getByRole('link').click();
  await expect(page).toHaveURL(url);
  await expect(page.getByTestId('chat-column')).toHaveCount(3);
  await expect.poll(titles).toEqual(['Claude Haiku 4.5', 'GPT-5.4 mini', 'Webox mini (offline)']);
  await expect.poll(replies).toEqual(before);
  await expect(page.getByTestId('reply-metrics').first().locator('[data-metric="cost"]')).toBeVisible();

  // The same after a full reload of its address.
  await page.reload();
  await expect.poll(replies).toEqual(before);

  // Search as you type: titles and message text.
  panel = await openHistory(page);
  await panel.getByTestId('history-search').fill('cheese');
  await expect(panel.getByTestId('conversation-item')).toHaveCount(1);
  await expect(panel.getByTestId('conversation-item')).toContainText('A second conversation about cheese.');
  await panel.getByTestId('history-search').fill('mountains');
  await expect(panel.getByTestId('conversation-item')).toHaveCount(1);
  await expect(panel.getByTestId('conversation-title')).toHaveText('Name three rivers of France.');
  await panel.getByTestId('history-search').fill('');
  await expect(panel.getByTestId('conversation-item')).toHaveCount(2);

  // Rename the open conversation: the list and the heading follow.
  const rivers = panel.getByTestId('conversation-item').filter({ hasText: 'Name three rivers of France.' });
  await rivers.getByTestId('conversation-actions').click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('rename-input').fill('Geography of France');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByTestId('conversation-title')).toContainText(['Geography of France']);
  await expect(page.getByTestId('conversation-heading')).toHaveText('Geography of France');

  // Pin it: pinned conversations come first.
  const geography = panel.getByTestId('conversation-item').filter({ hasText: 'Geography of France' });
  await geography.getByTestId('conversation-actions').click();
  await page.getByRole('menuitem', { name: 'Pin' }).click();
  await expect(panel.getByTestId('conversation-item').first()).toContainText('Geography of France');
  await expect(panel.getByTestId('conversation-item').first().getByTestId('pinned-icon')).toBeVisible();

  // Export as Markdown: a real file download through the API.
  await geography.getByTestId('conversation-actions').click();
  await page.getByRole('menuitem', { name: 'Export' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Markdown (.md)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.md$/);

  // Delete it after confirming: it leaves the list, and the page goes back to a new chat.
  await geography.getByTestId('conversation-actions').click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('Delete this conversation?');
  await expect(confirm).toContainText('Geography of France');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/chat$/);
  panel = await openHistory(page);
  await expect(panel.getByTestId('conversation-item')).toHaveCount(1);
  await expect(panel.getByTestId('conversation-item')).toContainText('A second conversation about cheese.');

  // Its address now says it is gone.
  await page.goto(url);
  await expect(page.getByText('Conversation not found')).toBeVisible();
});

/** A 1×1 PNG, as a clipboard would hold a screenshot. */
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

test('an image pasted into the composer: a chip with its thumbnail, two vision models answer what they saw, the offline one said beforehand that it cannot', async ({ page, request }) => {
  await openChat(page, 'Image Paster');
  await chooseModels(page, [OPENAI, ANTHROPIC, OFFLINE]);
  await page.getByTestId('composer-input').fill('What is in this picture?');
  // A paste that carries a file, as Chromium fires it for a copied image.
  await page.getByTestId('composer-input').evaluate((box, base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const clipboard = new DataTransfer();
    clipboard.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }));
  }, PIXEL_PNG);

  const chip = page.getByTestId('attachment-chip');
  await expect(chip).toHaveCount(1);
  await expect(chip).toHaveAttribute('data-status', 'ready');
  await expect(chip).toContainText('pasted.png');
  await expect(chip.getByTestId('attachment-thumb')).toBeVisible();
  // Before sending: the offline model is marked as not taking images; the others are not.
  const selected = page.getByTestId('chat-empty').locator('li');
  await expect(selected.filter({ hasText: 'Webox mini' }).getByTestId('no-images')).toHaveText('does not take images');
  await expect(selected.getByTestId('no-images')).toHaveCount(1);

  await page.getByTestId('composer-input').press('Enter');
  await expect(chip).toHaveCount(0);
  const bytes = Buffer.from(PIXEL_PNG, 'base64').length;
  for (const model of [OPENAI, ANTHROPIC]) {
    await expect(lastReply(page, model)).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
    await expect(lastReply(page, model).getByTestId('reply-content')).toContainText(`I see an image of ${bytes} bytes, image/png. What is in this picture?`);
    await expect(column(page, model).getByTestId('turn-attachment')).toContainText('pasted.png');
  }
  await expect(lastReply(page, OFFLINE)).toHaveAttribute('data-status', 'error');
  await expect(lastReply(page, OFFLINE)).toContainText('does not take images');
  const sent = (await (await request.get(`${EMULATOR}/_emulator/requests`)).json()) as { vendor: string; messages: { images?: { form: string }[] }[] }[];
  expect(sent.map((r) => [r.vendor, r.messages.at(-1)?.images?.[0]?.form]).sort()).toEqual([
    ['anthropic', 'image'],
    ['openai', 'image_url'],
  ]);

  // Once there are columns, the one that cannot see says so before the next message is sent.
  await page.getByTestId('attach-input').setInputFiles({ name: 'again.png', mimeType: 'image/png', buffer: Buffer.from(PIXEL_PNG, 'base64') });
  await expect(page.getByTestId('attachment-chip')).toHaveAttribute('data-status', 'ready');
  await expect(column(page, OFFLINE).getByTestId('no-images')).toContainText('does not take images');
  await expect(column(page, OPENAI).getByTestId('no-images')).toHaveCount(0);
  await page.getByTestId('attachment-remove').click();
  await expect(column(page, OFFLINE).getByTestId('no-images')).toHaveCount(0);

  // Reloaded from the server, the message still shows its file.
  await page.reload();
  await expect(column(page, OPENAI).getByTestId('turn-attachment')).toContainText('pasted.png');
});
