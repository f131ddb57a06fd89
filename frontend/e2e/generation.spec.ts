import { expect, test, type Locator, type Page } from '@playwright/test';
import { register, sidebarLinks, uniqueEmail } from './support';

const loadedWidth = (image: Locator) => image.evaluate((element: HTMLImageElement) => (element.complete ? element.naturalWidth : 0));

/** The newest job of the tab (the list is newest first). */
const newestJob = (page: Page) => page.getByTestId('generation-job').first();

/**
 * Records, from now on, every status the newest job card shows and whether it showed a progress
 * bar: jobs of the offline models can finish between two polls of a test.
 */
async function watchJobs(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = { statuses: [] as string[], progressBars: 0 };
    (window as unknown as { jobWatch: typeof seen }).jobWatch = seen;
    const record = () => {
      const card = document.querySelector('[data-testid="generation-job"]');
      const status = card?.getAttribute('data-status');
      if (status && seen.statuses.at(-1) !== status) seen.statuses.push(status);
      if (card?.querySelector('[data-testid="job-progress"]')) seen.progressBars++;
    };
    new MutationObserver(record).observe(document.querySelector('[data-testid="generation-jobs"]')!, { subtree: true, childList: true, attributes: true });
  });
}

async function watched(page: Page): Promise<{ statuses: string[]; progressBars: number }> {
  return page.evaluate(() => (window as unknown as { jobWatch: { statuses: string[]; progressBars: number } }).jobWatch);
}

/**
 * The offline video draws its pictures (about half a second) before ffmpeg starts. A cancel in
 * that window is not passed on to ffmpeg (backend/src/rendering/slideshow.ts listens for the abort
 * only once the render starts), which then renders the whole minute and holds a worker slot that
 * later tests need: cancel once the render has started.
 */
async function letFfmpegStart(page: Page): Promise<void> {
  await page.waitForTimeout(2500);
}

async function openTab(page: Page, name: string, path: string): Promise<void> {
  await page.getByTestId('generation-tabs').getByRole('tab', { name }).click();
  await expect(page).toHaveURL(new RegExp(`/generation/${path}$`));
  await expect(page.getByTestId('jobs-empty')).toBeVisible();
}

test('the Generation page: images, speech and an eBook with the offline models, live progress, validation, cancel and retry', async ({ page }) => {
  await register(page, { name: 'Generation User', email: uniqueEmail('generation'), password: 'generation-tester-2026' });
  await sidebarLinks(page).filter({ hasText: 'Multi-media generation' }).click();
  await expect(page).toHaveURL(/\/generation\/images$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Multi-media generation');
  await expect(page.getByTestId('jobs-empty')).toBeVisible();

  // Images: the offline model by default, Midjourney named as not available with what to use instead.
  await expect(page.getByTestId('image-model')).toContainText('Webox Draw (offline)');
  await expect(page.getByTestId('unavailable-note')).toContainText('Midjourney: not available.');
  // An empty prompt is refused before anything is sent, under its field.
  await page.getByTestId('generate').click();
  await expect(page.locator('mat-form-field', { has: page.getByTestId('image-prompt') }).locator('mat-error')).toHaveText('Describe what to make.');
  await expect(page.getByTestId('generation-job')).toHaveCount(0);

  await page.getByTestId('image-prompt').fill('A red fox in the snow');
  await page.getByTestId('image-size').click();
  await page.getByRole('option', { name: '1024 × 1024' }).click();
  await page.getByTestId('image-count').click();
  await page.getByRole('option', { name: '2', exact: true }).click();
  await watchJobs(page);
  await page.getByTestId('generate').click();
  const imageJob = newestJob(page);
  await expect(imageJob).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  const imageWatch = await watched(page);
  expect(imageWatch.progressBars).toBeGreaterThan(0);
  expect(imageWatch.statuses.at(-1)).toBe('succeeded');
  await expect(imageJob.getByTestId('job-status')).toHaveText('Done');
  await expect(imageJob.getByTestId('job-progress')).toHaveCount(0);
  await expect(imageJob.getByTestId('job-offline')).toBeVisible();
  await expect(imageJob.getByTestId('job-summary')).toHaveText('A red fox in the snow');
  const images = imageJob.getByTestId('result-image');
  await expect(images).toHaveCount(2);
  await expect.poll(() => loadedWidth(images.nth(0))).toBeGreaterThan(0);
  await expect.poll(() => loadedWidth(images.nth(1))).toBeGreaterThan(0);
  await expect(imageJob.getByTestId('result-media-link').first()).toHaveAttribute('href', /^\/media\?file=[0-9a-f-]+$/);
  // A thumbnail opens the full picture.
  await images.first().click();
  const preview = page.getByRole('dialog').getByTestId('preview-image');
  await expect.poll(() => loadedWidth(preview)).toBe(1024);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // "In the media manager" opens that file's preview in the Media page, then back.
  await imageJob.getByTestId('result-media-link').first().click();
  await expect(page).toHaveURL(/\/media\?file=/);
  await expect(page.getByRole('dialog').getByTestId('preview-title')).toHaveText(/\.png$/);
  await page.keyboard.press('Escape');
  await page.goBack();
  await expect(imageJob.getByTestId('result-image')).toHaveCount(2);

  // Audio: speech with the offline voice.
  await openTab(page, 'Audio', 'audio');
  await expect(page.getByTestId('speech-model')).toContainText('Webox Voice');
  await page.getByTestId('speech-text').fill('Hello from the generation test.');
  await page.getByTestId('generate').click();
  const speechJob = newestJob(page);
  await expect(speechJob).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  await expect(speechJob.getByTestId('result-audio')).toHaveAttribute('src', /\/api\/media\/files\/[0-9a-f-]+\/content\?token=/);
  await expect.poll(() => speechJob.getByTestId('result-audio').evaluate((audio: HTMLAudioElement) => audio.readyState)).toBeGreaterThan(0);

  // eBooks: no format is refused under the field; then two chapters as PDF and EPUB.
  await openTab(page, 'eBooks', 'ebooks');
  await page.getByTestId('ebook-title').fill('Foxes of the North');
  await page.getByTestId('ebook-subject').fill('How red foxes live through the winter');
  await page.getByTestId('ebook-chapters').fill('2');
  await page.getByTestId('ebook-pdf').getByRole('checkbox').uncheck();
  await page.getByTestId('ebook-epub').getByRole('checkbox').uncheck();
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('ebook-formats').locator('mat-error')).toHaveText('Choose PDF, EPUB or both.');
  await expect(page.getByTestId('generation-job')).toHaveCount(0);
  await page.getByTestId('ebook-pdf').getByRole('checkbox').check();
  await page.getByTestId('ebook-epub').getByRole('checkbox').check();
  await watchJobs(page);
  await page.getByTestId('generate').click();
  const ebookJob = newestJob(page);
  await expect(ebookJob).toHaveAttribute('data-status', 'succeeded', { timeout: 40_000 });
  const ebookWatch = await watched(page);
  expect(ebookWatch.progressBars).toBeGreaterThan(0);
  const files = ebookJob.getByTestId('result-file');
  await expect(files).toHaveCount(2);
  await expect(files.nth(0)).toHaveAttribute('data-mime', 'application/pdf');
  await expect(files.nth(1)).toHaveAttribute('data-mime', 'application/epub+zip');
  await expect(ebookJob.getByTestId('result-pdf')).toHaveAttribute('src', /\/content\?token=/);
  await expect(ebookJob.getByTestId('result-download-button')).toHaveAttribute('href', /\/content\?token=[^&]+&download=true$/);

  // Videos: a long offline video is cancelled, then run again.
  await openTab(page, 'Videos', 'videos');
  await page.getByTestId('video-prompt').fill('A slow pan over a snowy forest');
  await page.getByTestId('video-duration').fill('60');
  await page.getByTestId('generate').click();
  const videoJob = newestJob(page);
  await expect(videoJob).toHaveAttribute('data-status', 'running', { timeout: 20_000 });
  await expect(videoJob.getByTestId('job-step')).toContainText('Rendering 60 s of video');
  await letFfmpegStart(page);
  await videoJob.getByTestId('job-cancel').click();
  await expect(videoJob).toHaveAttribute('data-status', 'cancelled');
  await expect(videoJob.getByTestId('job-status')).toHaveText('Cancelled');
  await expect(videoJob.getByTestId('job-cancel')).toHaveCount(0);
  await videoJob.getByTestId('job-retry').click();
  await expect(videoJob).toHaveAttribute('data-status', /^(queued|running)$/);
  await expect(videoJob.getByTestId('job-progress')).toBeVisible();
  // Not left to render for a minute in the background.
  await expect(videoJob).toHaveAttribute('data-status', 'running');
  await letFfmpegStart(page);
  await videoJob.getByTestId('job-cancel').click();
  await expect(videoJob).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('generation-job')).toHaveCount(1);
});
