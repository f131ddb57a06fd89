import { setTimeout as sleepFor } from 'node:timers/promises';

/** Waits `ms`; resolves false instead of throwing when the connection closed first, so callers just stop. */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await sleepFor(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Resolves when the connection closes; how a `hang` waits for the client to give up. */
export function untilClosed(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}
