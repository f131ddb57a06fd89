import { asArray, asNumber, asRecord, asString, joinText, type JsonRecord } from './json-value.utils';
import type { RecordedImage, RecordedMessage, RecordedRequest, RecordedToolCall, RecordedToolResult } from './provider-emulator.types';
import type { ReplyPlan } from './reply.planner';
import { base64Image, EmulatorRequestError, type ParsedChatRequest, type SseFrame, type VendorProtocol } from './vendor.protocol';

/** Anthropic Messages and Models, as `@anthropic-ai/sdk` 1.x reads them (see its `MessageStream#accumulateMessage`). */

const STOP_REASONS: Record<ReplyPlan['stop'], string> = { end: 'end_turn', tool_calls: 'tool_use', max_tokens: 'max_tokens' };

/** Text of content given as a string or as blocks: text, tool_use input and tool_result content all count as input. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return joinText(
    asArray(content).map((raw) => {
      const block = asRecord(raw);
      if (block?.['type'] === 'tool_use') return `${asString(block['name']) ?? ''} ${JSON.stringify(block['input'] ?? {})}`;
      if (block?.['type'] === 'tool_result') return contentText(block['content']);
      return asString(block?.['text']);
    }),
  );
}

/** Content blocks of the given type across the messages of one role, in order. */
function blocks(messages: Array<JsonRecord | undefined>, role: string, type: string): JsonRecord[] {
  return messages
    .filter((message) => message?.['role'] === role)
    .flatMap((message) => asArray(message?.['content']).map(asRecord))
    .filter((block): block is JsonRecord => block?.['type'] === type);
}

/** `image` blocks with a base64 source (the emulator fetches no `url` source). */
function contentImages(content: unknown): RecordedImage[] {
  return asArray(content)
    .map(asRecord)
    .filter((block) => block?.['type'] === 'image')
    .map((block) => {
      const source = asRecord(block?.['source']);
      if (source?.['type'] !== 'base64') throw new EmulatorRequestError('messages: image source must be of type base64 in the emulator');
      return base64Image('image', asString(source['media_type']), asString(source['data']));
    });
}

function recordedMessage(message: JsonRecord | undefined): RecordedMessage {
  const images = contentImages(message?.['content']);
  return { role: asString(message?.['role']) ?? 'user', text: contentText(message?.['content']), ...(images.length ? { images } : {}) };
}

function replayedToolCalls(messages: Array<JsonRecord | undefined>): RecordedToolCall[] {
  return blocks(messages, 'assistant', 'tool_use').map((block) => ({ id: asString(block['id']), name: asString(block['name']) ?? '', arguments: block['input'] }));
}

function toolResults(messages: Array<JsonRecord | undefined>): RecordedToolResult[] {
  return blocks(messages, 'user', 'tool_result').map((block) => ({
    id: asString(block['tool_use_id']),
    text: contentText(block['content']),
    ...(block['is_error'] === true ? { isError: true } : {}),
  }));
}

function parseChat(body: unknown): ParsedChatRequest {
  const request = asRecord(body);
  const model = asString(request?.['model']);
  const maxTokens = asNumber(request?.['max_tokens']);
  const messages = asArray(request?.['messages']).map(asRecord);
  if (!request || !model) throw new EmulatorRequestError('model: Field required');
  if (maxTokens === undefined) throw new EmulatorRequestError('max_tokens: Field required');
  if (messages.length === 0) throw new EmulatorRequestError('messages: at least one message is required');
  const system = contentText(request['system']);
  return {
    model,
    stream: request['stream'] === true,
    system: system || undefined,
    messages: messages.map(recordedMessage),
    toolNames: asArray(request['tools'])
      .map((tool) => asString(asRecord(tool)?.['name']))
      .filter((name): name is string => !!name),
    toolCalls: replayedToolCalls(messages),
    toolResults: toolResults(messages),
    maxTokens,
  };
}

function messageId(request: RecordedRequest): string {
  return `msg_emu${request.index}`;
}

function usage(inputTokens: number, outputTokens: number): JsonRecord {
  return { input_tokens: inputTokens, output_tokens: outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: 'standard' };
}

function toolUseBlock(call: ReplyPlan['toolCalls'][number], input: unknown): JsonRecord {
  return { type: 'tool_use', id: call.id, name: call.name, input, caller: { type: 'direct' } };
}

/** The message envelope; a stream starts with it empty and fills it through events. */
function message(request: RecordedRequest, content: JsonRecord[], stopReason: string | null, inputTokens: number, outputTokens: number): JsonRecord {
  return {
    id: messageId(request),
    type: 'message',
    role: 'assistant',
    model: request.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    usage: usage(inputTokens, outputTokens),
  };
}

function hasTextBlock(plan: ReplyPlan): boolean {
  return plan.text.length > 0 || plan.toolCalls.length === 0;
}

function chatResponse(plan: ReplyPlan, request: RecordedRequest): unknown {
  const content = [
    ...(hasTextBlock(plan) ? [{ type: 'text', text: plan.text, citations: null }] : []),
    ...plan.toolCalls.map((call) => toolUseBlock(call, call.arguments)),
  ];
  return message(request, content, STOP_REASONS[plan.stop], plan.promptTokens, plan.completionTokens);
}

function event(type: string, data: JsonRecord): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

/** message_start, ping, then per block start / deltas / stop, then message_delta (stop reason, usage) and message_stop. */
function chatStream(plan: ReplyPlan, request: RecordedRequest): SseFrame[] {
  const frames: SseFrame[] = [
    { text: event('message_start', { message: message(request, [], null, plan.promptTokens, 0) }), preamble: true },
    { text: event('ping', {}), preamble: true },
  ];
  let index = 0;
  if (hasTextBlock(plan)) {
    frames.push({ text: event('content_block_start', { index, content_block: { type: 'text', text: '' } }) });
    frames.push(...plan.textPieces.map((text) => ({ text: event('content_block_delta', { index, delta: { type: 'text_delta', text } }), token: true })));
    frames.push({ text: event('content_block_stop', { index }) });
    index++;
  }
  for (const call of plan.toolCalls) {
    frames.push({ text: event('content_block_start', { index, content_block: toolUseBlock(call, {}) }) });
    frames.push(...call.argumentPieces.map((partial_json) => ({ text: event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } }), token: true })));
    frames.push({ text: event('content_block_stop', { index }) });
    index++;
  }
  frames.push({
    text: event('message_delta', {
      delta: { stop_reason: STOP_REASONS[plan.stop], stop_sequence: null, stop_details: null },
      usage: { input_tokens: plan.promptTokens, output_tokens: plan.completionTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    }),
  });
  frames.push({ text: event('message_stop', {}) });
  return frames;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  529: 'overloaded_error',
};

const ERROR_MESSAGES: Record<string, string> = {
  authentication_error: 'invalid x-api-key',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit.',
  overloaded_error: 'Overloaded',
  api_error: 'Internal server error',
  not_found_error: 'model: not found',
};

function errorBody(status: number, message: string | undefined, request: RecordedRequest): unknown {
  const type = ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return { type: 'error', error: { type, message: message ?? ERROR_MESSAGES[type] ?? `Emulated error ${status}` }, request_id: `req_emu${request.index}` };
}

export const anthropicProtocol: VendorProtocol = {
  vendor: 'anthropic',
  matchRoute(method, path, headers) {
    if (method === 'POST' && path === '/v1/messages') return { kind: 'chat' };
    // OpenAI serves the same path; the Anthropic SDK always sends its version header.
    if (method === 'GET' && path === '/v1/models' && headers['anthropic-version']) return { kind: 'models' };
    return undefined;
  },
  parseChat,
  toolCallId: (request, position) => `toolu_emu${request.index}_${position}`,
  chatResponse,
  chatStream,
  parseEmbeddings() {
    throw new EmulatorRequestError('Anthropic has no embeddings endpoint', 404);
  },
  embeddingsResponse: () => ({}),
  modelsResponse: (models) => ({
    data: models.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' })),
    has_more: false,
    first_id: models[0] ?? null,
    last_id: models[models.length - 1] ?? null,
  }),
  errorBody,
  responseHeaders: (request) => ({ 'request-id': `req_emu${request.index}` }),
};
