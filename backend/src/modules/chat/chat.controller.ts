import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { RequestLanguage, type UiLanguage } from '../../common/request-language';
import { ApiJsonOrEventStreamResponse } from '../../common/contract';
import { ConversationsService } from './conversations.service';
import {
  ChatModelDto,
  ChatTurnDto,
  ContinueReplyDto,
  MergeAnswersDto,
  ConversationDetailDto,
  ConversationDto,
  ConversationFolderDto,
  ConversationPageDto,
  ConversationQueryDto,
  CreateConversationDto,
  ExportQueryDto,
  MAX_SPEECH_CHARS,
  RegenerateReplyDto,
  SelectBranchDto,
  SendChatMessageDto,
  SpeakMessageDto,
  UpdateConversationDto,
  UsageDto,
  UsageQueryDto,
} from './dto/chat.dto';
import { CHAT_STREAM } from './dto/chat-events.dto';
import { ChatTurnsService } from './turns/chat-turns.service';
import { MessageSpeechService } from './speech/message-speech.service';
import { streamOrWait } from '../../common/sse';

const uuid = new ParseIdPipe();
const STREAM_DESCRIPTION =
  'With `stream: true`, a `text/event-stream` of `ChatStreamEvent`s: `turn`, then per model `start`, `delta`s, tool steps and `done` or `error` (with `model`: that model only, the others go on; without: the turn failed), and `end`; closing it stops every model. Otherwise the JSON turn once every model is done.';

@ApiTags('chat')
@ApiBearerAuth()
@Controller('chat')
export class ChatController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly turns: ChatTurnsService,
    private readonly speech: MessageSpeechService,
  ) {}

  @Get('models')
  @ApiOperation({ summary: 'The chat models, each with its price and whether a key is configured for it' })
  @ApiHeader({ name: 'Accept-Language', required: false, description: 'The language of `providerLabel` and `unavailableReason` (en, fr; default en)' })
  listChatModels(@CurrentUser() user: AuthUser, @RequestLanguage() language: UiLanguage): Promise<ChatModelDto[]> {
    return this.conversations.listModels(user, language);
  }

  @Post('new')
  @ApiOperation({ summary: 'Start an empty conversation' })
  createConversation(@CurrentUser() user: AuthUser, @Body() dto: CreateConversationDto): Promise<ConversationDto> {
    return this.conversations.createConversation(user, dto);
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send one message to 1-12 models at once', description: STREAM_DESCRIPTION })
  @ApiJsonOrEventStreamResponse(ChatTurnDto, CHAT_STREAM)
  sendChatMessage(@CurrentUser() user: AuthUser, @Body() dto: SendChatMessageDto, @Res({ passthrough: true }) response: Response): Promise<ChatTurnDto | void> {
    return streamOrWait(response, dto.stream, (signal) => this.turns.startTurn(user, dto, signal), (signal) => this.turns.sendAndWait(user, dto, signal));
  }

  @Post('conversations/:id/regenerate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Write one model's reply (or several: a turn's columns) again, keeping the old ones as versions",
    description: `Of the last question on screen, or of \`messageId\`. The new replies are shown; one that fails is dropped and the version before it shown again. ${STREAM_DESCRIPTION}`,
  })
  @ApiJsonOrEventStreamResponse(ChatTurnDto, CHAT_STREAM)
  regenerateReply(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: RegenerateReplyDto, @Res({ passthrough: true }) response: Response): Promise<ChatTurnDto | void> {
    return streamOrWait(response, dto.stream, (signal) => this.turns.startRegeneration(user, id, dto, signal), (signal) => this.turns.regenerateAndWait(user, id, dto, signal));
  }

  @Post('messages/:id/continue')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Continue a reply cut by its length limit (`truncated`): the same model writes the rest, appended to it', description: STREAM_DESCRIPTION })
  @ApiJsonOrEventStreamResponse(ChatTurnDto, CHAT_STREAM)
  continueReply(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: ContinueReplyDto, @Res({ passthrough: true }) response: Response): Promise<ChatTurnDto | void> {
    return streamOrWait(response, dto.stream, (signal) => this.turns.startContinuation(user, id, signal), (signal) => this.turns.continueAndWait(user, id, signal));
  }

  @Post('messages/:id/merge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Merge a multi-model turn's answers into one: a chosen model synthesises the columns shown for the question `id`",
    description: `Stored in the conversation as the turn's merged answer (\`kind: merged\`, listed after the columns, kept on reload and in exports, never given to a later turn); merging again keeps the earlier ones as versions. Fewer than 2 answered columns: 400 NOTHING_TO_MERGE. A provider failure is stored as a failed merged answer, the columns untouched. ${STREAM_DESCRIPTION}`,
  })
  @ApiJsonOrEventStreamResponse(ChatTurnDto, CHAT_STREAM)
  mergeAnswers(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: MergeAnswersDto, @Res({ passthrough: true }) response: Response): Promise<ChatTurnDto | void> {
    return streamOrWait(response, dto.stream, (signal) => this.turns.startMerge(user, id, dto, signal), (signal) => this.turns.mergeAndWait(user, id, dto, signal));
  }

  @Post('conversations/:id/select')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Show another version of a question (its branch) or of a reply (in its column); answers the conversation as now shown' })
  selectBranch(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: SelectBranchDto): Promise<ConversationDetailDto> {
    return this.conversations.selectBranch(user, id, dto);
  }

  @Get('history')
  @ApiOperation({ summary: 'Conversations, pinned first then most recent: archived or not, of one folder, searched by title and message text' })
  listConversations(@CurrentUser() user: AuthUser, @Query() query: ConversationQueryDto): Promise<ConversationPageDto> {
    return this.conversations.listConversations(user, query);
  }

  @Get('folders')
  @ApiOperation({ summary: "The user's conversation folders, with how many conversations each holds" })
  listConversationFolders(@CurrentUser() user: AuthUser): Promise<ConversationFolderDto[]> {
    return this.conversations.listFolders(user);
  }

  @Get('usage')
  @ApiOperation({ summary: 'Tokens and cost per provider and model over a period' })
  getChatUsage(@CurrentUser() user: AuthUser, @Query() query: UsageQueryDto): Promise<UsageDto> {
    return this.conversations.usage(user, query);
  }

  @Get('conversations/:id')
  @ApiOperation({ summary: 'A conversation with the messages of the branch on screen (each with its versions: `siblingIds`)' })
  getConversation(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ConversationDetailDto> {
    return this.conversations.getConversation(user, id);
  }

  @Patch('conversations/:id')
  @ApiOperation({ summary: 'Rename, pin, archive or file a conversation in a folder' })
  updateConversation(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UpdateConversationDto): Promise<ConversationDto> {
    return this.conversations.updateConversation(user, id, dto);
  }

  @Delete('conversations/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a conversation and its messages' })
  deleteConversation(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.conversations.deleteConversation(user, id);
  }

  @Get('conversations/:id/export')
  @ApiOperation({ summary: 'Download a conversation as Markdown, JSON or PDF (the branch on screen)' })
  @ApiProduces('text/markdown', 'application/json', 'application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async exportConversation(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: ExportQueryDto): Promise<StreamableFile> {
    const file = await this.conversations.exportConversation(user, id, query.format);
    return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.filename}"`, length: file.body.length });
  }

  @Post('messages/:id/speech')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'A message read aloud',
    description: `The text without its Markdown (at most ${MAX_SPEECH_CHARS} characters, cut after a sentence), spoken at once by a speech model (the offline voice by default). Kept per message, model, voice and language: playing it again costs nothing.`,
  })
  @ApiProduces('audio/*')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async speakMessage(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: SpeakMessageDto): Promise<StreamableFile> {
    const spoken = await this.speech.speak(user, id, dto);
    return new StreamableFile(spoken.audio, { type: spoken.mimeType, length: spoken.audio.length });
  }
}
