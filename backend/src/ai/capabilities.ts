import type { ProviderCredentials } from './credentials';

/** Who answers: the vendor behind a model id `provider/model`. */
export type ChatProviderId = 'openai' | 'anthropic' | 'google' | 'openai-compatible' | 'local';

/** Every vendor Webox calls: the chat vendors, and those that only generate media. */
export type ProviderId = ChatProviderId | 'replicate' | 'elevenlabs';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  /** The vendor's own model name (the part after `provider/`). */
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  maxOutputTokens?: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** What a chat stream yields: text as it arrives, then the usage once known. */
export type ChatChunk = { type: 'text'; text: string } | { type: 'usage'; usage: TokenUsage };

/**
 * The chat capability of one vendor. Adapters stream, stop as soon as `signal` aborts (closing
 * the upstream request, so no more tokens are paid for), and throw only `ProviderError`.
 */
export abstract class ChatModelProvider {
  abstract readonly provider: ProviderId;
  abstract stream(request: ChatRequest, credentials: ProviderCredentials, signal: AbortSignal): AsyncIterable<ChatChunk>;
}
