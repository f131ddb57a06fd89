import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { eventContract } from '../../../common/contract';
import { CommonErrorCode } from '../../../common/error-codes';
import { PROVIDER_ERROR_CODES, type ProviderErrorCode } from '../../../ai/provider-error';
import { REPLY_NOTE_KEYS, type ReplyNoteKey, type ReplyNoteParams } from '../../../ai/reply-notes';
import { CitationDto } from './chat.dto';
import { TOOL_SUMMARY_KEYS, type ToolSummaryKey, type ToolSummaryParams } from '../../tools/tool';
import { ChatErrorCode } from '../chat.errors';

/** How one model's reply failed in a stream: the vendor's failure, Webox's own (`INTERNAL_ERROR`), or a model that does not take the message's images. */
export const CHAT_STREAM_ERROR_CODES = [...PROVIDER_ERROR_CODES, CommonErrorCode.INTERNAL_ERROR, ChatErrorCode.MODEL_CANNOT_SEE_IMAGES] as const;
export type ChatStreamErrorCode = ProviderErrorCode | CommonErrorCode.INTERNAL_ERROR | ChatErrorCode.MODEL_CANNOT_SEE_IMAGES;

@ApiSchema({ description: 'First: the turn is stored and the models start.' })
export class ChatTurnEventDto {
  conversationId: string;
  turn: number;
  /** The user's message of the turn; null when a reply is regenerated. */
  @ApiProperty({ type: String, nullable: true })
  userMessageId: string | null;
}

@ApiSchema({ description: 'One per model: its reply is stored as `messageId`.' })
export class ChatStartEventDto {
  model: string;
  messageId: string;
}

@ApiSchema({ description: "Text to append to that model's reply." })
export class ChatDeltaEventDto {
  model: string;
  text: string;
}

@ApiSchema({ description: 'The model asked for a tool; its arguments are complete.' })
export class ChatToolCallEventDto {
  model: string;
  messageId: string;
  callId: string;
  name: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  arguments: Record<string, unknown>;
}

@ApiSchema({ description: 'A tool finished: a summary for the user, or the error the model was told.' })
export class ChatToolResultEventDto {
  model: string;
  messageId: string;
  callId: string;
  name: string;
  /** In English; `summaryKey` and `params` say it in the reader's language (built-in tools). */
  summary: string;
  @ApiPropertyOptional({ enum: TOOL_SUMMARY_KEYS, enumName: 'ToolSummaryKey' })
  summaryKey?: ToolSummaryKey;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] }, description: 'The values the summary names' })
  params?: ToolSummaryParams;
  durationMs: number;
  /** What the model was told when the tool failed. */
  error?: string;
  /** Media files the tool made (generate_image). */
  mediaFileIds?: string[];
  /** Jobs the tool started. */
  jobIds?: string[];
}

@ApiSchema({ description: 'The agent loop says something: a limit reached, a tool that could not be offered and why.' })
export class ChatNoteEventDto {
  model: string;
  messageId: string;
  /** In English; `noteKey` and `params` say it in the reader's language. */
  text: string;
  @ApiProperty({ enum: REPLY_NOTE_KEYS, enumName: 'ReplyNoteKey' })
  noteKey: ReplyNoteKey;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] }, description: 'The values the sentence names (a model, a limit, tools)' })
  params: ReplyNoteParams;
}

export class TokenUsageDto {
  inputTokens: number;
  outputTokens: number;
}

@ApiSchema({ description: "That model's reply is complete and stored." })
export class ChatDoneEventDto {
  model: string;
  messageId: string;
  @ApiProperty({ enum: ['complete'] })
  status: 'complete';
  /** Every model call of the reply (the agent loop may make several). */
  usage: TokenUsageDto;
  /** US dollars, for `usage`. */
  cost: number;
  /** Time to first token, ms; null when no text came. */
  @ApiProperty({ type: Number, nullable: true })
  ttftMs: number | null;
  durationMs: number;
  /** The passages the reply's `[n]` refer to. */
  @ApiProperty({ type: [CitationDto] })
  citations: CitationDto[];
  /** The model stopped at its length limit: the reply may be continued (POST /api/chat/messages/{id}/continue). */
  truncated: boolean;
}

@ApiSchema({
  description: 'With `model`: that model failed (the others go on); `provider` is set when its vendor did. Without `model`: the turn itself failed after it started (`INTERNAL_ERROR`); `end` still follows.',
})
export class ChatErrorEventDto {
  model?: string;
  messageId?: string;
  @ApiProperty({ enum: CHAT_STREAM_ERROR_CODES, enumName: 'ChatStreamErrorCode' })
  code: ChatStreamErrorCode;
  message: string;
  /** The vendor that failed (`openai`, `anthropic`, ...). */
  provider?: string;
  /** What the code's sentence names (`provider`; `model` and `files` for images): the reply's `errorParams`, live. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  params?: Record<string, string | number>;
}

@ApiSchema({ description: 'Last, even after an `error`: the conversation and its (new) title.' })
export class ChatEndEventDto {
  conversationId: string;
  turn: number;
  title: string;
}

/**
 * The events of a chat turn (`POST /api/chat`, `.../regenerate`, `/api/assistants/chat` with
 * `stream: true`), in the contract as `ChatStreamEvent`. A new event is a DTO and one entry here.
 */
export const CHAT_STREAM = eventContract('ChatStreamEvent', {
  turn: ChatTurnEventDto,
  start: ChatStartEventDto,
  delta: ChatDeltaEventDto,
  tool_call: ChatToolCallEventDto,
  tool_result: ChatToolResultEventDto,
  note: ChatNoteEventDto,
  done: ChatDoneEventDto,
  error: ChatErrorEventDto,
  end: ChatEndEventDto,
});
