import { expect, test } from '@playwright/test';
import { ADMIN, logIn, register, shootAtBothWidths as shoot, uniqueEmail } from './support';

test('workspace keys: an admin adds a key (checked, shown masked), turns personal keys off, and a user is told why', async ({ page, browser }) => {
  // Two sessions and a vendor check on a shared 2-core machine: more than the default minute.
  test.setTimeout(180_000);
  await logIn(page, ADMIN);
  // Opened by its address; the tab is still there to be seen (the bar wraps since there are seven).
  await page.goto('/admin/keys');
  await expect(page).toHaveURL(/\/admin\/keys$/);
  await expect(page.getByTestId('admin-nav-keys')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Workspace keys' })).toBeVisible();

  const form = page.getByTestId('api-key-form');
  await form.getByLabel('Label').fill('Team OpenAI');
  await form.getByLabel('Key', { exact: true }).fill('test-key');
  await form.getByRole('button', { name: 'Add key' }).click();
  const table = page.getByTestId('workspace-keys-table');
  await expect(table).toContainText('Team OpenAI');
  await expect(table.getByTestId('workspace-key-status')).toHaveAttribute('data-status', 'ok');
  await expect(page.locator('body')).not.toContainText('test-key');

  const ownKeys = page.getByTestId('own-keys-openai').getByRole('switch');
  await expect(ownKeys).toBeChecked();
  await ownKeys.click();
  await expect(page.getByText('Saved: the next call of every user follows it.')).toBeVisible();
  await expect(ownKeys).not.toBeChecked();
  await shoot(page, 'workspace-keys');

  const userContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const user = await userContext.newPage();
    await register(user, { name: 'Byok User', email: uniqueEmail('byok'), password: 'byok-password-2026' });
    await user.goto('/profile');
    const own = user.getByTestId('api-key-form');
    await own.getByLabel('Key', { exact: true }).fill('test-key');
    await own.getByRole('button', { name: 'Add key' }).click();
    await expect(user.getByTestId('api-key-form-error')).toHaveText('An administrator turned off personal keys for this provider: your calls use the workspace key.');
  } finally {
    await userContext.close();
  }

  // Put the workspace back as the other specs expect it.
  await ownKeys.click();
  await expect(ownKeys).toBeChecked();
  await table.getByRole('button', { name: /Delete/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('No workspace key yet')).toBeVisible();
});

test('an administrator revokes an open invitation, whose link then says so', async ({ page, browser }) => {
  await logIn(page, ADMIN);
  await page.goto('/admin/users');
  await page.getByTestId('invitation-email').fill('revoked-guest@example.com');
  await page.getByTestId('create-invitation').click();
  const link = (await page.getByTestId('invitation-link').locator('code').textContent())!.trim();
  const row = page.getByRole('row').filter({ hasText: 'revoked-guest@example.com' });
  await row.getByTestId('revoke-invitation').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(row.getByTestId('invitation-state')).toHaveText('Revoked');
  await expect(row.getByTestId('revoke-invitation')).toHaveCount(0);

  const visitorContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const visitor = await visitorContext.newPage();
    await visitor.goto(new URL(link).pathname + new URL(link).search);
    await visitor.getByLabel('Name').fill('Late Guest');
    await visitor.getByLabel('E-mail').fill('revoked-guest@example.com');
    await visitor.getByLabel('Password').fill('late-guest-pass-2026');
    await visitor.getByRole('button', { name: 'Create account' }).click();
    await expect(visitor.locator('body')).toContainText('revoked');
  } finally {
    await visitorContext.close();
  }
});
