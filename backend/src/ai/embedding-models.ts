import type { ChatProviderId } from './capabilities';

/** The vendors Webox embeds text with (the offline `local` provider has no embedding model). */
export type EmbeddingProviderId = Extract<ChatProviderId, 'openai' | 'google' | 'openai-compatible'>;

export interface EmbeddingModelInfo {
  /** `provider/model`, the id clients use. */
  id: string;
  provider: EmbeddingProviderId;
  /** The vendor's own name for it. */
  vendorModel: string;
  name: string;
  /** Length of the vectors Webox stores for it; null for a model of an OpenAI-compatible endpoint the catalogue does not know. */
  dimensions: number | null;
  /** Ask the vendor for `dimensions` (models whose native vectors are longer than what Webox keeps). */
  requestDimensions: boolean;
  /** US dollars per million input tokens. */
  pricePerMTok: number;
  /** Task prefixes the model was trained with (nomic-embed-text), put before each passage and each query. */
  prefixes?: { document: string; query: string };
}

/**
 * The embedding models Webox offers, with list prices (USD per million input tokens) as published
 * when this list was last edited: check them against the vendors' pricing pages. Any other model
 * of an OpenAI-compatible endpoint can be named `openai-compatible/<model>` (price counted as zero).
 */
export const EMBEDDING_MODELS: readonly EmbeddingModelInfo[] = [
  { id: 'openai/text-embedding-3-small', provider: 'openai', vendorModel: 'text-embedding-3-small', name: 'OpenAI text-embedding-3-small', dimensions: 1536, requestDimensions: false, pricePerMTok: 0.02 },
  { id: 'openai/text-embedding-3-large', provider: 'openai', vendorModel: 'text-embedding-3-large', name: 'OpenAI text-embedding-3-large', dimensions: 3072, requestDimensions: false, pricePerMTok: 0.13 },
  // Natively 3072 dimensions; 768 keeps nearly all of its retrieval quality (Google's own figures) at a quarter of the storage.
  { id: 'google/gemini-embedding-001', provider: 'google', vendorModel: 'gemini-embedding-001', name: 'Gemini Embedding 001', dimensions: 768, requestDimensions: true, pricePerMTok: 0.15 },
  {
    id: 'openai-compatible/nomic-embed-text',
    provider: 'openai-compatible',
    vendorModel: 'nomic-embed-text',
    name: 'nomic-embed-text (Ollama)',
    dimensions: 768,
    requestDimensions: false,
    pricePerMTok: 0,
    prefixes: { document: 'search_document: ', query: 'search_query: ' },
  },
];

const BY_ID = new Map(EMBEDDING_MODELS.map((model) => [model.id, model]));

/** The catalogue entry for an id, or an ad-hoc one for any model of an OpenAI-compatible endpoint. */
export function findEmbeddingModel(id: string): EmbeddingModelInfo | undefined {
  const known = BY_ID.get(id);
  if (known) return known;
  const match = /^openai-compatible\/([A-Za-z0-9._:/-]{1,100})$/.exec(id);
  return match ? { id, provider: 'openai-compatible', vendorModel: match[1]!, name: match[1]!, dimensions: null, requestDimensions: false, pricePerMTok: 0 } : undefined;
}

/** Cost in US dollars of embedding this many tokens. */
export function embeddingCost(model: EmbeddingModelInfo, inputTokens: number): number {
  return (inputTokens * model.pricePerMTok) / 1_000_000;
}
