import { expect, test, type Page } from '@playwright/test';
import { apiHeaders, PLANNING_NOTE, register, sidebarLinks, uniqueEmail } from './support';


/** Uploads a file to the media library through the API, as the signed-in user. */
async function uploadThroughApi(page: Page, file: { name: string; mimeType: string; text: string }): Promise<string> {
  const response = await page.request.post('/api/media/upload', {
    headers: await apiHeaders(page),
    multipart: { files: { name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.text) } },
  });
  expect(response.status(), await response.text()).toBe(201);
  const [uploaded] = (await response.json()) as { id: string; kind: string }[];
  expect(uploaded?.kind).toBe('text');
  return uploaded!.id;
}

test('knowledge: a collection of an uploaded note, indexed, searched and its passage opened; a loopback MCP server is refused', async ({ page }) => {
  await register(page, { name: 'Knowledge User', email: uniqueEmail('knowledge'), password: 'knowledge-tester-2026' });
  const mediaFileId = await uploadThroughApi(page, { name: 'planning-notes.md', mimeType: 'text/markdown', text: PLANNING_NOTE });

  // The area, empty.
  await sidebarLinks(page).filter({ hasText: 'Knowledge' }).click();
  await expect(page).toHaveURL(/\/knowledge$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Knowledge');
  await expect(page.getByTestId('collections-empty')).toBeVisible();

  // A new collection, full text only: its page opens.
  await page.getByTestId('new-collection').click();
  await page.getByTestId('collection-save').click();
  await expect(page.getByTestId('collection-form').locator('mat-error')).toHaveText('This field is required.');
  await page.getByTestId('collection-name').fill('Company handbook');
  await page.getByTestId('collection-description').fill('Plans and budgets of the year');
  await page.getByTestId('collection-save').click();
  await expect(page).toHaveURL(/\/knowledge\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('collection-title')).toHaveText('Company handbook');
  await expect(page.getByTestId('files-empty')).toBeVisible();

  // The note from the media library.
  await page.getByTestId('add-files').first().click();
  const option = page.locator('[data-testid="picker-option"][data-name="planning-notes.md"]');
  await expect(option).toBeVisible();
  await option.click();
  await expect(page.getByTestId('picker-add')).toHaveText('Add (1)');
  await page.getByTestId('picker-add').click();
  await expect(page.getByTestId('picker-list')).toHaveCount(0);

  // Indexed: ready with its passages.
  const row = page.locator('[data-testid="knowledge-file"][data-name="planning-notes.md"]');
  await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(row.getByTestId('file-status')).toHaveText('Ready');
  await expect(row.getByTestId('file-chunks')).toHaveText(/^Passages: [1-9]\d*$/);
  await expect(row.getByTestId('file-link')).toHaveAttribute('href', `/media?file=${mediaFileId}`);

  // Retrieval: the budgets passage, found by the full-text ranking.
  await page.getByTestId('knowledge-search-input').fill('budgets');
  await page.getByTestId('knowledge-search-submit').click();
  const hit = page.getByTestId('knowledge-hit').first();
  await expect(hit.getByTestId('hit-text')).toContainText('marketing budgets for 2027');
  await expect(hit.getByTestId('hit-file')).toHaveText('planning-notes.md');
  await expect(hit.getByTestId('hit-fulltext')).toHaveText('Full text #1');
  await expect(hit.getByTestId('hit-vector')).toHaveCount(0);

  // The passage, as a citation opens it.
  await hit.getByTestId('open-passage').click();
  await expect(page).toHaveURL(/\/knowledge\/passages\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('passage-text')).toContainText('Travel budgets stay at 1,200 euros');
  await expect(page.getByTestId('passage-file-link')).toHaveText('planning-notes.md');
  await expect(page.getByTestId('passage-file-link')).toHaveAttribute('href', `/media?file=${mediaFileId}`);
  await expect(page.getByTestId('passage-collection')).toHaveText('Company handbook');
  // Its line breaks are kept, and nothing of it is read as HTML.
  expect(await page.getByTestId('passage-text').evaluate((element) => getComputedStyle(element).whiteSpace)).toBe('pre-wrap');
  expect(await page.getByTestId('passage-text').evaluate((element) => element.children.length)).toBe(0);

  // Back to the list: the collection with its file.
  await page.getByTestId('passage-collection').click();
  await expect(page.getByTestId('collection-title')).toHaveText('Company handbook');
  await sidebarLinks(page).filter({ hasText: 'Knowledge' }).click();
  const card = page.locator('[data-testid="collection-card"][data-collection="Company handbook"]');
  await expect(card.getByTestId('collection-files')).toHaveText('Files: 1');

  // An MCP server on loopback: the SSRF guard's refusal, under the URL field.
  await page.goto('/profile');
  await expect(page.getByTestId('mcp-empty')).toBeVisible();
  await page.getByTestId('mcp-name').fill('Local tools');
  await page.getByTestId('mcp-url').fill('http://127.0.0.1:9/mcp');
  await page.getByTestId('mcp-token').fill('a-secret-token');
  await page.getByTestId('mcp-submit').click();
  await expect(page.getByTestId('mcp-url-error')).toContainText('Webox does not fetch private networks');
  await expect(page.getByTestId('mcp-url-error')).toContainText('127.0.0.1');
  await expect(page.getByTestId('mcp-server')).toHaveCount(0);
  await expect(page.getByTestId('mcp-empty')).toBeVisible();
});
