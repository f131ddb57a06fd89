import { createServer, type Server } from 'node:http';
import { expect, test } from '@playwright/test';
import { apiHeaders, register, sidebarLinks, uniqueEmail } from './support';

/** Issue 30: the Automation page — a trigger gets a test event delivered to a receiver; a hook shows its URL and a ready curl. */
let receiver: Server;
const received: string[] = [];

test.beforeAll(async () => {
  // On the port playwright.config.ts allow-lists for the server (WEBOX_FETCH_ALLOWLIST).
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(Number(process.env['WEBOX_E2E_RECEIVER_PORT']), '127.0.0.1', resolve));
});
test.afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

test('create a trigger, send a test event and see it delivered; create a hook and copy its curl', async ({ page }) => {
  await register(page, { name: 'Automation User', email: uniqueEmail('automation'), password: 'automation-tester-2026' });
  await sidebarLinks(page).filter({ hasText: 'Automation' }).click();
  await expect(page).toHaveURL(/\/automation$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Automation');

  // A loopback URL that is not allow-listed is refused, in words.
  await page.getByTestId('trigger-name').fill('Local');
  await page.getByTestId('trigger-url').fill('http://127.0.0.1:9/hook');
  await page.getByTestId('trigger-events').click();
  await page.getByRole('option', { name: /Files uploaded/ }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('trigger-create').click();
  await expect(page.locator('mat-snack-bar-container')).toContainText('This URL is refused');

  await page.getByTestId('trigger-name').fill('My receiver');
  await page.getByTestId('trigger-url').fill(`http://127.0.0.1:${process.env['WEBOX_E2E_RECEIVER_PORT']}/webox`);
  await page.getByTestId('trigger-create').click();
  await expect(page.getByTestId('automation-secret-value')).toHaveText(/^whsec_/);
  await page.getByTestId('automation-secret-dismiss').click();
  const trigger = page.getByTestId('trigger-row').filter({ hasText: 'My receiver' });
  await expect(trigger).toContainText('media.uploaded');

  await trigger.getByTestId('trigger-test').click();
  await expect.poll(() => received.some((body) => body.includes('"type":"webox.test"'))).toBe(true);
  // The log shows it delivered, with the receiver's answer.
  await expect(async () => {
    await trigger.getByTestId('trigger-deliveries').click();
    await trigger.getByTestId('trigger-deliveries').click();
    await expect(trigger.getByTestId('delivery-row').first()).toHaveAttribute('data-status', 'succeeded', { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(trigger.getByTestId('delivery-row').first()).toContainText('200');
  await expect(trigger.getByTestId('delivery-row').first()).toContainText('thanks');

  // A hook needs a saved workflow: one with an input, made through the API.
  const created = await page.request.post('/api/combinations/workflows', {
    headers: await apiHeaders(page),
    data: { name: 'Summarise', inputs: [{ name: 'topic', type: 'text', required: true }], steps: [{ id: 'draft', kind: 'text', model: 'local/webox-mini', prompt: 'Write about {{inputs.topic}}' }] },
  });
  expect(created.status()).toBe(201);
  await page.reload();
  await page.getByTestId('hook-name').fill('From my script');
  await page.getByTestId('hook-workflow').click();
  await page.getByRole('option', { name: 'Summarise' }).click();
  await page.getByTestId('hook-create').click();
  const secret = (await page.getByTestId('automation-secret-value').textContent())!.trim();
  expect(secret).toMatch(/^whk_/);
  const hook = page.getByTestId('hook-row').filter({ hasText: 'From my script' });
  const url = (await hook.getByTestId('hook-url').textContent())!.trim();
  expect(url).toMatch(/\/api\/automation\/hooks\/[0-9a-f-]{36}$/);
  await hook.getByText('Call it with curl').click();
  const curl = hook.getByTestId('hook-curl');
  await expect(curl).toContainText(`${url}?wait=true`);
  await expect(curl).toContainText(`Authorization: Bearer ${secret}`);
  await expect(curl).toContainText('"topic"');
  await hook.getByTestId('hook-copy-curl').click();
  await expect(page.locator('mat-snack-bar-container').last()).toContainText(/Copied|Could not copy/);

  // What the curl does, done here: the hook runs the workflow and answers its output.
  const called = await page.request.post(`${url}?wait=true`, { headers: { Authorization: `Bearer ${secret}` }, data: { topic: 'tides' } });
  expect(called.status()).toBe(200);
  expect(((await called.json()) as { status: string }).status).toBe('succeeded');
  await hook.getByTestId('hook-calls').click();
  await expect(hook).toContainText('200');
});

test('connect Pipedream (the emulator): a wrong secret is refused in words, the right one connects; create an HTTP trigger and see its URL', async ({ page }) => {
  await register(page, { name: 'Pipedream User', email: uniqueEmail('pipedream'), password: 'automation-tester-2026' });
  await sidebarLinks(page).filter({ hasText: 'Automation' }).click();
  const card = page.getByTestId('automation-pipedream');
  await expect(card.getByTestId('pipedream-connect-form')).toBeVisible();

  await card.getByTestId('pipedream-client-id').fill('oa_e2e');
  await card.getByTestId('pipedream-client-secret').fill('not-the-secret');
  await card.getByTestId('pipedream-project-id').fill('proj_e2e123');
  await card.getByTestId('pipedream-connect').click();
  await expect(page.locator('mat-snack-bar-container')).toContainText('Pipedream refused this OAuth client id and secret');
  await expect(card.getByTestId('pipedream-connect-form')).toBeVisible();

  // The emulator accepts `test-key` as a client secret.
  await card.getByTestId('pipedream-client-secret').fill('test-key');
  await card.getByTestId('pipedream-connect').click();
  await expect(card.getByTestId('pipedream-project')).toHaveText('proj_e2e123');
  await expect(card).not.toContainText('test-key');
  await expect(card).toContainText('No workflow yet');

  await card.getByTestId('pipedream-workflow-name').fill('From the e2e');
  await card.getByTestId('pipedream-workflow-create').click();
  const row = card.getByTestId('pipedream-workflow-row').filter({ hasText: 'From the e2e' });
  await expect(row.getByTestId('pipedream-workflow-url')).toHaveText(/\/pipedream\/en[0-9a-f]+$/);

  // Listed again from Pipedream after a reload.
  await page.reload();
  await expect(page.getByTestId('pipedream-workflow-row').filter({ hasText: 'From the e2e' })).toBeVisible();

  await card.getByTestId('pipedream-disconnect').click();
  await page.getByRole('button', { name: 'Disconnect' }).last().click();
  await expect(card.getByTestId('pipedream-connect-form')).toBeVisible();
});
