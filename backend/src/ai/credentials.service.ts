import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { createProviderFetch } from '../outbound/provider-fetch';
import type { FetchLike } from '../outbound/ssrf';
import type { ProviderId } from './capabilities';
import type { ProviderCredentials } from './credentials';
import { providerLabel } from './provider-error';
import type { KeyProvider } from './provider-keys/provider-api-key.entity';
import { KeyInReach, ProviderAccessRule, ProviderKeysService } from './provider-keys/provider-keys.service';

export type CredentialLookup = { found: true; credentials: ProviderCredentials } | { found: false; reason: string };

/** The providers that need a key (`local` runs offline). */
type KeyedProvider = Exclude<ProviderId, 'local'>;

const OFFLINE: CredentialLookup = { found: true, credentials: { apiKey: 'offline', source: 'none' } };

const KEY_NAME: Record<KeyedProvider, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  google: 'GOOGLE_API_KEY',
  'openai-compatible': 'OPENAI_COMPATIBLE_API_KEY with OPENAI_COMPATIBLE_BASE_URL',
  replicate: 'REPLICATE_API_TOKEN',
  elevenlabs: 'ELEVENLABS_API_KEY',
};

/** Every provider, the offline one included. */
export const ALL_PROVIDERS: readonly ProviderId[] = ['local', ...(Object.keys(KEY_NAME) as KeyedProvider[])];

/**
 * Whose key pays for a call: the user's own key (profile), else the workspace key an admin set,
 * else the server's environment. The offline `local` provider needs none.
 */
@Injectable()
export class CredentialsService {
  /** One for every user-aimed call: it holds no state of its own (a socket per request). */
  private readonly guardedFetch: FetchLike;

  constructor(
    private readonly keys: ProviderKeysService,
    private readonly config: AppConfig,
  ) {
    this.guardedFetch = createProviderFetch({ allowlist: config.fetchAllowlist, maxBytes: config.providerLimits.maxMediaBytes });
  }

  /** One provider's credentials (see resolveMany). */
  async resolve(userId: string, provider: ProviderId): Promise<CredentialLookup> {
    return (await this.resolveMany(userId, [provider])).get(provider)!;
  }

  /**
   * The credentials of every provider a turn needs, looked up together before any model starts:
   * one query however many models and providers (none for `local` alone). Looked up per model,
   * twelve models queued 24 SELECTs on the pool before the last one could leave.
   */
  async resolveMany(userId: string, providers: Iterable<ProviderId>): Promise<Map<ProviderId, CredentialLookup>> {
    const wanted = [...new Set(providers)];
    const keyed = wanted.filter((provider): provider is KeyedProvider => provider !== 'local');
    const [stored, rules] = keyed.length ? await Promise.all([this.keys.findInReach(userId, keyed), this.keys.accessRules()]) : [new Map<KeyProvider, KeyInReach>(), new Map()];
    return new Map(wanted.map((provider) => [provider, provider === 'local' ? OFFLINE : this.choose(provider, stored.get(provider), rules.get(provider))]));
  }

  /** The stored key (the user's, else the workspace's: see findInReach), else the environment's. */
  private choose(provider: KeyedProvider, stored: KeyInReach | undefined, rule: ProviderAccessRule | undefined): CredentialLookup {
    const environment = this.config.providers[provider];
    if (stored) {
      // A user's own base URL is a target they aim: the SDK gets the guarded fetch (an allow-listed host
      // passes it, but not a redirect elsewhere). The workspace's (an admin's) and the environment's are
      // the operator's, and go as they are.
      const aimed = stored.source === 'user' && !!stored.baseUrl;
      return { found: true, credentials: { apiKey: stored.key, baseUrl: stored.baseUrl ?? environment.baseUrl, source: stored.source, ...(aimed ? { guardedFetch: this.guardedFetch } : {}) } };
    }
    // The server's own key is the workspace's too: an admin who turned the workspace key off turned it off.
    const shared = rule?.allowWorkspaceKey ?? true;
    if (shared && this.inEnvironment(provider)) return { found: true, credentials: { apiKey: environment.apiKey!, baseUrl: environment.baseUrl, source: 'environment' } };
    const ownAllowed = rule?.allowOwnKeys ?? true;
    if (!shared && !ownAllowed) return { found: false, reason: `${providerLabel(provider)} is turned off in this workspace: an administrator allows neither personal keys nor the workspace key` };
    if (!shared) return { found: false, reason: `No ${providerLabel(provider)} API key of your own: an administrator turned off the workspace key for it; add yours in your profile` };
    if (!ownAllowed) return { found: false, reason: `No ${providerLabel(provider)} workspace key: an administrator turned off personal keys for it; ask an admin for a workspace key (or set ${KEY_NAME[provider]})` };
    return { found: false, reason: `No ${providerLabel(provider)} API key: add one in your profile (or ask an admin for a workspace key, or set ${KEY_NAME[provider]})` };
  }

  /**
   * Which providers can be called for this user right now: the same rule as `resolve` (a stored
   * key of theirs or the workspace's, else the environment's), from the same cached lookup.
   */
  async availableProviders(userId: string): Promise<Set<ProviderId>> {
    const lookups = await this.resolveMany(userId, ALL_PROVIDERS);
    return new Set([...lookups].filter(([, lookup]) => lookup.found).map(([provider]) => provider));
  }

  /** The server's environment has a key for it (and, for an OpenAI-compatible endpoint, its base URL). */
  private inEnvironment(provider: KeyedProvider): boolean {
    const environment = this.config.providers[provider];
    return !!environment.apiKey && (provider !== 'openai-compatible' || !!environment.baseUrl);
  }
}
