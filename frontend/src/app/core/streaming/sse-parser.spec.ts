import { SseParser, readSseEvents, type SseEvent } from './sse-parser';

/** A body that hands out the given pieces one read at a time, and records whether it was cancelled. */
function body(pieces: (string | Uint8Array)[], options: { hold?: boolean } = {}) {
  const encoder = new TextEncoder();
  const state = { cancelled: false, reads: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[state.reads++];
      if (piece === undefined) {
        // `hold` keeps the stream open, as a server that is still thinking.
        if (!options.hold) controller.close();
        return options.hold ? new Promise<void>(() => undefined) : undefined;
      }
      controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
      return undefined;
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

async function collect(events: AsyncIterable<SseEvent>): Promise<SseEvent[]> {
  const all: SseEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe('SseParser', () => {
  it('reads several events from one piece, with their names and data', () => {
    const parser = new SseParser();
    const events = parser.push('event: start\ndata: {"model":"a"}\n\nevent: delta\ndata: {"text":"Hi"}\n\n: a comment\n\ndata: plain\n\n');
    expect(events).toEqual([
      { event: 'start', data: '{"model":"a"}' },
      { event: 'delta', data: '{"text":"Hi"}' },
      { event: 'message', data: 'plain' },
    ]);
  });

  it('keeps an event whose lines are split across pieces, anywhere', () => {
    const stream = 'event: delta\ndata: {"model":"m","text":"Hello"}\n\nevent: done\ndata: {"model":"m"}\n\n';
    for (let cut = 1; cut < stream.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.push(stream.slice(0, cut)), ...parser.push(stream.slice(cut))];
      expect(events, `cut at ${cut}`).toEqual([
        { event: 'delta', data: '{"model":"m","text":"Hello"}' },
        { event: 'done', data: '{"model":"m"}' },
      ]);
    }
  });

  it('accepts CRLF and CR line ends, even with CRLF split between pieces', () => {
    const parser = new SseParser();
    expect(parser.push('event: a\r\ndata: 1\r')).toEqual([]);
    expect(parser.push('\n\r\nevent: b\rdata: 2\r\r')).toEqual([{ event: 'a', data: '1' }]);
    expect(parser.end()).toEqual([{ event: 'b', data: '2' }]);
  });

  it('joins multi-line data, strips one leading space only, and ignores events without data', () => {
    const parser = new SseParser();
    expect(parser.push('event: ping\n\ndata:  two spaces\ndata:second\nid: 7\n\n')).toEqual([{ event: 'message', data: ' two spaces\nsecond', id: '7' }]);
  });

  it('drops an event cut off before its blank line when the stream ends', () => {
    const parser = new SseParser();
    expect(parser.push('event: delta\ndata: {"text":"half"}\n')).toEqual([]);
    expect(parser.end()).toEqual([]);
  });
});

describe('readSseEvents', () => {
  it('yields events as reads complete them, across reads and with several per read', async () => {
    const { stream, state } = body(['event: turn\ndata: {"turn":1}\n\nevent: st', 'art\ndata: {"model":"a"}\n', '\nevent: delta\ndata: {"text":"x"}\n\nevent: end\ndata: {}\n\n']);
    const events = await collect(readSseEvents(stream));
    expect(events.map((event) => event.event)).toEqual(['turn', 'start', 'delta', 'end']);
    expect(events[1]!.data).toBe('{"model":"a"}');
    expect(state.reads).toBeGreaterThanOrEqual(3);
  });

  it('keeps a multi-byte character split between two reads', async () => {
    const bytes = new TextEncoder().encode('data: café ☕\n\n');
    const split = bytes.indexOf(0xe2) + 1; // inside the three bytes of ☕
    const { stream } = body([bytes.slice(0, split), bytes.slice(split)]);
    expect(await collect(readSseEvents(stream))).toEqual([{ event: 'message', data: 'café ☕' }]);
  });

  it('stops and cancels the body when aborted while waiting for the server', async () => {
    const { stream, state } = body(['event: start\ndata: {"model":"a"}\n\n'], { hold: true });
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const event of readSseEvents(stream, controller.signal)) {
      seen.push(event.event);
      // The next read is pending when the abort comes.
      setTimeout(() => controller.abort(), 20);
    }
    expect(seen).toEqual(['start']);
    expect(state.cancelled).toBe(true);
  });

  it('cancels the body when the consumer stops early', async () => {
    const { stream, state } = body(['data: 1\n\ndata: 2\n\n'], { hold: true });
    for await (const event of readSseEvents(stream)) {
      expect(event.data).toBe('1');
      break;
    }
    expect(state.cancelled).toBe(true);
  });
});
