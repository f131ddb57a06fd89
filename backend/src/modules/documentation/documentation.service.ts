import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { notFound } from '../../common/domain-error';
import { apiReference, type ApiReference, type OpenApiDocument } from './api-reference';
import { DocumentationErrorCode } from './documentation.errors';
import { GuideSearchIndex } from './guide-search';
import { findDocsDir, GUIDE_TABS, loadGuides, type Guide, type GuideLanguage } from './guides';
import type { ApiReferenceDto, DocumentationTreeDto, GuidePageDto, GuideSearchResultDto, GuideSummaryDto } from './dto/documentation.dto';

/** Where the Swagger UI and the raw contract are served (`app.factory.ts`). */
const SWAGGER_URL = '/api/docs';
const OPENAPI_URL = '/api/docs/openapi.json';

/**
 * The in-app documentation: the guides of `docs/guides/<lang>/*.md`, read once at start (they
 * ship with the build), searched in memory, and the API tab built from `docs/openapi.json`.
 * Nothing here is per user: the same answers for everyone.
 */
@Injectable()
export class DocumentationService implements OnModuleInit {
  private readonly logger = new Logger(DocumentationService.name);
  private guides = new Map<string, Guide>();
  private index = new GuideSearchIndex([]);
  private api: ApiReference = { title: '', version: '', groups: [], operationCount: 0 };

  constructor(private readonly docsDir?: string) {}

  onModuleInit(): void {
    this.load(this.docsDir ?? findDocsDir());
  }

  /** Reads the guides and the contract; throws (stopping the start) on a malformed guide. */
  load(docsDir: string): void {
    const guides = loadGuides(docsDir);
    this.guides = new Map(guides.map((guide) => [`${guide.language}/${guide.slug}`, guide]));
    this.index = new GuideSearchIndex(guides);
    this.api = apiReference(JSON.parse(readFileSync(join(docsDir, 'openapi.json'), 'utf8')) as OpenApiDocument);
    this.logger.debug(`${guides.length} guides and ${this.api.operationCount} API operations from ${docsDir}`);
  }

  tree(lang: GuideLanguage): DocumentationTreeDto {
    const guides = [...this.guides.values()].filter((guide) => guide.language === lang).sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
    return { lang, tabs: GUIDE_TABS.map((tab) => ({ tab, guides: guides.filter((guide) => guide.tab === tab).map(summaryOf) })) };
  }

  page(slug: string, lang: GuideLanguage): GuidePageDto {
    const guide = this.guides.get(`${lang}/${slug}`);
    if (!guide) throw notFound(DocumentationErrorCode.DOCUMENTATION_PAGE_NOT_FOUND, `Guide "${slug}"`);
    return { ...summaryOf(guide), lang, markdown: guide.markdown, headings: guide.headings.map((heading) => ({ ...heading })) };
  }

  search(query: string, lang: GuideLanguage): GuideSearchResultDto {
    return { lang, items: this.index.search(query, lang) };
  }

  apiReference(): ApiReferenceDto {
    return { ...this.api, swaggerUrl: SWAGGER_URL, openapiUrl: OPENAPI_URL };
  }
}

function summaryOf(guide: Guide): GuideSummaryDto {
  return { slug: guide.slug, title: guide.title, tab: guide.tab, order: guide.order, summary: guide.summary, area: guide.area };
}
