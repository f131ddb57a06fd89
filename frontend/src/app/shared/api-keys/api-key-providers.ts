import type { CreateOwnApiKeyDto } from '../../api/models';
import type { MessageKey } from '../../core/i18n/messages.en';

export type Provider = CreateOwnApiKeyDto['provider'];

/** The providers a user can store a key for, in the order of the select (checked against the contract). */
export const PROVIDERS = [
  'openai',
  'anthropic',
  'google',
  'replicate',
  'elevenlabs',
  'twilio',
  'pipedream',
  'openai-compatible',
] as const satisfies readonly Provider[];

export function providerName(provider: string): MessageKey | null {
  return (PROVIDERS as readonly string[]).includes(provider) ? (`provider.${provider}` as MessageKey) : null;
}
