import { Body, Controller, Get, HttpCode, HttpStatus, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Public } from '../../common/auth.decorators';
import { abortOnClose } from '../../common/sse';
import { ChatCompletionDto, ChatCompletionRequestDto, OpenAiModelListDto } from './dto/chat-completion.dto';
import { OpenAiErrorFilter } from './openai-error.filter';
import { OpenAiCompatService } from './openai-compat.service';
import { PersonalTokenGuard } from './personal-token.guard';

/** `/v1`: any OpenAI client, with a Webox personal access token as its API key, reaches every configured provider. */
@ApiTags('openai-compat')
@ApiBearerAuth()
@Public()
@UseGuards(PersonalTokenGuard)
@UseFilters(OpenAiErrorFilter)
@Controller('v1')
export class OpenAiCompatController {
  constructor(private readonly gateway: OpenAiCompatService) {}

  @Get('models')
  @ApiOperation({ summary: 'OpenAI-compatible: the chat models this token can use' })
  listOpenAiModels(@CurrentUser() user: AuthUser): Promise<OpenAiModelListDto> {
    return this.gateway.listModels(user);
  }

  @Post('chat/completions')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'OpenAI-compatible chat completion (streamed as `data:` chunks ending with `[DONE]` when `stream` is true)' })
  @ApiBody({ type: ChatCompletionRequestDto })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: ChatCompletionDto })
  async createChatCompletion(@CurrentUser() user: AuthUser, @Body() body: Record<string, unknown>, @Res({ passthrough: true }) response: Response): Promise<ChatCompletionDto | void> {
    const prepared = await this.gateway.prepare(body);
    const signal = abortOnClose(response);
    if (!prepared.request.stream) return this.gateway.complete(user, prepared, signal);
    const chunks = this.gateway.stream(user, prepared, signal)[Symbol.asyncIterator]();
    // The first chunk opens the stream; a failure before it (no key, vendor down) is still a plain JSON error.
    const first = await chunks.next();
    response.status(200).setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.flushHeaders();
    try {
      for (let next = first; !next.done; next = await chunks.next()) if (!signal.aborted) response.write(`data: ${JSON.stringify(next.value)}\n\n`);
      if (!signal.aborted) response.write('data: [DONE]\n\n');
    } catch (error) {
      if (!signal.aborted) response.write(`data: ${JSON.stringify({ error: { message: (error as Error).message, type: 'api_error' } })}\n\n`);
    }
    response.end();
  }
}
