import { expect, test, type Page } from '@playwright/test';
import { ADMIN, apiHeaders, logIn, register, shootAtBothWidths as shoot, uniqueEmail } from './support';

const EMULATOR = process.env['WEBOX_E2E_EMULATOR_URL']!;

/** Removes the endpoint through the API if the test left it (the server is shared by every spec). */
async function removeLeftover(page: Page, slug: string): Promise<void> {
  const headers = await apiHeaders(page);
  const listed = (await (await page.request.get('/api/admin/endpoints', { headers })).json()) as { id: string; slug: string }[];
  const left = listed.find((endpoint) => endpoint.slug === slug);
  if (left) await page.request.delete(`/api/admin/endpoints/${left.id}`, { headers });
}

test('endpoints: an admin adds an OpenAI-compatible endpoint on loopback, a user picks its model and gets an answer, the admin removes it', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const slug = `pw-${Date.now().toString(36)}`;
  const modelId = `endpoint/${slug}/llama-pw`;
  await logIn(page, ADMIN);
  await page.goto('/admin/users');
  await page.getByTestId('admin-nav-endpoints').click();
  await expect(page).toHaveURL(/\/admin\/endpoints$/);
  await expect(page.getByRole('heading', { level: 2, name: 'OpenAI-compatible endpoints' })).toBeVisible();
  try {
    await page.getByTestId('endpoint-add').click();
    const form = page.getByTestId('endpoint-form');
    await form.getByTestId('endpoint-name').fill('Lab emulator');
    await expect(form.getByTestId('endpoint-slug')).toHaveValue('lab-emulator');
    await form.getByTestId('endpoint-slug').fill(slug);
    await form.getByTestId('endpoint-base-url').fill(`${EMULATOR}/v1`);
    // A wrong key first: the check says the endpoint refused it, and the dialog stays open.
    await form.getByTestId('endpoint-api-key').fill('wrong-key');
    await form.getByTestId('endpoint-model-id').fill('llama-pw');
    await form.getByTestId('endpoint-model-name').fill('Llama PW');
    await form.getByTestId('endpoint-model-input-price').fill('1');
    await form.getByTestId('endpoint-model-output-price').fill('2');
    await page.getByTestId('endpoint-save').click();
    await expect(page.getByTestId('endpoint-error')).toHaveText('The endpoint refused the API key.');
    await shoot(page, 'admin-endpoint-dialog');
    await form.getByTestId('endpoint-api-key').fill('test-key');
    await page.getByTestId('endpoint-save').click();
    await expect(form).toBeHidden();
    // The emulator lists its own models, not this one: the page says so.
    await expect(page.getByTestId('endpoint-check')).toContainText('Lab emulator answered: it lists');
    await expect(page.getByTestId('endpoint-check')).toContainText('It does not list: llama-pw');
    const card = page.getByTestId(`endpoint-${slug}`);
    await expect(card).toContainText('Llama PW');
    await expect(card).toContainText(modelId);
    await expect(card).toContainText('key …-key');
    await expect(page.locator('body')).not.toContainText('test-key');
    await shoot(page, 'admin-endpoints');

    const userContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    try {
      const user = await userContext.newPage();
      await register(user, { name: 'Endpoint User', email: uniqueEmail('endpoints'), password: 'endpoints-password-2026' });
      await user.goto('/chat');
      await expect(user.getByTestId('model-picker-button')).toBeEnabled();
      await user.getByTestId('model-picker-button').click();
      const picker = user.getByTestId('model-picker');
      const checkbox = (id: string) => picker.locator(`[data-model="${id}"] input[type="checkbox"]`);
      await expect(picker.locator(`[data-model="${modelId}"]`)).toContainText('Llama PW (Lab emulator)');
      await checkbox(modelId).check();
      for (const id of await picker.locator('[data-model]:has(input:checked)').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-model') ?? ''))) {
        if (id !== modelId) await checkbox(id).uncheck();
      }
      await expect(picker.getByTestId('model-count')).toHaveText('1/12');
      await picker.getByRole('button', { name: 'Done' }).click();
      const input = user.getByTestId('composer-input');
      await input.fill('hello endpoint');
      await input.press('Enter');
      const reply = user.locator(`wbx-chat-column[data-model="${modelId}"]`).getByTestId('reply').last();
      await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
      await expect(reply.getByTestId('reply-content')).toContainText('Echo from llama-pw: hello endpoint');
      await shoot(user, 'chat-with-endpoint');
    } finally {
      await userContext.close();
    }

    await page.getByTestId(`endpoint-delete-${slug}`).click();
    await expect(page.getByRole('dialog')).toContainText('Remove Lab emulator?');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByTestId(`endpoint-${slug}`)).toHaveCount(0);
  } finally {
    await removeLeftover(page, slug);
  }
});
