import { toBase64Float32 } from './embedding.generator';
import { asArray, asNumber, asRecord, asString, joinText, type JsonRecord } from './json-value.utils';
import type { RecordedImage, RecordedMessage, RecordedRequest, RecordedToolCall, RecordedToolResult } from './provider-emulator.types';
import { countWords, type ReplyPlan } from './reply.planner';
import { base64Image, EmulatorRequestError, type ParsedChatRequest, type ParsedEmbeddingsRequest, type SseFrame, type VendorProtocol } from './vendor.protocol';

/** OpenAI Chat Completions, Embeddings and Models, as `openai` 6.x reads them (see its `ChatCompletionChunk` and `ChatCompletionStream`). */

const SYSTEM_ROLES = new Set(['system', 'developer']);

const FINISH_REASONS: Record<ReplyPlan['stop'], string> = { end: 'stop', tool_calls: 'tool_calls', max_tokens: 'length' };

/** Text of a message: string content, text parts, and any tool calls it carries (assistant turns in a tool loop). */
function messageText(message: JsonRecord): string {
  const content = message['content'];
  const parts = typeof content === 'string' ? [content] : asArray(content).map((part) => asString(asRecord(part)?.['text']));
  const toolCalls = asArray(message['tool_calls']).map((call) => {
    const fn = asRecord(asRecord(call)?.['function']);
    return fn ? `${asString(fn['name']) ?? ''} ${asString(fn['arguments']) ?? ''}` : undefined;
  });
  return joinText([...parts, ...toolCalls]);
}

/** `image_url` content parts; the emulator takes data URLs only (it fetches nothing). */
function messageImages(message: JsonRecord): RecordedImage[] {
  return asArray(message['content'])
    .map(asRecord)
    .filter((part) => part?.['type'] === 'image_url')
    .map((part) => {
      const url = asString(asRecord(part?.['image_url'])?.['url']) ?? '';
      const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
      if (!data) throw new EmulatorRequestError('Invalid image_url: the emulator accepts base64 data URLs only.');
      return base64Image('image_url', data[1], data[2]);
    });
}

const withImages = (message: RecordedMessage, images: RecordedImage[]): RecordedMessage => (images.length ? { ...message, images } : message);

function toolNames(body: JsonRecord): string[] {
  return asArray(body['tools'])
    .map((tool) => asString(asRecord(asRecord(tool)?.['function'])?.['name']) ?? asString(asRecord(asRecord(tool)?.['custom'])?.['name']))
    .filter((name): name is string => !!name);
}

/** Argument text as parsed JSON, or the text itself when a client replays arguments that are not JSON. */
function parseArguments(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return text;
  }
}

function replayedToolCalls(messages: Array<JsonRecord | undefined>): RecordedToolCall[] {
  return messages
    .filter((message) => message?.['role'] === 'assistant')
    .flatMap((message) => asArray(message?.['tool_calls']).map(asRecord))
    .map((call) => {
      const fn = asRecord(call?.['function']);
      return { id: asString(call?.['id']), name: asString(fn?.['name']) ?? '', arguments: parseArguments(asString(fn?.['arguments'])) };
    });
}

function toolResults(messages: Array<JsonRecord | undefined>): RecordedToolResult[] {
  return messages.filter((message) => message?.['role'] === 'tool').map((message) => ({ id: asString(message?.['tool_call_id']), text: messageText(message!) }));
}

function parseChat(body: unknown): ParsedChatRequest {
  const request = asRecord(body);
  const model = asString(request?.['model']);
  const rawMessages = asArray(request?.['messages']).map(asRecord);
  if (!request || !model) throw new EmulatorRequestError('you must provide a model parameter');
  if (rawMessages.length === 0) throw new EmulatorRequestError("'messages' must contain at least one message");
  const messages: RecordedMessage[] = rawMessages.map((message) => withImages({ role: asString(message?.['role']) ?? 'user', text: message ? messageText(message) : '' }, message ? messageImages(message) : []));
  const system = joinText(messages.filter((message) => SYSTEM_ROLES.has(message.role)).map((message) => message.text));
  return {
    model,
    stream: request['stream'] === true,
    system: system || undefined,
    messages: messages.filter((message) => !SYSTEM_ROLES.has(message.role)),
    toolNames: toolNames(request),
    toolCalls: replayedToolCalls(rawMessages),
    toolResults: toolResults(rawMessages),
    maxTokens: asNumber(request['max_completion_tokens']) ?? asNumber(request['max_tokens']),
  };
}

function usage(plan: ReplyPlan): JsonRecord {
  return {
    prompt_tokens: plan.promptTokens,
    completion_tokens: plan.completionTokens,
    total_tokens: plan.promptTokens + plan.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function completionId(request: RecordedRequest): string {
  return `chatcmpl-emu${request.index}`;
}

function chatResponse(plan: ReplyPlan, request: RecordedRequest): unknown {
  const toolCalls = plan.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.argumentsJson } }));
  return {
    id: completionId(request),
    object: 'chat.completion',
    created: Math.floor(request.receivedAt / 1000),
    model: request.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: plan.text || (toolCalls.length ? null : ''),
          refusal: null,
          annotations: [],
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: FINISH_REASONS[plan.stop],
      },
    ],
    usage: usage(plan),
    service_tier: 'default',
    system_fingerprint: 'fp_emulator',
  };
}

/**
 * The chunk sequence of a real stream: a role chunk, content (or tool-call) deltas, a finish chunk, a
 * usage chunk with empty choices when `stream_options.include_usage` is set, then `[DONE]`.
 */
function chatStream(plan: ReplyPlan, request: RecordedRequest): SseFrame[] {
  const includeUsage = asRecord(asRecord(request.body)?.['stream_options'])?.['include_usage'] === true;
  const base = {
    id: completionId(request),
    object: 'chat.completion.chunk',
    created: Math.floor(request.receivedAt / 1000),
    model: request.model,
    service_tier: 'default',
    system_fingerprint: 'fp_emulator',
    ...(includeUsage ? { usage: null } : {}),
  };
  const chunk = (delta: JsonRecord, finishReason: string | null = null): string =>
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] })}\n\n`;
  const frames: SseFrame[] = [{ text: chunk({ role: 'assistant', content: plan.toolCalls.length && !plan.text ? null : '', refusal: null }), preamble: true }];
  frames.push(...plan.textPieces.map((piece) => ({ text: chunk({ content: piece }), token: true })));
  plan.toolCalls.forEach((call, index) => {
    frames.push({ text: chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }) });
    frames.push(...call.argumentPieces.map((piece) => ({ text: chunk({ tool_calls: [{ index, function: { arguments: piece } }] }), token: true })));
  });
  frames.push({ text: chunk({}, FINISH_REASONS[plan.stop]) });
  if (includeUsage) frames.push({ text: `data: ${JSON.stringify({ ...base, choices: [], usage: usage(plan) })}\n\n` });
  frames.push({ text: 'data: [DONE]\n\n' });
  return frames;
}

/** `input` is a string, an array of strings, or token arrays; token arrays are embedded as their numbers' text. */
function parseEmbeddings(body: unknown): ParsedEmbeddingsRequest {
  const request = asRecord(body);
  const model = asString(request?.['model']);
  if (!request || !model) throw new EmulatorRequestError('you must provide a model parameter');
  const input = request['input'];
  const items = Array.isArray(input) ? (input.every((item) => typeof item === 'number') ? [input] : input) : [input];
  const inputs = items.map((item) => (Array.isArray(item) ? item.join(' ') : asString(item)));
  if (inputs.length === 0 || inputs.some((item) => item === undefined)) throw new EmulatorRequestError("'input' must be a string, an array of strings or token arrays");
  return { model, inputs: inputs as string[], dimensions: asNumber(request['dimensions']) };
}

function embeddingsResponse(vectors: number[][], embeddings: ParsedEmbeddingsRequest, request: RecordedRequest): unknown {
  const base64 = asRecord(request.body)?.['encoding_format'] === 'base64';
  const promptTokens = embeddings.inputs.reduce((sum, input) => sum + countWords(input), 0);
  return {
    object: 'list',
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? toBase64Float32(vector) : vector })),
    model: embeddings.model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

const ERROR_SHAPES: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Country, region, or territory not supported' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again in 1s.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' },
};

function errorBody(status: number, message: string | undefined): unknown {
  const shape = ERROR_SHAPES[status] ?? { type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null, message: `Emulated error ${status}.` };
  return { error: { message: message ?? shape.message, type: shape.type, param: null, code: shape.code } };
}

export const openaiProtocol: VendorProtocol = {
  vendor: 'openai',
  matchRoute(method, path) {
    if (method === 'POST' && path === '/v1/chat/completions') return { kind: 'chat' };
    if (method === 'POST' && path === '/v1/embeddings') return { kind: 'embeddings' };
    if (method === 'GET' && path === '/v1/models') return { kind: 'models' };
    return undefined;
  },
  parseChat,
  toolCallId: (request, position) => `call_emu${request.index}_${position}`,
  chatResponse,
  chatStream,
  parseEmbeddings,
  embeddingsResponse,
  modelsResponse: (models) => ({ object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'webox-emulator' })) }),
  errorBody,
  responseHeaders: (request) => ({ 'x-request-id': `req_emu${request.index}`, 'openai-processing-ms': '1' }),
};
