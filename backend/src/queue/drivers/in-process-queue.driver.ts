import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { JobChange } from '../job-types';
import { AttemptRunner, backoffMs, PermanentJobError, QueueDriver, QueueEntry, QueueHealth } from '../queue-driver';

/** setTimeout's ceiling (about 24.8 days); a job due later runs then and its processor waits again. */
const MAX_TIMER_MS = 2_147_483_647;

interface Pending {
  entry: QueueEntry;
  attempt: number;
}

/**
 * Jobs run inside this process. Nothing is lost on a crash: the rows stay `queued`/`running`
 * and JobsService hands them back to the queue at the next start.
 */
export class InProcessQueueDriver extends QueueDriver {
  readonly kind = 'in-process' as const;
  private readonly logger = new Logger('InProcessQueue');
  private readonly waiting: Pending[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly changes = new EventEmitter();
  private run?: AttemptRunner;
  private concurrency = 1;
  private closed = false;

  constructor(private readonly backoff: (attempt: number) => number = backoffMs) {
    super();
  }

  async enqueue(entry: QueueEntry): Promise<void> {
    if (this.closed) throw new Error('The queue is shutting down');
    if (entry.delayMs && entry.delayMs > 0) {
      // Held here until due; a restart forgets the timer, not the row (JobsService resumes it).
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.waiting.push({ entry, attempt: 1 });
        this.pump();
      }, Math.min(entry.delayMs, MAX_TIMER_MS));
      timer.unref();
      this.timers.add(timer);
      return;
    }
    this.waiting.push({ entry, attempt: 1 });
    this.pump();
  }

  startWorker(run: AttemptRunner, concurrency: number): void {
    this.run = run;
    this.concurrency = concurrency;
    this.pump();
  }

  async publishChange(change: JobChange): Promise<void> {
    this.changes.emit('change', change);
  }

  onChange(listener: (change: JobChange) => void): void {
    this.changes.on('change', listener);
  }

  async health(): Promise<QueueHealth> {
    return this.closed ? 'down' : 'up';
  }

  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    this.waiting.length = 0;
    const deadline = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.running]), deadline]);
  }

  private pump(): void {
    while (this.run && !this.closed && this.running.size < this.concurrency && this.waiting.length) {
      const next = this.waiting.shift()!;
      const attempt = this.attempt(this.run, next).finally(() => {
        this.running.delete(attempt);
        this.pump();
      });
      this.running.add(attempt);
    }
  }

  private async attempt(run: AttemptRunner, { entry, attempt }: Pending): Promise<void> {
    try {
      await run(entry, attempt);
    } catch (error) {
      if (error instanceof PermanentJobError || attempt >= entry.maxAttempts || this.closed) return;
      this.logger.warn(`Job ${entry.jobId} (${entry.name}) attempt ${attempt} failed; retrying`);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.waiting.push({ entry, attempt: attempt + 1 });
        this.pump();
      }, this.backoff(attempt));
      this.timers.add(timer);
    }
  }
}
