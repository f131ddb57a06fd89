import { expect, test } from '@playwright/test';
import { ADMIN, ENGLISH_AREAS, logIn, NOT_BUILT_AREAS, register, sidebarLabels, sidebarLinks, uniqueEmail } from './support';

test('a user who is not an administrator does not see Administration and is sent away from /admin', async ({ page }) => {
  await register(page, { name: 'Bob User', email: uniqueEmail('bob'), password: 'ordinary-user-2026' });

  await expect(sidebarLabels(page)).toHaveText(ENGLISH_AREAS);
  await expect(page.locator('mat-sidenav').getByText('Administration')).toHaveCount(0);

  await page.goto('/admin');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('welcome')).toHaveText('Welcome, Bob User');
});

test('the administrator sees Administration, which opens on the shared MCP servers', async ({ page }) => {
  await logIn(page, ADMIN);
  await expect(sidebarLabels(page)).toHaveText([...ENGLISH_AREAS, 'Administration']);

  await sidebarLinks(page).filter({ hasText: 'Administration' }).click();
  await expect(page).toHaveURL(/\/admin\/mcp-servers$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administration');
  await expect(page.getByRole('heading', { level: 2, name: 'MCP servers' })).toBeVisible();
  await expect(page.getByTestId('mcp-form')).toBeVisible();
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
