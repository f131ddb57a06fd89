import type { ChatProviderId } from './capabilities';

export type Capability = 'chat';

export interface ModelInfo {
  /** `provider/model`, the id clients use. */
  id: string;
  provider: ChatProviderId;
  /** The vendor's own name for it. */
  vendorModel: string;
  name: string;
  capabilities: Capability[];
  /** Input plus output tokens the model accepts. */
  contextTokens: number;
  /** US dollars per million tokens. */
  inputPricePerMTok: number;
  outputPricePerMTok: number;
  /** True for the offline provider: answers are generated locally, not by an AI model. */
  offline?: boolean;
}

const chat = (provider: ChatProviderId, vendorModel: string, name: string, contextTokens: number, input: number, output: number): ModelInfo => ({
  id: `${provider}/${vendorModel}`,
  provider,
  vendorModel,
  name,
  capabilities: ['chat'],
  contextTokens,
  inputPricePerMTok: input,
  outputPricePerMTok: output,
});

/**
 * The chat models Webox offers, with their public list prices (USD per million tokens) as
 * published when this list was last edited: check them against the vendors' pricing pages. Any other model of an OpenAI-compatible endpoint can be named
 * `openai-compatible/<model>`; its price is unknown and counted as zero.
 */
export const MODEL_CATALOGUE: readonly ModelInfo[] = [
  chat('openai', 'gpt-5.4', 'GPT-5.4', 400_000, 1.75, 14),
  chat('openai', 'gpt-5.4-mini', 'GPT-5.4 mini', 400_000, 0.25, 2),
  chat('openai', 'gpt-5.4-nano', 'GPT-5.4 nano', 400_000, 0.05, 0.4),
  chat('openai', 'gpt-5.2', 'GPT-5.2', 400_000, 1.75, 14),
  chat('openai', 'gpt-5', 'GPT-5', 400_000, 1.25, 10),
  chat('openai', 'gpt-5-mini', 'GPT-5 mini', 400_000, 0.25, 2),
  chat('openai', 'gpt-4.1', 'GPT-4.1', 1_047_576, 2, 8),
  chat('openai', 'gpt-4o-mini', 'GPT-4o mini', 128_000, 0.15, 0.6),
  chat('openai', 'o4-mini', 'o4-mini', 200_000, 1.1, 4.4),
  chat('anthropic', 'claude-opus-5', 'Claude Opus 5', 200_000, 5, 25),
  chat('anthropic', 'claude-sonnet-5', 'Claude Sonnet 5', 200_000, 3, 15),
  chat('anthropic', 'claude-opus-4-8', 'Claude Opus 4.8', 200_000, 5, 25),
  chat('anthropic', 'claude-sonnet-4-6', 'Claude Sonnet 4.6', 200_000, 3, 15),
  chat('anthropic', 'claude-haiku-4-5', 'Claude Haiku 4.5', 200_000, 1, 5),
  chat('google', 'gemini-3.1-pro-preview', 'Gemini 3.1 Pro (preview)', 1_048_576, 2, 12),
  chat('google', 'gemini-3.5-flash', 'Gemini 3.5 Flash', 1_048_576, 0.5, 3),
  chat('google', 'gemini-3.5-flash-lite', 'Gemini 3.5 Flash-Lite', 1_048_576, 0.1, 0.4),
  chat('google', 'gemini-2.5-pro', 'Gemini 2.5 Pro', 1_048_576, 1.25, 10),
  chat('google', 'gemini-2.5-flash', 'Gemini 2.5 Flash', 1_048_576, 0.3, 2.5),
  chat('openai-compatible', 'llama3.2', 'Llama 3.2 (Ollama)', 128_000, 0, 0),
  chat('openai-compatible', 'llama-3.3-70b-versatile', 'Llama 3.3 70B (Groq)', 131_072, 0.59, 0.79),
  chat('openai-compatible', 'mistral-large-latest', 'Mistral Large', 128_000, 2, 6),
  chat('openai-compatible', 'deepseek-chat', 'DeepSeek Chat', 128_000, 0.28, 0.42),
  { ...chat('local', 'webox-mini', 'Webox mini (offline)', 32_000, 0, 0), offline: true },
];

const BY_ID = new Map(MODEL_CATALOGUE.map((model) => [model.id, model]));

/** The catalogue entry for an id, or an ad-hoc one for any model of an OpenAI-compatible endpoint. */
export function findModel(id: string): ModelInfo | undefined {
  const known = BY_ID.get(id);
  if (known) return known;
  const match = /^openai-compatible\/([A-Za-z0-9._:/-]{1,100})$/.exec(id);
  return match ? chat('openai-compatible', match[1]!, match[1]!, 128_000, 0, 0) : undefined;
}

/** Cost in US dollars of one call. */
export function costOf(model: ModelInfo, inputTokens: number, outputTokens: number): number {
  return (inputTokens * model.inputPricePerMTok + outputTokens * model.outputPricePerMTok) / 1_000_000;
}
