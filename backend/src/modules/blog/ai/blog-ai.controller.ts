import { Body, Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../../../common/auth.decorators';
import { abortOnClose, writeEventStream } from '../../../common/sse';
import { GenerationJobDto } from '../../generation/dto/generation.dto';
import { BLOG_AI_DRAFT_STREAM, BlogAiCoverInputDto, BlogAiDraftInputDto, BlogAiOutlineDto, BlogAiOutlineInputDto, BlogAiTitleDto, BlogAiTitleInputDto } from '../dto/blog-ai.dto';
import { BlogAiService } from './blog-ai.service';

/** "Write with AI" in the blog editor (editors and admins). Nothing here saves the article. */
@ApiTags('blog')
@ApiBearerAuth()
@Roles('editor', 'admin')
@Controller('blog/ai')
export class BlogAiController {
  constructor(private readonly ai: BlogAiService) {}

  @Post('outline')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "An article's outline from its subject: the section headings, for the editor to change before the draft" })
  suggestBlogOutline(@CurrentUser() user: AuthUser, @Body() dto: BlogAiOutlineInputDto, @Res({ passthrough: true }) response: Response): Promise<BlogAiOutlineDto> {
    return this.ai.outline(user, dto, abortOnClose(response));
  }

  @Post('draft')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Write the article section by section with the chosen model, streamed',
    description:
      'A `text/event-stream` of `BlogAiDraftEvent`s: per section `section` then `delta`s of Markdown (its `## heading` line first), then `done`; or `error` naming the section that failed (what was streamed before it is the editor\'s to keep). Closing it stops the model. A refusal before the first section (unknown or disabled model, spent budget, bad input) is a plain JSON error.',
  })
  @ApiProduces('text/event-stream')
  @ApiExtraModels(...Object.values(BLOG_AI_DRAFT_STREAM.events))
  @ApiOkResponse({ content: { 'text/event-stream': { schema: { $ref: `#/components/schemas/${BLOG_AI_DRAFT_STREAM.name}` } } } })
  async streamBlogDraft(@CurrentUser() user: AuthUser, @Body() dto: BlogAiDraftInputDto, @Res() response: Response): Promise<void> {
    const abort = new AbortController();
    await writeEventStream(response, await this.ai.startDraft(user, dto, abort.signal), () => abort.abort());
  }

  @Post('title')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A title and an excerpt for the article, from its subject and body' })
  suggestBlogTitle(@CurrentUser() user: AuthUser, @Body() dto: BlogAiTitleInputDto, @Res({ passthrough: true }) response: Response): Promise<BlogAiTitleDto> {
    return this.ai.titleAndExcerpt(user, dto, abortOnClose(response));
  }

  @Post('cover')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: "Queue a cover picture as an image generation job (follow it at GET /api/generation/jobs/{id}); its picture lands in the editor's media library",
  })
  generateBlogCover(@CurrentUser() user: AuthUser, @Body() dto: BlogAiCoverInputDto): Promise<GenerationJobDto> {
    return this.ai.cover(user, dto);
  }
}
