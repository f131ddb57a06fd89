import type { FetchLike } from '../outbound/ssrf';
import type { UiLanguage } from '../common/request-language';
import type { ProviderId } from './capabilities';

/** What an adapter needs to call its vendor. `source` says where the key came from (never the key). */
export interface ProviderCredentials {
  apiKey: string;
  baseUrl?: string;
  source: 'user' | 'workspace' | 'environment' | 'none';
  /**
   * Set when a user chose the base URL (their own key with a `baseUrl`; WEBOX_FETCH_ALLOWLIST hosts
   * pass the guard, their redirects do not): the adapter hands it to the SDK, so every request is SSRF-guarded, and
   * its errors say nothing of what the endpoint answered (see toProviderError).
   */
  guardedFetch?: FetchLike;
  /**
   * The fetch for an administrator's OpenAI-compatible endpoint: the local network is allowed, link-local
   * and cloud metadata addresses are not (`allowLocalNetwork`); its errors are the vendor's, as the operator's are.
   */
  operatorFetch?: FetchLike;
  /** For the offline `local` provider only: the vendors this user can call (a key of theirs, the workspace's or the server's), so its reply can point to them. */
  providersInReach?: ProviderId[];
  /** For the offline `local` provider only: the user's language (their profile's), for the sentences it writes itself. */
  language?: UiLanguage;
}

/** The base URL was chosen by a user, not by the operator. */
export const isUserAimed = (credentials: ProviderCredentials | undefined): boolean => !!credentials?.guardedFetch;

/** The options that give an SDK the guarded fetch (`fetch` in each of their constructors), when there is one. */
export const sdkFetch = (credentials: ProviderCredentials): { fetch?: FetchLike } => {
  const fetch = credentials.guardedFetch ?? credentials.operatorFetch;
  return fetch ? { fetch } : {};
};

const fetchIds = new WeakMap<FetchLike, number>();
let lastFetchId = 0;
const fetchId = (fetch: FetchLike | undefined): number => {
  if (!fetch) return 0;
  if (!fetchIds.has(fetch)) fetchIds.set(fetch, ++lastFetchId);
  return fetchIds.get(fetch)!;
};

/**
 * One vendor SDK client per credential (key, base URL, fetch), built on first use and reused:
 * building one per request cost CPU on the hot path (header objects, option parsing) for nothing,
 * since a client holds no per-request state; connections are pooled by Node's fetch either way.
 * The least recently used client goes past `max`.
 */
export class SdkClients<C> {
  private readonly clients = new Map<string, C>();

  constructor(
    private readonly create: (credentials: ProviderCredentials) => C,
    private readonly max = 256,
  ) {}

  for(credentials: ProviderCredentials): C {
    const key = `${fetchId(credentials.guardedFetch ?? credentials.operatorFetch)}\u0000${credentials.baseUrl ?? ''}\u0000${credentials.apiKey}`;
    let client = this.clients.get(key);
    if (client) this.clients.delete(key);
    else {
      client = this.create(credentials);
      if (this.clients.size >= this.max) this.clients.delete(this.clients.keys().next().value!);
    }
    this.clients.set(key, client);
    return client;
  }
}
