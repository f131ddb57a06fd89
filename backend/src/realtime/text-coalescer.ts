/** How long a stream's text pieces wait to be sent together: well under what a reader notices. */
export const TEXT_COALESCE_MS = 40;

/**
 * Gathers the pieces of a streamed text and sends them together, at most once per `intervalMs`.
 * A socket event per token costs a broadcast each (with Redis, a publish through the adapter):
 * measured, that was most of what the combinations engine added to a step. `flush` sends what
 * waits at once; call it before announcing the end of the stream, so no piece arrives after it.
 */
export class TextCoalescer {
  private pending = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (text: string) => void,
    private readonly intervalMs = TEXT_COALESCE_MS,
  ) {}

  push(text: string): void {
    if (!text) return;
    this.pending += text;
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending) return;
    const text = this.pending;
    this.pending = '';
    this.send(text);
  }
}
