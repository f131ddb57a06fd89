import { INestApplication, RequestMethod } from '@nestjs/common';

export const API_PREFIX = 'api';

/**
 * The blog's public pages, outside `/api`: `/blog/feed.xml`, `/blog/sitemap.xml`, `/blog/{slug}`
 * and `/blog/{slug}/cover`. Nest tests an exclusion against each route's declared path, so the
 * slug routes are excluded by their literal path (`\\:` escapes the colon): `blog/:slug` as a pattern
 * would also match `/blog/articles` and `/blog/categories`, which are API routes.
 */
export const PUBLIC_BLOG_ROUTES = ['blog/feed.xml', 'blog/sitemap.xml', 'blog/\\:publicSlug', 'blog/\\:publicSlug/cover'];

/** Paths the public blog answers (so the dashboard's static serving leaves them alone); `/blog` itself is the dashboard's page. */
export const isPublicBlogPath = (path: string) => /^\/blog\/[^/]+(?:\/cover)?$/.test(path);

/**
 * `/api` for the Webox API; the OpenAI-compatible gateway keeps OpenAI's own `/v1` paths. Apart
 * from app.factory.ts so that controller specs mount their one controller the same way without
 * loading the whole application.
 */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [{ path: 'v1/{*path}', method: RequestMethod.ALL }, ...PUBLIC_BLOG_ROUTES.map((path) => ({ path, method: RequestMethod.GET }))],
  });
}
