import { Injectable } from '@nestjs/common';
import { CredentialsService } from './credentials.service';
import { AppConfig } from '../config/app-config';
import { ModelCapability, ModelInfo, ModelOfCapability, modelsWith, withEndpointVision } from './models';
import { noKeyReason } from './provider-error';

/** A catalogue model, and whether the user can call it now. */
export interface ModelChoice<M extends ModelInfo = ModelInfo> {
  model: M;
  /** A key for its provider is in reach: the user's own, the workspace's or the server's (none needed offline). */
  available: boolean;
  unavailableReason?: string;
}

/**
 * The catalogue as one user sees it: the one place that says which models they can call, for every
 * listing (chat, generation, embeddings, `/v1/models`).
 */
@Injectable()
export class ModelCatalogue {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly config: AppConfig,
  ) {}

  /** The models with any of these capabilities, in catalogue order, each with its availability (one query). */
  async forUser<C extends ModelCapability>(userId: string, ...capabilities: C[]): Promise<Array<ModelChoice<ModelOfCapability[C]>>> {
    const available = await this.credentials.availableProviders(userId);
    return modelsWith(...capabilities).map((listed) => {
      const model = withEndpointVision(listed, this.config.openAICompatibleVisionModels);
      return available.has(model.provider) ? { model, available: true } : { model, available: false, unavailableReason: noKeyReason(model.provider) };
    });
  }
}
