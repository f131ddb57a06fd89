import { expect, test } from '@playwright/test';
import { ADMIN, logIn, register, shootAtBothWidths as shoot, uniqueEmail } from './support';

const MODEL = 'anthropic/claude-haiku-4-5';

test('models: an admin turns a model off, and a user’s picker shows it unavailable with the reason', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await logIn(page, ADMIN);
  await page.goto('/admin/users');
  // Seven tabs: the bar wraps instead of scrolling, so the Models tab is there to click at 1280 px.
  await page.getByTestId('admin-nav-models').click();
  await expect(page).toHaveURL(/\/admin\/models$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Models' })).toBeVisible();

  await page.getByTestId('admin-models-search').fill('haiku');
  await expect(page.getByTestId(`admin-model-${MODEL}`)).toBeVisible();
  await expect(page.getByTestId('admin-model-openai/gpt-5.4')).toHaveCount(0);
  const enabled = page.getByTestId(`model-enabled-${MODEL}`).getByRole('switch');
  await expect(enabled).toBeChecked();
  await enabled.click();
  // Every later spec shares this server: the model is turned back on whatever happens below.
  try {
    await expect(page.getByText('Saved: the next call of every user follows it.')).toBeVisible();
    await expect(enabled).not.toBeChecked();
    await page.getByTestId('admin-models-search').fill('');
    await shoot(page, 'admin-models');

    const userContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    try {
      const user = await userContext.newPage();
      await register(user, { name: 'Model User', email: uniqueEmail('models'), password: 'models-password-2026' });
      await user.goto('/chat');
      await expect(user.getByTestId('model-picker-button')).toBeEnabled();
      await user.getByTestId('model-picker-button').click();
      const picker = user.getByTestId('model-picker');
      const row = picker.locator('.model').filter({ has: user.locator(`[data-model="${MODEL}"]`) });
      await expect(row.getByTestId('model-reason')).toHaveText('This model is disabled by an administrator.');
      await expect(row.getByRole('checkbox')).toBeDisabled();
    } finally {
      await userContext.close();
    }
  } finally {
    // Put the workspace back as the other specs expect it.
    await page.getByTestId('admin-models-search').fill('haiku');
    if (!(await enabled.isChecked())) await enabled.click();
    await expect(enabled).toBeChecked();
  }
});
