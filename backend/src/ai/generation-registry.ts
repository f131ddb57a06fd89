import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { AiErrorCode } from './ai.errors';
import { ElevenLabsSpeechAdapter } from './adapters/elevenlabs.adapter';
import { LocalImageAdapter, LocalMusicAdapter, LocalSpeechAdapter, LocalVideoAdapter } from './adapters/local-generation.adapters';
import { OpenAIImageAdapter, OpenAISpeechAdapter, OpenAITranscriptionAdapter } from './adapters/openai-generation.adapters';
import { ReplicateImageAdapter, ReplicateMusicAdapter, ReplicateVideoAdapter } from './adapters/replicate.adapters';
import { BudgetGate } from './budget-gate';
import { CredentialsService } from './credentials.service';
import type { ProviderCredentials } from './credentials';
import { GenerationProviderId, ImageModelProvider, MusicModelProvider, SpeechModelProvider, TranscriptionModelProvider, VideoModelProvider } from './generation-capabilities';
import { findModel, GenerationKind, GenerationModel, generationKindOf, TranscriptionModel } from './models';
import { ProviderError } from './provider-error';

interface AdaptersOfKind {
  image: ImageModelProvider;
  speech: SpeechModelProvider;
  music: MusicModelProvider;
  video: VideoModelProvider;
}

/** A generation model ready to call for one user: its adapter and the credentials that pay for it. */
export interface GenerationSession<K extends GenerationKind> {
  model: GenerationModel<K>;
  adapter: AdaptersOfKind[K];
  credentials: ProviderCredentials;
}

/** The speech-to-text model used when a caller names none: the cheapest of OpenAI's. */
export const DEFAULT_TRANSCRIPTION_MODEL = 'openai/gpt-4o-mini-transcribe';

/** A speech-to-text model ready to call for one user. */
export interface TranscriptionSession {
  model: TranscriptionModel;
  adapter: TranscriptionModelProvider;
  credentials: ProviderCredentials;
}

/** Whether a user can transcribe now, and if not, why (the credentials' own sentence: where to add a key). */
export type TranscriptionLookup = { available: true; model: TranscriptionModel } | { available: false; model: TranscriptionModel; reason: string };

/** Model id `provider/model` → the adapter of that kind for its vendor, and the caller's credentials. */
@Injectable()
export class GenerationRegistry {
  private readonly adapters: { [K in GenerationKind]: Partial<Record<GenerationProviderId, AdaptersOfKind[K]>> };

  constructor(
    private readonly credentials: CredentialsService,
    config: AppConfig,
    private readonly budgets: BudgetGate,
  ) {
    const maxBytes = config.providerLimits.maxMediaBytes;
    const replicate = { maxBytes, allowlist: config.fetchAllowlist };
    this.adapters = {
      image: { local: new LocalImageAdapter(), openai: new OpenAIImageAdapter(maxBytes), replicate: new ReplicateImageAdapter(replicate) },
      speech: { local: new LocalSpeechAdapter(), openai: new OpenAISpeechAdapter(maxBytes), elevenlabs: new ElevenLabsSpeechAdapter(maxBytes) },
      music: { local: new LocalMusicAdapter(), replicate: new ReplicateMusicAdapter(replicate) },
      video: { local: new LocalVideoAdapter(), replicate: new ReplicateVideoAdapter(replicate) },
    };
  }

  private readonly transcriber: TranscriptionModelProvider = new OpenAITranscriptionAdapter();

  /** The catalogue entry of a model of this kind, or a 400 naming the field. */
  model<K extends GenerationKind>(id: string, kind: K, field = 'model'): GenerationModel<K> {
    const model = findModel(id);
    const made = model && generationKindOf(model);
    if (!model || !made) throw new DomainError('invalid', AiErrorCode.UNKNOWN_MODEL, `Unknown model "${id}"`, [{ field, message: `${id} is not a generation model Webox knows (see GET /api/generation/models)` }]);
    if (made !== kind || !this.adapters[kind][model.provider as GenerationProviderId]) {
      throw new DomainError('invalid', AiErrorCode.MODEL_LACKS_CAPABILITY, `${model.name} does not make ${kind}`, [{ field, message: `${id} is a ${made} model, not a ${kind} model` }]);
    }
    return model as GenerationModel<K>;
  }

  /**
   * Opens a model for a user; a missing key is a permanent ProviderError naming where to add one, a
   * month's cost budget already spent a 402. `budget: 'held'` is for a call whose job already holds
   * its estimate (`BudgetGate.hold`, taken when the job was asked for): it is not checked again, or
   * the job's own hold could refuse it.
   */
  async open<K extends GenerationKind>(userId: string, model: GenerationModel<K>, kind: K, budget: 'check' | 'held' = 'check'): Promise<GenerationSession<K>> {
    if (budget === 'check') await this.budgets.check(userId);
    const adapter = this.adapters[kind][model.provider] as AdaptersOfKind[K];
    const lookup = await this.credentials.resolve(userId, model.provider);
    if (!lookup.found) throw new ProviderError(model.provider, 'missing_credentials', lookup.reason);
    return { model, adapter, credentials: lookup.credentials };
  }

  /** A speech-to-text model by id (the default when none), or a 400 naming the field. */
  transcriptionModel(id: string = DEFAULT_TRANSCRIPTION_MODEL, field = 'model'): TranscriptionModel {
    const model = findModel(id);
    if (!model) throw new DomainError('invalid', AiErrorCode.UNKNOWN_MODEL, `Unknown model "${id}"`, [{ field, message: `${id} is not a model Webox knows` }]);
    if (!model.capabilities.includes('transcription') || model.provider !== this.transcriber.provider) {
      throw new DomainError('invalid', AiErrorCode.MODEL_LACKS_CAPABILITY, `${model.name} does not transcribe speech`, [{ field, message: `${id} is not a speech-to-text model` }]);
    }
    return model as TranscriptionModel;
  }

  /** Whether the model's provider has a key in reach of this user (no budget check: that is for a call). */
  async transcriptionLookup(userId: string, model: TranscriptionModel): Promise<TranscriptionLookup> {
    const lookup = await this.credentials.resolve(userId, model.provider);
    return lookup.found ? { available: true, model } : { available: false, model, reason: lookup.reason };
  }

  /** Opens a speech-to-text model for a user: budget first, then the key (a missing one is a ProviderError naming where to add it). */
  async openTranscription(userId: string, model: TranscriptionModel): Promise<TranscriptionSession> {
    await this.budgets.check(userId);
    const lookup = await this.credentials.resolve(userId, model.provider);
    if (!lookup.found) throw new ProviderError(model.provider, 'missing_credentials', lookup.reason);
    return { model, adapter: this.transcriber, credentials: lookup.credentials };
  }
}
