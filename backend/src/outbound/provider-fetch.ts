import { createSafeFetch, type FetchLike } from './ssrf';

export interface ProviderFetchOptions {
  /** `host`/`host:port` entries that may be private (AppConfig.fetchAllowlist). */
  allowlist: readonly string[];
  /** Bytes of one response body at most: past it the body stream fails with a FetchLimitError('size'). */
  maxBytes: number;
  /** Until the response headers; the SDK's own timeout and the caller's signal govern the rest. */
  timeoutMs?: number;
}

/** Headers of an error answer that the SDKs act on (their retry hints); the others are dropped with its body. */
const KEPT_ON_ERROR = ['retry-after', 'retry-after-ms'];

/**
 * The `fetch` given to a vendor SDK (openai, @anthropic-ai/sdk, @google/genai, replicate, ElevenLabs)
 * whose base URL a user chose: every hop goes through the SSRF guard (`createSafeFetch`), bodies
 * are capped, and an error answer reaches the SDK as its status alone. The SDKs put an error body
 * into their error message, and that message would carry what an internal service answered back to
 * the user who aimed the request.
 */
export function createProviderFetch(options: ProviderFetchOptions): FetchLike {
  const guarded = createSafeFetch({ allowlist: options.allowlist, maxBytes: options.maxBytes, timeoutMs: options.timeoutMs ?? 180_000 });
  return async (input, init) => {
    const response = await guarded(input, init);
    if (response.status < 400) return response;
    await response.body?.cancel().catch(() => undefined);
    const headers = new Headers();
    for (const name of KEPT_ON_ERROR) {
      const value = response.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    const stripped = new Response(null, { status: response.status, headers });
    Object.defineProperty(stripped, 'url', { value: response.url });
    return stripped;
  };
}
