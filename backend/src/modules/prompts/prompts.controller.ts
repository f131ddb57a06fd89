import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { RequestLanguage, type UiLanguage } from '../../common/request-language';
import { ImportPromptsDto, ImportResultDto, PromptCategoryCountDto, PromptDto, PromptExportDto, PromptInputDto, PromptPageDto, PromptQueryDto, RenderedPromptDto, UsePromptDto } from './dto/prompt.dto';
import { PromptsService } from './prompts.service';

const uuid = new ParseIdPipe();
const LANGUAGE = { name: 'Accept-Language', required: false, description: 'The language of the built-in prompts’ titles, texts and variable labels (en, fr; default en)' };

@ApiTags('prompts')
@ApiBearerAuth()
@Controller('prompts')
export class PromptsController {
  constructor(private readonly prompts: PromptsService) {}

  @Get()
  @ApiOperation({ summary: 'Search the prompt library: mine, shared and built-in' })
  @ApiHeader(LANGUAGE)
  listPrompts(@CurrentUser() user: AuthUser, @Query() query: PromptQueryDto, @RequestLanguage() language: UiLanguage): Promise<PromptPageDto> {
    return this.prompts.list(user, query, language);
  }

  @Get('categories')
  @ApiOperation({ summary: 'Categories with the number of prompts I can see in each' })
  listPromptCategories(@CurrentUser() user: AuthUser): Promise<PromptCategoryCountDto[]> {
    return this.prompts.categories(user);
  }

  @Get('export')
  @ApiOperation({ summary: 'My prompts as a JSON file to import elsewhere' })
  exportPrompts(@CurrentUser() user: AuthUser): Promise<PromptExportDto> {
    return this.prompts.export(user);
  }

  @Post('import')
  @ApiOperation({ summary: 'Import prompts; answers what was taken and what was refused, and why' })
  importPrompts(@CurrentUser() user: AuthUser, @Body() dto: ImportPromptsDto): Promise<ImportResultDto> {
    return this.prompts.import(user, dto.prompts);
  }

  @Post()
  @ApiOperation({ summary: 'Create a prompt' })
  createPrompt(@CurrentUser() user: AuthUser, @Body() dto: PromptInputDto): Promise<PromptDto> {
    return this.prompts.create(user, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A prompt with its variables' })
  @ApiHeader(LANGUAGE)
  getPrompt(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @RequestLanguage() language: UiLanguage): Promise<PromptDto> {
    return this.prompts.get(user, id, language);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Change one of my prompts' })
  updatePrompt(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: PromptInputDto): Promise<PromptDto> {
    return this.prompts.update(user, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete one of my prompts' })
  deletePrompt(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.prompts.delete(user, id);
  }

  @Post(':id/duplicate')
  @ApiOperation({ summary: 'Copy a prompt (mine, shared or built-in) into a private prompt of mine' })
  @ApiHeader(LANGUAGE)
  duplicatePrompt(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @RequestLanguage() language: UiLanguage): Promise<PromptDto> {
    return this.prompts.duplicate(user, id, language);
  }

  @Post(':id/use')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Render a prompt with its variables and count the use' })
  @ApiHeader(LANGUAGE)
  usePrompt(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UsePromptDto, @RequestLanguage() language: UiLanguage): Promise<RenderedPromptDto> {
    return this.prompts.use(user, id, dto, language);
  }

  @Post(':id/favorite')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Add a prompt to my favourites' })
  favoritePrompt(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.prompts.setFavorite(user, id, true);
  }

  @Delete(':id/favorite')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a prompt from my favourites' })
  unfavoritePrompt(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.prompts.setFavorite(user, id, false);
  }
}
