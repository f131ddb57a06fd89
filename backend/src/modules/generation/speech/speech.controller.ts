import { Controller, Get, HttpCode, HttpStatus, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser } from '../../../common/auth.decorators';
import { SpeechCapabilitiesDto, TranscribeQueryDto, TranscriptionDto, TranscriptionUploadDto } from './dto/speech.dto';
import { SpeechService } from './speech.service';

@ApiTags('speech')
@ApiBearerAuth()
@Controller('speech')
export class SpeechController {
  constructor(private readonly speech: SpeechService) {}

  @Get('capabilities')
  @ApiOperation({ summary: 'What speech features I can use now: speech to text needs an OpenAI key (no model runs offline)' })
  getSpeechCapabilities(@CurrentUser() user: AuthUser): Promise<SpeechCapabilitiesDto> {
    return this.speech.capabilities(user);
  }

  @Post('transcriptions')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: TranscriptionUploadDto })
  @ApiOperation({ summary: 'Transcribe one recording (multipart field `file`) to text' })
  @ApiResponse({ status: 400, description: 'No recording, not audio (`UNSUPPORTED_AUDIO`), or no OpenAI key in reach (`TRANSCRIPTION_NEEDS_OPENAI_KEY`)' })
  @ApiResponse({ status: 413, description: 'Over 25 MB (`AUDIO_TOO_LARGE`)' })
  transcribeSpeech(@CurrentUser() user: AuthUser, @Query() query: TranscribeQueryDto, @Req() request: Request): Promise<TranscriptionDto> {
    return this.speech.transcribe(user, query, request, request.headers);
  }
}
