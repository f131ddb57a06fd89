import { SHARE_PERMISSIONS, type SharePermission } from '../sharing/conversation-grants';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsDateString, IsIn, IsString, IsUUID, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../../../common/validation';
import { UNAVAILABLE_CODES, type UnavailableCode } from '../../../ai/model-catalogue.service';
import { PageDtoOf, PageQueryDto } from '../../../common/pagination';
import { REPLY_NOTE_KEYS, type ReplyNoteKey, type ReplyNoteParams } from '../../../ai/reply-notes';
import { ChatSettingsDto, StoredChatSettingsDto } from './chat-settings.dto';
import { TOOL_SUMMARY_KEYS, type ToolSummaryKey } from '../../tools/tool';

export const MAX_MODELS_PER_TURN = 12;
export const MAX_MESSAGE_CHARS = 200_000;
export const MAX_ATTACHED_COLLECTIONS = 20;
export const MAX_FOLDER_CHARS = 60;
/** Longer replies are read up to their last sentence within this many characters. */
export const MAX_SPEECH_CHARS = 4000;
export const MAX_ATTACHMENTS = 10;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** A turn; its settings (system prompt, sampling) are kept by the conversation (see ChatSettingsDto). */
export class SendChatMessageDto extends ChatSettingsDto {
  /** Continue this conversation; a new one is created when absent. */
  @Optional()
  @IsUUID('all', { message: 'conversationId must be a conversation id' })
  conversationId?: string;

  /** The user's message, sent to every selected model. */
  @IsString()
  @Transform(trim)
  @MinLength(1, { message: 'message must not be empty' })
  @MaxLength(MAX_MESSAGE_CHARS)
  message: string;

  /** 1 to 12 model ids (`provider/model`, see GET /api/chat/models). */
  @IsString({ each: true })
  @ArrayMinSize(1, { message: 'models must name at least 1 model' })
  @ArrayMaxSize(MAX_MODELS_PER_TURN, { message: `models must name at most ${MAX_MODELS_PER_TURN} models` })
  @ArrayUnique({ message: 'models must not repeat a model' })
  models: string[];

  /** Answer as Server-Sent Events (`ChatStreamEvent`s) instead of one JSON body. */
  @Optional()
  @IsBoolean()
  stream?: boolean;

  /**
   * Knowledge collections to answer from: the models may then search them (`knowledge_search`) and
   * cite passages as [n]. Kept for the conversation's next turns; an empty list detaches them.
   */
  @Optional()
  @IsUUID('all', { each: true, message: 'each of collectionIds must be a collection id' })
  @ArrayMaxSize(MAX_ATTACHED_COLLECTIONS)
  @ArrayUnique()
  collectionIds?: string[];

  /**
   * Media-library files to attach (upload them with POST /api/media/upload first): images go to
   * the models that take images (`vision` in GET /api/chat/models; the others' columns answer
   * `MODEL_CANNOT_SEE_IMAGES`), documents (PDF, DOCX, HTML, Markdown, text) go as their text, cut
   * to the server's cap. Another user's file is a 404; a refused type or a size over the limit a
   * 400 naming the file, and nothing is sent.
   */
  @Optional()
  @IsUUID('all', { each: true, message: 'each of attachments must be a media file id' })
  @ArrayMaxSize(MAX_ATTACHMENTS, { message: `attachments must name at most ${MAX_ATTACHMENTS} files` })
  @ArrayUnique({ message: 'attachments must not repeat a file' })
  attachments?: string[];

  /**
   * Edit and resend: the user message of `conversationId` this one is a new version of. It becomes
   * its sibling (same parent, same turn), answered anew by `models`; the old version and the turns
   * after it are kept, and this branch is shown.
   */
  @Optional()
  @IsUUID('all', { message: 'editOf must be a message id' })
  editOf?: string;
}

export class RegenerateReplyDto {
  /** The model whose reply is written again (or `models`). */
  @Optional()
  @IsString()
  @Length(3, 140)
  model?: string;

  /** Every model whose reply is written again: the columns of a turn. */
  @Optional()
  @IsString({ each: true })
  @ArrayMinSize(1, { message: 'models must name at least 1 model' })
  @ArrayMaxSize(MAX_MODELS_PER_TURN, { message: `models must name at most ${MAX_MODELS_PER_TURN} models` })
  @ArrayUnique({ message: 'models must not repeat a model' })
  models?: string[];

  /** The user message whose replies are written again; the last one on screen when absent. */
  @Optional()
  @IsUUID('all', { message: 'messageId must be a message id' })
  messageId?: string;

  @Optional()
  @IsBoolean()
  stream?: boolean;
}

export class SelectBranchDto {
  /** The version to show: a user message (its branch, with the turns after it) or a reply (in its column). */
  @IsUUID('all', { message: 'messageId must be a message id' })
  messageId: string;
}

export class MergeAnswersDto {
  /** The model that writes the merged answer. */
  @IsString()
  @Length(3, 140)
  model: string;

  /** What the model is asked to do with the answers; a default synthesis instruction when absent. */
  @Optional()
  @IsString()
  @Length(1, 4000)
  instruction?: string;

  @Optional()
  @IsBoolean()
  stream?: boolean;
}

export class ContinueReplyDto {
  @Optional()
  @IsBoolean()
  stream?: boolean;
}

export class CreateConversationDto {
  @Optional()
  @IsString()
  @Transform(trim)
  @Length(1, 200)
  title?: string;
}

export class UpdateConversationDto {
  @Optional()
  @IsString()
  @Transform(trim)
  @Length(1, 200)
  title?: string;

  @Optional()
  @IsBoolean()
  pinned?: boolean;

  @Optional()
  @IsBoolean()
  archived?: boolean;

  /** Move into this folder (created by naming it); null takes the conversation out of its folder. */
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_FOLDER_CHARS })
  @Optional({ nullable: true })
  @IsString()
  @Transform(trim)
  @Length(1, MAX_FOLDER_CHARS, { message: `folder must be 1 to ${MAX_FOLDER_CHARS} characters` })
  folder?: string | null;
}

export class ConversationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Search: part of a title, or words of the title or of a message' })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'The archived conversations instead of the others', default: false })
  @Optional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'archived must be true or false' })
  archived?: boolean;

  @ApiPropertyOptional({ description: 'Only the conversations of this folder', maxLength: MAX_FOLDER_CHARS })
  @Optional()
  @IsString()
  @Transform(trim)
  @Length(1, MAX_FOLDER_CHARS, { message: `folder must be 1 to ${MAX_FOLDER_CHARS} characters` })
  folder?: string;
}

/** A folder of the user's conversations. */
export class ConversationFolderDto {
  name: string;
  /** Conversations in it, the archived ones aside. */
  count: number;
  archivedCount: number;
}

export class SpeakMessageDto {
  /** A speech model (`GET /api/generation/models`); the offline voice when absent. */
  @Optional()
  @IsString()
  @Length(3, 140)
  model?: string;

  /** One of the model's voices; its first when absent. */
  @Optional()
  @IsString()
  @Length(1, 60)
  voice?: string;

  /** BCP 47 language of the reply (the offline voice needs it); `en` when absent. */
  @Optional()
  @IsString()
  @Matches(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { message: 'language must be a language tag such as en or fr-FR' })
  language?: string;
}

export const EXPORT_FORMATS = ['markdown', 'json', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class ExportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` })
  format: ExportFormat;
}

export class UsageQueryDto {
  @ApiPropertyOptional({ description: 'Start of the period (ISO 8601); default 30 days ago' })
  @Optional()
  @IsDateString({}, { message: 'from must be an ISO 8601 date' })
  from?: string;

  @ApiPropertyOptional({ description: 'End of the period (ISO 8601); default now' })
  @Optional()
  @IsDateString({}, { message: 'to must be an ISO 8601 date' })
  to?: string;
}

export class ChatModelDto {
  /** `provider/model`. */
  id: string;
  @ApiProperty({ enum: ['openai', 'anthropic', 'google', 'openai-compatible', 'local'] })
  provider: string;
  providerLabel: string;
  name: string;
  contextTokens: number;
  /** US dollars per million input tokens. */
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  /** The built-in offline model: answers are generated locally, not by an AI. */
  offline: boolean;
  /** The most tokens one reply may have, where the vendor publishes it; else its context bounds it. */
  maxOutputTokens?: number;
  /** Sampling it takes: `both` temperature and topP, `either` one of them, `none` only its defaults (reasoning). */
  @ApiProperty({ enum: ['both', 'either', 'none'] })
  sampling: 'both' | 'either' | 'none';
  /** Takes images in its input: pictures attached to a message reach it (the others' columns say they cannot). */
  vision: boolean;
  /** False when no key is configured for its provider, or an administrator turned the model off (for everyone or the caller's role). */
  available: boolean;
  /** Why not, in the caller's language. */
  unavailableReason?: string;
  /** Why not, as an error code a client translates (with `provider`): `PROVIDER_MISSING_CREDENTIALS` (no key in reach) or `MODEL_DISABLED` (an administrator turned it off). */
  @ApiPropertyOptional({ enum: UNAVAILABLE_CODES })
  unavailableCode?: UnavailableCode;
  /** The workspace's default chat model, set by an administrator: used when the caller has no default of their own (theirs wins). */
  workspaceDefault: boolean;
}

/** A passage a reply cites as [n]; GET /api/knowledge/chunks/{chunkId} opens it. */
export class CitationDto {
  n: number;
  chunkId: string;
  collectionId: string;
  collectionName: string;
  /** The media-library file the passage comes from. */
  fileId: string;
  fileName: string;
  /** 1-based page for PDFs. */
  @ApiProperty({ type: Number, nullable: true })
  page: number | null;
  snippet: string;
}

/** One step of an agent's reply: a tool call and its result, or a note from the agent loop. */
export class ReplyStepDto {
  @ApiProperty({ enum: ['tool', 'note'] })
  kind: 'tool' | 'note';
  /** Length of the reply's text when the step happened: where to show it. */
  offset: number;
  /** Notes: what the loop says (a limit reached, a tool that could not be offered), in English. */
  text?: string;
  /** Notes: what the note says, for the reader's language with `params` (absent on notes stored before it existed). */
  @ApiPropertyOptional({ enum: REPLY_NOTE_KEYS, enumName: 'ReplyNoteKey' })
  noteKey?: ReplyNoteKey;
  /** Tools: what the summary says, for the reader's language with `params` (built-in tools; absent on older steps). */
  @ApiPropertyOptional({ enum: TOOL_SUMMARY_KEYS, enumName: 'ToolSummaryKey' })
  summaryKey?: ToolSummaryKey;
  /** The values a note or a tool's summary names. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  params?: ReplyNoteParams;
  callId?: string;
  /** The tool's name as the model called it. */
  name?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  arguments?: Record<string, unknown>;
  @ApiPropertyOptional({ enum: ['running', 'ok', 'error'] })
  status?: 'running' | 'ok' | 'error';
  summary?: string;
  error?: string;
  durationMs?: number;
  /** Media files the tool created (generate_image). */
  mediaFileIds?: string[];
  jobIds?: string[];
}

/** A media-library file attached to a user's message. */
export class MessageAttachmentDto {
  mediaFileId: string;
  name: string;
  mimeType: string;
  @ApiProperty({ enum: ['image', 'document'] })
  kind: 'image' | 'document';
  /** Bytes. */
  size: number;
  /** Documents: the text was longer than the models are given, and was cut to this many characters. */
  truncatedTo?: number;
}

/** The person who asked a question in a shared conversation. */
export class MessageAuthorDto {
  userId: string;
  name: string;
}

export class MessageDto {
  id: string;
  /** Depth in the conversation: 1 for the first question and its replies. */
  turn: number;
  /** A question's parent is the question before it on its branch (null for the first); a reply's, the question it answers. */
  @ApiProperty({ type: String, nullable: true })
  parentId: string | null;
  /**
   * The versions this message is one of, oldest first, itself included: a question's edits, or one
   * model's regenerated replies. Its place in them is the `< 2/3 >` shown; POST
   * /api/chat/conversations/{id}/select shows another.
   */
  siblingIds: string[];
  @ApiProperty({ enum: ['user', 'assistant'] })
  role: 'user' | 'assistant';
  /**
   * `merged`: a merged answer (POST /api/chat/messages/{id}/merge), one model's synthesis of its
   * turn's columns, listed after them; `reply` for every other message.
   */
  @ApiProperty({ enum: ['reply', 'merged'] })
  kind: 'reply' | 'merged';
  /** The model that wrote a reply. */
  model?: string;
  content: string;
  @ApiProperty({ enum: ['streaming', 'complete', 'stopped', 'error'] })
  status: 'streaming' | 'complete' | 'stopped' | 'error';
  /** Why a failed reply failed, in English. */
  error?: string;
  /**
   * Why a failed reply failed, as an error code a client translates (`PROVIDER_RATE_LIMITED`,
   * `PROVIDER_UNAVAILABLE`, `MODEL_CANNOT_SEE_IMAGES`...; the codes of the API's errors), with
   * `errorParams` (`provider`; `model` and `files` for images). Absent on replies stored before codes were kept.
   */
  errorCode?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  errorParams?: Record<string, string | number>;
  /** A reply cut by its length limit (max tokens): POST /api/chat/messages/{id}/continue asks the model for the rest. */
  truncated: boolean;
  inputTokens?: number;
  outputTokens?: number;
  /** US dollars. */
  cost?: number;
  /** Time to first token, ms. */
  ttftMs?: number;
  durationMs?: number;
  /** The agent loop's trace: every tool call, result and note, in order. */
  @ApiProperty({ type: [ReplyStepDto] })
  steps: ReplyStepDto[];
  @ApiProperty({ type: [CitationDto] })
  citations: CitationDto[];
  /** Files the user attached (user messages). */
  @ApiProperty({ type: [MessageAttachmentDto] })
  attachments: MessageAttachmentDto[];
  /** Who asked it (user messages of a shared conversation): its owner, or a recipient who continued it. */
  askedBy?: MessageAuthorDto;
  createdAt: Date;
}

/** How a conversation of another user reached me. */
export class ConversationSharedMarkDto {
  /** Who shared it (its owner). */
  byUserId: string;
  byName: string;
  @ApiProperty({ enum: SHARE_PERMISSIONS })
  permission: SharePermission;
}

export class ConversationDto {
  id: string;
  title: string;
  pinned: boolean;
  archived: boolean;
  @ApiProperty({ type: String, nullable: true })
  folder: string | null;
  /** The agent this conversation is held with. */
  agentId?: string;
  agentName?: string;
  /** Knowledge collections attached to this (plain) conversation. */
  collectionIds?: string[];
  /** The models that answered in this conversation. */
  models: string[];
  /** The start of the last message. */
  preview?: string;
  /** Present when the conversation is another user's, shared with me. */
  shared?: ConversationSharedMarkDto;
  createdAt: Date;
  updatedAt: Date;
}

export class ConversationPageDto extends PageDtoOf(ConversationDto) {}

export class ConversationDetailDto extends ConversationDto {
  /** The system prompt every turn sends (an agent's instructions in an agent's conversation). */
  @ApiProperty({ type: String, nullable: true })
  systemPrompt: string | null;
  @ApiProperty({ type: StoredChatSettingsDto, nullable: true })
  settings: StoredChatSettingsDto | null;
  @ApiProperty({ type: [MessageDto] })
  messages: MessageDto[];
}

export class ChatTurnDto {
  conversationId: string;
  turn: number;
  title: string;
  @ApiProperty({ type: [MessageDto] })
  replies: MessageDto[];
}

export class UsageRowDto {
  provider: string;
  model: string;
  /** Model calls: chat replies and API completions. */
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** US dollars. */
  cost: number;
}

export class UsageDto {
  from: Date;
  to: Date;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  @ApiProperty({ type: [UsageRowDto] })
  byModel: UsageRowDto[];
}

