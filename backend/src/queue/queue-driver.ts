import type { JobChange, JobName } from './job-types';

/** What a queue carries: the job row's id and name. Inputs stay in the row. */
export interface QueueEntry {
  jobId: string;
  name: JobName;
  maxAttempts: number;
  /** The job's round when this entry was queued (see Job.round). */
  round: number;
  /** Run no sooner than this many milliseconds from now (a scheduled job); absent: at once. */
  delayMs?: number;
}

/** Runs one attempt (1-based). Throwing fails the attempt; the driver retries with backoff. */
export type AttemptRunner = (entry: QueueEntry, attempt: number) => Promise<void>;

export type QueueHealth = 'up' | 'down';

/** An error that must not be retried (bad input, a permanent vendor refusal, a cancelled job). */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/**
 * Where jobs wait and who runs them: Bull on Redis (several processes, survives restarts) or
 * in-process (embedded default). Both call the same runner, so processors do not know which.
 */
export abstract class QueueDriver {
  abstract readonly kind: 'bull' | 'in-process';
  abstract enqueue(entry: QueueEntry): Promise<void>;
  abstract startWorker(run: AttemptRunner, concurrency: number): void;
  /** Announces that a job row changed, to every process that serves WebSockets. */
  abstract publishChange(change: JobChange): Promise<void>;
  abstract onChange(listener: (change: JobChange) => void): void;
  abstract health(): Promise<QueueHealth>;
  /** Stops taking work and waits (up to `timeoutMs`) for running attempts to finish. */
  abstract close(timeoutMs: number): Promise<void>;
}

export const backoffMs = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 60_000);
