import { expect, test, type Locator, type Page } from '@playwright/test';
import { register, sidebarLinks, uniqueEmail } from './support';

/**
 * Sharing a chat conversation (issue 27 item 2), two users in two browser contexts: the owner
 * shares from the chat page's Share dialog and makes a public link; the recipient finds the
 * conversation in their history marked shared, opens it, and watches the owner's next turn appear
 * on their page as it streams, without reloading; the public link opens in a fresh context with no
 * account. Screenshots at 1280 and 390 px.
 */
const OFFLINE = 'local/webox-mini';

const lastReply = (page: Page, model: string): Locator => page.locator(`wbx-chat-column[data-model="${model}"]`).getByTestId('reply').last();

async function send(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
  await expect(input).toHaveValue('');
}

test('the owner shares a conversation; the recipient sees it marked shared and watches a new turn live; the public link needs no account', async ({ page: ada, browser }) => {
  // Two users, two turns, a public page and six screenshots: more than the default minute on a loaded machine.
  test.setTimeout(180_000);
  const baseURL = test.info().project.use.baseURL;
  const bobContext = await browser.newContext({ baseURL });
  const guestContext = await browser.newContext({ baseURL });
  const bob = await bobContext.newPage();
  try {
    const bobEmail = uniqueEmail('share-bob');
    await register(bob, { name: 'Bob Share', email: bobEmail, password: 'share-tester-2026' });
    await register(ada, { name: 'Ada Share', email: uniqueEmail('share-ada'), password: 'share-tester-2026' });

    await sidebarLinks(ada).filter({ hasText: 'Multi-AI chat' }).click();
    await expect(ada).toHaveURL(/\/chat$/);
    await expect(ada.getByTestId('model-picker-button')).toBeEnabled();
    // A new conversation is not stored yet: nothing to share.
    await expect(ada.getByTestId('share-button')).toHaveCount(0);
    await send(ada, 'What is a difference engine?');
    await expect(ada).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
    await expect(lastReply(ada, OFFLINE)).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
    const conversationId = ada.url().split('/').pop()!;

    await ada.getByTestId('share-button').click();
    const dialog = ada.getByTestId('share-dialog');
    await expect(dialog).toContainText('Not shared with anyone yet.');
    await ada.getByTestId('share-permission').click();
    await ada.getByRole('option', { name: 'Can continue' }).click();
    await ada.getByTestId('share-email').fill('nobody-here@example.com');
    await ada.getByTestId('share-person').click();
    await expect(ada.getByTestId('share-error')).toBeVisible();
    await ada.getByTestId('share-email').fill(bobEmail);
    await ada.getByTestId('share-person').click();
    await expect(ada.getByTestId('share-list')).toContainText('Bob Share');
    await expect(ada.getByTestId('share-list')).toContainText(bobEmail);
    await ada.getByTestId('share-link-create').click();
    const linkUrl = await ada.getByTestId('share-link-url').inputValue();
    expect(linkUrl).toMatch(/\/shared\/[A-Za-z0-9_-]{43}$/);
    await ada.screenshot({ path: test.info().outputPath('share-dialog-1280.png') });
    await ada.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // Bob's history lists it, marked shared by Ada; opened, the page says so.
    await bob.goto('/chat');
    const item = bob.locator(`[data-testid="conversation-item"][data-id="${conversationId}"]`);
    await expect(item.getByTestId('shared-tag')).toContainText('Shared by Ada Share');
    await item.getByRole('link').click();
    await expect(bob).toHaveURL(new RegExp(`/chat/${conversationId}$`));
    await expect(bob.getByTestId('shared-mark')).toContainText('Shared by Ada Share');
    await expect(bob.getByTestId('share-button')).toHaveCount(0);
    await expect(lastReply(bob, OFFLINE)).toHaveAttribute('data-status', 'complete');
    await expect(bob.locator(`wbx-chat-column[data-model="${OFFLINE}"]`).getByTestId('reply')).toHaveCount(1);

    // Ada asks again: the turn appears on Bob's page while it streams, with no reload.
    const bobNavigations: string[] = [];
    bob.on('framenavigated', (frame) => bobNavigations.push(frame.url()));
    await send(ada, 'Who designed it?');
    await expect(bob.getByTestId('chat-body')).toContainText('Who designed it?', { timeout: 15_000 });
    await expect(bob.locator(`wbx-chat-column[data-model="${OFFLINE}"]`).getByTestId('reply')).toHaveCount(2);
    await expect(lastReply(bob, OFFLINE)).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
    await expect(lastReply(ada, OFFLINE)).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
    const adaText = await lastReply(ada, OFFLINE).getByTestId('reply-content').innerText();
    await expect(lastReply(bob, OFFLINE).getByTestId('reply-content')).toHaveText(adaText);
    expect(bobNavigations).toEqual([]);
    for (const width of [1280, 390]) {
      await bob.setViewportSize({ width, height: 900 });
      // The shell's side navigation changes mode with the width: let it settle.
      await expect(bob.getByTestId('shared-mark')).toBeVisible();
      await bob.waitForTimeout(600);
      await bob.screenshot({ path: test.info().outputPath(`shared-recipient-${width}.png`), fullPage: true });
    }

    // The public link, in a context with no account.
    const guest = await guestContext.newPage();
    await guest.goto(linkUrl);
    await expect(guest.getByTestId('shared-title')).toContainText('difference engine');
    await expect(guest.getByTestId('shared-turn')).toHaveCount(2);
    await expect(guest.getByTestId('shared-answer').first()).toContainText(/\S/);
    for (const width of [1280, 390]) {
      await guest.setViewportSize({ width, height: 900 });
      await guest.screenshot({ path: test.info().outputPath(`shared-public-${width}.png`), fullPage: true });
    }
    // Revoked, the same address says the link no longer works.
    await ada.getByTestId('share-button').click();
    await ada.getByTestId('share-link-revoke').click();
    await expect(ada.getByTestId('share-link-create')).toHaveText(/Create a link/);
    await guest.reload();
    await expect(guest.getByTestId('shared-missing')).toBeVisible();
  } finally {
    await bobContext.close();
    await guestContext.close();
  }
});
