/** Public types of the provider emulator: knobs, scripts and the request log. */

export type Vendor = 'openai' | 'anthropic' | 'gemini' | 'replicate' | 'elevenlabs' | 'pipedream' | 'twilio';

/**
 * What a request asked for; behaviours apply to every kind but `models`. Media kinds: `image` (OpenAI
 * images), `speech` (OpenAI and ElevenLabs text to speech), `prediction` (a Replicate prediction is
 * created), `prediction-status` and `prediction-cancel` (one is read or cancelled), `file` (an output the
 * emulator handed out is downloaded).
 */
/** `account`: the cheap authenticated read a key is verified with where a vendor has no model list in this emulator (Replicate's `GET /v1/account`, ElevenLabs' `GET /v1/models`). */
export type RequestKind = 'chat' | 'embeddings' | 'models' | 'image' | 'speech' | 'transcription' | 'prediction' | 'prediction-status' | 'prediction-cancel' | 'file'
  | 'account'
  /** Twilio: the account's numbers, a number's update, a call placed, a recording. */
  | 'numbers'
  | 'number-update'
  | 'call'
  | 'recording'
  /** Pipedream: the OAuth token, the project read, deployed triggers (list, update), a deploy, and a workflow's HTTP trigger. */
  | 'pipedream-token'
  | 'pipedream-project'
  | 'pipedream-deployed-triggers'
  | 'pipedream-deployed-trigger'
  | 'pipedream-deploy'
  | 'pipedream-invoke';

/** A tool call the emulated model makes instead of (or after) answering in text. */
export interface ScriptedToolCall {
  /** Vendor call id; generated (`call_emu_…`, `toolu_emu_…`) when absent. Gemini sends it only when given. */
  id?: string;
  name: string;
  /**
   * The arguments. A string is sent as the raw argument text, to play a model that emits broken
   * JSON (OpenAI and Anthropic streams; Gemini, whose `args` is an object, sends `{}` for it).
   */
  arguments: Record<string, unknown> | string;
  /**
   * Gemini's `thoughtSignature` on this call's part. Gemini 3+ models (`gemini-3…`) get one on their
   * first call by default, as the real API does; the other vendors ignore it.
   */
  signature?: string;
}

/**
 * An injected failure.
 * - `status`: answer with the vendor's own error body for that HTTP status (401, 429, 500, 503, ...).
 * - `cut`: stream `afterTokens` tokens, then destroy the socket (non-streaming: half a body, then destroy).
 * - `hang`: accept and never answer until the client goes away; with `afterTokens`, a stream stalls
 *   after that many tokens instead.
 */
export type Failure =
  | { type: 'status'; status: number; message?: string; retryAfterSeconds?: number }
  | { type: 'cut'; afterTokens: number }
  | { type: 'hang'; afterTokens?: number };

/** The knobs. Every field is optional; unset fields fall through to the next layer (see README). */
export interface Behaviour {
  /** Reply text; default `Echo from <model>: <last user text>`. A function sees the parsed request. */
  reply?: string | ((request: RecordedRequest) => string);
  /** Wait before the first token (streaming) or before the whole answer (non-streaming, errors). */
  firstTokenDelayMs?: number;
  /** Stream pacing; 0 or unset means as fast as possible. A token is one whitespace-split word. */
  tokensPerSecond?: number;
  failure?: Failure;
  /** Answer with these tool calls (after `reply` text if `reply` is also set). */
  toolCalls?: ScriptedToolCall[];
  /** Embedding size when the request does not ask for one (`dimensions`, `outputDimensionality`). */
  embeddingDimensions?: number;
  /** How a Replicate prediction created under this behaviour runs (read when it is created). */
  prediction?: PredictionBehaviour;
}

/** The life of an emulated Replicate prediction. */
export interface PredictionBehaviour {
  /**
   * Status checks (`GET /v1/predictions/{id}`) it takes to end: it is created `starting`, earlier checks
   * see `processing`, the last one sees the end. Default 2; 0 ends it at once. A large number keeps it
   * running until it is cancelled.
   */
  polls?: number;
  /** End `failed` with this error (the model's own words, e.g. an NSFW refusal) instead of `succeeded`. */
  error?: string;
}

export type PredictionStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled';

/** A Replicate prediction as the emulator holds it (`emulator.predictions`). */
export interface EmulatedPrediction {
  id: string;
  /** `owner/name`; for a prediction created by version id alone, that id. */
  model: string;
  version?: string;
  input: Record<string, unknown>;
  status: PredictionStatus;
  error?: string;
  /** Output URLs on the emulator; the API shows them once the prediction succeeded. */
  outputUrls: string[];
  /** The API answers a list of URLs (Flux) rather than one URL. */
  outputIsList: boolean;
  /** Status checks answered so far, and how many it takes to end. */
  checks: number;
  checksToEnd: number;
  /** Epoch milliseconds. */
  createdAt: number;
  completedAt?: number;
  canceledAt?: number;
}

/** Which requests a scripted behaviour may be consumed by. Unset fields match anything; `kind` defaults to 'chat'. */
export interface RequestMatch {
  vendor?: Vendor;
  kind?: RequestKind;
  /** Exact model name, or a pattern. */
  model?: string | RegExp;
}

/** A one-shot behaviour: the first queued entry whose `match` fits a request is consumed by it. */
export interface ScriptedBehaviour extends Behaviour {
  match?: RequestMatch;
}

/** The resolved knobs a request was served with. */
export type ResolvedBehaviour = Omit<Behaviour, 'reply'> & {
  firstTokenDelayMs: number;
  tokensPerSecond: number;
  embeddingDimensions: number;
  reply?: Behaviour['reply'];
};

export type RequestOutcome = 'pending' | 'completed' | 'error-status' | 'cut' | 'aborted';

/** One message of the conversation, vendor-neutral: role as the vendor spelled it, text parts joined. */
export interface RecordedMessage {
  role: string;
  text: string;
  /** Images the message carries, in the vendor's own form (absent when it has none). */
  images?: RecordedImage[];
}

/** An image a chat message carries, as its vendor's wire form gave it, decoded. */
export interface RecordedImage {
  /** OpenAI `image_url` (a data URL), Anthropic `image` (base64 source), Gemini `inlineData`. */
  form: 'image_url' | 'image' | 'inlineData';
  mimeType: string;
  /** Size of the decoded bytes. */
  bytes: number;
}

/** A tool call replayed in the request's history (an assistant turn's `tool_calls` / `tool_use` / `functionCall`). */
export interface RecordedToolCall {
  /** The call id as sent (Gemini: only when the client sent one). */
  id?: string;
  name: string;
  /** Parsed arguments; OpenAI's argument text when it is not JSON. */
  arguments: unknown;
  /** Gemini: the `thoughtSignature` sent back on the call's part. */
  signature?: string;
}

/** A tool result sent back to the model, in the vendor's native form (OpenAI `role: 'tool'`, Anthropic `tool_result`, Gemini `functionResponse`). */
export interface RecordedToolResult {
  /** `tool_call_id` / `tool_use_id` / `functionResponse.id`. */
  id?: string;
  /** Gemini's `functionResponse.name` (OpenAI and Anthropic results carry no name). */
  name?: string;
  /** The result text; for Gemini the `output`/`result`/`error` string of `response`, else its JSON. */
  text: string;
  /** Anthropic `is_error: true`; Gemini `response.error`. OpenAI has no such flag. */
  isError?: boolean;
}

export interface RecordedRequest {
  /** Position in `emulator.requests`. */
  index: number;
  vendor: Vendor | 'unknown';
  kind: RequestKind | 'unknown';
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Request headers; the API key's value is replaced by `[redacted]`. */
  headers: Record<string, string>;
  /** Which header carried the key, if any. */
  keySource?: 'authorization' | 'basic' | 'x-api-key' | 'x-goog-api-key' | 'xi-api-key' | 'query';
  keyMatched: boolean;
  /** Index of the matching key in `options.apiKeys`, to tell user / workspace / environment keys apart. */
  keyIndex?: number;
  /** Parsed JSON body (undefined when there was none; the raw text when it was not JSON; a `MultipartBody` for multipart/form-data). */
  body: unknown;
  model?: string;
  stream: boolean;
  /** System prompt as the vendor received it (OpenAI system/developer messages, Anthropic `system`, Gemini `systemInstruction`). */
  system?: string;
  messages: RecordedMessage[];
  /** Names of the tools the request offered. */
  toolNames: string[];
  /** Tool calls of the assistant turns in the request's history, in order. */
  toolCalls: RecordedToolCall[];
  /** Tool results the request sends back, in order. */
  toolResults: RecordedToolResult[];
  /** Media requests: the prompt, or the text to speak. */
  prompt?: string;
  /** Speech requests: the voice as sent (OpenAI's name, ElevenLabs' voice id). */
  voice?: string;
  /** Replicate requests: the prediction created, read, cancelled or downloaded. */
  predictionId?: string;
  behaviour?: ResolvedBehaviour;
  status?: number;
  outcome: RequestOutcome;
  /** Epoch milliseconds. */
  receivedAt: number;
  /** When the first body byte (stream: first token event) was written. */
  firstTokenAt?: number;
  /** When the response ended (completed, error sent, or cut by the emulator). */
  endedAt?: number;
  /** When the client closed the connection before the response ended. */
  abortedAt?: number;
  /** Tokens written so far (streams) or in total (non-streaming). */
  tokensSent: number;
}

export interface ProviderEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Accepted API keys; default ['test-key']. */
  apiKeys?: string[];
  /** Server-wide knobs restored by `reset()`. */
  behaviour?: Behaviour;
  /** Models listed by the `models` endpoints. */
  models?: { openai?: string[]; anthropic?: string[]; gemini?: string[] };
  /** Called with one line per finished request (the CLI prints them). */
  onLog?: (line: string) => void;
}
