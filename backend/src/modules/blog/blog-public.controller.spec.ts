import { controllerSetup, describeRouteAccess } from '../../../test/support/controller-setup';
import { BlogPublicController } from './blog-public.controller';
import { BlogPublicService, PUBLIC_PAGE_CSP } from './blog-public.service';

describe(BlogPublicController.name, () => {
  const api = controllerSetup(BlogPublicController, { mocks: [BlogPublicService], prefix: '' });
  const pages = api.mock(BlogPublicService);
  const page = { body: '<!doctype html><title>Tides</title>', etag: '"abc"' };

  beforeEach(() => {
    pages.page.mockResolvedValue(page);
    pages.feed.mockResolvedValue({ body: '<feed/>', etag: '"f"' });
    pages.sitemap.mockResolvedValue({ body: '<urlset/>', etag: '"s"' });
    pages.cover.mockResolvedValue(null);
  });

  describeRouteAccess(api, { public: ['blogFeed', 'blogSitemap', 'blogPage', 'blogCover'], namedParams: ['blogPage', 'blogCover'] });

  it('serves a page outside /api, without an account, under a policy that runs no script', async () => {
    const response = await api.http().get('/blog/tides').set('Host', 'blog.example.com').expect(200);
    expect(response.text).toBe(page.body);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(PUBLIC_PAGE_CSP);
    expect(PUBLIC_PAGE_CSP).toContain("default-src 'none'");
    expect(PUBLIC_PAGE_CSP).not.toContain('script-src');
    expect(pages.page).toHaveBeenCalledWith('http://blog.example.com', 'tides');
    await api.http().get('/api/blog/tides').expect(404);
  });

  it('answers 304 while the page is unchanged, and a 404 page for no published article', async () => {
    await api.http().get('/blog/tides').set('If-None-Match', '"abc"').expect(304);
    pages.page.mockResolvedValue(null);
    const missing = await api.http().get('/blog/someone-s-draft').expect(404);
    expect(missing.text).toContain('Not found');
  });

  it('builds canonical URLs from a plain host only', async () => {
    await api.http().get('/blog/feed.xml').set('Host', 'evil.example"><script>').expect(200);
    expect(pages.feed).toHaveBeenCalledWith('http://localhost');
    expect((await api.http().get('/blog/sitemap.xml').expect(200)).headers['content-type']).toBe('application/xml; charset=utf-8');
  });
});
