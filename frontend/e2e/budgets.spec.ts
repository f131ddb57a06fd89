import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { ADMIN, chooseSignUpPolicy, logIn, sidebarLinks, uniqueEmail } from './support';

/**
 * Issue 26's browser test: an administrator approves a pending account, gives it a budget that the
 * user then hits (the 402 said plainly in the chat), and exports the usage report as CSV.
 */
test('an admin approves a newcomer, sets a budget the newcomer hits in the chat, and exports the usage CSV', async ({ page, browser }) => {
  const newcomer = { name: 'Bea Budget', email: uniqueEmail('bea'), password: 'budget-pass-2026' };
  await logIn(page, ADMIN);
  await page.goto('/admin/users');
  await chooseSignUpPolicy(page, /^Approval/);
  const userContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const user = await userContext.newPage();
    await user.goto('/register');
    await user.getByLabel('Name').fill(newcomer.name);
    await user.getByLabel('E-mail').fill(newcomer.email);
    await user.getByLabel('Password').fill(newcomer.password);
    await user.getByRole('button', { name: 'Create account' }).click();
    await expect(user.getByTestId('registration-pending')).toBeVisible();

    // The admin approves the account.
    await page.getByTestId('user-search').fill(newcomer.email);
    await page.getByTestId('user-search').press('Enter');
    const row = page.locator(`[data-testid=user-row][data-email="${newcomer.email}"]`);
    await row.getByTestId('approve-user').click();
    await expect(row.getByTestId('user-status')).toHaveText('Active');

    // ... and gives them one request a day.
    await page.getByTestId('admin-nav-budgets').click();
    await expect(page).toHaveURL(/\/admin\/budgets$/);
    await page.getByTestId('budget-target').click();
    await page.getByRole('option', { name: 'One user' }).click();
    await page.getByTestId('budget-email').fill(newcomer.email);
    await page.getByTestId('budget-daily-requests').fill('1');
    await page.getByTestId('budget-save').click();
    await expect(page.getByTestId('budget-rule').filter({ hasText: newcomer.email })).toContainText('1');

    // The user's first question is answered; the second is refused, and the chat says why and until when.
    await user.goto('/login');
    await user.getByLabel('E-mail').fill(newcomer.email);
    await user.getByLabel('Password').fill(newcomer.password);
    await user.getByRole('button', { name: 'Log in' }).click();
    await expect(user.getByTestId('welcome')).toHaveText(`Welcome, ${newcomer.name}`);
    await sidebarLinks(user).filter({ hasText: 'Multi-AI chat' }).click();
    await expect(user.getByTestId('model-picker-button')).toBeEnabled();
    const input = user.getByTestId('composer-input');
    await input.fill('First question');
    await input.press('Enter');
    await expect(user.getByTestId('reply').first()).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
    // At 100 % of the day's requests: the notice says so before the next question.
    await expect(user.getByTestId('budget-notice')).toContainText('You have made 1 of your 1 requests for today.');

    await input.fill('Second question');
    await input.press('Enter');
    await expect(user.getByTestId('chat-error')).toContainText('This request would exceed your daily request limit (1). It resets on');
    // Refused before anything was stored: the question is back in the composer.
    await expect(input).toHaveValue('Second question');
    await user.screenshot({ path: test.info().outputPath('budget-refused.png') });

    // The admin exports the usage report: the newcomer's call is in it.
    await page.getByTestId('usage-from').fill(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('usage-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^webox-usage-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('user_id,email,provider,model,calls,input_tokens,output_tokens,cost_usd');
    expect(lines.some((line) => line.includes(`,${newcomer.email},local,local/webox-mini,1,`))).toBe(true);
  } finally {
    await userContext.close();
    await page.goto('/admin/users');
    await chooseSignUpPolicy(page, /^Open/);
  }
});
