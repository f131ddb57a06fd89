import { EventEmitter } from 'node:events';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { of } from 'rxjs';
import type { Socket } from 'socket.io';
import { LeanIoAdapter } from './lean-io.adapter';

/** Enough of a socket.io socket: listeners, `emit` recorded apart from incoming events, `connected`. */
class FakeSocket extends EventEmitter {
  connected = true;
  readonly emitted: Array<[string, unknown]> = [];
  receive(event: string, ...args: unknown[]): void {
    super.emit(event, ...args);
  }
  override emit(event: string, data?: unknown): boolean {
    this.emitted.push([event, data]);
    return true;
  }
}

const settle = () => new Promise((done) => setImmediate(done));

describe(LeanIoAdapter.name, () => {
  const adapter = new LeanIoAdapter();
  const bind = (socket: FakeSocket, handlers: Array<Partial<MessageMappingProperties> & Pick<MessageMappingProperties, 'message' | 'callback'>>) =>
    adapter.bindMessageHandlers(socket as unknown as Socket, handlers.map((handler) => ({ methodName: 'm', isAckHandledManually: false, ...handler })), () => of());

  it('binds one plain listener per handler (no per-socket pipeline)', () => {
    const socket = new FakeSocket();
    bind(socket, [
      { message: 'a', callback: async () => 1 },
      { message: 'b', callback: async () => 2 },
    ]);
    expect(socket.eventNames()).toEqual(['a', 'b']);
    expect(socket.listenerCount('a')).toBe(1);
  });

  it('passes the data and acknowledges with the result, as the Nest adapter does', async () => {
    const socket = new FakeSocket();
    const calls: unknown[] = [];
    bind(socket, [{ message: 'send', callback: async (data: unknown) => (calls.push(data), { ok: data }) }]);
    const ack = jest.fn();
    socket.receive('send', { text: 'hi' }, ack);
    await settle();
    expect(calls).toEqual([{ text: 'hi' }]);
    expect(ack).toHaveBeenCalledWith({ ok: { text: 'hi' } });
  });

  it('emits a { event, data } result instead of acknowledging it', async () => {
    const socket = new FakeSocket();
    bind(socket, [{ message: 'ping', callback: async () => ({ event: 'pong', data: 42 }) }]);
    const ack = jest.fn();
    socket.receive('ping', {}, ack);
    await settle();
    expect(socket.emitted).toEqual([['pong', 42]]);
    expect(ack).not.toHaveBeenCalled();
  });

  it('answers nothing for a nil result, to a handler that acknowledges itself, or to a socket gone meanwhile', async () => {
    const socket = new FakeSocket();
    let release!: () => void;
    bind(socket, [
      { message: 'nil', callback: async () => undefined },
      { message: 'manual', callback: async () => ({ ok: true }), isAckHandledManually: true },
      { message: 'slow', callback: () => new Promise((done) => (release = () => done({ ok: true }))) },
    ]);
    const ack = jest.fn();
    socket.receive('nil', {}, ack);
    socket.receive('manual', {}, ack);
    socket.receive('slow', {}, ack);
    socket.connected = false;
    release();
    await settle();
    expect(ack).not.toHaveBeenCalled();
  });

  it('answers each value of an Observable result, and takes a lone function argument as the acknowledgement', async () => {
    const socket = new FakeSocket();
    const data: unknown[] = [];
    bind(socket, [{ message: 'many', callback: (value: unknown) => (data.push(value), of({ event: 'one', data: 1 }, { event: 'two', data: 2 })) }]);
    const ack = jest.fn();
    socket.receive('many', ack);
    await settle();
    expect(data).toEqual([undefined]);
    expect(socket.emitted).toEqual([
      ['one', 1],
      ['two', 2],
    ]);
  });

  it('keeps serving after a handler fault', async () => {
    const socket = new FakeSocket();
    let fail = true;
    bind(socket, [{ message: 'x', callback: async () => { if (fail) throw new Error('boom'); return { ok: true }; } }]);
    const ack = jest.fn();
    socket.receive('x', {}, ack);
    await settle();
    fail = false;
    socket.receive('x', {}, ack);
    await settle();
    expect(ack).toHaveBeenCalledTimes(1);
  });
});
