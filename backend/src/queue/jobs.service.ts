import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AppConfig } from '../config/app-config';
import { DomainError, notFound } from '../common/domain-error';
import { redactSecrets } from '../common/redact';
import { Job } from './job.entity';
import { JobChange, JobName, JobPayloads, JobStatus } from './job-types';
import { PermanentJobError, QueueDriver, QueueEntry } from './queue-driver';
import { QueueErrorCode } from './queue.errors';

/** What a processor gets: its payload, and a way to report progress in numbers and words. */
export interface JobContext<N extends JobName = JobName> {
  readonly id: string;
  readonly name: N;
  readonly ownerId: string | null;
  readonly payload: JobPayloads[N];
  readonly attempt: number;
  /** Aborts when the job is cancelled, from this process or another; stop and clean up. */
  readonly signal: AbortSignal;
  /**
   * Reports progress; `addCostUsd` (US dollars), when given, is added to the job's total in the same
   * write (a processor that reports progress after each piece of work saves a write per piece).
   */
  progress(percent: number, step?: string, addCostUsd?: number): Promise<void>;
  /** Adds what a step cost at a vendor (US dollars) to the job's total. */
  addCost(usd: number): Promise<void>;
}

export type JobProcessor<N extends JobName = JobName> = (job: JobContext<N>) => Promise<Record<string, unknown> | void>;

/** What an area runs once its job's row says how it ended (the row is the truth a listener may read). */
export interface JobHooks<N extends JobName = JobName> {
  /** After the row is marked succeeded, with the processor's output. Synchronous: publish an event, do not work here. */
  succeeded?(job: JobContext<N>, output: Record<string, unknown>): void;
}

/** How often a running job looks for a cancellation made by another process. */
const CANCEL_POLL_MS = 1000;

export interface EnqueueOptions {
  ownerId?: string | null;
  maxAttempts?: number;
  /**
   * Runs the job no sooner than this (a scheduled job). System jobs only (`ownerId` null): a
   * user's waiting job would hold one of their slots. The row stays `queued` until then; a restart
   * of the in-process queue runs it early, so its processor checks that its moment has come.
   */
  delayMs?: number;
}

/**
 * Creates job rows, hands them to the queue driver, and runs them through the processor
 * registered for their name, keeping the row's status, progress and error true.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly processors = new Map<JobName, JobProcessor>();
  private readonly changeListeners: Array<(change: JobChange) => void> = [];
  /** Jobs running in this process, so a cancel can stop them at once. */
  private readonly running = new Map<string, AbortController>();
  /** Set on shutdown: waiting rows stay waiting (the next start releases them) instead of meeting a closing queue. */
  private stopping = false;

  constructor(
    @InjectRepository(Job) private readonly jobs: Repository<Job>,
    private readonly driver: QueueDriver,
    private readonly config: AppConfig,
  ) {}

  /**
   * Areas register a processor for each job they declare (see job-types.ts), in `onModuleInit` and
   * in every role, so that an API-only process knows the same names a worker runs. A name is
   * registered once.
   */
  register<N extends JobName>(name: N, processor: JobProcessor<N>, hooks: JobHooks<N> = {}): void {
    if (this.processors.has(name)) throw new Error(`Job "${name}" already has a processor`);
    this.processors.set(name, processor as unknown as JobProcessor);
    this.hooks.set(name, hooks as unknown as JobHooks);
  }

  private readonly hooks = new Map<JobName, JobHooks>();

  /** Called after every change of a job, in processes that serve clients, whichever process ran it. */
  onJobChange(listener: (change: JobChange) => void): void {
    this.changeListeners.push(listener);
  }

  /**
   * Creates the row and queues it, or, when its owner already has `jobsPerUser` jobs queued or
   * running, leaves it waiting in the database until one of them ends (see `dispatch`). A name no
   * area registered a processor for is a programming error, refused before any row is written.
   */
  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<Job> {
    if (!this.processors.has(name)) throw new Error(`Job "${name}" has no registered processor: the area that declares it must register one (JobsService.register) in onModuleInit`);
    const ownerId = options.ownerId ?? null;
    if (options.delayMs && ownerId !== null) throw new Error(`Job "${name}": only system jobs (no owner) can be delayed`);
    const job = await this.jobs.save(
      this.jobs.create({ name, input: payload as Record<string, unknown>, ownerId, status: 'queued', progress: 0, attempts: 0, maxAttempts: options.maxAttempts ?? 3, dispatched: ownerId === null }),
    );
    if (ownerId === null ? !(await this.toQueue(job, options.delayMs)) : (await this.dispatch(ownerId)).has(job.id)) {
      // System jobs (maintenance) belong to nobody and wait for nobody. A job the queue refused fails at once: its caller hears 503.
      await this.jobs.update({ id: job.id }, { status: 'failed', error: 'The job queue is unavailable; retry later', finishedAt: new Date() });
      throw queueUnavailable();
    }
    return job;
  }

  findOne(id: string): Promise<Job | null> {
    return this.jobs.findOneBy({ id });
  }

  /**
   * Stops a queued or running job of this owner. A running processor sees its signal abort (at
   * once in this process, within a second in another) and removes what it had made.
   */
  async cancel(id: string, ownerId: string): Promise<Job> {
    const job = await this.jobs.findOneBy({ id, ownerId });
    if (!job) throw notFound(QueueErrorCode.JOB_NOT_FOUND, 'Job');
    const { affected } = await this.jobs.update({ id, status: In(['queued', 'running']) }, { status: 'cancelled', step: 'Cancelled', finishedAt: new Date() });
    if (!affected) throw new DomainError('conflict', QueueErrorCode.JOB_FINISHED, `The job is already ${(await this.jobs.findOneBy({ id }))?.status ?? job.status}; only queued or running jobs can be cancelled`);
    this.running.get(id)?.abort();
    const cancelled = (await this.jobs.findOneBy({ id }))!;
    await this.announce(cancelled);
    // Its slot is free: the owner's next waiting job may go.
    await this.dispatch(ownerId);
    return cancelled;
  }

  /** How many jobs of each name are in each status (administration: the queue's depth, failures). */
  async counts(): Promise<Array<{ name: JobName; status: JobStatus; count: number }>> {
    const rows = await this.jobs.createQueryBuilder('job').select('job.name', 'name').addSelect('job.status', 'status').addSelect('COUNT(*)', 'count').groupBy('job.name').addGroupBy('job.status').getRawMany<{ name: JobName; status: JobStatus; count: string }>();
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }

  /** Every owner's jobs in one status, newest first (administration). */
  listByStatus(status: JobStatus, skip: number, take: number): Promise<[Job[], number]> {
    return this.jobs.findAndCount({ where: { status }, order: { createdAt: 'DESC', id: 'ASC' }, skip, take });
  }

  /**
   * Takes a failed job out of the failures an administrator watches, without running it: it is
   * marked cancelled, its reason kept, so its owner still sees why it failed.
   */
  async discard(id: string): Promise<Job> {
    const job = await this.jobs.findOneBy({ id });
    if (!job) throw notFound(QueueErrorCode.JOB_NOT_FOUND, 'Job');
    const { affected } = await this.jobs.update({ id, status: 'failed' }, { status: 'cancelled', step: 'Discarded by an administrator' });
    if (!affected) throw new DomainError('conflict', QueueErrorCode.JOB_NOT_DISCARDABLE, `The job is ${job.status}; only failed jobs can be discarded`);
    const discarded = (await this.jobs.findOneBy({ id }))!;
    await this.announce(discarded);
    return discarded;
  }

  /** Runs a failed or cancelled job again, from the start, under the same id. */
  async retry(id: string, ownerId: string): Promise<Job> {
    const job = await this.jobs.findOneBy({ id, ownerId });
    if (!job) throw notFound(QueueErrorCode.JOB_NOT_FOUND, 'Job');
    const { affected } = await this.jobs
      .createQueryBuilder()
      .update()
      .set({ status: 'queued', progress: 0, step: null, error: null, output: null, attempts: 0, startedAt: null, finishedAt: null, dispatched: false, round: () => 'round + 1' })
      .where({ id, status: In(['failed', 'cancelled']) })
      .execute();
    if (!affected) throw new DomainError('conflict', QueueErrorCode.JOB_NOT_RETRYABLE, `The job is ${job.status}; only failed or cancelled jobs can be retried`);
    // A retried job takes its turn behind the owner's other waiting jobs, like a new one.
    if ((await this.dispatch(ownerId)).has(id)) {
      await this.jobs.update({ id }, { status: 'failed', error: 'The job queue is unavailable; retry later', finishedAt: new Date() });
      throw queueUnavailable();
    }
    const queued = (await this.jobs.findOneBy({ id }))!;
    await this.announce(queued);
    return queued;
  }

  onApplicationBootstrap(): void {
    if (this.config.runsApi) {
      this.driver.onChange((change) => this.changeListeners.forEach((listener) => listener(change)));
    }
    if (!this.config.runsWorker) return;
    this.driver.startWorker((entry, attempt) => this.runAttempt(entry, attempt), this.config.jobConcurrency);
    void (this.driver.kind === 'in-process' ? this.resumeUnfinished() : this.recoverDispatch()).catch((error: Error) => this.logger.error(`Job recovery at start-up failed: ${error.message}`));
  }

  /**
   * Hands the owner's oldest waiting jobs to the queue, as many as keep that owner at
   * `jobsPerUser` jobs queued or running, and answers the ids the queue refused (those rows wait
   * again; `enqueue` and `retry` fail their own). Called whenever a slot may have freed: a job created, ended, cancelled or
   * retried, and at start-up. The claim is one statement under a per-owner advisory lock, so two
   * processes releasing for the same owner at once cannot both take the last slot; a process that
   * dies between the claim and the queue leaves a dispatched `queued` row, which `recoverDispatch`
   * queues again (Bull ignores a job id it already holds).
   */
  async dispatch(ownerId: string): Promise<Set<string>> {
    if (this.stopping) return new Set();
    const claimed = await this.jobs.manager.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`webox:jobs:${ownerId}`]);
      return (await manager.query(
        `WITH claimed AS (
           UPDATE jobs SET dispatched = true WHERE id IN (
             SELECT id FROM jobs WHERE owner_id = $1 AND status = 'queued' AND NOT dispatched ORDER BY created_at, id
             LIMIT GREATEST(0, $2::int - (SELECT count(*) FROM jobs WHERE owner_id = $1 AND dispatched AND status IN ('queued', 'running')))::int
           )
           RETURNING id, name, max_attempts, round, created_at
         )
         SELECT id, name, max_attempts AS "maxAttempts", round FROM claimed ORDER BY created_at, id`,
        [ownerId, this.config.jobsPerUser],
      )) as Array<Pick<Job, 'id' | 'name' | 'maxAttempts' | 'round'>>;
    });
    const refused = new Set<string>();
    for (const job of claimed) {
      if (await this.toQueue(job)) continue;
      refused.add(job.id);
      await this.jobs.update({ id: job.id, status: 'queued' }, { dispatched: false });
    }
    return refused;
  }

  /** Gives a dispatched row to the driver; false when the queue could not take it (Redis down, shutting down). */
  private async toQueue(job: Pick<Job, 'id' | 'name' | 'maxAttempts' | 'round'>, delayMs?: number): Promise<boolean> {
    try {
      await this.driver.enqueue(delayMs ? { ...toEntry(job), delayMs } : toEntry(job));
      return true;
    } catch (error) {
      this.logger.error(`Could not enqueue job ${job.id}: ${(error as Error).message}`);
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.driver.close(this.config.shutdownTimeoutMs);
    // Jobs still running after the grace period stop here; their rows stay `running`, so another
    // worker (Bull) or the next start (in-process) runs them again.
    for (const controller of this.running.values()) controller.abort();
  }

  /**
   * The in-process queue forgets on exit; the rows do not. Unfinished ones go back: system jobs
   * straight to the queue, users' jobs to waiting, then released `jobsPerUser` per owner.
   */
  private async resumeUnfinished(): Promise<void> {
    const unfinished = await this.jobs.find({ where: { status: In(['queued', 'running']) }, order: { createdAt: 'ASC' } });
    await this.jobs.update({ status: In(['queued', 'running']) }, { status: 'queued', dispatched: false });
    for (const job of unfinished.filter((row) => row.ownerId === null)) {
      await this.jobs.update({ id: job.id }, { dispatched: true });
      await this.driver.enqueue(toEntry(job));
    }
    for (const ownerId of new Set(unfinished.flatMap((row) => (row.ownerId ? [row.ownerId] : [])))) await this.dispatch(ownerId);
    if (unfinished.length) this.logger.log(`Resumed ${unfinished.length} unfinished job(s)`);
  }

  /**
   * Bull keeps its entries across restarts; what a crash can leave behind is in the database: rows
   * claimed but never handed to Redis (queued again: a job id Bull still holds is ignored), and
   * waiting rows whose owner's slot freed as the process died (released).
   */
  private async recoverDispatch(): Promise<void> {
    const claimed = await this.jobs.find({ where: { status: 'queued', dispatched: true }, order: { createdAt: 'ASC' } });
    for (const job of claimed) await this.toQueue(job);
    const waiting = await this.jobs.createQueryBuilder('job').select('DISTINCT job.owner_id', 'ownerId').where(`job.status = 'queued' AND NOT job.dispatched AND job.owner_id IS NOT NULL`).getRawMany<{ ownerId: string }>();
    for (const { ownerId } of waiting) await this.dispatch(ownerId);
  }

  private async runAttempt(entry: QueueEntry, attempt: number): Promise<void> {
    const job = await this.jobs.findOneBy({ id: entry.jobId });
    // An entry of an earlier round (queued before a cancel and a retry) must not run the job a second time.
    if (!job || job.round !== (entry.round ?? 0) || job.status === 'cancelled' || job.status === 'succeeded') return;
    const processor = this.processors.get(job.name);
    if (!processor) {
      // A row of a job this build does not know (queued by a newer or older build): fail it, once, saying why.
      const reason = `No processor is registered for job "${job.name}" in this process; it was queued by a build that knows it`;
      this.logger.error(`Job ${job.id}: ${reason}`);
      await this.change(job, { status: 'failed', attempts: attempt, error: reason, finishedAt: new Date() }, ['queued', 'running']);
      if (job.ownerId) await this.dispatch(job.ownerId);
      throw new PermanentJobError(reason);
    }

    if (!(await this.change(job, { status: 'running', attempts: attempt, startedAt: new Date(), error: null }, ['queued', 'running']))) return;
    const controller = new AbortController();
    this.running.set(job.id, controller);
    const watch = setInterval(() => void this.abortIfCancelled(job.id, controller), CANCEL_POLL_MS);
    const context: JobContext = {
      id: job.id,
      name: job.name,
      ownerId: job.ownerId,
      payload: job.input as JobPayloads[JobName],
      attempt,
      signal: controller.signal,
      progress: async (percent, step, addCostUsd = 0) => {
        const changes = { progress: Math.max(0, Math.min(100, Math.round(percent))), ...(step !== undefined ? { step } : {}) };
        // A cancelled job takes no more progress, but what was spent is still its cost.
        const changed = !controller.signal.aborted && (await this.change(job, changes, 'running', addCostUsd));
        if (!changed && addCostUsd > 0) await this.jobs.increment({ id: job.id }, 'costUsd', addCostUsd);
      },
      addCost: async (usd) => {
        if (usd > 0) await this.jobs.increment({ id: job.id }, 'costUsd', usd);
      },
    };
    try {
      const output = await processor(context);
      if (!controller.signal.aborted && (await this.change(job, { status: 'succeeded', progress: 100, output: output ?? null, finishedAt: new Date() }, 'running'))) {
        try {
          this.hooks.get(job.name)?.succeeded?.(context, output ?? {});
        } catch (error) {
          this.logger.error(`Job ${job.id}: its succeeded hook failed: ${(error as Error).message}`);
        }
      }
    } catch (error) {
      // A cancelled job stays cancelled: no failure, no retry.
      if (controller.signal.aborted) return;
      const message = redactSecrets(error instanceof Error ? error.message : String(error));
      const final = error instanceof PermanentJobError || attempt >= job.maxAttempts;
      await this.change(job, final ? { status: 'failed', error: message, finishedAt: new Date() } : { status: 'queued', error: `Attempt ${attempt} failed: ${message}` }, 'running');
      throw error;
    } finally {
      clearInterval(watch);
      // A retry may already run under the same id: only forget this run's controller.
      if (this.running.get(job.id) === controller) this.running.delete(job.id);
      // Before the worker takes its next entry, so a released job queues behind other users' waiting ones.
      if (job.ownerId) await this.dispatch(job.ownerId).catch((error: Error) => this.logger.error(`Could not release the next job of ${job.ownerId}: ${error.message}`));
    }
  }

  private async abortIfCancelled(id: string, controller: AbortController): Promise<void> {
    const row = await this.jobs.findOne({ select: { id: true, status: true }, where: { id } }).catch(() => null);
    if (row?.status === 'cancelled') controller.abort();
  }

  private async announce(job: Job): Promise<void> {
    await this.driver.publishChange({ id: job.id, ownerId: job.ownerId, name: job.name, status: job.status, progress: job.progress, step: job.step, error: job.error });
  }

  /** Writes and announces a change; with `onlyIf`, only while the row still has that status (a cancel wins). */
  private async change(job: Job, changes: Partial<Job>, onlyIf?: JobStatus | JobStatus[], addCostUsd = 0): Promise<boolean> {
    const where = onlyIf ? { id: job.id, status: Array.isArray(onlyIf) ? In(onlyIf) : onlyIf } : { id: job.id };
    const { affected } =
      addCostUsd > 0
        ? await this.jobs
            .createQueryBuilder()
            .update()
            .set({ ...(changes as QueryDeepPartialEntity<Job>), costUsd: () => 'cost_usd + :addCostUsd' })
            .where(where)
            .setParameter('addCostUsd', addCostUsd)
            .execute()
        : await this.jobs.update(where, changes as QueryDeepPartialEntity<Job>);
    if (onlyIf && !affected) return false;
    Object.assign(job, changes);
    await this.announce(job);
    return true;
  }
}

function queueUnavailable(): DomainError {
  return new DomainError('unavailable', QueueErrorCode.QUEUE_UNAVAILABLE, 'The job queue is unavailable; retry later');
}

function toEntry(job: Pick<Job, 'id' | 'name' | 'maxAttempts' | 'round'>): QueueEntry {
  return { jobId: job.id, name: job.name, maxAttempts: job.maxAttempts, round: job.round ?? 0 };
}
