import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import OpenAI from 'openai';
import { Repository } from 'typeorm';
import { type EndpointModelRow, ModelEndpoint } from '../../../ai/endpoints/model-endpoint.entity';
import { endpointKeyContext, ModelEndpoints } from '../../../ai/endpoints/model-endpoints.service';
import { ModelAccess } from '../../../ai/model-access/model-access.service';
import { endpointModelId } from '../../../ai/models';
import type { Actor } from '../../../common/auth.decorators';
import { DomainError } from '../../../common/domain-error';
import { CommonErrorCode } from '../../../common/error-codes';
import { SecretBox } from '../../../common/secret-box';
import { AppConfig } from '../../../config/app-config';
import { BlockedUrlError, checkStoredUrl, createSafeFetch, type FetchLike } from '../../../outbound/ssrf';
import { AuditAction } from '../../audit/audit-actions';
import { AuditService } from '../../audit/audit.service';
import { AdminEndpointDto, CreateEndpointDto, EndpointCheckDto, EndpointModelInputDto, UpdateEndpointDto } from './admin-endpoints.dto';
import { AdminEndpointsErrorCode } from './admin-endpoints.errors';

/** How long the check may take (the admin is waiting on the form). */
const CHECK_TIMEOUT_MS = 15_000;
const MAX_LISTED = 200;

export function toAdminEndpointDto(row: ModelEndpoint, check?: EndpointCheckDto): AdminEndpointDto {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    baseUrl: row.baseUrl,
    hasKey: !!row.apiKeySealed,
    keyLast4: row.apiKeySealed ? row.keyLast4 : null,
    models: row.models.map((model) => ({
      id: endpointModelId(row.slug, model.vendorModel),
      vendorModel: model.vendorModel,
      name: model.name,
      contextTokens: model.contextTokens,
      vision: model.vision,
      inputPricePerMTok: model.inputPerMTok,
      outputPricePerMTok: model.outputPerMTok,
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(check ? { check } : {}),
  };
}

const toRows = (models: EndpointModelInputDto[]): EndpointModelRow[] =>
  models.map((model) => ({
    vendorModel: model.vendorModel,
    name: model.name.trim(),
    contextTokens: model.contextTokens ?? null,
    vision: model.vision ?? false,
    inputPerMTok: model.inputPricePerMTok ?? 0,
    outputPerMTok: model.outputPricePerMTok ?? 0,
  }));

/** Without a trailing slash: the SDK appends `/models`, `/chat/completions`. */
const normalisedUrl = (url: string): string => url.trim().replace(/\/+$/, '');

/**
 * OpenAI-compatible endpoints in the Admin page (issue 26 item 4): an admin adds an endpoint (Ollama,
 * vLLM, LM Studio, a hosted gateway) with its models and prices, and they join every user's
 * catalogue. Each save checks the endpoint (its model list, with the key) unless told not to; the
 * key is sealed at rest and never returned or logged. The AI layer's `ModelEndpoints` serves them.
 */
@Injectable()
export class AdminEndpointsService {
  private readonly checkFetch: FetchLike;

  constructor(
    @InjectRepository(ModelEndpoint) private readonly repo: Repository<ModelEndpoint>,
    private readonly endpoints: ModelEndpoints,
    private readonly access: ModelAccess,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.checkFetch = createSafeFetch({ allowLocalNetwork: true, maxBytes: config.providerLimits.maxMediaBytes, timeoutMs: CHECK_TIMEOUT_MS });
  }

  async list(): Promise<AdminEndpointDto[]> {
    return (await this.repo.find({ order: { createdAt: 'ASC' } })).map((row) => toAdminEndpointDto(row));
  }

  async create(actor: Actor, dto: CreateEndpointDto): Promise<AdminEndpointDto> {
    const baseUrl = normalisedUrl(dto.baseUrl);
    assertDistinctModels(dto.models);
    await this.assertSlugFree(dto.slug);
    const check = await this.check(baseUrl, dto.apiKey ?? null, dto.skipCheck);
    const row = this.repo.create({ id: randomUUID(), name: dto.name.trim(), slug: dto.slug, baseUrl, models: toRows(dto.models), apiKeySealed: null, keyLast4: null });
    this.setKey(row, dto.apiKey ?? null);
    try {
      await this.repo.insert(row);
    } catch (error) {
      // Two admins saving the same slug at once: the unique index decides.
      if ((error as { code?: string }).code === '23505') throw slugTaken(dto.slug);
      throw error;
    }
    await this.endpoints.changed();
    await this.audit.record({ action: AuditAction.ENDPOINT_CREATED, actor, ip: actor.ip, details: { endpoint: row.id, slug: row.slug, baseUrl, models: row.models.length, hasKey: !!row.apiKeySealed, checked: check.status === 'ok' } });
    return toAdminEndpointDto(await this.repo.findOneByOrFail({ id: row.id }), check);
  }

  async update(actor: Actor, id: string, dto: UpdateEndpointDto): Promise<AdminEndpointDto> {
    const row = await this.get(id);
    if (dto.models) assertDistinctModels(dto.models);
    const baseUrl = dto.baseUrl !== undefined ? normalisedUrl(dto.baseUrl) : row.baseUrl;
    const apiKey = dto.apiKey !== undefined ? dto.apiKey : this.keyOf(row);
    const check = await this.check(baseUrl, apiKey, dto.skipCheck);
    const before = row.models.map((model) => endpointModelId(row.slug, model.vendorModel));
    if (dto.name !== undefined) row.name = dto.name.trim();
    row.baseUrl = baseUrl;
    if (dto.models) row.models = toRows(dto.models);
    if (dto.apiKey !== undefined) this.setKey(row, dto.apiKey);
    await this.repo.save(row);
    const after = new Set(row.models.map((model) => endpointModelId(row.slug, model.vendorModel)));
    await this.access.forget(before.filter((model) => !after.has(model)));
    await this.endpoints.changed();
    await this.audit.record({
      action: AuditAction.ENDPOINT_UPDATED,
      actor,
      ip: actor.ip,
      details: { endpoint: row.id, slug: row.slug, baseUrl, models: row.models.length, keyChanged: dto.apiKey !== undefined, checked: check.status === 'ok' },
    });
    return toAdminEndpointDto(await this.repo.findOneByOrFail({ id: row.id }), check);
  }

  /** Its models leave the catalogue at once; conversations keep their messages, and a later turn with one answers 400 `UNKNOWN_MODEL`. */
  async remove(actor: Actor, id: string): Promise<void> {
    const row = await this.get(id);
    await this.repo.delete({ id: row.id });
    await this.access.forget(row.models.map((model) => endpointModelId(row.slug, model.vendorModel)));
    await this.endpoints.changed();
    await this.audit.record({ action: AuditAction.ENDPOINT_DELETED, actor, ip: actor.ip, details: { endpoint: row.id, slug: row.slug, models: row.models.length } });
  }

  private async get(id: string): Promise<ModelEndpoint> {
    const row = await this.repo.findOneBy({ id });
    if (!row) throw new DomainError('not_found', AdminEndpointsErrorCode.ENDPOINT_NOT_FOUND, 'Endpoint not found');
    return row;
  }

  private async assertSlugFree(slug: string): Promise<void> {
    if (await this.repo.existsBy({ slug })) throw slugTaken(slug);
  }

  private keyOf(row: ModelEndpoint): string | null {
    return row.apiKeySealed ? this.secrets.open(row.apiKeySealed, endpointKeyContext(row.id)) : null;
  }

  private setKey(row: ModelEndpoint, key: string | null): void {
    row.apiKeySealed = key ? this.secrets.seal(key, endpointKeyContext(row.id)) : null;
    row.keyLast4 = key ? key.slice(-4) : null;
  }

  /**
   * The address is refused when it is link-local or a cloud metadata service, even with `skipCheck`;
   * then, unless skipped, the endpoint's model list is asked for with the key, through the same
   * local-network fetch its calls use. Its answer is never echoed (only its status).
   */
  private async check(baseUrl: string, apiKey: string | null, skip = false): Promise<EndpointCheckDto> {
    try {
      await checkStoredUrl(baseUrl, { allowLocalNetwork: true });
    } catch (error) {
      if (error instanceof BlockedUrlError) throw blocked(error);
      throw error;
    }
    if (skip) return { status: 'skipped', listedModels: [] };
    const client = new OpenAI({ apiKey: apiKey ?? 'none', baseURL: baseUrl, maxRetries: 0, timeout: CHECK_TIMEOUT_MS, fetch: this.checkFetch });
    try {
      const listed: string[] = [];
      for await (const model of client.models.list()) {
        listed.push(model.id);
        if (listed.length >= MAX_LISTED) break;
      }
      return { status: 'ok', listedModels: listed };
    } catch (error) {
      throw this.checkFailure(error, baseUrl);
    }
  }

  private checkFailure(error: unknown, baseUrl: string): DomainError {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof BlockedUrlError) return blocked(cause);
    if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError) {
      return new DomainError('invalid', AdminEndpointsErrorCode.ENDPOINT_KEY_REJECTED, `The endpoint refused the API key (HTTP ${error.status}) when asked for its models`, [{ field: 'apiKey', message: `${baseUrl} answered ${error.status} to GET /models with this key` }], { status: error.status ?? 0 });
    }
    const why = error instanceof OpenAI.APIError && error.status ? `it answered HTTP ${error.status} to GET /models` : error instanceof OpenAI.APIConnectionTimeoutError ? 'it did not answer in time' : error instanceof OpenAI.APIConnectionError ? 'it could not be reached' : 'its answer was not a model list';
    return new DomainError('invalid', AdminEndpointsErrorCode.ENDPOINT_UNREACHABLE, `The endpoint could not be checked: ${why}`, [{ field: 'baseUrl', message: `${baseUrl}: ${why} (save with skipCheck to store it anyway)` }], {
      status: error instanceof OpenAI.APIError ? (error.status ?? 0) : 0,
    });
  }
}

const slugTaken = (slug: string) => new DomainError('conflict', AdminEndpointsErrorCode.ENDPOINT_SLUG_TAKEN, `Another endpoint has the slug "${slug}"`, [{ field: 'slug', message: `${slug} is taken` }], { slug });

const blocked = (error: BlockedUrlError) =>
  new DomainError('invalid', AdminEndpointsErrorCode.ENDPOINT_URL_BLOCKED, 'This address is refused even for an administrator (link-local and cloud metadata addresses)', [{ field: 'baseUrl', message: error.message }]);

function assertDistinctModels(models: EndpointModelInputDto[]): void {
  const seen = new Set<string>();
  const details = models.flatMap((model, index) => {
    if (!seen.has(model.vendorModel)) {
      seen.add(model.vendorModel);
      return [];
    }
    return [{ field: `models.${index}.vendorModel`, message: `${model.vendorModel} is listed twice` }];
  });
  if (details.length) throw new DomainError('invalid', CommonErrorCode.VALIDATION_FAILED, 'Each model of an endpoint is listed once', details);
}
