/**
 * The AI layer's error codes: unknown models and keys, and how a vendor's failure is answered over
 * HTTP (`PROVIDER_<CODE>`, from the `ProviderErrorCode` of `provider-error.ts`).
 */
export enum AiErrorCode {
  UNKNOWN_MODEL = 'UNKNOWN_MODEL',
  UNKNOWN_EMBEDDING_MODEL = 'UNKNOWN_EMBEDDING_MODEL',
  /** A generation model asked for another kind of output (a speech model for an image). */
  MODEL_LACKS_CAPABILITY = 'MODEL_LACKS_CAPABILITY',
  API_KEY_NOT_FOUND = 'API_KEY_NOT_FOUND',
  /** The vendor refused the key being saved (401/403 to the verification call); not stored unless `saveIfFailing` (400). */
  API_KEY_REJECTED = 'API_KEY_REJECTED',
  /** The verification call of a key being saved failed otherwise (unreachable, timeout, rate limit, vendor error); not stored unless `saveIfFailing` (400). */
  API_KEY_CHECK_FAILED = 'API_KEY_CHECK_FAILED',
  /** A user's key names a base URL on a private, loopback or metadata address (400 on `baseUrl`). */
  BASE_URL_BLOCKED = 'BASE_URL_BLOCKED',
  /** An admin turned off users' own keys for this provider: saving one answers 403, and stored ones are not used. */
  OWN_KEYS_NOT_ALLOWED = 'OWN_KEYS_NOT_ALLOWED',
  /** No key for the model's provider: the message names where to add one (400). */
  PROVIDER_MISSING_CREDENTIALS = 'PROVIDER_MISSING_CREDENTIALS',
  /** The vendor refused the key (502). */
  PROVIDER_INVALID_CREDENTIALS = 'PROVIDER_INVALID_CREDENTIALS',
  /** The vendor is rate limiting (429). */
  PROVIDER_RATE_LIMITED = 'PROVIDER_RATE_LIMITED',
  PROVIDER_UNAVAILABLE = 'PROVIDER_UNAVAILABLE',
  /** The vendor did not answer in time (504). */
  PROVIDER_TIMEOUT = 'PROVIDER_TIMEOUT',
  PROVIDER_BAD_REQUEST = 'PROVIDER_BAD_REQUEST',
  PROVIDER_STREAM_INTERRUPTED = 'PROVIDER_STREAM_INTERRUPTED',
  PROVIDER_ABORTED = 'PROVIDER_ABORTED',
  PROVIDER_UNKNOWN = 'PROVIDER_UNKNOWN',
  /** The answer passed a size cap (a generated file, a streamed reply): it was not read further (502). */
  PROVIDER_RESPONSE_TOO_LARGE = 'PROVIDER_RESPONSE_TOO_LARGE',
  /** The request would pass a budget (402): `params` name it (`budget`: monthlyCost, dailyRequests or storage), its `limit` and `resetsAt`. */
  BUDGET_EXCEEDED = 'BUDGET_EXCEEDED',
  /**
   * The budget counters (Redis, in server mode) cannot be reached, so a request of a user with a budget
   * is refused rather than let through uncounted (503; `params.store`: `redis`). Users without a limit are not affected.
   */
  BUDGETS_UNAVAILABLE = 'BUDGETS_UNAVAILABLE',
  /** An administrator turned the model off for the workspace or for the caller's role (403): `params.model` names it. */
  MODEL_DISABLED = 'MODEL_DISABLED',
}

declare module '../common/error-codes' {
  interface ErrorCodeLists {
    AiErrorCode: AiErrorCode;
  }
}
