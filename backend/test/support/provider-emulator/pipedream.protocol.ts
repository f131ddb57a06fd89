import { randomBytes } from 'node:crypto';
import { asRecord, asString } from './json-value.utils';
import type { RecordedRequest } from './provider-emulator.types';
import { EmulatorRequestError, type MediaAnswer, type MediaContext, type MediaProtocol, type RouteMatch } from './vendor.protocol';

/**
 * Pipedream's REST API as `@pipedream/sdk` 3.1.6 calls it (base URL `PIPEDREAM_API_BASE_URL`), and the
 * HTTP trigger URLs of the workflows it deploys:
 * - `POST /v1/oauth/token` (client credentials; the secret must be one of the emulator's keys, and the
 *   access token handed out is that key, so later `Authorization: Bearer` calls match it);
 * - `GET /v1/connect/{project_id}/projects/info` (a project id must start with `proj_`, else 404);
 * - `GET /v1/connect/{project_id}/deployed-triggers?external_user_id=…`, `PUT …/deployed-triggers/{id}`;
 * - `POST /v1/connect/{project_id}/triggers/deploy` (an HTTP source gets an endpoint URL on the emulator);
 * - `POST /pipedream/{endpoint_id}`: a deployed HTTP trigger, answering `{ received, endpoint }`.
 */

const TOKEN = /^\/v1\/oauth\/token$/;
const PROJECT_INFO = /^\/v1\/connect\/([^/]+)\/projects\/info$/;
const DEPLOYED = /^\/v1\/connect\/([^/]+)\/deployed-triggers$/;
const DEPLOYED_ONE = /^\/v1\/connect\/([^/]+)\/deployed-triggers\/([^/]+)$/;
const DEPLOY = /^\/v1\/connect\/([^/]+)\/triggers\/deploy$/;
const INVOKE = /^\/pipedream\/(e[no][a-z0-9-]+)$/;
const PROJECT_ID = /^proj_[A-Za-z0-9]+$/;

/** One deployed trigger as Pipedream's API serializes a `DeployedComponent`. */
interface DeployedTrigger {
  id: string;
  owner_id: string;
  component_id: string;
  component_key: string;
  configurable_props: unknown[];
  configured_props: Record<string, unknown>;
  active: boolean;
  created_at: number;
  updated_at: number;
  name: string;
  name_slug: string;
  type: 'DeployedComponent';
}

/** The triggers deployed since start or the last reset, per project and external user. */
export class PipedreamStore {
  private readonly triggers: Array<DeployedTrigger & { project: string; externalUserId: string; endpoint: string }> = [];

  list(project: string, externalUserId: string): DeployedTrigger[] {
    return this.triggers.filter((t) => t.project === project && t.externalUserId === externalUserId).map(strip);
  }

  add(project: string, externalUserId: string, componentKey: string, url: string): DeployedTrigger {
    const endpoint = `en${randomBytes(8).toString('hex')}`;
    const now = Date.now();
    const trigger = {
      id: `dc_${randomBytes(6).toString('hex')}`,
      owner_id: `exu_${externalUserId.slice(0, 8)}`,
      component_id: `sc_${componentKey}`,
      component_key: componentKey,
      configurable_props: [],
      configured_props: { httpInterface: { endpoint_url: `${url}/pipedream/${endpoint}` } },
      active: true,
      created_at: now,
      updated_at: now,
      name: componentKey,
      name_slug: componentKey,
      type: 'DeployedComponent' as const,
      project,
      externalUserId,
      endpoint,
    };
    this.triggers.push(trigger);
    return strip(trigger);
  }

  update(project: string, externalUserId: string, id: string, changes: { name?: string; active?: boolean }): DeployedTrigger | undefined {
    const trigger = this.triggers.find((t) => t.project === project && t.externalUserId === externalUserId && t.id === id);
    if (!trigger) return undefined;
    if (changes.name !== undefined) Object.assign(trigger, { name: changes.name, name_slug: changes.name.toLowerCase().replace(/[^a-z0-9]+/g, '-') });
    if (changes.active !== undefined) trigger.active = changes.active;
    trigger.updated_at = Date.now();
    return strip(trigger);
  }

  hasEndpoint(endpoint: string): boolean {
    return this.triggers.some((t) => t.endpoint === endpoint && t.active);
  }

  clear(): void {
    this.triggers.length = 0;
  }
}

function strip({ project: _project, externalUserId: _user, endpoint: _endpoint, ...trigger }: DeployedTrigger & { project: string; externalUserId: string; endpoint: string }): DeployedTrigger {
  return trigger;
}

const json = (status: number, body: unknown): MediaAnswer => ({ status, json: body });

export const pipedreamProtocol: MediaProtocol = {
  vendor: 'pipedream',

  matchRoute(method, path): RouteMatch | undefined {
    if (method === 'POST' && TOKEN.test(path)) return { kind: 'pipedream-token', public: true };
    const info = PROJECT_INFO.exec(path);
    if (method === 'GET' && info) return { kind: 'pipedream-project', params: { project: info[1]! } };
    const deployed = DEPLOYED.exec(path);
    if (method === 'GET' && deployed) return { kind: 'pipedream-deployed-triggers', params: { project: deployed[1]! } };
    const one = DEPLOYED_ONE.exec(path);
    if (method === 'PUT' && one) return { kind: 'pipedream-deployed-trigger', params: { project: one[1]!, id: one[2]! } };
    const deploy = DEPLOY.exec(path);
    if (method === 'POST' && deploy) return { kind: 'pipedream-deploy', params: { project: deploy[1]! } };
    const invoke = INVOKE.exec(path);
    if (invoke) return { kind: 'pipedream-invoke', public: true, params: { endpoint: invoke[1]! } };
    return undefined;
  },

  /** `{ error }`, as Pipedream's API answers. */
  errorBody(status, message) {
    return { error: message ?? (status === 401 ? 'invalid or expired token' : `Emulated error ${status}`) };
  },

  responseHeaders() {
    return {};
  },

  inspect() {
    return {};
  },

  async answer(request: RecordedRequest, route: RouteMatch, _behaviour, context: MediaContext): Promise<MediaAnswer> {
    const params = route.params ?? {};
    const body = asRecord(request.body) ?? {};
    const project = params['project'] ?? '';
    if (route.kind !== 'pipedream-token' && route.kind !== 'pipedream-invoke' && !PROJECT_ID.test(project)) return json(404, { error: `project ${project} not found` });
    switch (route.kind) {
      case 'pipedream-token': {
        if (body['grant_type'] !== 'client_credentials') throw new EmulatorRequestError('grant_type must be client_credentials');
        const secret = asString(body['client_secret']);
        if (!asString(body['client_id']) || !secret || !context.apiKeys.includes(secret)) return json(401, { error: 'invalid_client' });
        return json(200, { access_token: secret, token_type: 'Bearer', expires_in: 3600 });
      }
      case 'pipedream-project':
        return json(200, { apps: [] });
      case 'pipedream-deployed-triggers': {
        const user = request.query['external_user_id'];
        if (!user) throw new EmulatorRequestError('external_user_id is required');
        const data = context.pipedream.list(project, user);
        return json(200, { data, page_info: { count: data.length, total_count: data.length } });
      }
      case 'pipedream-deploy': {
        const user = asString(body['external_user_id']);
        const component = asString(body['id']);
        if (!user || !component) throw new EmulatorRequestError('id and external_user_id are required');
        return json(200, { data: context.pipedream.add(project, user, component, context.url) });
      }
      case 'pipedream-deployed-trigger': {
        const user = asString(body['external_user_id']) ?? request.query['external_user_id'];
        if (!user) throw new EmulatorRequestError('external_user_id is required');
        const changes = { ...(typeof body['name'] === 'string' ? { name: body['name'] } : {}), ...(typeof body['active'] === 'boolean' ? { active: body['active'] } : {}) };
        const updated = context.pipedream.update(project, user, params['id'] ?? '', changes);
        return updated ? json(200, { data: updated }) : json(404, { error: 'trigger not found' });
      }
      case 'pipedream-invoke':
        if (!context.pipedream.hasEndpoint(params['endpoint'] ?? '')) return json(404, { error: 'endpoint not found' });
        return json(200, { received: request.body ?? null, endpoint: params['endpoint'] });
      default:
        throw new EmulatorRequestError(`No Pipedream route for ${route.kind}`);
    }
  },
};
