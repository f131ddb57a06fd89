import type { ProviderId } from '../capabilities';
import { ProviderError, providerLabel } from '../provider-error';

/** AppConfig.providerLimits' defaults, for adapters made without a configuration (tests, benchmarks). */
export const DEFAULT_MAX_MEDIA_BYTES = 50 * 1024 * 1024;

export const tooLarge = (provider: ProviderId, what: string, maxBytes: number) =>
  new ProviderError(provider, 'response_too_large', `${providerLabel(provider)}: ${what} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; it was not read further`);

/**
 * A response body read into memory up to `maxBytes`: past it the stream is cancelled and the call
 * fails, so a 3 GB answer costs at most the cap. (`arrayBuffer()` would hold all of it first.)
 */
export async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number, provider: ProviderId, what: string): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > maxBytes) throw tooLarge(provider, what, maxBytes);
      chunks.push(read.value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks);
}
