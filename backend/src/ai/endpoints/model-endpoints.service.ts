import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { CacheHub } from '../../common/shared-cache';
import { SecretBox } from '../../common/secret-box';
import { createSafeFetch, type FetchLike } from '../../outbound/ssrf';
import type { CredentialLookup } from '../credentials.service';
import { type ChatModel, endpointChatModel, type ModelInfo, setRuntimeModels } from '../models';
import { ModelEndpoint } from './model-endpoint.entity';

const ENDPOINTS_TAG = 'model-endpoints';

/** Bound to the sealed key, so a ciphertext copied to another row does not decrypt. */
export const endpointKeyContext = (endpointId: string): string => `model-endpoint:${endpointId}`;

/** What a call to one endpoint needs, kept in memory (the key decrypted once per load). */
interface LoadedEndpoint {
  baseUrl: string;
  apiKey: string | null;
}

/**
 * The OpenAI-compatible endpoints administrators added, as the catalogue and the calls see them
 * (issue 26 item 4). One small table, read at start and again whenever an admin changes it (on
 * every instance: `CacheHub.onChange`); its models go into the catalogue (`setRuntimeModels`),
 * so `findModel`/`modelsWith` and every area that uses them see them without a query.
 *
 * Calls go through the OpenAI SDK with the endpoint's URL and key and a fetch that lets the local
 * network in (an admin chose the URL: Ollama on 127.0.0.1) but never link-local or cloud metadata addresses.
 */
@Injectable()
export class ModelEndpoints implements OnModuleInit {
  private readonly logger = new Logger(ModelEndpoints.name);
  private endpoints = new Map<string, LoadedEndpoint>();
  /** The fetch every endpoint call goes through (see the class). */
  readonly fetch: FetchLike;
  private loading: Promise<void> = Promise.resolve();

  constructor(
    @InjectRepository(ModelEndpoint) private readonly repo: Repository<ModelEndpoint>,
    private readonly secrets: SecretBox,
    private readonly hub: CacheHub,
    config: AppConfig,
  ) {
    this.fetch = createSafeFetch({ allowLocalNetwork: true, maxBytes: config.providerLimits.maxMediaBytes, timeoutMs: 180_000 });
  }

  async onModuleInit(): Promise<void> {
    this.hub.onChange(ENDPOINTS_TAG, () => void this.reload().catch((error: Error) => this.logger.warn(`The endpoints could not be reloaded: ${error.message}`)));
    await this.reload();
  }

  /** Reads every endpoint again and replaces their models in the catalogue (loads never overlap). */
  reload(): Promise<void> {
    this.loading = this.loading.catch(() => undefined).then(() => this.load());
    return this.loading;
  }

  /** After an admin's change is committed: reloaded here before this returns, on the other instances soon after. */
  async changed(): Promise<void> {
    await this.reload();
    await this.hub.invalidate([ENDPOINTS_TAG]);
  }

  /** The credentials of an endpoint's model: its URL, its key (or none) and the local-network fetch. */
  credentialsFor(model: Pick<ModelInfo, 'endpoint' | 'name'>): CredentialLookup {
    const endpoint = model.endpoint && this.endpoints.get(model.endpoint.id);
    if (!endpoint) return { found: false, reason: `${model.name}: its endpoint was removed by an administrator` };
    // The SDK needs a key; an endpoint that takes none (Ollama) ignores the header.
    return { found: true, credentials: { apiKey: endpoint.apiKey ?? 'none', baseUrl: endpoint.baseUrl, source: 'workspace', operatorFetch: this.fetch } };
  }

  private async load(): Promise<void> {
    const rows = await this.repo.find({ order: { createdAt: 'ASC' } });
    const models: ChatModel[] = [];
    const endpoints = new Map<string, LoadedEndpoint>();
    for (const row of rows) {
      let apiKey: string | null = null;
      try {
        apiKey = row.apiKeySealed ? this.secrets.open(row.apiKeySealed, endpointKeyContext(row.id)) : null;
      } catch {
        // A key sealed with another WEBOX_SECRET_KEY: its calls fail with the endpoint's 401, as a wrong key would.
        this.logger.warn(`The key of endpoint ${row.slug} cannot be decrypted (was WEBOX_SECRET_KEY changed?)`);
      }
      endpoints.set(row.id, { baseUrl: row.baseUrl, apiKey });
      for (const model of row.models) models.push(endpointChatModel(row, { ...model }));
    }
    this.endpoints = endpoints;
    setRuntimeModels(models);
  }
}
