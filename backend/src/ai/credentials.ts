/** What an adapter needs to call its vendor. `source` says where the key came from (never the key). */
export interface ProviderCredentials {
  apiKey: string;
  baseUrl?: string;
  source: 'user' | 'workspace' | 'environment' | 'none';
}
