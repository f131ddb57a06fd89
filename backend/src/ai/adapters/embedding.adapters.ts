import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { EmbeddingModelProvider, EmbeddingResult, EmbedOptions, ProviderId } from '../capabilities';
import { type ProviderCredentials, sdkFetch } from '../credentials';
import { ProviderError, toProviderError } from '../provider-error';

/** Vendors that do not count tokens for embeddings are billed on an estimate: about 4 characters a token. */
export const estimateTokens = (texts: string[]) => Math.ceil(texts.reduce((sum, text) => sum + text.length, 0) / 4);

/** OpenAI's embeddings endpoint through the official SDK; retries are ours (`maxRetries: 0`). */
export class OpenAIEmbeddingAdapter extends EmbeddingModelProvider {
  readonly provider: ProviderId = 'openai';

  async embed(texts: string[], model: string, credentials: ProviderCredentials, signal: AbortSignal, options: EmbedOptions = {}): Promise<EmbeddingResult> {
    const client = new OpenAI({ apiKey: credentials.apiKey, baseURL: credentials.baseUrl, maxRetries: 0, timeout: 60_000, ...sdkFetch(credentials) });
    try {
      const response = await client.embeddings.create(
        { model, input: texts, ...(options.dimensions ? { dimensions: options.dimensions } : {}), ...this.encoding() },
        { signal },
      );
      const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
      return { vectors: checkCount(this.provider, vectors, texts.length), inputTokens: response.usage?.prompt_tokens || estimateTokens(texts) };
    } catch (error) {
      throw toProviderError(this.provider, error, signal, credentials);
    }
  }

  /** OpenAI itself: the SDK's default, base64, which it decodes (a quarter of the bytes of JSON floats). */
  protected encoding(): { encoding_format?: 'float' } {
    return {};
  }
}

/** Ollama, LM Studio, vLLM and the like: plain JSON floats, the one encoding they all answer. */
export class OpenAICompatibleEmbeddingAdapter extends OpenAIEmbeddingAdapter {
  override readonly provider: ProviderId = 'openai-compatible';

  protected override encoding(): { encoding_format?: 'float' } {
    return { encoding_format: 'float' };
  }
}

/** Gemini's embedContent (a batch goes as batchEmbedContents) through @google/genai; its own retries are off. */
export class GoogleEmbeddingAdapter extends EmbeddingModelProvider {
  readonly provider = 'google' as const;

  async embed(texts: string[], model: string, credentials: ProviderCredentials, signal: AbortSignal, options: EmbedOptions = {}): Promise<EmbeddingResult> {
    const client = new GoogleGenAI({
      apiKey: credentials.apiKey,
      httpOptions: { ...(credentials.baseUrl ? { baseUrl: credentials.baseUrl } : {}), retryOptions: { attempts: 1 }, ...sdkFetch(credentials) },
    });
    try {
      const response = await client.models.embedContent({
        model,
        contents: texts,
        config: {
          abortSignal: signal,
          taskType: options.purpose === 'query' ? 'RETRIEVAL_QUERY' : 'RETRIEVAL_DOCUMENT',
          ...(options.dimensions ? { outputDimensionality: options.dimensions } : {}),
        },
      });
      const vectors = (response.embeddings ?? []).map((embedding) => embedding.values ?? []);
      // The Gemini API does not count embedding tokens in its answer.
      return { vectors: checkCount(this.provider, vectors, texts.length), inputTokens: estimateTokens(texts) };
    } catch (error) {
      throw toProviderError(this.provider, error, signal, credentials);
    }
  }
}

function checkCount(provider: ProviderId, vectors: number[][], expected: number): number[][] {
  if (vectors.length !== expected || vectors.some((vector) => vector.length === 0)) {
    throw new ProviderError(provider, 'unknown', `The embedding answer has ${vectors.length} vectors for ${expected} texts`);
  }
  return vectors;
}
