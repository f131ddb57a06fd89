/**
 * A share of the collaboration benchmark's measured clients, in a worker thread of its own (see
 * `CollabClientPool`). Real clients are on other machines; 1,000 clients on one event loop measured
 * that loop: a channel message's 1,000 arrivals were read one after the other, the last ~20 ms after
 * the first, whatever Webox did.
 *
 * Each arrival is stamped here, when its handler runs (`performance.timeOrigin + now()`: the same
 * clock as the sender's thread), and reported to the parent in batches every 20 ms.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';

export type ClientCommand = { type: 'connect'; base: string; tokens: string[] } | { type: 'listen' } | { type: 'unlisten' } | { type: 'close' };
export type ClientReport = { type: 'connected' } | { type: 'closed' } | { type: 'arrivals'; items: number[] } | { type: 'error'; message: string };

const port = parentPort!;
let sockets: Socket[] = [];
let listening = false;
let batch: number[] = [];

const report = (message: ClientReport) => port.postMessage(message);
setInterval(() => {
  if (!batch.length) return;
  report({ type: 'arrivals', items: batch });
  batch = [];
}, 20);

function onMessage(message: { text: string | null }): void {
  if (!listening) return;
  const at = performance.timeOrigin + performance.now();
  const seq = Number(/^bench:(\d+):/.exec(message.text ?? '')?.[1]);
  if (Number.isFinite(seq)) batch.push(seq, at);
}

function connect(base: string, token: string): Promise<Socket> {
  const socket = io(base, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
  return new Promise((done, fail) => {
    socket.once('connect', () => done(socket));
    socket.once('connect_error', (error) => fail(error));
  });
}

/** 50 handshakes at once across the whole pool: each of the parent's workers gets its share. */
async function connectAll(base: string, tokens: string[], limit: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tokens.length) }, async () => {
      while (next < tokens.length) {
        const socket = await connect(base, tokens[next++]!);
        socket.on('collaboration.message', onMessage);
        sockets.push(socket);
      }
    }),
  );
}

port.on('message', (command: ClientCommand & { limit?: number }) => {
  const run = async () => {
    if (command.type === 'connect') {
      await connectAll(command.base, command.tokens, command.limit ?? 25);
      report({ type: 'connected' });
    } else if (command.type === 'listen') {
      listening = true;
    } else if (command.type === 'unlisten') {
      listening = false;
    } else {
      for (const socket of sockets) socket.close();
      sockets = [];
      report({ type: 'closed' });
    }
  };
  run().catch((error: Error) => report({ type: 'error', message: error.message }));
});
