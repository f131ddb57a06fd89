import { expect, test } from '@playwright/test';
import { ENGLISH_AREAS, FRENCH_AREAS, logIn, logOut, register, sidebarLabels, sidebarLinks, uniqueEmail } from './support';

test('register, log out, log in, add an API key, switch to French, log out', async ({ page }) => {
  const user = { name: 'Ada Lovelace', email: uniqueEmail('ada'), password: 'analytical-engine-1843' };
  const secret = 'sk-test-1234567890abcd';

  await register(page, user);
  await expect(sidebarLabels(page)).toHaveText(ENGLISH_AREAS);
  // Server infrastructure is for admins; a new user sees the first-run checklist instead.
  await expect(page.getByTestId('onboarding')).toBeVisible();
  await expect(page.getByTestId('health')).toHaveCount(0);

  await logOut(page);
  await logIn(page, user);
  await expect(page.getByTestId('welcome')).toHaveText('Welcome, Ada Lovelace');

  await sidebarLinks(page).filter({ hasText: 'My profile' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('api-keys-empty')).toBeVisible();

  // OpenAI is the default provider.
  await expect(page.getByTestId('provider-select')).toContainText('OpenAI');
  await page.getByLabel('Label (optional)').fill('Main OpenAI');
  await page.getByLabel('Key', { exact: true }).fill(secret);
  await page.getByRole('button', { name: 'Add key' }).click();
  // The emulator behind OPENAI_BASE_URL refuses this key: nothing is stored until the user confirms.
  await expect(page.getByTestId('api-key-check-failed')).toContainText('The provider refused this key.');
  await expect(page.getByTestId('api-keys-empty')).toBeVisible();
  await page.getByTestId('api-key-save-anyway').click();

  const table = page.getByTestId('api-keys-table');
  await expect(table.getByTestId('masked-key')).toHaveText('sk-…abcd');
  await expect(table).toContainText('Main OpenAI');
  await expect(page.getByLabel('Key', { exact: true })).toHaveValue('');
  await expect(page.locator('body')).not.toContainText(secret);
  expect(await page.content()).not.toContain(secret);
  const fieldValues = await page.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  expect(fieldValues).not.toContain(secret);

  await page.getByTestId('language-select').click();
  await page.getByRole('option', { name: 'Français' }).click();
  await expect(sidebarLabels(page)).toHaveText(FRENCH_AREAS);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon profil');
  await expect(page.getByText('Préférences enregistrées.')).toBeVisible();

  await page.getByRole('radio', { name: 'Sombre' }).click();
  await expect(page.locator('html')).toHaveClass(/theme-dark/);
  await expect(page.getByText('Préférences enregistrées.').first()).toBeVisible();

  await page.reload();
  await expect(sidebarLabels(page)).toHaveText(FRENCH_AREAS);
  await expect(page.locator('html')).toHaveClass(/theme-dark/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByTestId('masked-key')).toHaveText('sk-…abcd');

  // Delete asks first (Material dialog), then the list is empty.
  await page.getByRole('button', { name: 'Supprimer la clé Main OpenAI' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Supprimer cette clé ?');
  await expect(dialog).toContainText('sk-…abcd');
  await dialog.getByRole('button', { name: 'Supprimer' }).click();
  await expect(page.getByTestId('api-keys-empty')).toHaveText('Aucune clé enregistrée.');

  await logOut(page, 'Se déconnecter');
  // Logged out, the last language stays.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion à Webox');
});

test('shows the server message for wrong credentials and field rules before calling it', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(uniqueEmail('nobody'));
  await page.getByLabel('Password').fill('not-the-password-1');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('form-error')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);

  await page.goto('/register');
  await page.getByLabel('Name').fill('Short Password');
  await page.getByLabel('E-mail').fill(uniqueEmail('short'));
  await page.getByLabel('Password').fill('short1');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Use at least 10 characters, with at least one letter and one digit.')).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);
});

test('an expired access token is refreshed transparently; a dead session goes back to /login', async ({ page }) => {
  const user = { name: 'Refresh Tester', email: uniqueEmail('refresh'), password: 'refresh-tester-2026' };
  await register(page, user);
  const before = await page.evaluate(() => localStorage.getItem('webox.refreshToken'));

  await page.evaluate(() => localStorage.setItem('webox.accessToken', 'not-a-valid-token'));
  await page.reload();
  await expect(page.getByTestId('welcome')).toHaveText('Welcome, Refresh Tester');
  const after = await page.evaluate(() => ({ access: localStorage.getItem('webox.accessToken'), refresh: localStorage.getItem('webox.refreshToken') }));
  expect(after.access).not.toBe('not-a-valid-token');
  expect(after.refresh).not.toBe(before);

  await page.evaluate(() => {
    localStorage.setItem('webox.accessToken', 'not-a-valid-token');
    localStorage.setItem('webox.refreshToken', 'not-a-valid-refresh-token-either');
  });
  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  expect(await page.evaluate(() => localStorage.getItem('webox.refreshToken'))).toBeNull();
});

test('creates a personal access token shown once, which works on /v1 until it is revoked', async ({ page }) => {
  await register(page, { name: 'Token User', email: uniqueEmail('tokens'), password: 'token-password-2026' });
  await page.goto('/profile');
  await expect(page.getByTestId('access-tokens-empty')).toBeVisible();

  const form = page.getByTestId('access-token-form');
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(form.getByText('This field is required.')).toBeVisible();

  await form.getByLabel('Name').fill('my laptop');
  await form.getByRole('button', { name: 'Create token' }).click();
  const created = page.getByTestId('created-token');
  await expect(created).toContainText('Token “my laptop” created');
  const token = (await page.getByTestId('created-token-value').textContent())!.trim();
  expect(token).toMatch(/^wbx_/);
  const origin = new URL(page.url()).origin;
  await expect(page.getByTestId('curl-example')).toContainText(`curl ${origin}/v1/chat/completions`);
  await expect(page.getByTestId('curl-example')).toContainText(`Bearer ${token}`);
  await expect(page.getByTestId('sdk-example')).toContainText(`apiKey: '${token}'`);
  await expect(page.getByTestId('access-tokens-table')).toContainText('my laptop');
  await expect(page.getByTestId('access-tokens-table')).toContainText('Never expires');

  // The token is real: the OpenAI-compatible API takes it.
  const models = await page.request.get('/v1/models', { headers: { authorization: `Bearer ${token}` } });
  expect(models.status()).toBe(200);

  // Shown once: gone after "I have copied it", and after a reload.
  await created.getByRole('button', { name: 'I have copied it' }).click();
  await expect(created).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('access-tokens-table')).toContainText('my laptop');
  expect(await page.content()).not.toContain(token);

  await page.getByRole('button', { name: 'Revoke the token my laptop' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByTestId('access-tokens-table')).toContainText('Revoked');
  expect((await page.request.get('/v1/models', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
});
