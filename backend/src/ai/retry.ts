import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatChunk } from './capabilities';
import { ProviderError } from './provider-error';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 300 };

/**
 * Retries a stream whose failure is transient (429, 5xx, timeout) as long as nothing has been
 * yielded yet: once a token reached the user, a retry would repeat it, so the error stands.
 */
export async function* withRetry(open: () => AsyncIterable<ChatChunk>, signal: AbortSignal, policy: RetryPolicy = DEFAULT_RETRY): AsyncIterable<ChatChunk> {
  for (let attempt = 1; ; attempt++) {
    let yielded = false;
    try {
      for await (const chunk of open()) {
        yielded = true;
        yield chunk;
      }
      return;
    } catch (error) {
      const retry = error instanceof ProviderError && error.retryable && !yielded && attempt < policy.attempts && !signal.aborted;
      if (!retry) throw error;
      await sleep(policy.baseDelayMs * 2 ** (attempt - 1), undefined, { signal }).catch(() => undefined);
    }
  }
}

/** The same policy for a call that answers once (an image, a voice-over): transient failures are retried with backoff. */
export async function retryCall<T>(call: () => Promise<T>, signal: AbortSignal, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retry = error instanceof ProviderError && error.retryable && attempt < policy.attempts && !signal.aborted;
      if (!retry) throw error;
      await sleep(policy.baseDelayMs * 2 ** (attempt - 1), undefined, { signal }).catch(() => undefined);
    }
  }
}
