import { EventEmitter } from 'node:events';
import type { RecordedRequest } from './provider-emulator.types';

/** The log of every request, with waiters that wake on each change instead of polling. */
export class RequestLog {
  private readonly entries: RecordedRequest[] = [];
  private readonly changes = new EventEmitter();

  constructor() {
    // Every pending waiter listens; tests may hold many at once.
    this.changes.setMaxListeners(0);
  }

  get all(): readonly RecordedRequest[] {
    return this.entries;
  }

  add(entry: Omit<RecordedRequest, 'index'>): RecordedRequest {
    const record: RecordedRequest = { index: this.entries.length, ...entry };
    this.entries.push(record);
    this.changed();
    return record;
  }

  update(record: RecordedRequest, patch: Partial<RecordedRequest>): void {
    Object.assign(record, patch);
    this.changed();
  }

  clear(): void {
    this.entries.length = 0;
    this.changed();
  }

  /**
   * Resolves with request `index` once `done(record)` is true; rejects when `failed(record)` returns a
   * reason, or after `timeoutMs`. The request need not have arrived yet.
   */
  waitFor(
    index: number,
    timeoutMs: number,
    what: string,
    done: (record: RecordedRequest) => boolean,
    failed: (record: RecordedRequest) => string | undefined = () => undefined,
  ): Promise<RecordedRequest> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const record = this.entries[index];
        if (!record) return;
        if (done(record)) finish(() => resolve(record));
        else {
          const reason = failed(record);
          if (reason) finish(() => reject(new Error(`request #${index} ${reason} (waited for ${what})`)));
        }
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} of request #${index}`))), timeoutMs);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        this.changes.off('change', check);
        settle();
      };
      this.changes.on('change', check);
      check();
    });
  }

  private changed(): void {
    this.changes.emit('change');
  }
}
