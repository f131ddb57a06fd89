import { Injectable } from '@nestjs/common';
import { AppConfig, type ConfiguredProvider } from '../../config/app-config';
import { createProviderFetch } from '../../outbound/provider-fetch';
import type { FetchLike } from '../../outbound/ssrf';
import { verifyAnthropicKey } from '../adapters/anthropic.adapter';
import { loadElevenLabsSdk, verifyElevenLabsKey } from '../adapters/elevenlabs.adapter';
import { verifyGoogleKey } from '../adapters/google.adapter';
import { verifyOpenAIKey } from '../adapters/openai.adapter';
import { verifyReplicateKey } from '../adapters/replicate.adapters';
import type { ProviderCredentials } from '../credentials';
import { ProviderError, type ProviderErrorCode, providerLabel } from '../provider-error';
import type { KeyProvider, KeyStatus } from './provider-api-key.entity';

/** A key to verify: the secret in clear, and the base URL its owner chose, if any. */
export interface KeyCandidate {
  provider: KeyProvider;
  key: string;
  baseUrl?: string;
}

/** What a verification found: `unchecked` for providers Webox has no cheap call for (Twilio, Pipedream), or with WEBOX_VERIFY_PROVIDER_KEYS=false. */
export interface KeyCheck {
  status: KeyStatus;
  checkedAt: Date | null;
  /** The vendor's reason, in the layer's words (never the key): set when `status` is `failing`. */
  error: string | null;
  /** How it failed, for an answer's code. */
  failure?: ProviderErrorCode;
}

type Verify = (credentials: ProviderCredentials, signal: AbortSignal) => Promise<void>;

const VERIFIERS: Record<ConfiguredProvider, Verify> = {
  openai: (credentials, signal) => verifyOpenAIKey('openai', credentials, signal),
  'openai-compatible': (credentials, signal) => verifyOpenAIKey('openai-compatible', credentials, signal),
  anthropic: verifyAnthropicKey,
  google: verifyGoogleKey,
  replicate: verifyReplicateKey,
  elevenlabs: verifyElevenLabsKey,
};

/** How long a verification may take before it counts as failing (the user is waiting on the form). */
const VERIFY_TIMEOUT_MS = 15_000;

/**
 * Verifies a provider key with one real, cheap call through the vendor's SDK (a model list or the
 * account), so a bogus key is found when it is saved, not at the first chat. A base URL the user
 * chose goes through the guarded outbound fetch, as every later call with that key does.
 */
@Injectable()
export class KeyVerifier {
  private readonly guardedFetch: FetchLike;

  constructor(private readonly config: AppConfig) {
    // A model list can weigh a few MB (OpenRouter's): the same cap as any answer of a vendor.
    this.guardedFetch = createProviderFetch({ allowlist: config.fetchAllowlist, maxBytes: config.providerLimits.maxMediaBytes, timeoutMs: VERIFY_TIMEOUT_MS });
  }

  async verify(candidate: KeyCandidate, timeoutMs = VERIFY_TIMEOUT_MS): Promise<KeyCheck> {
    const { provider } = candidate;
    if (!this.config.verifyProviderKeys || !isVerifiable(provider)) return { status: 'unchecked', checkedAt: null, error: null };
    const environment = this.config.providers[provider];
    const credentials: ProviderCredentials = {
      apiKey: candidate.key,
      baseUrl: candidate.baseUrl ?? environment?.baseUrl,
      source: 'user',
      ...(candidate.baseUrl ? { guardedFetch: this.guardedFetch } : {}),
    };
    // The ElevenLabs SDK loads on first use (seconds on a busy machine): not part of the vendor's time.
    if (provider === 'elevenlabs') loadElevenLabsSdk();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    try {
      await VERIFIERS[provider](credentials, timeout.signal);
      return { status: 'ok', checkedAt: new Date(), error: null };
    } catch (error) {
      const failure = timeout.signal.aborted
        ? new ProviderError(provider, 'timeout', `${providerLabel(provider)} did not answer in time`)
        : error instanceof ProviderError
          ? error
          : new ProviderError(provider, 'unknown', `${providerLabel(provider)} failed`);
      return { status: 'failing', checkedAt: new Date(), error: withoutSecret(failure.message, candidate.key), failure: failure.code };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Whether Webox has a cheap call to verify keys of this provider. */
export const isVerifiable = (provider: KeyProvider): provider is ConfiguredProvider => Object.hasOwn(VERIFIERS, provider);

/** A vendor's message may quote the key it refused (OpenAI shows most of it): never passed on. */
export function withoutSecret(message: string, key: string): string {
  let cleaned = message.split(key).join('[key]');
  // Partial echoes ("sk-abc*****wxyz"): anything that shares a long run with the key.
  for (const word of cleaned.split(/\s+/)) {
    const core = word.replace(/[*.…,:;'"()]+/g, '');
    if (core.length >= 6 && key.includes(core.slice(0, 6))) cleaned = cleaned.split(word).join('[key]');
  }
  return cleaned.slice(0, 500);
}
