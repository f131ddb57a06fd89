import { expect, test, type Page } from '@playwright/test';
import { ADMIN, apiHeaders, logIn, NOT_BUILT_AREAS } from './support';

/**
 * Every page on a phone (issue 24 item 11): at 390 × 844 nothing is wider than the screen, so no
 * page scrolls sideways and no table or card is clipped at the right edge. A screenshot of each page
 * is kept in the test's output folder, to look at.
 */
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const SIGNED_IN_PAGES = [
  '/',
  '/chat',
  '/agents',
  '/agents/new',
  '/prompts',
  '/prompts/new',
  '/generation/images',
  '/generation/videos',
  '/generation/audio',
  '/generation/ebooks',
  '/generation/shorts',
  '/media',
  '/knowledge',
  '/catalog',
  '/collaboration',
  '/documentation',
  '/documentation/self-hosting',
  '/documentation/api',
  '/profile',
  '/admin/mcp-servers',
  ...NOT_BUILT_AREAS.map((area) => area.path),
];

/** The widths that overflow, with what sticks out most (for a readable failure). */
async function overflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number; widest: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    // The shell scrolls its content inside its own container: what overflows there is clipped or scrolls sideways too.
    const containers = [root, ...document.querySelectorAll<HTMLElement>('mat-sidenav-content, main')];
    const scrollWidth = Math.max(...containers.map((container) => container.scrollWidth - container.clientWidth)) + root.clientWidth;
    const widest = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1 && element.getClientRects().length > 0)
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} → ${Math.round(element.getBoundingClientRect().right)} px`);
    return { scrollWidth, clientWidth: root.clientWidth, widest };
  });
}

async function expectNoHorizontalOverflow(page: Page, path: string): Promise<void> {
  // Let late content (lists, fonts) settle before measuring.
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: test.info().outputPath(`${path.replace(/\W+/g, '_') || 'home'}.png`), fullPage: true });
  const measured = await overflow(page);
  expect(measured.scrollWidth, `${path} is wider than the screen: ${measured.widest.join('; ')}`).toBeLessThanOrEqual(measured.clientWidth);
}

test('the sign-in and sign-up pages fit a phone', async ({ page }) => {
  for (const path of ['/login', '/register']) {
    await page.goto(path);
    await expect(page.locator('form')).toBeVisible();
    await expectNoHorizontalOverflow(page, path);
  }
});

test('every page fits a phone, 390 px wide', async ({ page }) => {
  test.setTimeout(180_000);
  await logIn(page, ADMIN);
  const headers = await apiHeaders(page);
  const agents = (await (await page.request.get('/api/agents', { headers })).json()) as { id: string }[];
  const pages = [...SIGNED_IN_PAGES, ...(agents[0] ? [`/agents/${agents[0].id}`] : [])];
  for (const path of pages) {
    await page.goto(path);
    await expect(page.locator('wbx-shell')).toBeVisible();
    await expect(page).toHaveURL((url) => url.pathname === path);
    // Every page has a title of its own (`<page> - Webox`), never the bare name or a broken character.
    await expect(page).toHaveTitle(/^[^?]+ - Webox$/);
    await expectNoHorizontalOverflow(page, path);
  }
});
