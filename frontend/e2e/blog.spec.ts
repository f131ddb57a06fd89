import { expect, test, type Page } from '@playwright/test';
import { ADMIN, apiHeaders, register, shootAtBothWidths, sidebarLinks, uniqueEmail } from './support';
import { corpus } from './xss-corpus';

interface Ran {
  ran: string[];
  dialogs: string[];
  csp: string[];
}

/** Records what an XSS payload would do if it ran: a `__xss` call, a dialog, a CSP violation. */
async function watch(page: Page): Promise<Ran> {
  const seen: Ran = { ran: [], dialogs: [], csp: [] };
  await page.exposeFunction('__xss', (id: string) => void seen.ran.push(id));
  await page.exposeFunction('__csp', (what: string) => void seen.csp.push(what));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) => {
      // As in xss.spec.ts: a handler attribute met while a sanitiser parses (the document is the target) is not one that reached the page.
      if (event.effectiveDirective === 'script-src-attr' && event.target === document) return;
      const target = event.target instanceof Element ? event.target.outerHTML.slice(0, 160) : 'the document';
      (window as unknown as { __csp: (t: string) => void }).__csp(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} on ${target}`);
    }),
  );
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return seen;
}

/** Elements and attributes a sanitiser failure leaves in the DOM, even where the CSP still blocks them. */
function dangerousMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const element of Array.from(document.querySelectorAll('body *'))) {
      for (const attribute of Array.from(element.attributes)) {
        if (/^on/i.test(attribute.name)) problems.push(`${element.tagName} ${attribute.name}`);
        if (['href', 'src', 'xlink:href', 'action', 'srcdoc', 'data'].includes(attribute.name.toLowerCase()) && /^\s*(javascript|data:text\/html)/i.test(attribute.value)) problems.push(`${element.tagName} ${attribute.name}=${attribute.value.slice(0, 40)}`);
      }
      if (['IFRAME', 'OBJECT', 'EMBED', 'BASE'].includes(element.tagName)) problems.push(element.tagName);
      if (element.tagName === 'SCRIPT' && !(element as HTMLScriptElement).src) problems.push('inline SCRIPT');
    }
    return problems;
  });
}

/** Makes the signed-in user an editor through the admin's API, then reloads so the dashboard knows it. */
async function becomeEditor(page: Page): Promise<void> {
  const me = await page.request.get('/api/auth/me', { headers: await apiHeaders(page) });
  const { id } = (await me.json()) as { id: string };
  const login = await page.request.post('/api/auth/login', { data: { email: ADMIN.email, password: ADMIN.password } });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const promoted = await page.request.put(`/api/admin/users/${id}/role`, { headers: { Authorization: `Bearer ${accessToken}` }, data: { role: 'editor' } });
  expect(promoted.status()).toBe(200);
  await page.reload();
}

test('an editor writes and publishes an article; anyone reads it at its public URL without an account; its XSS body runs nothing', async ({ page, browser }) => {
  // Two full-page screenshots at two widths of an editor that now also holds the "Write with AI" panel: past 60 s on a loaded machine.
  test.setTimeout(120_000);
  const attack = await watch(page);
  await register(page, { name: 'Eve Editor', email: uniqueEmail('blog-editor'), password: 'blog-editor-2026' });
  await becomeEditor(page);
  await sidebarLinks(page).filter({ hasText: 'AI blog' }).click();
  await expect(page).toHaveURL(/\/blog$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('AI blog');

  const slug = `tides-${Date.now()}`;
  await page.getByTestId('blog-write').click();
  await expect(page).toHaveURL(/\/blog\?edit=new$/);
  await page.getByTestId('blog-editor-title').fill('Tides & the "moon"');
  await page.getByTestId('blog-editor-slug').fill(slug);
  await page.getByTestId('blog-editor-excerpt').fill('Why the sea comes and goes twice a day.');
  await page.getByTestId('blog-editor-category').fill('Science');
  await page.getByTestId('blog-editor-tags').fill('sea, moon');
  await page.getByTestId('blog-editor-body').fill(`# Tides\n\nThe **moon** pulls the oceans.\n\n${corpus('blog')}`);
  // The live preview renders through the shared sanitiser.
  await expect(page.getByTestId('blog-editor-preview').getByRole('heading', { name: 'Tides' })).toBeVisible();
  await expect(page.getByTestId('blog-editor-preview').getByText('XSS-blog corpus follows.')).toBeVisible();
  await page.getByTestId('blog-editor-status').click();
  await page.getByRole('option', { name: 'Published' }).click();
  await page.getByTestId('blog-editor-save').click();
  await expect(page.getByText('Article published.')).toBeVisible();
  await expect(page.getByTestId('blog-editor-public')).toHaveAttribute('href', `/blog/${slug}`);
  await shootAtBothWidths(page, 'blog-editor');

  // The list, its search (a word of the body), and the reading view.
  await page.getByTestId('blog-editor-back').click();
  await expect(page).toHaveURL(/\/blog$/);
  await page.getByTestId('blog-search').fill('oceans');
  const card = page.locator(`[data-testid="blog-card"][data-slug="${slug}"]`);
  await expect(card).toBeVisible();
  await page.locator('[data-testid="blog-chip"][data-category="Science"]').click();
  await expect(card).toBeVisible();
  await shootAtBothWidths(page, 'blog-list');
  await card.getByTestId('blog-card-open').click();
  await expect(page.getByTestId('blog-reader-title')).toHaveText('Tides & the "moon"');
  await expect(page.getByTestId('blog-reader-body').getByText('XSS-blog corpus follows.')).toBeVisible();
  await page.waitForTimeout(300);
  await page.screenshot({ path: test.info().outputPath('blog-reader.png') });
  expect({ ran: attack.ran, dialogs: attack.dialogs, csp: attack.csp, markup: await dangerousMarkup(page) }).toEqual({ ran: [], dialogs: [], csp: [], markup: [] });

  // A fresh browser context: no account, no session.
  const anonymous = await browser.newContext();
  try {
    const reader = await anonymous.newPage();
    const seen = await watch(reader);
    const response = await reader.goto(`/blog/${slug}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await expect(reader.locator('article > header h1')).toHaveText('Tides & the "moon"');
    await expect(reader.getByText('XSS-blog corpus follows.')).toBeVisible();
    await expect(reader).toHaveTitle('Tides & the "moon" · Webox');
    await expect(reader.locator('meta[property="og:title"]')).toHaveAttribute('content', 'Tides & the "moon"');
    await expect(reader.locator('meta[property="og:description"]')).toHaveAttribute('content', 'Why the sea comes and goes twice a day.');
    await expect(reader.locator('link[rel="canonical"]')).toHaveAttribute('href', new RegExp(`/blog/${slug}$`));
    await reader.waitForTimeout(300);
    await reader.screenshot({ path: test.info().outputPath('blog-public.png'), fullPage: true });
    expect({ ran: seen.ran, dialogs: seen.dialogs, markup: await dangerousMarkup(reader) }).toEqual({ ran: [], dialogs: [], markup: [] });
    // Another user's draft is not there for anyone.
    expect((await reader.goto(`/blog/${slug}-draft-that-is-not`))?.status()).toBe(404);
    const feed = await reader.request.get('/blog/feed.xml');
    expect(await feed.text()).toContain(`/blog/${slug}</id>`);
  } finally {
    await anonymous.close();
  }
});

test('an editor writes an article with AI (the offline model), publishes it, and anyone reads it at its public URL without an account', async ({ page, browser }) => {
  // Four model calls, an image job and a publication: more than one page's worth of waiting on a busy machine.
  test.setTimeout(180_000);
  await register(page, { name: 'Wren Writer', email: uniqueEmail('blog-ai'), password: 'blog-ai-writer-2026' });
  await becomeEditor(page);
  await sidebarLinks(page).filter({ hasText: 'AI blog' }).click();
  await page.getByTestId('blog-write').click();

  // Write with AI: the subject, the offline model, then an outline to edit.
  await page.getByTestId('blog-ai-toggle').click();
  await page.getByTestId('blog-ai-subject').fill('Why lighthouses still matter');
  await page.getByTestId('blog-ai-model').click();
  await page.getByRole('option', { name: /Webox mini \(offline\)/ }).click();
  await page.getByTestId('blog-ai-outline').click();
  const sections = page.getByTestId('blog-ai-section');
  await expect(sections.first()).toBeVisible();
  // The outline is the editor's: keep two sections, named as they like.
  while ((await sections.count()) > 1) {
    const before = await sections.count();
    await page.getByTestId('blog-ai-section-remove').last().click();
    await expect(sections).toHaveCount(before - 1);
  }
  await sections.first().fill('The keepers');
  await page.getByTestId('blog-ai-section-add').click();
  // The new section must be there before it is filled: `last()` would otherwise still be the first.
  await expect(sections).toHaveCount(2);
  await sections.last().fill('The lights today');
  await expect(sections.first()).toHaveValue('The keepers');

  // The draft streams into the text, section by section, and shows in the live preview.
  await page.getByTestId('blog-ai-draft').click();
  await expect(page.getByTestId('blog-ai-draft')).toBeEnabled({ timeout: 30_000 });
  await expect(page.getByTestId('blog-ai-error')).toHaveCount(0);
  const body = page.getByTestId('blog-editor-body');
  await expect(body).toHaveValue(/^## The keepers\n\n[\s\S]+\n\n## The lights today\n\n[\s\S]+/);
  await expect(page.getByTestId('blog-editor-preview').getByRole('heading', { name: 'The lights today' })).toBeVisible();

  // A title and an excerpt are suggested into the fields; the editor changes the title before saving.
  await page.getByTestId('blog-ai-title').click();
  await expect(page.getByTestId('blog-editor-title')).not.toHaveValue('');
  await expect(page.getByTestId('blog-editor-excerpt')).not.toHaveValue('');
  await page.getByTestId('blog-editor-title').fill('Why lighthouses still matter');

  // The cover is drawn by an image job and set as the cover.
  await page.getByTestId('blog-ai-cover').click();
  await expect(page.getByTestId('blog-editor-cover')).toBeVisible({ timeout: 60_000 });
  await shootAtBothWidths(page, 'blog-ai');

  const slug = `lighthouses-${Date.now()}`;
  await page.getByTestId('blog-editor-slug').fill(slug);
  await page.getByTestId('blog-editor-category').fill('History');
  await page.getByTestId('blog-editor-status').click();
  await page.getByRole('option', { name: 'Published' }).click();
  await page.getByTestId('blog-editor-save').click();
  await expect(page.getByText('Article published.')).toBeVisible();

  const anonymous = await browser.newContext();
  try {
    const reader = await anonymous.newPage();
    const response = await reader.goto(`/blog/${slug}`);
    expect(response?.status()).toBe(200);
    await expect(reader.locator('article > header h1')).toHaveText('Why lighthouses still matter');
    await expect(reader.getByRole('heading', { name: 'The keepers' })).toBeVisible();
    await expect(reader.getByRole('heading', { name: 'The lights today' })).toBeVisible();
    // The offline model labels what it wrote.
    await expect(reader.getByText(/Offline reply from Webox mini/).first()).toBeVisible();
    await expect(reader.locator('meta[property="og:image"]')).toHaveCount(1);
  } finally {
    await anonymous.close();
  }
});
