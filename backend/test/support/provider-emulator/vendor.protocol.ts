import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedMessage, RecordedRequest, RequestKind, Vendor } from './provider-emulator.types';
import type { ReplyPlan } from './reply.planner';

/** What a vendor's path says about a request before its body is read. */
export interface RouteMatch {
  kind: RequestKind;
  /** Gemini names the model and the streaming mode in the path. */
  model?: string;
  stream?: boolean;
}

/** A chat request reduced to what the emulator needs, whatever the vendor. */
export interface ParsedChatRequest {
  model: string;
  stream: boolean;
  system?: string;
  messages: RecordedMessage[];
  toolNames: string[];
  maxTokens?: number;
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

/** One vendor's wire format. The server owns timing, failures and the log; a protocol only shapes bodies. */
export interface VendorProtocol {
  readonly vendor: Vendor;
  matchRoute(method: string, path: string, headers: IncomingHttpHeaders): RouteMatch | undefined;
  parseChat(body: unknown, route: RouteMatch): ParsedChatRequest;
  /** The id given to the n-th scripted tool call that has none (undefined: the vendor sends none). */
  toolCallId(request: RecordedRequest, position: number): string | undefined;
  chatResponse(plan: ReplyPlan, request: RecordedRequest): unknown;
  chatStream(plan: ReplyPlan, request: RecordedRequest): SseFrame[];
  parseEmbeddings(body: unknown, route: RouteMatch): ParsedEmbeddingsRequest;
  embeddingsResponse(vectors: number[][], embeddings: ParsedEmbeddingsRequest, request: RecordedRequest): unknown;
  modelsResponse(models: string[]): unknown;
  errorBody(status: number, message: string | undefined, request: RecordedRequest): unknown;
  /** Headers the vendor sends with every answer (request ids). */
  responseHeaders(request: RecordedRequest): Record<string, string>;
}
