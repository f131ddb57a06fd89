import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import type { UiLanguage } from '../common/request-language';
import { AiErrorCode } from './ai.errors';
import { AnthropicAdapter } from './adapters/anthropic.adapter';
import { GoogleAdapter } from './adapters/google.adapter';
import { LocalAdapter } from './adapters/local.adapter';
import { OpenAIAdapter, OpenAICompatibleAdapter } from './adapters/openai.adapter';
import { ChatChunk, ChatModelProvider, ChatProviderId, ChatRequest } from './capabilities';
import { BudgetGate, Reservation } from './budget-gate';
import { ALL_PROVIDERS, CredentialLookup, CredentialsService } from './credentials.service';
import { ChatModel, findModel, tokenCost, withEndpointVision } from './models';
import { ProviderError } from './provider-error';
import { ModelAccess } from './model-access/model-access.service';
import { ModelEndpoints } from './endpoints/model-endpoints.service';
import { DEFAULT_RETRY, RetryPolicy, withRetry } from './retry';

/** A chat model ready to call for one user: credentials resolved, retries applied. */
export interface ChatSession {
  model: ChatModel;
  stream(request: Omit<ChatRequest, 'model'>, signal: AbortSignal): AsyncIterable<ChatChunk>;
  /** The same reply for a caller that waits for it whole (see `ChatModelProvider.answer`). */
  answer(request: Omit<ChatRequest, 'model'>, signal: AbortSignal): AsyncIterable<ChatChunk>;
}

export const unknownModel = (id: string, field = 'models') =>
  new DomainError('invalid', AiErrorCode.UNKNOWN_MODEL, `Unknown model "${id}"`, [{ field, message: `${id} is not a model Webox knows (see GET /api/chat/models)` }]);

/** A user's language (their profile's); the area that keeps users registers it (see `useUserLanguages`). */
export type UserLanguageLookup = (userId: string) => Promise<UiLanguage>;

/** Model id `provider/model` → the adapter for its vendor and the caller's credentials. */
@Injectable()
export class ProviderRegistry {
  private readonly chatAdapters: Record<ChatProviderId, ChatModelProvider>;
  retryPolicy: RetryPolicy = DEFAULT_RETRY;
  private readonly maxReplyChars: number;
  private readonly visionModels: readonly string[];
  /** English until the area that keeps users registers its lookup: the layer imports no area. */
  private userLanguage: UserLanguageLookup = () => Promise.resolve('en');

  constructor(
    private readonly credentials: CredentialsService,
    config: AppConfig,
    private readonly budgets: BudgetGate,
    private readonly access: ModelAccess,
    private readonly endpoints: ModelEndpoints,
  ) {
    this.maxReplyChars = config.providerLimits.maxReplyChars;
    this.visionModels = config.openAICompatibleVisionModels;
    this.chatAdapters = {
      openai: new OpenAIAdapter(),
      anthropic: new AnthropicAdapter(),
      google: new GoogleAdapter(),
      'openai-compatible': new OpenAICompatibleAdapter(),
      local: new LocalAdapter(config.localTokenDelayMs),
    };
  }

  /** The catalogue entry, or a 400 naming the unknown model. */
  chatModel(id: string, field?: string): ChatModel {
    const model = findModel(id, 'chat');
    if (!model) throw unknownModel(id, field);
    return withEndpointVision(model, this.visionModels);
  }

  /** How to find a user's language, for the offline model's own sentences (registered by the profile area at start-up). */
  useUserLanguages(lookup: UserLanguageLookup): void {
    this.userLanguage = lookup;
  }

  /**
   * Opens one chat model for a user (see openChats). `language`: the language the offline model
   * writes its own sentences in when the caller already knows it (a phone assistant speaks its own),
   * which also spares the read of the user's profile.
   */
  async openChat(userId: string, modelId: string, language?: UiLanguage): Promise<ChatSession> {
    const [session] = await this.openChats(userId, [this.chatModel(modelId)], language);
    return session!;
  }

  /**
   * Opens the chat models of one turn for a user: the credentials of their providers are resolved
   * together, in one query, so every model can start at once. A missing key is a
   * `ProviderError('missing_credentials')` from that model's stream, so that in a multi-model turn
   * it fails that model only.
   *
   * Each model's call is reserved against the user's budgets first (`BudgetGate`): a turn that
   * would pass one is refused whole, with a 402 naming it, before anything is stored or sent.
   * Before that, a model an admin turned off for the workspace or the user's role refuses the turn
   * whole with 403 `MODEL_DISABLED` naming it (`ModelAccess`, from memory).
   */
  async openChats(userId: string, models: readonly ChatModel[], knownLanguage?: UiLanguage): Promise<ChatSession[]> {
    await this.access.assertUsable(userId, models);
    const reservations = await this.budgets.reserve(userId, models.map((model) => this.budgets.estimate(model)));
    // The offline model says which vendors the user could ask instead (it used to claim none were
    // configured): with it in the turn, every provider is looked up, in the same single lookup.
    const offline = models.some((model) => model.provider === 'local');
    // An endpoint's model is called with that endpoint's URL and key, whoever the user is: no key lookup.
    const keyed = models.filter((model) => !model.endpoint);
    const [lookups, language] = await Promise.all([
      this.credentials.resolveMany(userId, offline ? ALL_PROVIDERS : keyed.map((model) => model.provider)),
      offline ? (knownLanguage ?? this.userLanguage(userId)) : undefined,
    ]);
    const local = lookups.get('local');
    if (offline && local?.found) {
      const providersInReach = [...lookups].filter(([provider, lookup]) => provider !== 'local' && lookup.found).map(([provider]) => provider);
      lookups.set('local', { found: true, credentials: { ...local.credentials, providersInReach, ...(language ? { language } : {}) } });
    }
    return models.map((model, index) => this.session(model, model.endpoint ? this.endpoints.credentialsFor(model) : lookups.get(model.provider)!, reservations[index]!));
  }

  private session(model: ChatModel, lookup: CredentialLookup, reservation: Reservation): ChatSession {
    const adapter = this.chatAdapters[model.provider];
    const call =
      (how: 'stream' | 'answer'): ChatSession['stream'] =>
      (request, signal) => {
        if (!lookup.found) {
          reservation.finish(0);
          return failing(new ProviderError(model.provider, 'missing_credentials', lookup.reason));
        }
        return settled(capped(withRetry(() => adapter[how]({ ...request, model: model.vendorModel }, lookup.credentials, signal), signal, this.retryPolicy), model, this.maxReplyChars), model, reservation);
      };
    return { model, stream: call('stream'), answer: call('answer') };
  }
}

/**
 * Ends a reply whose text (tool-call arguments included) passes `maxChars` with a clear error,
 * rather than letting a runaway or hostile endpoint grow the turn's memory; what came before the
 * cap has been streamed and is kept.
 */
async function* capped(stream: AsyncIterable<ChatChunk>, model: ChatModel, maxChars: number): AsyncIterable<ChatChunk> {
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.type === 'text' ? chunk.text.length : chunk.type === 'tool_call' ? JSON.stringify(chunk.call.arguments).length : 0;
    if (size > maxChars) throw new ProviderError(model.provider, 'response_too_large', `${model.name}: the reply passed ${maxChars.toLocaleString('en')} characters and was stopped there`);
    yield chunk;
  }
}

/** Settles the call's budget reservation when its reply ends, with the cost its usage reports (0 if none). */
async function* settled(stream: AsyncIterable<ChatChunk>, model: ChatModel, reservation: Reservation): AsyncIterable<ChatChunk> {
  let cost = 0;
  try {
    for await (const chunk of stream) {
      if (chunk.type === 'usage') cost += tokenCost(model, chunk.usage);
      yield chunk;
    }
  } finally {
    reservation.finish(cost);
  }
}

async function* failing(error: ProviderError): AsyncIterable<ChatChunk> {
  yield* [];
  throw error;
}
