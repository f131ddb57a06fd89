import { Logger } from '@nestjs/common';
import Bull from 'bull';
import Redis, { RedisOptions } from 'ioredis';
import type { JobChange } from '../job-types';
import { AttemptRunner, backoffMs, PermanentJobError, QueueDriver, QueueEntry, QueueHealth } from '../queue-driver';

const QUEUE_NAME = 'jobs';

/**
 * Jobs in Redis through Bull: any worker process may take them; a worker that dies mid-job
 * leaves it stalled, and Bull hands it to another worker.
 */
export class BullQueueDriver extends QueueDriver {
  readonly kind = 'bull' as const;
  private readonly logger = new Logger('BullQueue');
  private readonly queue: Bull.Queue<QueueEntry>;
  private readonly publisher: Redis;
  private subscriber?: Redis;
  private readonly channel: string;
  /** Bull does not close connections made by `createClient`; we do. */
  private readonly connections: Redis[] = [];

  constructor(
    private readonly redisUrl: string,
    prefix: string,
    lockMs = 30_000,
    private readonly enqueueTimeoutMs = 5_000,
  ) {
    super();
    // Bull's blocking clients must retry forever; the API must still start when Redis is down.
    const options: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: false, retryStrategy: (times) => Math.min(times * 200, 2_000) };
    this.queue = new Bull<QueueEntry>(QUEUE_NAME, {
      prefix,
      createClient: () => this.track(new Redis(redisUrl, options)),
      settings: { stalledInterval: Math.min(5_000, lockMs), maxStalledCount: 2, lockDuration: lockMs },
    });
    this.queue.on('error', (error) => this.logger.warn(`Redis queue error: ${error.message}`));
    this.publisher = new Redis(redisUrl, { ...options, lazyConnect: false });
    this.publisher.on('error', () => undefined);
    this.channel = `${prefix}:job-changed`;
  }

  async enqueue(entry: QueueEntry): Promise<void> {
    const added = this.queue.add(entry.name, entry, {
      // Bull ignores a job id it already holds: each round of a retried job needs its own.
      jobId: entry.round ? `${entry.jobId}:${entry.round}` : entry.jobId,
      attempts: entry.maxAttempts,
      backoff: { type: 'exponential', delay: backoffMs(1) },
      removeOnComplete: true,
      removeOnFail: 1000,
      ...(entry.delayMs && entry.delayMs > 0 ? { delay: entry.delayMs } : {}),
    });
    await withTimeout(added, this.enqueueTimeoutMs, 'Redis did not accept the job in time');
  }

  startWorker(run: AttemptRunner, concurrency: number): void {
    this.queue
      .process('*', concurrency, async (job) => {
        try {
          await run(job.data, job.attemptsMade + 1);
        } catch (error) {
          if (error instanceof PermanentJobError) await job.discard();
          throw error;
        }
      })
      // Settles only when the queue closes; a connection lost then is expected.
      .catch((error: Error) => this.logger.debug(`Worker stopped: ${error.message}`));
  }

  async publishChange(change: JobChange): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(change)).catch(() => undefined);
  }

  onChange(listener: (change: JobChange) => void): void {
    if (!this.subscriber) {
      this.subscriber = new Redis(this.redisUrl, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2_000) });
      this.subscriber.on('error', () => undefined);
      void this.subscriber.subscribe(this.channel).catch(() => undefined);
    }
    this.subscriber.on('message', (channel, message: string) => channel === this.channel && listener(JSON.parse(message) as JobChange));
  }

  async health(): Promise<QueueHealth> {
    try {
      await withTimeout(this.publisher.ping(), 1_000, 'timeout');
      return 'up';
    } catch {
      return 'down';
    }
  }

  async close(timeoutMs: number): Promise<void> {
    await withTimeout(this.queue.close(), timeoutMs, 'timeout').catch((error: Error) => this.logger.warn(`Queue close: ${error.message}`));
    this.subscriber?.disconnect();
    this.publisher.disconnect();
    this.connections.filter((connection) => connection.status !== 'end').forEach((connection) => connection.disconnect());
  }

  private track(connection: Redis): Redis {
    connection.on('error', () => undefined);
    this.connections.push(connection);
    return connection;
  }
}

/**
 * The promise, or an error after `ms`. The promise that loses the race is still marked as handled:
 * a queue command given up on here rejects later ("Connection is closed." when the queue closes),
 * and unhandled, that rejection took down whatever ran next in the process.
 */
function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
