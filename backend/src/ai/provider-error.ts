import { ErrorKind, UpstreamError } from '../common/domain-error';
import type { UiLanguage } from '../common/request-language';
import { AiErrorCode } from './ai.errors';
import { BlockedUrlError, FetchLimitError } from '../outbound/ssrf';
import type { ProviderId } from './capabilities';
import { isUserAimed, type ProviderCredentials } from './credentials';

/**
 * How a vendor failed, in the layer's own words. A chat stream's `error` event carries it as is; an
 * HTTP answer carries its `PROVIDER_<CODE>` form (`AiErrorCode`). Published as `ProviderErrorCode`.
 */
export const PROVIDER_ERROR_CODES = ['missing_credentials', 'invalid_credentials', 'rate_limited', 'unavailable', 'timeout', 'bad_request', 'stream_interrupted', 'aborted', 'unknown', 'response_too_large'] as const;
export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[number];

const PUBLIC_CODE: Record<ProviderErrorCode, AiErrorCode> = {
  missing_credentials: AiErrorCode.PROVIDER_MISSING_CREDENTIALS,
  invalid_credentials: AiErrorCode.PROVIDER_INVALID_CREDENTIALS,
  rate_limited: AiErrorCode.PROVIDER_RATE_LIMITED,
  unavailable: AiErrorCode.PROVIDER_UNAVAILABLE,
  timeout: AiErrorCode.PROVIDER_TIMEOUT,
  bad_request: AiErrorCode.PROVIDER_BAD_REQUEST,
  stream_interrupted: AiErrorCode.PROVIDER_STREAM_INTERRUPTED,
  aborted: AiErrorCode.PROVIDER_ABORTED,
  unknown: AiErrorCode.PROVIDER_UNKNOWN,
  response_too_large: AiErrorCode.PROVIDER_RESPONSE_TOO_LARGE,
};

const RETRYABLE: ReadonlySet<ProviderErrorCode> = new Set(['rate_limited', 'unavailable', 'timeout']);

/** A vendor's failure is the vendor's (502), except a missing key (the caller's to add), rate limits and timeouts. */
const KIND_OF_CODE: Partial<Record<ProviderErrorCode, ErrorKind>> = {
  missing_credentials: 'invalid',
  rate_limited: 'rate_limited',
  timeout: 'upstream_timeout',
};

/** Every vendor failure, in one shape that names the provider and says whether a retry may help. */
export class ProviderError extends UpstreamError {
  override readonly name = 'ProviderError';
  readonly retryable: boolean;

  constructor(
    readonly provider: ProviderId,
    readonly code: ProviderErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.retryable = RETRYABLE.has(code);
  }

  /** How the API answers it: 400 for a missing key, 429, 504 for a timeout, otherwise 502. */
  get kind(): ErrorKind {
    return KIND_OF_CODE[this.code] ?? 'provider';
  }

  /** The provider's id (`openai`), for a client's own sentence with the provider's name in it. */
  get params(): { provider: ProviderId } {
    return { provider: this.provider };
  }

  /** `PROVIDER_<CODE>`, for example `PROVIDER_RATE_LIMITED`. */
  get publicCode(): AiErrorCode {
    return PUBLIC_CODE[this.code];
  }
}

const LABEL: Record<UiLanguage, Record<ProviderId, string>> = {
  en: { openai: 'OpenAI', anthropic: 'Anthropic', google: 'Google Gemini', 'openai-compatible': 'OpenAI-compatible endpoint', replicate: 'Replicate', elevenlabs: 'ElevenLabs', local: 'Local (offline)' },
  fr: { openai: 'OpenAI', anthropic: 'Anthropic', google: 'Google Gemini', 'openai-compatible': 'Point d’accès compatible OpenAI', replicate: 'Replicate', elevenlabs: 'ElevenLabs', local: 'Local (hors ligne)' },
};

/** The provider's name, in the user's language where it has words in it (English for logs and errors). */
export const providerLabel = (provider: ProviderId, language: UiLanguage = 'en') => LABEL[language][provider];

/** Why a model cannot be called: no key for its provider is in reach (the listings' `unavailableReason`). */
export function noKeyReason(provider: ProviderId, language: UiLanguage = 'en'): string {
  const name = providerLabel(provider, language);
  return language === 'fr' ? `Aucune clé d’API ${name} : ajoutez-en une dans votre profil` : `No ${name} API key: add one in your profile`;
}

/**
 * Maps what an SDK threw to a ProviderError. The official SDKs all expose the HTTP status on
 * their API errors (`status`), and name aborts and timeouts; that is all this needs.
 */
export function toProviderError(provider: ProviderId, error: unknown, signal?: AbortSignal, credentials?: ProviderCredentials): ProviderError {
  if (error instanceof ProviderError) return error;
  const label = providerLabel(provider);
  if (signal?.aborted) return new ProviderError(provider, 'aborted', `${label}: request cancelled`);
  const tooLarge = causeOf(error, (cause): cause is FetchLimitError => cause instanceof FetchLimitError && cause.limit === 'size');
  if (tooLarge) return new ProviderError(provider, 'response_too_large', `${label}: ${tooLarge.message}; it was not read further`);
  if (isUserAimed(credentials)) return userAimedError(provider, error);
  const blocked = causeOf(error, (cause): cause is BlockedUrlError => cause instanceof BlockedUrlError);
  // A URL the vendor answered (an output file to download) that the SSRF guard refused.
  if (blocked) return new ProviderError(provider, 'bad_request', `${label}: ${blocked.message}`);
  const status = statusOf(error);
  const detail = vendorMessage(error);
  if (status === 401 || status === 403) return new ProviderError(provider, 'invalid_credentials', `${label} refused the API key (${status})${detail}`, status);
  if (status === 429) return new ProviderError(provider, 'rate_limited', `${label} is rate limiting requests (429)${detail}`, status);
  if (status !== undefined && status >= 500) return new ProviderError(provider, 'unavailable', `${label} failed with ${status}${detail}`, status);
  if (status !== undefined && status >= 400) return new ProviderError(provider, 'bad_request', `${label} rejected the request (${status})${detail}`, status);
  const name = (error as { name?: string })?.name ?? '';
  // The openai SDK's APIConnectionTimeoutError is named plain `Error`: its message says it ("Request timed out.").
  if (/timeout/i.test(name) || /timed? ?out/i.test((error as Error)?.message ?? '')) return new ProviderError(provider, 'timeout', `${label} did not answer in time`);
  if (/connection|fetch|socket|ECONN|terminated/i.test(`${name} ${(error as Error)?.message ?? ''}`)) {
    return new ProviderError(provider, 'unavailable', `${label} could not be reached or dropped the connection${detail}`);
  }
  return new ProviderError(provider, 'unknown', `${label} failed${detail}`);
}

/**
 * A failure of an endpoint a user aimed (their own base URL) in words that carry nothing the
 * endpoint said or did beyond its HTTP status: no body, no SDK message (a JSON parse error quotes
 * the body), and one message for every network failure, so a refused, reset, silent or non-HTTP
 * port all read the same. Only the guard's own refusal, which depends on the URL alone, is told.
 */
function userAimedError(provider: ProviderId, error: unknown): ProviderError {
  const label = `${providerLabel(provider)} (the base URL of your key)`;
  const blocked = causeOf(error, (cause): cause is BlockedUrlError => cause instanceof BlockedUrlError);
  if (blocked) return new ProviderError(provider, 'bad_request', `${label} is refused: ${blocked.message}. ${ALLOWLIST_HINT}`);
  const status = statusOf(error);
  if (status === 401 || status === 403) return new ProviderError(provider, 'invalid_credentials', `${label} refused the API key (${status})`, status);
  if (status === 429) return new ProviderError(provider, 'rate_limited', `${label} is rate limiting requests (429)`, status);
  if (status !== undefined && status >= 400 && status < 600) return new ProviderError(provider, status >= 500 ? 'unavailable' : 'bad_request', `${label} answered ${status}`, status);
  return new ProviderError(provider, 'unavailable', `${label} could not be reached or refused the request`);
}

export const ALLOWLIST_HINT = 'Webox does not call private, loopback or cloud-metadata addresses for a user; for a model server on your own machine or network, ask the admin to add its host:port to WEBOX_FETCH_ALLOWLIST';

/** The error itself or one of its causes (the SDKs wrap what fetch threw), when it is of that kind. */
function causeOf<T>(error: unknown, is: (cause: unknown) => cause is T): T | undefined {
  for (let cause = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) if (is(cause)) return cause;
  return undefined;
}

function statusOf(error: unknown): number | undefined {
  const candidate = error as { status?: unknown; code?: unknown } | undefined;
  if (typeof candidate?.status === 'number') return candidate.status;
  if (typeof candidate?.code === 'number') return candidate.code;
  return undefined;
}

function vendorMessage(error: unknown): string {
  const message = (error as Error | undefined)?.message;
  return message ? `: ${message.slice(0, 300)}` : '';
}
