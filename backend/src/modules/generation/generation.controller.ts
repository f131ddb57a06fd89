import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { RequestLanguage, type UiLanguage } from '../../common/request-language';
import { GenerateAudioDto, GenerateEbookDto, GenerateImageDto, GenerateShortDto, GenerateVideoDto, GenerationCatalogDto, GenerationJobDto, GenerationJobPageDto, GenerationJobQueryDto } from './dto/generation.dto';
import { GenerationService } from './generation.service';

const uuid = new ParseIdPipe();

@ApiTags('generation')
@ApiBearerAuth()
@Controller('generation')
export class GenerationController {
  constructor(private readonly generation: GenerationService) {}

  @Get('models')
  @ApiOperation({ summary: 'Image, speech, music and video models, with what each supports and whether a key is in reach' })
  @ApiHeader({ name: 'Accept-Language', required: false, description: 'The language of `unavailableReason` and of the vendors without an API’s `reason` (en, fr; default en)' })
  listGenerationModels(@CurrentUser() user: AuthUser, @RequestLanguage() language: UiLanguage): Promise<GenerationCatalogDto> {
    return this.generation.catalog(user, language);
  }

  @Post('image')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Queue 1 to 4 images' })
  generateImage(@CurrentUser() user: AuthUser, @Body() dto: GenerateImageDto): Promise<GenerationJobDto> {
    return this.generation.image(user, dto);
  }

  @Post('video')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Queue a video, optionally from an image of the media library' })
  generateVideo(@CurrentUser() user: AuthUser, @Body() dto: GenerateVideoDto): Promise<GenerationJobDto> {
    return this.generation.video(user, dto);
  }

  @Post('audio')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Queue speech (text, voice) or music (prompt, duration)' })
  generateAudio(@CurrentUser() user: AuthUser, @Body() dto: GenerateAudioDto): Promise<GenerationJobDto> {
    return this.generation.audio(user, dto);
  }

  @Post('ebook')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Queue an eBook: outline, chapters, cover, then PDF and/or EPUB' })
  generateEbook(@CurrentUser() user: AuthUser, @Body() dto: GenerateEbookDto): Promise<GenerationJobDto> {
    return this.generation.ebook(user, dto);
  }

  @Post('short')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Queue a short video: script, pictures, voice-over, captions, MP4' })
  generateShort(@CurrentUser() user: AuthUser, @Body() dto: GenerateShortDto): Promise<GenerationJobDto> {
    return this.generation.short(user, dto);
  }

  @Get('jobs')
  @ApiOperation({ summary: 'My generation jobs, newest first; filter by kind and status' })
  listGenerationJobs(@CurrentUser() user: AuthUser, @Query() query: GenerationJobQueryDto): Promise<GenerationJobPageDto> {
    return this.generation.list(user, query);
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'A job: status, progress and step, inputs, outputs as media files, error, cost' })
  getGenerationJob(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<GenerationJobDto> {
    return this.generation.get(user, id);
  }

  @Post('jobs/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop a queued or running job; what it made is removed (409 when it has finished)' })
  cancelGenerationJob(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<GenerationJobDto> {
    return this.generation.cancel(user, id);
  }

  @Post('jobs/:id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run a failed or cancelled job again (409 otherwise)' })
  retryGenerationJob(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<GenerationJobDto> {
    return this.generation.retry(user, id);
  }
}
