import type { Response } from 'express';
import { CommonErrorCode } from './error-codes';
import { redactSecrets } from './redact';

/** Aborted when the client goes away before the response is complete: the work it asked for stops. */
export function abortOnClose(response: Response): AbortSignal {
  const abort = new AbortController();
  response.on('close', () => {
    if (!response.writableEnded) abort.abort();
  });
  return abort.signal;
}

export interface ServerSentEvent {
  event: string;
  data: unknown;
}

/**
 * Writes events to an HTTP response as Server-Sent Events. When the client goes away the
 * `onClose` callback aborts the work; the remaining events are still drained (so every model's
 * reply is stored as `stopped`) but no longer written.
 *
 * If the events throw, the status line is long sent: the failure can only be told as an `error`
 * event, and the response is ended rather than cut. Producers end their own streams with their
 * closing event when they can (a chat turn sends `error`, then `end`); this is the last resort.
 * The error is thrown on, for the exception filter to log with the request id.
 */
export async function writeEventStream(response: Response, events: AsyncIterable<ServerSentEvent>, onClose: () => void): Promise<void> {
  response.status(200);
  response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-cache, no-transform');
  response.setHeader('Connection', 'keep-alive');
  response.setHeader('X-Accel-Buffering', 'no');
  response.flushHeaders();
  let open = true;
  response.on('close', () => {
    if (!response.writableEnded) {
      open = false;
      onClose();
    }
  });
  const write = ({ event, data }: ServerSentEvent) => {
    // An error event is a message a user reads: a vendor's error may echo a key or a signed URL.
    const safe = event === 'error' && isMessage(data) ? { ...data, message: redactSecrets(data.message) } : data;
    if (open) response.write(`event: ${event}\ndata: ${JSON.stringify(safe)}\n\n`);
  };
  try {
    for await (const event of events) write(event);
  } catch (error) {
    write({ event: 'error', data: { code: CommonErrorCode.INTERNAL_ERROR, message: 'Internal server error' } });
    throw error;
  } finally {
    if (open) response.end();
  }
}

const isMessage = (data: unknown): data is { message: string } => typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string';

/**
 * A route that streams on request: with `stream`, the events `start` returns, written as
 * Server-Sent Events; otherwise what `wait` answers once the work is done. Either way the work is
 * given a signal that aborts when the client goes away. A failure before the first event (bad
 * input) is thrown as usual, so the client gets a plain JSON error.
 */
export async function streamOrWait<T>(
  response: Response,
  stream: boolean | undefined,
  start: (signal: AbortSignal) => Promise<AsyncIterable<ServerSentEvent>>,
  wait: (signal: AbortSignal) => Promise<T>,
): Promise<T | void> {
  if (!stream) return wait(abortOnClose(response));
  const abort = new AbortController();
  await writeEventStream(response, await start(abort.signal), () => abort.abort());
}
