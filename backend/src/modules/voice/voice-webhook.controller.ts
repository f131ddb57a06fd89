import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth.decorators';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { VoiceAudioService } from './voice-audio.service';
import { type TwilioWebhook, VoiceCallsService } from './voice-calls.service';

const uuid = new ParseIdPipe();
const TWIML = { schema: { type: 'string', description: 'TwiML (`<Response>…</Response>`)' } };

/**
 * What Twilio calls: public routes (no login) whose every request must carry a valid X-Twilio-Signature
 * (403 otherwise, nothing recorded); bodies are form-encoded, answers are TwiML. And the signed,
 * short-lived audio links that `<Play>` fetches.
 */
@ApiTags('voice')
@Public()
@Controller('voice')
export class VoiceWebhookController {
  constructor(
    private readonly calls: VoiceCallsService,
    private readonly audio: VoiceAudioService,
  ) {}

  @Post('webhook/twilio')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Twilio's voice webhook: answers a call to an assistant's number with its greeting and a speech gather (signed by Twilio)" })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiHeader({ name: 'X-Twilio-Signature', required: true })
  @ApiProduces('text/xml')
  @ApiOkResponse(TWIML)
  twilioVoiceWebhook(@Req() request: Request, @Res({ passthrough: true }) response: Response, @Body() body: Record<string, string>, @Headers('x-twilio-signature') signature: string | undefined): Promise<string> {
    return twiml(response, this.calls.incoming(webhook(request, body, signature)));
  }

  @Post('webhook/twilio/gather')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Twilio's gather callback: the caller's words (SpeechResult) answered by the assistant, then the next gather (signed by Twilio)" })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiHeader({ name: 'X-Twilio-Signature', required: true })
  @ApiQuery({ name: 'turn', type: Number, description: 'The turn this gather answers (a retried one is not applied twice)' })
  @ApiProduces('text/xml')
  @ApiOkResponse(TWIML)
  twilioGatherWebhook(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Body() body: Record<string, string>,
    @Headers('x-twilio-signature') signature: string | undefined,
    @Query('turn') turn: string,
  ): Promise<string> {
    const parsed = Number(turn);
    return twiml(response, this.calls.gather(webhook(request, body, signature), Number.isInteger(parsed) && parsed > 0 && parsed < 100_000 ? parsed : 1));
  }

  @Post('webhook/twilio/status')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Twilio's status callback: a call's final status, duration and price (signed by Twilio)" })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiHeader({ name: 'X-Twilio-Signature', required: true })
  @ApiProduces('text/xml')
  @ApiOkResponse(TWIML)
  twilioStatusWebhook(@Req() request: Request, @Res({ passthrough: true }) response: Response, @Body() body: Record<string, string>, @Headers('x-twilio-signature') signature: string | undefined): Promise<string> {
    return twiml(response, this.calls.status(webhook(request, body, signature)));
  }

  @Post('webhook/twilio/recording')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Twilio's recording callback: the call's recording URL (signed by Twilio)" })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiHeader({ name: 'X-Twilio-Signature', required: true })
  @ApiProduces('text/xml')
  @ApiOkResponse(TWIML)
  twilioRecordingWebhook(@Req() request: Request, @Res({ passthrough: true }) response: Response, @Body() body: Record<string, string>, @Headers('x-twilio-signature') signature: string | undefined): Promise<string> {
    return twiml(response, this.calls.recording(webhook(request, body, signature)));
  }

  @Get('audio/:id')
  @ApiOperation({ summary: 'Synthesised audio of a call turn, from a signed link that expires (what `<Play>` fetches)' })
  @ApiProduces('audio/*')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async getVoiceAudio(@Param('id', uuid) id: string, @Query('expires') expires: string | undefined, @Query('signature') signature: string | undefined): Promise<StreamableFile> {
    const audio = await this.audio.fetch(id, expires, signature);
    return new StreamableFile(audio.audio, { type: audio.mimeType, length: audio.audio.length });
  }
}

/** TwiML is XML; an error keeps the API's JSON error shape (the type is set only once the answer is made). */
async function twiml(response: Response, answer: Promise<string>): Promise<string> {
  const xml = await answer;
  response.type('text/xml');
  return xml;
}

function webhook(request: Request, body: Record<string, string>, signature: string | undefined): TwilioWebhook {
  const params = Object.fromEntries(Object.entries(body ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return { params, signature, path: request.originalUrl, origin: `${request.protocol}://${request.get('host') ?? 'localhost'}`, ...(request.ip ? { ip: request.ip } : {}) };
}
