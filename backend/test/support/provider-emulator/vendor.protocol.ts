import type { IncomingHttpHeaders } from 'node:http';
import type { PipedreamStore } from './pipedream.protocol';
import type { PredictionStore } from './prediction.store';
import type { RecordedImage, RecordedMessage, RecordedRequest, RecordedToolCall, RecordedToolResult, RequestKind, ResolvedBehaviour, Vendor } from './provider-emulator.types';
import type { ReplyPlan } from './reply.planner';

/** What a vendor's path says about a request before its body is read. */
export interface RouteMatch {
  kind: RequestKind;
  /** Gemini names the model and the streaming mode in the path. */
  model?: string;
  stream?: boolean;
  /** Named parts of the path: a Replicate prediction id, an ElevenLabs voice id, a file name. */
  params?: Record<string, string>;
  /** Served without a key, as vendors serve generated files from their CDNs. */
  public?: boolean;
}

/** A chat request reduced to what the emulator needs, whatever the vendor. */
export interface ParsedChatRequest {
  model: string;
  stream: boolean;
  system?: string;
  messages: RecordedMessage[];
  toolNames: string[];
  toolCalls: RecordedToolCall[];
  toolResults: RecordedToolResult[];
  maxTokens?: number;
  /** Why the real API would answer 400 although the body parsed; the request is logged first, then refused. */
  refusal?: string;
}

export interface ParsedEmbeddingsRequest {
  model: string;
  inputs: string[];
  dimensions?: number;
}

/** One server-sent event, already serialized. `token` frames carry a token and are paced; `preamble` frames go out with the headers. */
export interface SseFrame {
  text: string;
  token?: boolean;
  preamble?: boolean;
}

/** Thrown by a parser when the body would be refused by the real API; answered as the vendor's 400. */
export class EmulatorRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** What every wire format gives the server: its routes, its error bodies and the headers it always sends. */
export interface WireProtocol {
  readonly vendor: Vendor;
  matchRoute(method: string, path: string, headers: IncomingHttpHeaders): RouteMatch | undefined;
  errorBody(status: number, message: string | undefined, request: RecordedRequest): unknown;
  /** Headers the vendor sends with every answer (request ids). */
  responseHeaders(request: RecordedRequest): Record<string, string>;
}

/** One chat vendor's wire format. The server owns timing, failures and the log; a protocol only shapes bodies. */
export interface VendorProtocol extends WireProtocol {
  parseChat(body: unknown, route: RouteMatch): ParsedChatRequest;
  /** The id given to the n-th scripted tool call that has none (undefined: the vendor sends none). */
  toolCallId(request: RecordedRequest, position: number): string | undefined;
  chatResponse(plan: ReplyPlan, request: RecordedRequest): unknown;
  chatStream(plan: ReplyPlan, request: RecordedRequest): SseFrame[];
  parseEmbeddings(body: unknown, route: RouteMatch): ParsedEmbeddingsRequest;
  embeddingsResponse(vectors: number[][], embeddings: ParsedEmbeddingsRequest, request: RecordedRequest): unknown;
  modelsResponse(models: string[]): unknown;
}

/** What a media route answers: JSON, or the bytes of a file; `logged` adds what only the answer knows to the log. */
export type MediaAnswer = { status: number; headers?: Record<string, string>; logged?: MediaRequestInfo } & ({ json: unknown } | { bytes: Buffer; contentType: string });

/** What media protocols share with the server: where the emulator listens, and the Replicate predictions. */
export interface MediaContext {
  /** Root URL, for the URLs an answer hands out (generated files). */
  url: string;
  predictions: PredictionStore;
  /** Pipedream's deployed triggers. */
  pipedream: PipedreamStore;
  /** The keys the emulator accepts (Pipedream's token endpoint checks a client secret against them). */
  apiKeys: readonly string[];
}

/** What the log shows of a media request. */
export type MediaRequestInfo = Partial<Pick<RecordedRequest, 'model' | 'prompt' | 'voice' | 'predictionId'>>;

/**
 * One vendor's media routes (images, speech, predictions, generated files). The server resolves the
 * behaviour between `inspect` and `answer`, and owns delays, failures and the log, as for chat.
 */
export interface MediaProtocol extends WireProtocol {
  /** Reads the request for the log; throws EmulatorRequestError where the real API would refuse it. */
  inspect(request: RecordedRequest, route: RouteMatch, context: MediaContext): MediaRequestInfo;
  answer(request: RecordedRequest, route: RouteMatch, behaviour: ResolvedBehaviour, context: MediaContext): Promise<MediaAnswer>;
}

/** An image given as base64 bytes; refused as the vendors do when it is not base64. */
export function base64Image(form: RecordedImage['form'], mimeType: string | undefined, data: string | undefined): RecordedImage {
  if (!mimeType || !data || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) throw new EmulatorRequestError(`Invalid image: ${form} needs a media type and base64 data`);
  return { form, mimeType, bytes: Buffer.from(data, 'base64').length };
}
