import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AuthUser, CurrentActor, CurrentUser, Roles } from '../../common/auth.decorators';
import { PageQueryDto } from '../../common/pagination';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { RequestLanguage, type UiLanguage } from '../../common/request-language';
import { CatalogService } from './catalog.service';
import { CatalogCategoryCountDto, CatalogQueryDto, CatalogToolDto, CatalogToolInputDto, CatalogToolPageDto, FavoriteStateDto, ReviewDto, ReviewInputDto, ReviewPageDto } from './dto/catalog.dto';

const uuid = new ParseIdPipe();
const LANGUAGE = { name: 'Accept-Language', required: false, description: 'The language of descriptions and pricing notes (en, fr; default en)' };

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('tools')
  @ApiOperation({ summary: 'Search the AI tool catalog (typo-tolerant), by category, integration and favourites' })
  @ApiHeader(LANGUAGE)
  listCatalogTools(@CurrentUser() user: AuthUser, @Query() query: CatalogQueryDto, @RequestLanguage() language: UiLanguage): Promise<CatalogToolPageDto> {
    return this.catalog.list(user, query, language);
  }

  @Get('categories')
  @ApiOperation({ summary: 'Every category with its number of tools' })
  listCatalogCategories(): Promise<CatalogCategoryCountDto[]> {
    return this.catalog.categories();
  }

  @Post('tools')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a tool of the workspace to the catalog (admin)' })
  @ApiHeader(LANGUAGE)
  createCatalogTool(@CurrentUser() user: AuthUser, @CurrentActor() actor: Actor, @Body() dto: CatalogToolInputDto, @RequestLanguage() language: UiLanguage): Promise<CatalogToolDto> {
    return this.catalog.create(user, actor, dto, language);
  }

  @Get('tools/:id')
  @ApiOperation({ summary: 'A tool with its facts, my favourite and its rating' })
  @ApiHeader(LANGUAGE)
  getCatalogTool(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @RequestLanguage() language: UiLanguage): Promise<CatalogToolDto> {
    return this.catalog.get(user, id, language);
  }

  @Put('tools/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a tool of the workspace (admin; shipped tools are kept current by Webox: 409)' })
  @ApiHeader(LANGUAGE)
  updateCatalogTool(@CurrentUser() user: AuthUser, @CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() dto: CatalogToolInputDto, @RequestLanguage() language: UiLanguage): Promise<CatalogToolDto> {
    return this.catalog.update(user, actor, id, dto, language);
  }

  @Delete('tools/:id')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a tool of the workspace (admin; shipped tools: 409)' })
  deleteCatalogTool(@CurrentActor() actor: Actor, @Param('id', uuid) id: string): Promise<void> {
    return this.catalog.delete(actor, id);
  }

  @Post('tools/:id/favorite')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Toggle a tool in my favourites; answers the new state' })
  toggleCatalogFavorite(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<FavoriteStateDto> {
    return this.catalog.toggleFavorite(user, id);
  }

  @Get('tools/:id/reviews')
  @ApiOperation({ summary: "A tool's reviews, newest first" })
  listCatalogReviews(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: PageQueryDto): Promise<ReviewPageDto> {
    return this.catalog.reviewsOf(user, id, query);
  }

  @Put('tools/:id/review')
  @ApiOperation({ summary: 'Write my review of a tool (1–5 stars and a short text); a second one replaces the first' })
  reviewCatalogTool(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: ReviewInputDto): Promise<ReviewDto> {
    return this.catalog.review(user, id, dto);
  }

  @Delete('tools/:id/review')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete my review of a tool' })
  deleteCatalogReview(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.catalog.deleteReview(user, id);
  }
}
