import type { FetchLike } from '../outbound/ssrf';
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
  /** For the offline `local` provider only: the vendors this user can call (a key of theirs, the workspace's or the server's), so its reply can point to them. */
  providersInReach?: ProviderId[];
}

/** The base URL was chosen by a user, not by the operator. */
export const isUserAimed = (credentials: ProviderCredentials | undefined): boolean => !!credentials?.guardedFetch;

/** The options that give an SDK the guarded fetch (`fetch` in each of their constructors), when there is one. */
export const sdkFetch = (credentials: ProviderCredentials): { fetch?: FetchLike } => (credentials.guardedFetch ? { fetch: credentials.guardedFetch } : {});
