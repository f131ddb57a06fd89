import { runInThisContext } from 'node:vm';

/**
 * Jest runs each test file in a VM context, but `fetch`, `AbortController` and their errors come from
 * Node's own realm: a failed fetch rejects with an error that is not an `instanceof Error` of the test's
 * realm. The vendor SDKs classify failures that way (the openai SDK turns such an error into a plain
 * "Connection error." and so never sees its own timeout), so under Jest they would report what they never
 * report in production. This wraps `fetch` so that its failures are rebuilt as errors of the test's realm,
 * with their name, message, code and cause. Outside Jest it changes nothing.
 */
const realGlobal = runInThisContext('globalThis') as typeof globalThis;

function sameRealm(error: unknown): unknown {
  if (error instanceof Error || typeof error !== 'object' || error === null) return error;
  const { name, message, code, cause } = error as { name?: string; message?: string; code?: unknown; cause?: unknown };
  const Kind = name === 'TypeError' ? TypeError : name === 'RangeError' ? RangeError : Error;
  const rebuilt = new Kind(message ?? String(error), cause === undefined ? undefined : { cause: sameRealm(cause) });
  Object.defineProperty(rebuilt, 'name', { value: name ?? 'Error', configurable: true, writable: true });
  if (code !== undefined) Object.assign(rebuilt, { code });
  return rebuilt;
}

if (realGlobal !== globalThis && typeof globalThis.fetch === 'function') {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
    try {
      return await realFetch(...args);
    } catch (error) {
      throw sameRealm(error);
    }
  }) as typeof fetch;
}
