import { expect, test, type Locator, type Page } from '@playwright/test';
import { register, sidebarLinks, uniqueEmail } from './support';

/** A valid 24 × 16 PNG (a colour gradient): the server reads its size and makes a thumbnail of it. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAACvUlEQVR42g3MoQqFMABA0XXTil2zbcEuq0ZBbhWMVvEDhEXrsBts5tktS/Z1k8UP2HvnA44QiASRIjJEgSgRFaJGtIgOMSAmxIxYECtiQxyIE3EhbkRAPIgPERFCIBNkisyQBbJEVsga2SI75ICckDNyQa7IDXkgT+SFvJEB+SA/ZET+ozwhT8kz8oK8JK/Ia/KWvCMfyCfymXwhX8k38oP8JL/Ib/JA/pB/5JH8H6kElaIyVIEqURWqRrWoDjWgJtSMWlArakMdqBN1oW5UQD2oDxVR/0gn6BSdoQt0ia7QNbpFd+gBPaFn9IJe0Rv6QJ/oC32jA/pBf+iI/kdNQpPSZDQFTUlT0dQ0LU1HM9BMNDPNQrPSbDQHzUlz0dw0geah+WgizT/qE/qUPqMv6Ev6ir6mb+k7+oF+op/pF/qVfqM/6E/6i/6mD/QP/Ucf6f/RmDCmjBljwVgyVow1Y8vYMQ6ME+PMuDCujBvjwXgyXow3Y2B8GD/GyPiPTIJJMRmmwJSYClNjWkyHGTATZsYsmBWzYQ7MibkwNyZgHsyHiZh/ZBNsis2wBbbEVtga22I77ICdsDN2wa7YDXtgT+yFvbEB+2A/bMT+oz1hT9kz9oK9ZK/Ya/aWvWMf2Cf2mX1hX9k39oP9ZL/Yb/bA/rB/7JH9H7kEl+IyXIErcRWuxrW4DjfgJtyMW3ArbsMduBN34W5cwD24Dxdx/8gn+BSf4Qt8ia/wNb7Fd/gBP+Fn/IJf8Rv+wJ/4C3/jA/7Bf/iI/0chIaSEjFAQSkJFqAktoSMMhIkwExbCStgIB+EkXISbEAgP4SNEwj96E96UN+MteEveirfmbXk73oF34p15F96Vd+M9eE/ei/fmDbwP78cbef9RTIgpMSMWxJJYEWtiS+yIA3EizsSFuBI34kE8iRfxJgbiQ/yIkfgDYXEE74d+HwMAAAAASUVORK5CYII=',
  'base64',
);
const TEXT = 'Hello from the media test.\n<b>Shown as text, not bold.</b>\n';
/** An executable header and zeros, named like a picture: not a type the library takes. */
const FAKE_PNG = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(60)]);

const card = (page: Page, name: string) => page.getByTestId('media-card').filter({ has: page.getByTestId('media-name').getByText(name, { exact: true }) });

async function fileAction(page: Page, name: string, action: 'open' | 'rename' | 'move' | 'download' | 'delete'): Promise<void> {
  await card(page, name).getByTestId('media-file-menu').click();
  await page.getByTestId(`media-action-${action}`).click();
}

/** Drops files on the list as the desktop would: dragenter, then drop with a DataTransfer. */
async function dropFiles(page: Page, zone: Locator, files: { name: string; type: string; text: string }[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((entries) => {
    const transfer = new DataTransfer();
    for (const entry of entries) transfer.items.add(new File([entry.text], entry.name, { type: entry.type }));
    return transfer;
  }, files);
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await expect(page.getByText('Drop to upload to Top level')).toBeVisible();
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

const loadedWidth = (image: Locator) => image.evaluate((element: HTMLImageElement) => (element.complete ? element.naturalWidth : 0));

test('the media library: folders, uploads with thumbnails, previews, rename, move, refusals, deletes and the storage used', async ({ page }) => {
  await register(page, { name: 'Media User', email: uniqueEmail('media'), password: 'media-tester-2026' });
  await sidebarLinks(page).filter({ hasText: 'Media manager' }).click();
  await expect(page).toHaveURL(/\/media$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Media manager');
  await expect(page.getByTestId('media-empty')).toContainText('No files here yet');
  const usage = page.getByTestId('media-usage-text');
  await expect(usage).toHaveText(/^0 B of \d+ GB used$/);

  // A folder at the top.
  await page.getByTestId('new-folder').click();
  await page.getByTestId('media-name-input').fill('Holiday');
  await page.getByTestId('media-name-save').click();
  const folderNode = page.locator('[data-testid="folder-node"][data-folder="Holiday"]');
  await expect(folderNode).toBeVisible();
  // A second folder with the same name is refused, with the server's message in the dialog.
  await page.getByTestId('new-folder').click();
  await page.getByTestId('media-name-input').fill('Holiday');
  await page.getByTestId('media-name-save').click();
  await expect(page.getByTestId('media-name-error')).toHaveText('A folder named “Holiday” already exists here.');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // The picture through the Upload button, the text by drag and drop.
  await page.getByTestId('media-upload-input').setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: PNG });
  await dropFiles(page, page.getByTestId('media-drop-zone'), [{ name: 'notes.txt', type: 'text/plain', text: TEXT }]);
  await expect(page.locator('[data-testid="upload-entry"][data-name="gradient.png"]')).toHaveAttribute('data-status', 'done');
  await expect(page.locator('[data-testid="upload-entry"][data-name="notes.txt"]')).toHaveAttribute('data-status', 'done');
  await expect(card(page, 'notes.txt')).toBeVisible();
  await expect(usage).toHaveText(/^\d+(\.\d)? (B|KB) of \d+ GB used$/);
  await expect(usage).not.toHaveText(/^0 B/);
  const afterUploads = await usage.textContent();

  // The thumbnail is made in the background; the list asks again until it is there.
  const thumbnail = card(page, 'gradient.png').getByTestId('media-thumbnail');
  await expect(thumbnail).toHaveAttribute('src', /\/api\/media\/files\/[0-9a-f-]+\/thumbnail\?token=/, { timeout: 30_000 });
  await expect.poll(() => loadedWidth(thumbnail)).toBeGreaterThan(0);

  // The picture full size in the lightbox, with its metadata.
  await card(page, 'gradient.png').getByTestId('media-open').click();
  const dialog = page.getByRole('dialog');
  const fullImage = dialog.getByTestId('preview-image');
  await expect(fullImage).toHaveAttribute('src', /\/content\?token=/);
  await expect.poll(() => loadedWidth(fullImage)).toBe(24);
  await expect(dialog.getByTestId('preview-dimensions')).toHaveText('24 × 16');
  await expect(dialog.getByTestId('preview-type')).toHaveText('Image · image/png');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // The text as plain text: the markup in it is not rendered.
  await card(page, 'notes.txt').getByTestId('media-open').click();
  await expect(dialog.getByTestId('preview-text')).toHaveText(TEXT);
  await expect(dialog.getByTestId('preview-text').locator('b')).toHaveCount(0);
  await dialog.getByTestId('preview-close').click();
  await expect(dialog).toHaveCount(0);

  // Rename.
  await fileAction(page, 'notes.txt', 'rename');
  await expect(page.getByTestId('media-name-input')).toHaveValue('notes.txt');
  await page.getByTestId('media-name-input').fill('trip notes.txt');
  await page.getByTestId('media-name-save').click();
  await expect(card(page, 'trip notes.txt')).toBeVisible();
  await expect(card(page, 'notes.txt')).toHaveCount(0);

  // Move it into the folder.
  await fileAction(page, 'trip notes.txt', 'move');
  await page.locator('[data-testid="folder-option"][data-folder="Holiday"]').click();
  await page.getByTestId('folder-picker-confirm').click();
  await expect(page.getByText('File moved to Holiday.')).toBeVisible();
  await folderNode.click();
  await expect(page.getByTestId('media-location')).toContainText('Holiday');
  await expect(page.getByTestId('media-card')).toHaveCount(1);
  await expect(card(page, 'trip notes.txt')).toBeVisible();
  await expect(folderNode).toContainText('1');

  // The list view shows the same files as a table, and is remembered.
  await page.getByTestId('media-view-list').click();
  await expect(page.getByTestId('media-row')).toHaveCount(1);
  await expect(page.getByTestId('media-row')).toContainText('trip notes.txt');
  await page.reload();
  await expect(page.getByTestId('media-table')).toBeVisible();
  await page.getByTestId('media-view-grid').click();

  // An executable named .png is refused with the server's 415 message; nothing is stored.
  await page.locator('[data-testid="folder-node"][data-folder="Holiday"]').click();
  const refusal = page.waitForResponse((response) => response.url().includes('/api/media/upload') && response.status() === 415);
  await page.getByTestId('media-upload-input').setInputFiles({ name: 'x.png', mimeType: 'image/png', buffer: FAKE_PNG });
  await refusal;
  const refused = page.locator('[data-testid="upload-entry"][data-name="x.png"]');
  await expect(refused).toHaveAttribute('data-status', 'failed');
  await expect(refused.getByTestId('upload-error')).toHaveText('“x.png” is not a type of file Webox accepts.');
  await expect(usage).toHaveText(afterUploads!);

  // Delete a file, after confirming.
  await page.getByTestId('folder-all').click();
  await fileAction(page, 'gradient.png', 'delete');
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('“gradient.png” will be deleted.');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(card(page, 'gradient.png')).toHaveCount(0);
  await expect(usage).not.toHaveText(afterUploads!);

  // A folder that is not empty is deleted with its contents only after a second question.
  await folderNode.hover();
  await page.locator('[data-testid="folder-node"][data-folder="Holiday"] ~ [data-testid="folder-menu"]').click();
  await page.getByTestId('folder-delete').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  const notEmpty = page.getByRole('dialog').filter({ hasText: 'This folder is not empty' });
  await expect(notEmpty).toContainText('“Holiday” holds files (1) or sub-folders (0).');
  await notEmpty.getByRole('button', { name: 'Delete with contents' }).click();
  await expect(folderNode).toHaveCount(0);
  await expect(page.getByTestId('media-empty')).toBeVisible();
  await expect(usage).toHaveText(/^0 B of \d+ GB used$/);
});
