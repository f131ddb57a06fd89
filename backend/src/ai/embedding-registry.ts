import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { AiErrorCode } from './ai.errors';
import { GoogleEmbeddingAdapter, OpenAICompatibleEmbeddingAdapter, OpenAIEmbeddingAdapter } from './adapters/embedding.adapters';
import type { EmbeddingModelProvider, EmbeddingProviderId, EmbeddingPurpose } from './capabilities';
import { CredentialsService } from './credentials.service';
import { EmbeddingModel, findModel, modelsWith } from './models';
import { ProviderError } from './provider-error';
import { DEFAULT_RETRY, retryCall, RetryPolicy } from './retry';
import { UsageService } from './usage.service';

export interface EmbedRequest {
  purpose: EmbeddingPurpose;
  /** Called after each batch, to report progress ("embedding 3/12"). */
  onBatch?: (done: number, total: number) => Promise<void>;
}

export interface EmbeddingOutcome {
  vectors: number[][];
  inputTokens: number;
  /** US dollars, already recorded in the usage ledger. */
  costUsd: number;
}

/** An embedding model ready to call for one user: credentials resolved, batching, retries and usage applied. */
export interface EmbeddingSession {
  model: EmbeddingModel;
  embed(texts: string[], signal: AbortSignal, request: EmbedRequest): Promise<EmbeddingOutcome>;
}

/** Model id `provider/model` → the embedding adapter of its vendor, with the caller's credentials. */
@Injectable()
export class EmbeddingRegistry {
  private readonly adapters: Record<EmbeddingProviderId, EmbeddingModelProvider> = {
    openai: new OpenAIEmbeddingAdapter(),
    'openai-compatible': new OpenAICompatibleEmbeddingAdapter(),
    google: new GoogleEmbeddingAdapter(),
  };
  retryPolicy: RetryPolicy = DEFAULT_RETRY;
  /** Texts per vendor call: well under every vendor's limit (Gemini takes 100, OpenAI 2048) and their token caps for ~1 000-character passages. */
  batchSize = 64;

  constructor(
    private readonly credentials: CredentialsService,
    private readonly usage: UsageService,
  ) {}

  /** The catalogue entry, or a 400 naming the field. */
  model(id: string, field = 'embeddingModel'): EmbeddingModel {
    const model = findModel(id, 'embedding');
    if (!model) {
      throw new DomainError('invalid', AiErrorCode.UNKNOWN_EMBEDDING_MODEL, `Unknown embedding model "${id}"`, [
        { field, message: `${id} is not an embedding model Webox knows (one of ${modelsWith('embedding').map((known) => known.id).join(', ')}, or openai-compatible/<model>)` },
      ]);
    }
    return model;
  }

  /**
   * Opens a model for a user. A missing key is a `ProviderError('missing_credentials')` naming where
   * to add one; usage is recorded for `userId` after every batch, so a cancelled run still counts
   * what it paid for.
   */
  async open(userId: string, modelId: string): Promise<EmbeddingSession> {
    const model = this.model(modelId);
    const lookup = await this.credentials.resolve(userId, model.provider);
    if (!lookup.found) throw new ProviderError(model.provider, 'missing_credentials', lookup.reason);
    const adapter = this.adapters[model.provider];
    const { dimensions, requestDimensions, prefixes } = model.embedding;
    const options = requestDimensions && dimensions ? { dimensions } : {};
    return {
      model,
      embed: async (texts, signal, request) => {
        const prefix = prefixes?.[request.purpose] ?? '';
        const total = Math.ceil(texts.length / this.batchSize);
        const outcome: EmbeddingOutcome = { vectors: [], inputTokens: 0, costUsd: 0 };
        for (let batch = 0; batch < total; batch++) {
          const inputs = texts.slice(batch * this.batchSize, (batch + 1) * this.batchSize).map((text) => prefix + text);
          const result = await retryCall(() => adapter.embed(inputs, model.vendorModel, lookup.credentials, signal, { ...options, purpose: request.purpose }), signal, this.retryPolicy);
          const wrong = dimensions !== null ? result.vectors.find((vector) => vector.length !== dimensions) : undefined;
          if (wrong) throw new ProviderError(model.provider, 'unknown', `${model.name} answered vectors of ${wrong.length} dimensions, not ${dimensions}`);
          outcome.vectors.push(...result.vectors);
          outcome.inputTokens += result.inputTokens;
          outcome.costUsd += await this.usage.recordEmbedding(userId, model, result.inputTokens);
          await request.onBatch?.(batch + 1, total);
        }
        return outcome;
      },
    };
  }
}
