import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ProviderKeysService } from '../modules/profile/provider-keys.service';
import type { ProviderId } from './capabilities';
import type { ProviderCredentials } from './credentials';
import { providerLabel } from './provider-error';

export type CredentialLookup = { found: true; credentials: ProviderCredentials } | { found: false; reason: string };

const KEY_NAME: Record<Exclude<ProviderId, 'local'>, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  google: 'GOOGLE_API_KEY',
  'openai-compatible': 'OPENAI_COMPATIBLE_API_KEY with OPENAI_COMPATIBLE_BASE_URL',
};

/**
 * Whose key pays for a call: the user's own key (profile), else the workspace key an admin set,
 * else the server's environment. The offline `local` provider needs none.
 */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly keys: ProviderKeysService,
    private readonly config: AppConfig,
  ) {}

  async resolve(userId: string, provider: ProviderId): Promise<CredentialLookup> {
    if (provider === 'local') return { found: true, credentials: { apiKey: 'offline', source: 'none' } };
    const environment = this.config.providers[provider];
    const own = await this.keys.find({ userId }, provider);
    if (own) return { found: true, credentials: { apiKey: own.key, baseUrl: own.baseUrl ?? environment.baseUrl, source: 'user' } };
    const workspace = await this.keys.find('workspace', provider);
    if (workspace) return { found: true, credentials: { apiKey: workspace.key, baseUrl: workspace.baseUrl ?? environment.baseUrl, source: 'workspace' } };
    if (environment.apiKey && (provider !== 'openai-compatible' || environment.baseUrl)) {
      return { found: true, credentials: { apiKey: environment.apiKey, baseUrl: environment.baseUrl, source: 'environment' } };
    }
    return { found: false, reason: `No ${providerLabel(provider)} API key: add one in your profile (or ask an admin for a workspace key, or set ${KEY_NAME[provider]})` };
  }

  /** Which providers can be called for this user right now, without decrypting anything. */
  async availableProviders(userId: string): Promise<Set<ProviderId>> {
    const [own, workspace] = await Promise.all([this.keys.providersWithKeys({ userId }), this.keys.providersWithKeys('workspace')]);
    const available = new Set<ProviderId>(['local']);
    for (const provider of ['openai', 'anthropic', 'google', 'openai-compatible'] as const) {
      const environment = this.config.providers[provider];
      const fromEnvironment = !!environment.apiKey && (provider !== 'openai-compatible' || !!environment.baseUrl);
      if (own.has(provider) || workspace.has(provider) || fromEnvironment) available.add(provider);
    }
    return available;
  }
}
