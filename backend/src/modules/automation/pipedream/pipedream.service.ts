import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { PipedreamClient, PipedreamError, PipedreamTimeoutError, type Pipedream } from '@pipedream/sdk';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../../common/auth.decorators';
import { DomainError } from '../../../common/domain-error';
import { SecretBox } from '../../../common/secret-box';
import { AppConfig } from '../../../config/app-config';
import { FetchError, safeFetch } from '../../../outbound/ssrf';
import { AutomationErrorCode } from '../automation.errors';
import type { PipedreamConnectDto, PipedreamStatusDto, PipedreamWorkflowDto, PipedreamWorkflowInputDto } from '../dto/pipedream.dto';
import { PipedreamConnection } from './pipedream-connection.entity';

/** The component a created workflow deploys: Pipedream's HTTP source, which gives a URL and emits each request's body. */
export const HTTP_SOURCE_COMPONENT = 'http-new-requests-payload-only';
/** What an invocation reads of a workflow's answer at most. */
export const INVOKE_MAX_BYTES = 256 * 1024;
const REQUEST = { maxRetries: 0, timeoutInSeconds: 15 } as const;
const LIST_LIMIT = 100;

/** What invoking a workflow gave back. */
export interface PipedreamInvocation {
  url: string;
  status: number;
  body: string;
}

/**
 * Pipedream through its official SDK (`@pipedream/sdk`, base URL `PIPEDREAM_API_BASE_URL`): a user's
 * OAuth client and Connect project, checked and stored sealed; the deployed triggers of the project for
 * this user (Connect's `external_user_id` is the Webox user id); an HTTP trigger deployed on request;
 * and a workflow invoked by POSTing to its HTTP trigger URL through the outbound guard.
 */
@Injectable()
export class PipedreamService {
  private readonly logger = new Logger(PipedreamService.name);

  constructor(
    @InjectRepository(PipedreamConnection) private readonly connections: Repository<PipedreamConnection>,
    private readonly secrets: SecretBox,
    private readonly config: AppConfig,
  ) {}

  async status(user: AuthUser): Promise<PipedreamStatusDto> {
    const row = await this.connections.findOne({ where: { ownerId: user.id } });
    if (!row) return { connected: false, clientId: null, projectId: null, environment: null, checkedAt: null, externalUserId: null };
    return { connected: true, clientId: row.clientId, projectId: row.projectId, environment: row.environment, checkedAt: row.checkedAt.toISOString(), externalUserId: user.id };
  }

  /** Checks the credentials with an OAuth token request and a read of the project; stores them only when both pass. */
  async connect(user: AuthUser, dto: PipedreamConnectDto): Promise<PipedreamStatusDto> {
    const environment = dto.environment ?? 'production';
    const client = this.client({ clientId: dto.clientId, clientSecret: dto.clientSecret, projectId: dto.projectId, environment });
    try {
      await client.rawAccessToken;
    } catch (error) {
      if (error instanceof PipedreamError && (error.statusCode === 400 || error.statusCode === 401 || error.statusCode === 403))
        throw new DomainError('invalid', AutomationErrorCode.AUTOMATION_PIPEDREAM_CREDENTIALS_REJECTED, `Pipedream refused this OAuth client id and secret (${error.statusCode}); check them in Pipedream's API settings`);
      throw this.failure(error, 'checking the OAuth client');
    }
    try {
      await client.projects.retrieveInfo(REQUEST);
    } catch (error) {
      if (error instanceof PipedreamError && (error.statusCode === 400 || error.statusCode === 403 || error.statusCode === 404))
        throw new DomainError('invalid', AutomationErrorCode.AUTOMATION_PIPEDREAM_PROJECT_NOT_FOUND, `Pipedream has no project ${dto.projectId} in ${environment} that this OAuth client can read (${error.statusCode})`);
      throw this.failure(error, 'reading the project');
    }
    const row = { ownerId: user.id, clientId: dto.clientId, projectId: dto.projectId, environment, clientSecretSealed: this.secrets.seal(dto.clientSecret, user.id), checkedAt: new Date() };
    await this.connections.upsert(row, ['ownerId']);
    return this.status(user);
  }

  async disconnect(user: AuthUser): Promise<void> {
    await this.connections.delete({ ownerId: user.id });
  }

  /** The deployed triggers of the project for this user, with their HTTP trigger URLs. */
  async listWorkflows(user: AuthUser): Promise<PipedreamWorkflowDto[]> {
    const client = await this.clientOf(user);
    try {
      const page = await client.deployedTriggers.list({ externalUserId: user.id, limit: LIST_LIMIT }, REQUEST);
      return page.data.map(toWorkflowDto);
    } catch (error) {
      throw this.failure(error, 'listing the deployed triggers');
    }
  }

  /** Deploys Pipedream's HTTP source for this user (it gets a URL), then names it. */
  async createWorkflow(user: AuthUser, dto: PipedreamWorkflowInputDto): Promise<PipedreamWorkflowDto> {
    const client = await this.clientOf(user);
    try {
      const deployed = await client.triggers.deploy({ id: HTTP_SOURCE_COMPONENT, externalUserId: user.id, configuredProps: { httpInterface: {} } }, REQUEST);
      const renamed = await client.deployedTriggers.update(deployed.data.id, { externalUserId: user.id, name: dto.name }, REQUEST);
      return toWorkflowDto(renamed.data);
    } catch (error) {
      throw this.failure(error, 'deploying the HTTP trigger');
    }
  }

  /**
   * Runs a workflow: a JSON POST to its HTTP trigger URL (what the SDK's `workflows.invoke` sends), made
   * by Webox through the outbound guard so a user-given URL cannot reach private addresses. The reference
   * is an endpoint id (`en…`) or a URL on the workflow domain, the SDK's own rules.
   */
  async invoke(user: AuthUser, workflow: string, body: unknown, signal?: AbortSignal): Promise<PipedreamInvocation> {
    const row = await this.connections.findOne({ where: { ownerId: user.id } });
    if (!row) throw notConnected();
    const url = this.workflowUrl(workflow);
    let fetched;
    try {
      fetched = await safeFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body ?? {}),
        timeoutMs: this.config.combinationHttpTimeoutMs,
        maxBytes: INVOKE_MAX_BYTES,
        allowlist: this.config.fetchAllowlist,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (error instanceof FetchError) throw new DomainError('provider', AutomationErrorCode.AUTOMATION_PIPEDREAM_FAILED, `The Pipedream workflow could not be reached: ${error.message}`);
      throw error;
    }
    const text = fetched.body.toString('utf8');
    if (fetched.status < 200 || fetched.status > 299)
      throw new DomainError('provider', AutomationErrorCode.AUTOMATION_PIPEDREAM_FAILED, `The Pipedream workflow answered ${fetched.status}${fetched.statusText ? ` ${fetched.statusText}` : ''}${text ? `: ${text.slice(0, 300)}` : ''}`);
    return { url: fetched.url, status: fetched.status, body: text };
  }

  /** `en…`/`eo…` → `https://<id>.<domain>`; a URL must end with the workflow domain (as the SDK's `_buildWorkflowUrl` checks). */
  workflowUrl(reference: string): string {
    const input = reference.trim();
    const domain = this.config.pipedreamWorkflowDomain;
    const invalid = (why: string) => new DomainError('invalid', AutomationErrorCode.AUTOMATION_PIPEDREAM_WORKFLOW_INVALID, `"${input.slice(0, 200)}" is not a Pipedream workflow: ${why}`);
    if (/^e[no][a-z0-9-]+$/i.test(input)) return `https://${input.toLowerCase()}.${domain}`;
    let parsed: URL;
    try {
      parsed = new URL(/^https?:\/\//i.test(input) ? input : `https://${input}`);
    } catch {
      throw invalid('give its endpoint id (en…) or its HTTP trigger URL');
    }
    const host = parsed.hostname.toLowerCase();
    if (host !== domain && !host.endsWith(`.${domain}`)) throw invalid(`its URL must be on ${domain}`);
    return parsed.href;
  }

  private async clientOf(user: AuthUser): Promise<PipedreamClient> {
    const row = await this.connections.createQueryBuilder('c').addSelect('c.clientSecretSealed').where('c.ownerId = :id', { id: user.id }).getOne();
    if (!row) throw notConnected();
    return this.client({ clientId: row.clientId, clientSecret: this.secrets.open(row.clientSecretSealed, user.id), projectId: row.projectId, environment: row.environment });
  }

  private client(credentials: { clientId: string; clientSecret: string; projectId: string; environment: 'production' | 'development' }): PipedreamClient {
    return new PipedreamClient({ ...credentials, projectEnvironment: credentials.environment, baseUrl: this.config.pipedreamApiBaseUrl });
  }

  /** A Pipedream error as the user reads it: its status and message, never the credentials. */
  private failure(error: unknown, doing: string): DomainError {
    if (error instanceof DomainError) return error;
    if (error instanceof PipedreamTimeoutError) return new DomainError('provider', AutomationErrorCode.AUTOMATION_PIPEDREAM_FAILED, `Pipedream did not answer in time while ${doing}`);
    if (error instanceof PipedreamError)
      return new DomainError('provider', AutomationErrorCode.AUTOMATION_PIPEDREAM_FAILED, `Pipedream answered ${error.statusCode ?? 'an error'} while ${doing}${messageOf(error.body)}`);
    this.logger.warn(`Pipedream unreachable while ${doing}: ${error instanceof Error ? error.message : String(error)}`);
    return new DomainError('provider', AutomationErrorCode.AUTOMATION_PIPEDREAM_FAILED, `Pipedream could not be reached while ${doing}`);
  }
}

const notConnected = () => new DomainError('invalid', AutomationErrorCode.AUTOMATION_PIPEDREAM_NOT_CONNECTED, 'Connect Pipedream first (POST /api/automation/connect)');

function messageOf(body: unknown): string {
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  const message = typeof record?.['error'] === 'string' ? record['error'] : typeof record?.['message'] === 'string' ? record['message'] : typeof body === 'string' ? body : '';
  return message ? `: ${message.slice(0, 300)}` : '';
}

function toWorkflowDto(emitter: Pipedream.Emitter): PipedreamWorkflowDto {
  if (emitter.type === 'HttpInterface')
    return { id: emitter.id, name: emitter.key, kind: 'http', componentKey: null, url: emitter.endpointUrl, active: true, createdAt: epoch(emitter.createdAt) };
  if (emitter.type === 'TimerInterface')
    return { id: emitter.id, name: emitter.cron ?? `Every ${emitter.intervalSeconds ?? '?'} s`, kind: 'timer', componentKey: null, url: null, active: true, createdAt: epoch(emitter.createdAt) };
  // A deployed HTTP source keeps its URL in its configured `httpInterface` prop.
  const http = Object.values(emitter.configuredProps ?? {}).find((prop): prop is Record<string, unknown> => !!prop && typeof prop === 'object' && typeof (prop as Record<string, unknown>)['endpoint_url'] === 'string');
  return { id: emitter.id, name: emitter.name, kind: 'component', componentKey: emitter.componentKey ?? emitter.componentId, url: http ? String(http['endpoint_url']) : null, active: emitter.active, createdAt: epoch(emitter.createdAt) };
}

const epoch = (ms: number | undefined) => (typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : null);
