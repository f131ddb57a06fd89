import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ClientCommand, ClientReport } from './collab-clients.worker';

const WORKER_FILE = join(__dirname, 'collab-clients.worker.ts');
const TSCONFIG = resolve(__dirname, '..', '..', 'tsconfig.json');

/**
 * The collaboration benchmark's measured clients, spread over worker threads (each its own event
 * loop, as clients on separate machines would be). Socket k of the flat list (user k mod users)
 * lives in worker k mod workers. Arrivals come back as (sequence number, time) pairs.
 */
export class CollabClientPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<Worker, { type: ClientReport['type']; done: () => void; fail: (error: Error) => void }>();
  private onArrival: (seq: number, at: number) => void = () => undefined;

  constructor(count: number) {
    // The worker is TypeScript, like the benchmark: it registers ts-node for itself.
    const boot = `require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true, project: ${JSON.stringify(TSCONFIG)} }); require(${JSON.stringify(WORKER_FILE)});`;
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(boot, { eval: true });
      worker.on('message', (message: ClientReport) => this.receive(worker, message));
      worker.on('error', (error) => this.waiting.get(worker)?.fail(error));
      return worker;
    });
  }

  /** Connects `tokens[k]` (one per socket) in worker k mod workers; resolves when every one is connected. */
  async connect(base: string, tokens: string[]): Promise<void> {
    const limit = Math.max(1, Math.floor(50 / this.workers.length));
    await Promise.all(this.workers.map((worker, w) => this.command(worker, { type: 'connect', base, tokens: tokens.filter((_, k) => k % this.workers.length === w), limit }, 'connected')));
  }

  listen(onArrival: (seq: number, at: number) => void): void {
    this.onArrival = onArrival;
    for (const worker of this.workers) worker.postMessage({ type: 'listen' } satisfies ClientCommand);
  }

  unlisten(): void {
    this.onArrival = () => undefined;
    for (const worker of this.workers) worker.postMessage({ type: 'unlisten' } satisfies ClientCommand);
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.workers.map((worker) => this.command(worker, { type: 'close' }, 'closed')));
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private command(worker: Worker, command: ClientCommand & { limit?: number }, until: ClientReport['type']): Promise<void> {
    return new Promise((done, fail) => {
      this.waiting.set(worker, { type: until, done, fail });
      worker.postMessage(command);
    });
  }

  private receive(worker: Worker, message: ClientReport): void {
    if (message.type === 'arrivals') {
      for (let i = 0; i < message.items.length; i += 2) this.onArrival(message.items[i]!, message.items[i + 1]!);
      return;
    }
    const waiting = this.waiting.get(worker);
    if (!waiting) return;
    if (message.type === 'error') waiting.fail(new Error(`client worker: ${message.message}`));
    else if (message.type === waiting.type) waiting.done();
    else return;
    this.waiting.delete(worker);
  }
}
