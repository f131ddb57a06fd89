import { asArray, asNumber, asRecord, asString, joinText, type JsonRecord } from './json-value.utils';
import type { RecordedImage, RecordedMessage, RecordedRequest, RecordedToolCall, RecordedToolResult } from './provider-emulator.types';
import type { ReplyPlan } from './reply.planner';
import { base64Image, EmulatorRequestError, type ParsedChatRequest, type ParsedEmbeddingsRequest, type RouteMatch, type SseFrame, type VendorProtocol } from './vendor.protocol';

/**
 * Gemini API (Google AI, not Vertex) as `@google/genai` 2.x calls it: `/{version}/models/{model}:{action}`,
 * version v1beta by default, key in `x-goog-api-key`, streams as `?alt=sse` with `\r\n\r\n`-separated events.
 */

const MODEL_ACTION = /^\/(v1beta|v1alpha|v1)\/((?:models|tunedModels)\/[^/:]+):([A-Za-z]+)$/;
const MODEL_LIST = /^\/(v1beta|v1alpha|v1)\/models$/;

const FINISH_REASONS: Record<ReplyPlan['stop'], string> = { end: 'STOP', tool_calls: 'STOP', max_tokens: 'MAX_TOKENS' };

function partsText(content: unknown): string {
  return joinText(
    asArray(asRecord(content)?.['parts']).map((raw) => {
      const part = asRecord(raw);
      const call = asRecord(part?.['functionCall']);
      const result = asRecord(part?.['functionResponse']);
      if (call) return `${asString(call['name']) ?? ''} ${JSON.stringify(call['args'] ?? {})}`;
      if (result) return `${asString(result['name']) ?? ''} ${JSON.stringify(result['response'] ?? {})}`;
      return asString(part?.['text']);
    }),
  );
}

/** `inlineData` parts: base64 bytes with their MIME type. */
function recordedMessage(content: JsonRecord | undefined): RecordedMessage {
  const images: RecordedImage[] = asArray(content?.['parts'])
    .map((part) => asRecord(asRecord(part)?.['inlineData']))
    .filter((data): data is JsonRecord => !!data)
    .map((data) => base64Image('inlineData', asString(data['mimeType']), asString(data['data'])));
  return { role: asString(content?.['role']) ?? 'user', text: partsText(content), ...(images.length ? { images } : {}) };
}

/** Gemini 3 and later sign their function calls and refuse a replayed call without its signature. */
const signsFunctionCalls = (model: string | undefined) => Number(/^gemini-(\d+)/.exec(model ?? '')?.[1] ?? 0) >= 3;

function partsOf(contents: Array<JsonRecord | undefined>, role: string): JsonRecord[] {
  return contents
    .filter((content) => (asString(content?.['role']) ?? 'user') === role)
    .flatMap((content) => asArray(content?.['parts']).map(asRecord))
    .filter((part): part is JsonRecord => !!part);
}

function replayedToolCalls(contents: Array<JsonRecord | undefined>): RecordedToolCall[] {
  return partsOf(contents, 'model')
    .filter((part) => asRecord(part['functionCall']))
    .map((part) => {
      const call = asRecord(part['functionCall'])!;
      const signature = asString(part['thoughtSignature']);
      return { id: asString(call['id']), name: asString(call['name']) ?? '', arguments: call['args'] ?? {}, ...(signature ? { signature } : {}) };
    });
}

/** A result's text: the documented `output` (or the common `result`) or `error` string, else the whole response as JSON. */
function toolResults(contents: Array<JsonRecord | undefined>): RecordedToolResult[] {
  return partsOf(contents, 'user')
    .map((part) => asRecord(part['functionResponse']))
    .filter((result): result is JsonRecord => !!result)
    .map((result) => {
      const response = asRecord(result['response']) ?? {};
      const isError = response['error'] !== undefined;
      const text = asString(response['output']) ?? asString(response['result']) ?? asString(response['error']) ?? JSON.stringify(response);
      return { id: asString(result['id']), name: asString(result['name']), text, ...(isError ? { isError } : {}) };
    });
}

/**
 * What Gemini 3 answers when a function call of the current turn (the model contents after the
 * last user text) comes back without its thought signature: only the first call of each step has one.
 */
function missingSignature(contents: Array<JsonRecord | undefined>, model: string | undefined): string | undefined {
  if (!signsFunctionCalls(model)) return undefined;
  const isUserText = (content: JsonRecord | undefined) =>
    (asString(content?.['role']) ?? 'user') === 'user' && asArray(content?.['parts']).some((part) => typeof asRecord(part)?.['text'] === 'string');
  const turnStart = contents.findLastIndex(isUserText) + 1;
  for (const [offset, content] of contents.slice(turnStart).entries()) {
    if (content?.['role'] !== 'model') continue;
    const parts = asArray(content['parts']).map(asRecord);
    const first = parts.findIndex((part) => asRecord(part?.['functionCall']));
    if (first >= 0 && !asString(parts[first]?.['thoughtSignature'])) {
      const name = asString(asRecord(parts[first]?.['functionCall'])?.['name']) ?? '';
      return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\`, position ${turnStart + offset + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`;
    }
  }
  return undefined;
}

function parseChat(body: unknown, route: RouteMatch): ParsedChatRequest {
  const request = asRecord(body);
  const contents = asArray(request?.['contents']).map(asRecord);
  if (!request || contents.length === 0) throw new EmulatorRequestError('* GenerateContentRequest.contents: contents is not specified');
  const system = partsText(request['systemInstruction']);
  return {
    model: route.model ?? 'unknown-model',
    stream: route.stream === true,
    system: system || undefined,
    messages: contents.map(recordedMessage),
    toolNames: asArray(request['tools'])
      .flatMap((tool) => asArray(asRecord(tool)?.['functionDeclarations']))
      .map((declaration) => asString(asRecord(declaration)?.['name']))
      .filter((name): name is string => !!name),
    toolCalls: replayedToolCalls(contents),
    toolResults: toolResults(contents),
    maxTokens: asNumber(asRecord(request['generationConfig'])?.['maxOutputTokens']),
    refusal: missingSignature(contents, route.model),
  };
}

/** A call's part; Gemini 3+ signs the first call of a response (or a script gives the signature). */
function functionCallPart(call: ReplyPlan['toolCalls'][number], position: number, request: RecordedRequest): JsonRecord {
  const signature = call.signature ?? (position === 0 && signsFunctionCalls(request.model) ? Buffer.from(`emulator-thought:${request.index}`).toString('base64') : undefined);
  return { functionCall: { ...(call.id ? { id: call.id } : {}), name: call.name, args: call.arguments }, ...(signature ? { thoughtSignature: signature } : {}) };
}

function usageMetadata(plan: ReplyPlan, candidatesTokens?: number): JsonRecord {
  return {
    promptTokenCount: plan.promptTokens,
    ...(candidatesTokens === undefined ? {} : { candidatesTokenCount: candidatesTokens }),
    totalTokenCount: plan.promptTokens + (candidatesTokens ?? 0),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: plan.promptTokens }],
  };
}

function response(request: RecordedRequest, parts: JsonRecord[], finishReason: string | undefined, usage: JsonRecord): JsonRecord {
  return {
    candidates: [{ content: { parts, role: 'model' }, ...(finishReason ? { finishReason } : {}), index: 0 }],
    usageMetadata: usage,
    modelVersion: request.model,
    responseId: `emu${request.index}`,
  };
}

function chatResponse(plan: ReplyPlan, request: RecordedRequest): unknown {
  const parts = [...(plan.text || plan.toolCalls.length === 0 ? [{ text: plan.text }] : []), ...plan.toolCalls.map((call, position) => functionCallPart(call, position, request))];
  return response(request, parts, FINISH_REASONS[plan.stop], usageMetadata(plan, plan.completionTokens));
}

/** One chunk per word; function calls arrive whole (Gemini does not stream arguments); the last chunk carries finishReason and full usage. */
function chatStream(plan: ReplyPlan, request: RecordedRequest): SseFrame[] {
  const frame = (body: JsonRecord): string => `data: ${JSON.stringify(body)}\r\n\r\n`;
  const frames: SseFrame[] = plan.textPieces.map((text) => ({ text: frame(response(request, [{ text }], undefined, usageMetadata(plan))), token: true }));
  frames.push(...plan.toolCalls.map((call, position) => ({ text: frame(response(request, [functionCallPart(call, position, request)], undefined, usageMetadata(plan))), token: true })));
  frames.push({ text: frame(response(request, [{ text: '' }], FINISH_REASONS[plan.stop], usageMetadata(plan, plan.completionTokens))) });
  return frames;
}

/** `batchEmbedContents` carries `requests[]`; `embedContent` one `content`. */
function parseEmbeddings(body: unknown, route: RouteMatch): ParsedEmbeddingsRequest {
  const request = asRecord(body);
  const items = request?.['requests'] !== undefined ? asArray(request['requests']).map(asRecord) : [request];
  if (items.length === 0 || items.some((item) => !item?.['content'])) throw new EmulatorRequestError('* BatchEmbedContentsRequest.requests: content is not specified');
  return {
    model: route.model ?? 'unknown-model',
    inputs: items.map((item) => partsText(item?.['content'])),
    dimensions: asNumber(items[0]?.['outputDimensionality']),
  };
}

function embeddingsResponse(vectors: number[][], _embeddings: ParsedEmbeddingsRequest, request: RecordedRequest): unknown {
  if (request.path.endsWith(':embedContent')) return { embedding: { values: vectors[0] ?? [] } };
  return { embeddings: vectors.map((values) => ({ values })) };
}

const ERROR_STATUSES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const ERROR_MESSAGES: Record<number, string> = {
  401: 'API key not valid. Please pass a valid API key.',
  429: 'Resource has been exhausted (e.g. check quota).',
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.',
};

function errorBody(status: number, message: string | undefined): unknown {
  return { error: { code: status, message: message ?? ERROR_MESSAGES[status] ?? `Emulated error ${status}`, status: ERROR_STATUSES[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION') } };
}

function modelName(path: string): string {
  return path.replace(/^(models|tunedModels)\//, '');
}

export const geminiProtocol: VendorProtocol = {
  vendor: 'gemini',
  matchRoute(method, path, headers) {
    const action = MODEL_ACTION.exec(path);
    if (method === 'POST' && action) {
      const [, , model = '', verb] = action;
      if (verb === 'generateContent' || verb === 'streamGenerateContent') return { kind: 'chat', model: modelName(model), stream: verb === 'streamGenerateContent' };
      if (verb === 'batchEmbedContents' || verb === 'embedContent') return { kind: 'embeddings', model: modelName(model) };
    }
    // `/v1/models` is OpenAI's too; only the Google key header makes it Gemini's.
    if (method === 'GET' && MODEL_LIST.test(path) && (!path.startsWith('/v1/') || headers['x-goog-api-key'])) return { kind: 'models' };
    return undefined;
  },
  parseChat,
  toolCallId: () => undefined,
  chatResponse,
  chatStream,
  parseEmbeddings,
  embeddingsResponse,
  modelsResponse: (models) => ({
    models: models.map((id) => ({
      name: `models/${id}`,
      baseModelId: id,
      version: '001',
      displayName: id,
      inputTokenLimit: 1_048_576,
      outputTokenLimit: 65_536,
      supportedGenerationMethods: id.includes('embedding') ? ['embedContent'] : ['generateContent', 'countTokens'],
    })),
  }),
  errorBody,
  responseHeaders: () => ({}),
};
