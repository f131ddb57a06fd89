import { Injectable } from '@nestjs/common';
import { CredentialsService } from './credentials.service';
import { AppConfig } from '../config/app-config';
import { ModelCapability, ModelInfo, ModelOfCapability, modelsWith, withEndpointVision } from './models';
import { noKeyReason } from './provider-error';
import { disabledReason, ModelAccess } from './model-access/model-access.service';
import type { UiLanguage } from '../common/request-language';

/** A catalogue model, and whether the user can call it now. */
export interface ModelChoice<M extends ModelInfo = ModelInfo> {
  model: M;
  /** A key for its provider is in reach: the user's own, the workspace's or the server's (none needed offline). */
  available: boolean;
  unavailableReason?: string;
  /** Why not, as a code: no key in reach, or an administrator turned the model off (for this user's role or everyone). */
  unavailableCode?: UnavailableCode;
  /** The workspace's default chat model (an admin's choice; a user's own default wins over it). */
  workspaceDefault?: boolean;
}

/** Why a catalogue model cannot be called, as error codes the dashboard translates: no key for its provider, or turned off by an administrator. */
export const UNAVAILABLE_CODES = ['PROVIDER_MISSING_CREDENTIALS', 'MODEL_DISABLED'] as const;
export type UnavailableCode = (typeof UNAVAILABLE_CODES)[number];

/** A choice's reason in the user's language: a model an admin turned off says so before a missing key. */
export const unavailableReasonOf = (choice: ModelChoice, language: UiLanguage = 'en'): string | undefined =>
  choice.available ? undefined : choice.unavailableCode === 'MODEL_DISABLED' ? disabledReason(language) : noKeyReason(choice.model.provider, language);

/**
 * The catalogue as one user sees it: the one place that says which models they can call, for every
 * listing (chat, generation, embeddings, `/v1/models`).
 */
@Injectable()
export class ModelCatalogue {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly config: AppConfig,
    private readonly access: ModelAccess,
  ) {}

  /**
   * The models with any of these capabilities, in catalogue order, each with its availability: a
   * model an admin turned off for the user (workspace or role) is unavailable with `MODEL_DISABLED`,
   * one without a key with `PROVIDER_MISSING_CREDENTIALS` (one query for the keys, none for the admin's settings).
   */
  async forUser<C extends ModelCapability>(userId: string, ...capabilities: C[]): Promise<Array<ModelChoice<ModelOfCapability[C]>>> {
    const listed = modelsWith(...capabilities);
    const [available, disabled, settings] = await Promise.all([
      this.credentials.availableProviders(userId),
      this.access.disabledFor(userId, listed.map((model) => model.id)),
      this.access.settings(),
    ]);
    return listed.map((entry) => {
      const model = withEndpointVision(entry, this.config.openAICompatibleVisionModels);
      const flag = settings.defaultChatModel === model.id ? { workspaceDefault: true } : {};
      if (disabled.has(model.id)) return { model, available: false, unavailableReason: disabledReason(), unavailableCode: 'MODEL_DISABLED', ...flag };
      // An administrator's endpoint carries its own URL and key: in reach for everyone.
      return model.endpoint || available.has(model.provider) ? { model, available: true, ...flag } : { model, available: false, unavailableReason: noKeyReason(model.provider), unavailableCode: 'PROVIDER_MISSING_CREDENTIALS', ...flag };
    });
  }
}
