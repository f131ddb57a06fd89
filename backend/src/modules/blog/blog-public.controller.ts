import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth.decorators';
import { BlogPublicService, PUBLIC_PAGE_CSP, PublicDocument } from './blog-public.service';

/** A Host header that is a host name or address (with a port), nothing else: the canonical URLs are built from it. */
const HOST = /^[A-Za-z0-9.-]{1,253}(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](?::\d{1,5})?$/;

const NOT_FOUND_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found · Webox</title></head><body><h1>Not found</h1><p>No published article has this address.</p></body></html>\n`;

/**
 * The blog for everyone, without an account, outside `/api` (see `api-prefix.ts`): `/blog/{slug}`
 * (HTML), `/blog/{slug}/cover`, `/blog/feed.xml` (Atom) and `/blog/sitemap.xml`. The dashboard's
 * own Blog page stays at `/blog` (no second segment), which the Angular app serves.
 */
@ApiExcludeController()
@Public()
@Controller('blog')
export class BlogPublicController {
  constructor(private readonly pages: BlogPublicService) {}

  @Get('feed.xml')
  @Header('Cache-Control', 'public, max-age=300')
  async blogFeed(@Req() request: Request, @Res() response: Response): Promise<void> {
    send(request, response, 'application/atom+xml; charset=utf-8', await this.pages.feed(originOf(request)));
  }

  @Get('sitemap.xml')
  @Header('Cache-Control', 'public, max-age=300')
  async blogSitemap(@Req() request: Request, @Res() response: Response): Promise<void> {
    send(request, response, 'application/xml; charset=utf-8', await this.pages.sitemap(originOf(request)));
  }

  @Get(':publicSlug')
  async blogPage(@Param('publicSlug') slug: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    response.setHeader('Content-Security-Policy', PUBLIC_PAGE_CSP);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    const page = await this.pages.page(originOf(request), slug);
    if (!page) {
      response.status(404).type('text/html; charset=utf-8').setHeader('Cache-Control', 'no-store');
      response.send(NOT_FOUND_PAGE);
      return;
    }
    // Revalidated on each visit (answered 304 while unchanged): an edit or an unpublish shows at once.
    response.setHeader('Cache-Control', 'no-cache');
    send(request, response, 'text/html; charset=utf-8', page);
  }

  @Get(':publicSlug/cover')
  async blogCover(@Param('publicSlug') slug: string, @Res() response: Response): Promise<void> {
    const cover = await this.pages.cover(slug);
    if (!cover) {
      response.status(404).type('text/plain').send('No cover');
      return;
    }
    response.setHeader('Content-Type', cover.mimeType);
    response.setHeader('Content-Security-Policy', "default-src 'none'");
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'public, max-age=300');
    response.setHeader('ETag', cover.etag);
    response.send(cover.bytes);
  }
}

function originOf(request: Request): string {
  const host = request.get('host') ?? '';
  return `${request.protocol}://${HOST.test(host) ? host : 'localhost'}`;
}

function send(request: Request, response: Response, type: string, document: PublicDocument): void {
  response.setHeader('ETag', document.etag);
  if (request.headers['if-none-match'] === document.etag) {
    response.status(304).end();
    return;
  }
  response.status(200).type(type).send(document.body);
}
