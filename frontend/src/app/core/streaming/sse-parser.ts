/** One Server-Sent Event: its name (`message` when the server gave none) and its data lines joined by `\n`. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * An incremental `text/event-stream` parser (WHATWG HTML, "Server-sent events"): feed it the
 * decoded text as it arrives, in pieces of any size, and it returns the events completed by each
 * piece. Lines end with `\n`, `\r\n` or `\r` (a `\r` at the end of a piece waits for the next one
 * to know whether a `\n` follows). Comment lines (`:`) and unknown fields are ignored.
 */
export class SseParser {
  private buffer = '';
  private eventName = '';
  private dataLines: string[] = [];
  private lastEventId: string | undefined;

  /** Parses a piece of the stream; returns the events it completed, in order. */
  push(text: string): SseEvent[] {
    this.buffer += text;
    const events: SseEvent[] = [];
    let start = 0;
    for (let index = 0; index < this.buffer.length; index++) {
      const char = this.buffer[index];
      if (char !== '\n' && char !== '\r') continue;
      // A lone `\r` at the very end may be the first half of `\r\n`: wait for more.
      if (char === '\r' && index === this.buffer.length - 1) break;
      const line = this.buffer.slice(start, index);
      if (char === '\r' && this.buffer[index + 1] === '\n') index++;
      start = index + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** The stream ended: a trailing `\r` ends its line; an event without its blank line is dropped, as the standard says. */
  end(): SseEvent[] {
    const events = this.buffer.endsWith('\r') ? this.push('\n') : [];
    this.buffer = '';
    this.eventName = '';
    this.dataLines = [];
    return events;
  }

  private line(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventName = value;
        break;
      case 'data':
        this.dataLines.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      default:
        // `retry` only matters to EventSource's automatic reconnection, which a POST stream does not do.
        break;
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    const name = this.eventName || 'message';
    const hadData = this.dataLines.length > 0;
    const data = this.dataLines.join('\n');
    this.eventName = '';
    this.dataLines = [];
    if (!hadData) return null;
    return this.lastEventId === undefined ? { event: name, data } : { event: name, data, id: this.lastEventId };
  }
}

/**
 * Reads a `text/event-stream` body to its end and yields its events as they complete. Bytes are
 * decoded as a stream, so a character split between two reads is kept whole. Aborting `signal`
 * cancels the reader (which closes the connection) and ends the iteration quietly.
 */
export async function* readSseEvents(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<SseEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    while (!signal?.aborted) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) return;
        throw error;
      }
      if (chunk.done) {
        for (const event of parser.push(decoder.decode())) yield event;
        for (const event of parser.end()) yield event;
        return;
      }
      for (const event of parser.push(decoder.decode(chunk.value, { stream: true }))) {
        if (signal?.aborted) return;
        yield event;
      }
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    // Ended, aborted, or the consumer stopped early: release the connection either way.
    cancel();
  }
}
