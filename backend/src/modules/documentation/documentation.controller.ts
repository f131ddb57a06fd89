import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth.decorators';
import { RequestLanguage, type UiLanguage } from '../../common/request-language';
import { DocumentationService } from './documentation.service';
import { ApiReferenceDto, DocumentationLanguageQueryDto, DocumentationSearchQueryDto, DocumentationTreeDto, GuidePageDto, GuideSearchResultDto } from './dto/documentation.dto';

const LANGUAGE = { name: 'Accept-Language', required: false, description: 'The language of the guides when `lang` is not given (en, fr; default en)' };

/**
 * Public, like the Swagger UI and the repository's docs it is made of: the getting-started guide
 * (claiming the administrator account with the setup token) must be readable before anyone can
 * sign in, and nothing here depends on who asks.
 */
@ApiTags('documentation')
@Public()
@Controller('documentation')
export class DocumentationController {
  constructor(private readonly documentation: DocumentationService) {}

  @Get()
  @ApiOperation({ summary: 'The guides by tab (getting started, guides, FAQ): titles, slugs and summaries' })
  @ApiHeader(LANGUAGE)
  getDocumentationTree(@Query() query: DocumentationLanguageQueryDto, @RequestLanguage() language: UiLanguage): DocumentationTreeDto {
    return this.documentation.tree(query.lang ?? language);
  }

  @Get('search')
  @ApiOperation({ summary: 'Full-text search over the guides: best guides first, each with its best section and a snippet' })
  @ApiHeader(LANGUAGE)
  searchDocumentation(@Query() query: DocumentationSearchQueryDto, @RequestLanguage() language: UiLanguage): GuideSearchResultDto {
    return this.documentation.search(query.q, query.lang ?? language);
  }

  @Get('api')
  @ApiOperation({ summary: 'The API tab: every operation of the contract by area, with parameters and an example body' })
  getApiReference(): ApiReferenceDto {
    return this.documentation.apiReference();
  }

  @Get(':slug')
  @ApiOperation({ summary: 'A guide in Markdown with its headings (404 DOCUMENTATION_PAGE_NOT_FOUND for an unknown slug)' })
  @ApiHeader(LANGUAGE)
  getDocumentationPage(@Param('slug') slug: string, @Query() query: DocumentationLanguageQueryDto, @RequestLanguage() language: UiLanguage): GuidePageDto {
    return this.documentation.page(slug, query.lang ?? language);
  }
}
