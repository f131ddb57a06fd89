import { expect, test, type Locator, type Page } from '@playwright/test';
import { NOT_BUILT_AREAS, register, sidebarLinks, uniqueEmail } from './support';

/**
 * Issue 24 items 1 and 8 in the browser: the conversation list in the sidebar at 1280 px (sections,
 * pin, archive, search, folders), a drawer below 1024 px, and Read aloud on a reply.
 */

function sidebar(page: Page): Locator {
  return page.locator('mat-sidenav').getByTestId('history-panel');
}

function item(panel: Locator, title: string): Locator {
  return panel.getByTestId('conversation-item').filter({ hasText: title });
}

function section(panel: Locator, group: string): Locator {
  return panel.locator(`section.group[data-group="${group}"]`);
}

/** Sends a message as the first turn of a new chat and waits for the conversation in the list. */
async function startChat(page: Page, message: string): Promise<void> {
  await sidebar(page).getByTestId('sidebar-new-chat').click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByTestId('model-picker-button')).toBeEnabled();
  const input = page.getByTestId('composer-input');
  await input.fill(message);
  await input.press('Enter');
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await expect(page.locator('wbx-chat-reply').last()).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  await expect(item(sidebar(page), message)).toBeVisible();
}

async function act(page: Page, conversation: Locator, action: string): Promise<void> {
  await conversation.getByTestId('conversation-actions').click();
  await page.locator(`[mat-menu-item][data-action="${action}"]`).click();
}

test('the conversation list lives in the sidebar at 1280 px: new chats under Today, pin, archive, search, folders', async ({ page }) => {
  await register(page, { name: 'Sidebar User', email: uniqueEmail('sidebar'), password: 'sidebar-tester-2026' });
  const panel = sidebar(page);
  // On every page, not only the chat: the list and the rail of areas side by side.
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('area-rail')).toBeVisible();
  await expect(panel.getByTestId('history-empty')).toHaveText('No conversation yet. Your conversations will be listed here.');
  for (const area of NOT_BUILT_AREAS) await expect(sidebarLinks(page).filter({ hasText: area.title })).toHaveCount(0);

  await startChat(page, 'Rivers of Europe');
  await expect(item(section(panel, 'today'), 'Rivers of Europe')).toBeVisible();
  // The chat page has no drawer of its own beside the sidebar.
  await expect(page.getByTestId('history-toggle')).toHaveCount(0);

  await startChat(page, 'Mountains of Asia');
  await expect(section(panel, 'today').getByTestId('conversation-title')).toHaveText(['Mountains of Asia', 'Rivers of Europe']);
  await expect(item(panel, 'Mountains of Asia')).toHaveClass(/active/);

  // Pin: the older conversation moves up, into Pinned.
  await act(page, item(panel, 'Rivers of Europe'), 'pin');
  await expect(section(panel, 'pinned').getByTestId('conversation-title')).toHaveText(['Rivers of Europe']);
  await expect(panel.locator('section.group').first()).toHaveAttribute('data-group', 'pinned');
  await expect(section(panel, 'today').getByTestId('conversation-title')).toHaveText(['Mountains of Asia']);

  // Archive: gone from the list, shown in the Archived view, and back.
  await act(page, item(panel, 'Mountains of Asia'), 'archive');
  await expect(item(panel, 'Mountains of Asia')).toHaveCount(0);
  await panel.getByTestId('archived-toggle').click();
  await expect(panel.getByTestId('archived-note')).toBeVisible();
  await expect(panel.getByTestId('conversation-title')).toHaveText(['Mountains of Asia']);
  await panel.getByTestId('archived-toggle').click();
  await expect(panel.getByTestId('conversation-title')).toHaveText(['Rivers of Europe']);

  // Search filters as you type (part of a title).
  await startChat(page, 'Rivers of Africa');
  await panel.getByTestId('history-search').fill('africa');
  await expect(panel.getByTestId('conversation-title')).toHaveText(['Rivers of Africa']);
  await panel.getByTestId('history-search').fill('nothing like this');
  await expect(panel.getByTestId('history-empty')).toHaveText('No conversation matches “nothing like this”.');
  await panel.getByTestId('history-search').fill('');
  await expect(panel.getByTestId('conversation-title')).toHaveText(['Rivers of Europe', 'Rivers of Africa']);

  // A new folder from the menu, then the folder filter.
  await act(page, item(panel, 'Rivers of Africa'), 'move');
  await page.locator('[mat-menu-item][data-folder-new]').click();
  await page.getByTestId('rename-input').fill('Geography');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(item(panel, 'Rivers of Africa')).toContainText('Geography');
  await panel.getByTestId('folder-filter').click();
  await page.locator('[mat-menu-item][data-folder="Geography"]').click();
  await expect(panel.getByTestId('folder-filter')).toContainText('Geography');
  await expect(panel.getByTestId('conversation-title')).toHaveText(['Rivers of Africa']);
});

test('below 1024 px the conversations are a drawer of the chat page', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 800 });
  await register(page, { name: 'Narrow User', email: uniqueEmail('narrow'), password: 'sidebar-tester-2026' });
  await page.goto('/chat');
  await expect(page.locator('mat-sidenav').getByTestId('history-panel')).toHaveCount(0);
  await expect(page.getByTestId('area-rail')).toHaveCount(0);
  await page.getByTestId('history-toggle').click();
  const drawer = page.locator('wbx-chat-page').getByTestId('history-panel');
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId('sidebar-new-chat')).toBeVisible();
});

test('Read aloud plays a reply in the page, and stop ends it', async ({ page }) => {
  await register(page, { name: 'Listener', email: uniqueEmail('listen'), password: 'sidebar-tester-2026' });
  await startChat(page, 'Tell me about the sea');
  const reply = page.locator('wbx-chat-reply').last();
  const audio = reply.getByTestId('read-aloud-audio');
  await expect(audio).not.toHaveAttribute('src');

  const spoken = page.waitForResponse((response) => /\/api\/chat\/messages\/[0-9a-f-]+\/speech$/.test(response.url()));
  await reply.getByTestId('read-aloud').click();
  const response = await spoken;
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('audio/wav');
  await expect(audio).toHaveAttribute('src', /^blob:/);
  await expect(reply.getByTestId('read-aloud-stop')).toHaveAttribute('data-state', 'playing');

  await reply.getByTestId('read-aloud-stop').click();
  await expect(audio).not.toHaveAttribute('src');
  await expect(reply.getByTestId('read-aloud')).toBeVisible();

  // A second play needs no new request: the audio is kept.
  let requests = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/speech')) requests++;
  });
  await reply.getByTestId('read-aloud').click();
  await expect(audio).toHaveAttribute('src', /^blob:/);
  await reply.getByTestId('read-aloud-stop').click();
  expect(requests).toBe(0);
});
