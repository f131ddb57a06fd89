import { expect, test, type Page } from '@playwright/test';
import { apiHeaders, register, shootAtBothWidths, uniqueEmail } from './support';

/** Whether a chart's canvas has pixels drawn on it (not a blank, transparent box). */
async function drawn(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
    if (!canvas.width || !canvas.height) return false;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
    return false;
  });
}

test('the dashboard: zeros for a new user, then the figures, charts and activity after a chat turn and an image generation; the profile exports the data', async ({ page }) => {
  await register(page, { name: 'Dashboard User', email: uniqueEmail('dashboard'), password: 'dashboard-tester-2026' });
  await expect(page.getByTestId('welcome')).toHaveText('Welcome, Dashboard User');

  // A new user: zeros, empty states that say what to do.
  const figure = (id: string) => page.locator(`[data-figure="${id}"]`).getByTestId('figure-value');
  await expect(figure('conversations')).toHaveText('0');
  await expect(page.getByTestId('activity-empty')).toBeVisible();
  await expect(page.getByTestId('conversations-empty')).toBeVisible();
  await expect(page.getByTestId('quick-actions').getByRole('link', { name: 'New chat' })).toHaveAttribute('href', '/chat');

  // A chat turn with the offline model and an image generation, through the API.
  const headers = await apiHeaders(page);
  const turn = await page.request.post('/api/chat', { headers, data: { message: 'Hello dashboard', models: ['local/webox-mini'] } });
  expect(turn.status()).toBe(200);
  const conversationId = ((await turn.json()) as { conversationId: string }).conversationId;
  const job = await page.request.post('/api/generation/image', { headers, data: { model: 'local/webox-draw', prompt: 'A lighthouse', size: '512x512', count: 1, seed: 4 } });
  expect(job.status()).toBe(202);
  const jobId = ((await job.json()) as { id: string }).id;
  await expect
    .poll(async () => ((await (await page.request.get(`/api/generation/jobs/${jobId}`, { headers })).json()) as { status: string }).status, { timeout: 60_000 })
    .toBe('succeeded');

  await expect(async () => {
    await page.reload();
    await expect(page.locator('[data-testid="activity-item"][data-event="generation.completed"]')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(figure('conversations')).toHaveText('1');
  await expect(figure('messages')).toHaveText('2');
  await expect(figure('generations')).toHaveText('1');
  await expect(page.locator('[data-figure="conversations"]')).toContainText('New this month');
  await expect(page.locator('[data-testid="activity-item"][data-event="chat.completed"]')).toContainText('Chat reply received');
  await expect(page.locator('[data-testid="activity-item"][data-event="chat.completed"]')).toContainText('Hello dashboard');
  await expect(page.getByTestId('latest-conversations').getByRole('link', { name: 'Hello dashboard' })).toHaveAttribute('href', `/chat/${conversationId}`);
  await expect(page.getByText('Nothing spent: the offline model is free.')).toBeVisible();
  await expect.poll(() => drawn(page, 'cost-chart')).toBe(true);
  await expect.poll(() => drawn(page, 'generations-chart')).toBe(true);

  await shootAtBothWidths(page, 'dashboard');
  // The page scrolls inside the layout: shoot the figures and charts where they are too.
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.getByTestId('figures').scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`dashboard-figures-${width}.png`) });
    await page.getByTestId('generations-chart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`dashboard-charts-${width}.png`) });
  }
  // 390 px: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 900 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });

  // The profile: the same figures, and the export downloads a ZIP.
  await page.goto('/profile');
  await expect(page.getByTestId('profile-figures').locator('[data-figure="conversations"]').getByTestId('figure-value')).toHaveText('1');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-data').click();
  expect((await download).suggestedFilename()).toMatch(/^webox-export-\d{4}-\d{2}-\d{2}\.zip$/);
});

test('the dashboard in French', async ({ page }) => {
  await register(page, { name: 'Utilisatrice', email: uniqueEmail('dashboard-fr'), password: 'dashboard-tester-2026' });
  await page.goto('/profile');
  await page.getByTestId('language-select').click();
  await page.getByRole('option', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { name: 'Mes chiffres ce mois-ci' })).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Ce mois-ci', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Coût par jour, 30 derniers jours' })).toBeVisible();
  await expect(page.getByTestId('activity-empty')).toHaveText('Rien pour l’instant : ce que vous faites dans Webox apparaîtra ici.');
});
