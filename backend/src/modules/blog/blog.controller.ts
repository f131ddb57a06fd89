import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../../common/auth.decorators';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { BlogService } from './blog.service';
import { ArticleDto, ArticleInputDto, ArticlePageDto, ArticleQueryDto, ArticleRevisionDto, BlogCategoryCountDto } from './dto/blog.dto';

const uuid = new ParseIdPipe();

/** The blog in the dashboard. Readers: everyone signed in; writers: editors and admins. */
@ApiTags('blog')
@ApiBearerAuth()
@Controller('blog')
export class BlogController {
  constructor(private readonly blog: BlogService) {}

  @Get('articles')
  @ApiOperation({ summary: 'Published articles (and my drafts and scheduled ones; an admin sees all), searched in their language, by category, tag and language' })
  listBlogArticles(@CurrentUser() user: AuthUser, @Query() query: ArticleQueryDto): Promise<ArticlePageDto> {
    return this.blog.list(user, query);
  }

  @Post('articles')
  @Roles('editor', 'admin')
  @ApiOperation({ summary: 'Write an article (editors and admins): a draft, scheduled for a date, or published' })
  createBlogArticle(@CurrentUser() user: AuthUser, @Body() dto: ArticleInputDto): Promise<ArticleDto> {
    return this.blog.create(user, dto);
  }

  @Get('articles/by-slug/:slug')
  @ApiOperation({ summary: 'An article by its slug (a draft or scheduled one: its author and admins only)' })
  getBlogArticleBySlug(@CurrentUser() user: AuthUser, @Param('slug') slug: string): Promise<ArticleDto> {
    return this.blog.bySlug(user, slug);
  }

  @Put('articles/:id')
  @Roles('editor', 'admin')
  @ApiOperation({ summary: 'Replace my article (an admin: any); the previous version becomes a revision' })
  updateBlogArticle(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: ArticleInputDto): Promise<ArticleDto> {
    return this.blog.update(user, id, dto);
  }

  @Delete('articles/:id')
  @Roles('editor', 'admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete my article (an admin: any), its revisions with it' })
  deleteBlogArticle(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.blog.delete(user, id);
  }

  @Get('articles/:id/revisions')
  @Roles('editor', 'admin')
  @ApiOperation({ summary: "My article's earlier versions, newest first" })
  listBlogRevisions(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ArticleRevisionDto[]> {
    return this.blog.revisionsOf(user, id);
  }

  @Post('articles/:id/revisions/:revId/restore')
  @Roles('editor', 'admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Bring an earlier version back (the current one is kept as a revision too)' })
  restoreBlogRevision(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('revId', uuid) revId: string): Promise<ArticleDto> {
    return this.blog.restore(user, id, revId);
  }

  @Get('categories')
  @ApiOperation({ summary: 'Categories of published articles, with how many each holds' })
  listBlogCategories(): Promise<BlogCategoryCountDto[]> {
    return this.blog.categories();
  }
}
