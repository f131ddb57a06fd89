import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { ServerSentEvent, streamOrWait, writeEventStream } from './sse';

/** Just what writeEventStream uses of an Express response. */
class FakeResponse extends EventEmitter {
  statusCode = 0;
  headers: Record<string, string> = {};
  written: string[] = [];
  writableEnded = false;
  flushed = false;
  status(code: number) {
    this.statusCode = code;
    return this;
  }
  setHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  flushHeaders() {
    this.flushed = true;
  }
  write(text: string) {
    this.written.push(text);
    return true;
  }
  end() {
    this.writableEnded = true;
    this.emit('close');
  }
}

describe('writeEventStream', () => {
  it('sends the headers at once, then each event as `event:` and JSON `data:`, then ends', async () => {
    const response = new FakeResponse();
    const onClose = jest.fn();
    async function* events(): AsyncIterable<ServerSentEvent> {
      expect(response.flushed).toBe(true);
      yield { event: 'start', data: { model: 'a' } };
      yield { event: 'delta', data: { model: 'a', text: 'line one\nline two' } };
    }

    await writeEventStream(response as unknown as Response, events(), onClose);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(response.headers['cache-control']).toContain('no-cache');
    expect(response.headers['x-accel-buffering']).toBe('no');
    expect(response.written).toEqual(['event: start\ndata: {"model":"a"}\n\n', 'event: delta\ndata: {"model":"a","text":"line one\\nline two"}\n\n']);
    expect(response.writableEnded).toBe(true);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('calls onClose once when the client leaves, drains the remaining events without writing them', async () => {
    const response = new FakeResponse();
    const onClose = jest.fn();
    let drained = false;
    async function* events(): AsyncIterable<ServerSentEvent> {
      yield { event: 'one', data: 1 };
      response.emit('close');
      yield { event: 'two', data: 2 };
      yield { event: 'three', data: 3 };
      drained = true;
    }

    await writeEventStream(response as unknown as Response, events(), onClose);

    expect(onClose).toHaveBeenCalledTimes(1);
    expect(response.written).toEqual(['event: one\ndata: 1\n\n']);
    expect(drained).toBe(true);
    expect(response.writableEnded).toBe(false);
  });

  it('tells a failure of the events as an error event and ends the response, then throws it on for the filter to log', async () => {
    const response = new FakeResponse();
    const failure = new Error('database down');
    async function* events(): AsyncIterable<ServerSentEvent> {
      yield { event: 'turn', data: 1 };
      throw failure;
    }

    await expect(writeEventStream(response as unknown as Response, events(), jest.fn())).rejects.toBe(failure);

    expect(response.written).toEqual(['event: turn\ndata: 1\n\n', 'event: error\ndata: {"code":"INTERNAL_ERROR","message":"Internal server error"}\n\n']);
    expect(response.writableEnded).toBe(true);
  });
});

describe('streamOrWait', () => {
  it('without stream, answers what wait gives; its signal aborts when the client leaves first', async () => {
    const response = new FakeResponse();
    const start = jest.fn();
    const seen: boolean[] = [];
    const answer = await streamOrWait(response as unknown as Response, false, start, async (signal) => {
      seen.push(signal.aborted);
      response.emit('close');
      seen.push(signal.aborted);
      return { ok: true };
    });

    expect(answer).toEqual({ ok: true });
    expect(seen).toEqual([false, true]);
    expect(start).not.toHaveBeenCalled();
    expect(response.written).toEqual([]);
  });

  it('with stream, writes the events start gives; its signal aborts when the client leaves', async () => {
    const response = new FakeResponse();
    const wait = jest.fn();
    let signal: AbortSignal | undefined;
    async function* leaving(): AsyncIterable<ServerSentEvent> {
      yield { event: 'start', data: 1 };
      response.emit('close');
      yield { event: 'end', data: 2 };
    }

    await expect(streamOrWait(response as unknown as Response, true, async (given) => ((signal = given), leaving()), wait)).resolves.toBeUndefined();

    expect(wait).not.toHaveBeenCalled();
    expect(response.written).toEqual(['event: start\ndata: 1\n\n']);
    expect(signal!.aborted).toBe(true);
  });

  it('with stream, a failure to start is thrown before anything is sent', async () => {
    const response = new FakeResponse();
    const refused = new Error('bad input');

    await expect(streamOrWait(response as unknown as Response, true, () => Promise.reject(refused), jest.fn())).rejects.toBe(refused);

    expect(response.statusCode).toBe(0);
    expect(response.flushed).toBe(false);
  });
});
