import { expect, test, type Page } from '@playwright/test';

/** The first account of the fresh database, created by global.setup.ts with the setup token: it is the administrator. */
export const ADMIN = { name: 'Grace Admin', email: 'admin@webox.test', password: 'admin-password-2026' };

/** The server's setup token (WEBOX_SETUP_TOKEN in playwright.config.ts), which makes the first administrator. */
export const SETUP_TOKEN = 'e2e-setup-token-0123456789';

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@webox.test`;
}

/** The sidebar's areas: those built (the others are not offered, see NOT_BUILT_AREAS). */
export const ENGLISH_AREAS = [
  'Home',
  'Multi-AI chat',
  'AI agents',
  'Prompt library',
  'Multi-media generation',
  'AI combinations',
  'Voice assistant',
  'Automation',
  'AI tools catalog',
  'Collaboration',
  'AI blog',
  'Documentation',
  'Media manager',
  'Knowledge',
  'My profile',
];

export const FRENCH_AREAS = [
  'Accueil',
  'Chat multi-IA',
  'Agents IA',
  'Bibliothèque de prompts',
  'Génération multi-média',
  'Combinaisons IA',
  'Assistant vocal',
  'Automatisation',
  "Catalogue d'outils IA",
  'Collaboration',
  'Blog IA',
  'Documentation',
  'Gestionnaire média',
  'Connaissances',
  'Mon profil',
];

/** Areas not built yet: not in the sidebar; their address shows an honest "not available yet" page. */
export const NOT_BUILT_AREAS: { title: string; path: string }[] = [];

export function sidebarLinks(page: Page) {
  return page.locator('mat-sidenav nav a[data-area]');
}

/** The visible labels of the sidebar links (without their icons' ligatures). */
export function sidebarLabels(page: Page) {
  return page.locator('mat-sidenav nav a[data-area] .nav-label');
}

export async function register(page: Page, user: { name: string; email: string; password: string }): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('Name').fill(user.name);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('welcome')).toHaveText(`Welcome, ${user.name}`);
}

/** On `/admin/users`: sets the sign-up policy whose option label matches, and waits until it is saved. */
export async function chooseSignUpPolicy(page: Page, label: RegExp): Promise<void> {
  await page.getByTestId('sign-up-policy').click();
  await page.getByRole('option', { name: label }).click();
  await expect(page.getByTestId('sign-up-policy-source')).toHaveText('Set here by an administrator.');
}

export async function logIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('welcome')).toBeVisible();
}

/** Opens the account menu and logs out; `label` is the item's text in the current language. */
export async function logOut(page: Page, label = 'Log out'): Promise<void> {
  await page.locator('.account-button').click();
  await page.getByRole('menuitem', { name: label }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** A Markdown note with a budgets section: what the knowledge and agent-tools tests index and ask about. */
export const PLANNING_NOTE = [
  '# Planning notes',
  '',
  '## Budgets',
  'The marketing budgets for 2027 are frozen until the board meets in March.',
  'Travel budgets stay at 1,200 euros per person and per quarter.',
  '',
  '## Hiring',
  'Two engineers join the platform team in April.',
  '',
].join('\n');

/** The signed-in user's bearer header, for what a test sets up through the API. */
export async function apiHeaders(page: Page): Promise<Record<string, string>> {
  const token = await page.evaluate(() => localStorage.getItem('webox.accessToken'));
  if (!token) throw new Error('No access token in localStorage: sign in before calling the API');
  return { Authorization: `Bearer ${token}` };
}

/** Full-page screenshots at 1280 and 390 px into the test's output folder (`<name>-<width>.png`), back at 1280 after. */
export async function shootAtBothWidths(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
