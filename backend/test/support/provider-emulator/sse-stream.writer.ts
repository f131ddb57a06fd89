import type { ServerResponse } from 'node:http';
import type { Failure, ResolvedBehaviour } from './provider-emulator.types';
import { sleep, untilClosed } from './timing.utils';
import type { SseFrame } from './vendor.protocol';

/** Resolves once the text is handed to the socket, so a cut that follows never swallows it. */
export function writeAsync(res: ServerResponse, text: string | Buffer): Promise<void> {
  return new Promise((resolve) => res.write(text, () => resolve()));
}

export type StreamEnd = 'completed' | 'cut' | 'closed';

export interface StreamHooks {
  /** Aborted when the connection closes, whoever closed it. */
  signal: AbortSignal;
  onToken(): void;
  /** Called just before the emulator itself destroys the socket, so the log does not call it a client abort. */
  onCut(): void;
  /** Called just before the last byte, for the same reason. */
  onComplete(): void;
}

/**
 * The frame before which a `cut` or a mid-stream `hang` stops: the token after `afterTokens` tokens,
 * or the closing frame when the reply is shorter, so a failing stream never ends cleanly.
 */
function stopPosition(frames: SseFrame[], failure: Failure | undefined): number | undefined {
  if (failure?.type !== 'cut' && (failure?.type !== 'hang' || failure.afterTokens === undefined)) return undefined;
  let tokens = 0;
  for (const [position, frame] of frames.entries()) {
    if (frame.token && tokens++ === failure.afterTokens) return position;
  }
  return frames.length - 1;
}

/** Writes a server-sent event stream with the behaviour's first-token delay, pacing and mid-stream failure. */
export async function writeSseStream(
  res: ServerResponse,
  frames: SseFrame[],
  behaviour: ResolvedBehaviour,
  headers: Record<string, string>,
  hooks: StreamHooks,
): Promise<StreamEnd> {
  const stopAt = stopPosition(frames, behaviour.failure);
  const tokenInterval = behaviour.tokensPerSecond > 0 ? 1000 / behaviour.tokensPerSecond : 0;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', ...headers });
  // Real APIs answer headers at once and tokens later; the SDK call resolves on the headers.
  res.flushHeaders();
  let delayed = false;
  let tokenWritten = false;
  for (const [position, frame] of frames.entries()) {
    if (position === stopAt) return stopStream(res, behaviour.failure, hooks);
    if (!frame.preamble) {
      const wait = !delayed ? behaviour.firstTokenDelayMs : frame.token && tokenWritten ? tokenInterval : 0;
      delayed = true;
      if (!(await sleep(wait, hooks.signal))) return 'closed';
    }
    if (hooks.signal.aborted) return 'closed';
    await writeAsync(res, frame.text);
    if (frame.token) {
      tokenWritten = true;
      hooks.onToken();
    }
  }
  hooks.onComplete();
  res.end();
  return 'completed';
}

async function stopStream(res: ServerResponse, failure: Failure | undefined, hooks: StreamHooks): Promise<StreamEnd> {
  if (failure?.type === 'cut') {
    hooks.onCut();
    res.destroy();
    return 'cut';
  }
  await untilClosed(hooks.signal);
  return 'closed';
}
