import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import {
  CallQueryDto,
  ConnectNumberDto,
  PlaceCallDto,
  TestTurnDto,
  TestTurnInputDto,
  TwilioConnectionDto,
  TwilioCredentialsDto,
  TwilioNumberDto,
  VoiceAssistantDto,
  VoiceAssistantInputDto,
  VoiceAssistantPatchDto,
  VoiceCallDetailDto,
  VoiceCallDto,
  VoiceCallPageDto,
} from './dto/voice.dto';
import { TwilioConnectionsService } from './twilio-connections.service';
import { VoiceAssistantsService } from './voice-assistants.service';
import { VoiceCallsService } from './voice-calls.service';

const uuid = new ParseIdPipe();

/** Voice (issue 31): phone assistants, the user's Twilio connection and numbers, calls and their history, test turns by text. */
@ApiTags('voice')
@ApiBearerAuth()
@Controller('voice')
export class VoiceController {
  constructor(
    private readonly assistants: VoiceAssistantsService,
    private readonly connections: TwilioConnectionsService,
    private readonly calls: VoiceCallsService,
  ) {}

  @Get('assistants')
  @ApiOperation({ summary: 'My phone assistants' })
  listVoiceAssistants(@CurrentUser() user: AuthUser): Promise<VoiceAssistantDto[]> {
    return this.assistants.list(user);
  }

  @Post('assistants')
  @ApiOperation({ summary: 'Create a phone assistant (instructions or an agent to speak as, model, voice, language, number, call rules)' })
  createVoiceAssistant(@CurrentUser() user: AuthUser, @Body() dto: VoiceAssistantInputDto): Promise<VoiceAssistantDto> {
    return this.assistants.create(user, dto);
  }

  @Get('assistants/:id')
  @ApiOperation({ summary: 'A phone assistant of mine' })
  getVoiceAssistant(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<VoiceAssistantDto> {
    return this.assistants.get(user, id);
  }

  @Patch('assistants/:id')
  @ApiOperation({ summary: 'Change a phone assistant' })
  updateVoiceAssistant(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: VoiceAssistantPatchDto): Promise<VoiceAssistantDto> {
    return this.assistants.update(user, id, dto);
  }

  @Delete('assistants/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a phone assistant (its calls stay in the history)' })
  deleteVoiceAssistant(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.assistants.delete(user, id);
  }

  @Post('assistants/:id/test-turns')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Try an assistant by text: the dialogue so far and the caller's words in, its reply out (the same engine as a phone call; works offline)" })
  testVoiceAssistant(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: TestTurnInputDto): Promise<TestTurnDto> {
    return this.calls.testTurn(user, id, dto);
  }

  @Get('twilio')
  @ApiOperation({ summary: 'Whether a Twilio account is connected for my calls (mine or the workspace’s), its Account SID masked' })
  getTwilioConnection(@CurrentUser() user: AuthUser): Promise<TwilioConnectionDto> {
    return this.connections.status(user);
  }

  @Put('twilio')
  @ApiOperation({ summary: 'Connect my Twilio account: the credentials are checked with Twilio, then stored encrypted (400 and nothing stored when Twilio refuses them)' })
  connectTwilio(@CurrentUser() user: AuthUser, @Body() dto: TwilioCredentialsDto): Promise<TwilioConnectionDto> {
    return this.connections.connect(user.id, dto);
  }

  @Delete('twilio')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Forget my Twilio account' })
  disconnectTwilio(@CurrentUser() user: AuthUser): Promise<void> {
    return this.connections.disconnect(user.id);
  }

  @Get('twilio/numbers')
  @ApiOperation({ summary: 'The incoming phone numbers of the connected Twilio account' })
  listTwilioNumbers(@CurrentUser() user: AuthUser): Promise<TwilioNumberDto[]> {
    return this.connections.numbers(user);
  }

  @Post('twilio/numbers/:sid/connect')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Point a number's voice webhook at Webox (WEBOX_PUBLIC_URL) and give it to an assistant of mine" })
  connectTwilioNumber(@CurrentUser() user: AuthUser, @Param('sid') sid: string, @Body() dto: ConnectNumberDto): Promise<TwilioNumberDto> {
    return this.connections.connectNumber(user, sid, dto.assistantId.toLowerCase());
  }

  @Post('calls')
  @ApiOperation({ summary: 'Place an outbound call: the assistant calls the number from its own Twilio number' })
  placeVoiceCall(@CurrentUser() user: AuthUser, @Body() dto: PlaceCallDto): Promise<VoiceCallDto> {
    return this.calls.place(user, dto);
  }

  @Get('calls')
  @ApiOperation({ summary: 'My calls, newest first (filter by assistant, status, dates)' })
  listVoiceCalls(@CurrentUser() user: AuthUser, @Query() query: CallQueryDto): Promise<VoiceCallPageDto> {
    return this.calls.list(user, query);
  }

  @Get('calls/:id')
  @ApiOperation({ summary: 'A call: numbers, status, duration, transcript, recording, usage and cost' })
  getVoiceCall(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<VoiceCallDetailDto> {
    return this.calls.get(user, id);
  }
}
