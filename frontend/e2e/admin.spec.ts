import { expect, test } from '@playwright/test';
import { ADMIN, chooseSignUpPolicy, ENGLISH_AREAS, logIn, NOT_BUILT_AREAS, register, sidebarLabels, sidebarLinks, uniqueEmail } from './support';

test('a user who is not an administrator does not see Administration and is sent away from /admin', async ({ page }) => {
  await register(page, { name: 'Bob User', email: uniqueEmail('bob'), password: 'ordinary-user-2026' });

  await expect(sidebarLabels(page)).toHaveText(ENGLISH_AREAS);
  await expect(page.locator('mat-sidenav').getByText('Administration')).toHaveCount(0);

  await page.goto('/admin');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('welcome')).toHaveText('Welcome, Bob User');
});

test('the administrator sees Administration, which opens on the users, with the audit trail and the shared MCP servers', async ({ page }) => {
  await logIn(page, ADMIN);
  await expect(sidebarLabels(page)).toHaveText([...ENGLISH_AREAS, 'Administration']);

  await sidebarLinks(page).filter({ hasText: 'Administration' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administration');
  await expect(page.getByRole('heading', { level: 2, name: 'Users' })).toBeVisible();
  await expect(page.locator(`[data-testid=user-row][data-email="${ADMIN.email}"]`)).toBeVisible();

  await page.getByTestId('admin-nav-audit').click();
  await expect(page.getByRole('heading', { level: 2, name: 'Audit trail' })).toBeVisible();
  await expect(page.getByTestId('audit-row').first()).toBeVisible();

  await page.getByTestId('admin-nav-mcp').click();
  await expect(page).toHaveURL(/\/admin\/mcp-servers$/);
  await expect(page.getByRole('heading', { level: 2, name: 'MCP servers' })).toBeVisible();
  await expect(page.getByTestId('mcp-form')).toBeVisible();
});

test('an administrator approves an account that waits for approval, which can then log in', async ({ page, browser }) => {
  const newcomer = { name: 'Nina Newcomer', email: uniqueEmail('nina'), password: 'newcomer-pass-2026' };
  await logIn(page, ADMIN);
  await page.goto('/admin/users');
  await chooseSignUpPolicy(page, /^Approval/);
  const visitorContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const visitor = await visitorContext.newPage();
    await visitor.goto('/register');
    await visitor.getByLabel('Name').fill(newcomer.name);
    await visitor.getByLabel('E-mail').fill(newcomer.email);
    await visitor.getByLabel('Password').fill(newcomer.password);
    await visitor.getByRole('button', { name: 'Create account' }).click();
    await expect(visitor.getByTestId('registration-pending')).toHaveText('Your account was created. An administrator must approve it before you can log in.');

    await visitor.goto('/login');
    await visitor.getByLabel('E-mail').fill(newcomer.email);
    await visitor.getByLabel('Password').fill(newcomer.password);
    await visitor.getByRole('button', { name: 'Log in' }).click();
    await expect(visitor.getByTestId('form-error')).toHaveText('Your account waits for an administrator to approve it. You can log in once they have.');

    await page.getByTestId('user-search').fill(newcomer.email);
    await page.getByTestId('user-search').press('Enter');
    const row = page.locator(`[data-testid=user-row][data-email="${newcomer.email}"]`);
    await expect(row.getByTestId('user-status')).toHaveText('Waiting for approval');
    await row.getByTestId('approve-user').click();
    await expect(row.getByTestId('user-status')).toHaveText('Active');

    await visitor.getByRole('button', { name: 'Log in' }).click();
    await expect(visitor.getByTestId('welcome')).toHaveText(`Welcome, ${newcomer.name}`);

    await page.getByTestId('admin-nav-audit').click();
    await page.getByTestId('audit-search').fill(newcomer.email);
    await page.getByTestId('audit-search').press('Enter');
    await expect(page.getByTestId('audit-action')).toHaveText(['Account approved', 'Pending account tried to sign in', 'Sign-up']);
  } finally {
    await visitorContext.close();
    await page.goto('/admin/users');
    await chooseSignUpPolicy(page, /^Open/);
  }
});

test('every area not built yet is left out of the sidebar, and its address says so honestly', async ({ page }) => {
  await logIn(page, ADMIN);
  for (const { title, path } of NOT_BUILT_AREAS) {
    await expect(sidebarLinks(page).filter({ hasText: title })).toHaveCount(0);
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.getByText('Not available yet', { exact: true })).toBeVisible();
    await expect(page.locator('main button')).toHaveCount(0);
  }
});
