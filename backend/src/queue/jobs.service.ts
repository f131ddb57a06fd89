import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { Job } from './job.entity';
import { JOB_NAMES, JobChange, JobName, JobPayloads } from './job-types';
import { PermanentJobError, QueueDriver, QueueEntry } from './queue-driver';

/** What a processor gets: its payload, and a way to report progress in numbers and words. */
export interface JobContext<N extends JobName = JobName> {
  readonly id: string;
  readonly name: N;
  readonly ownerId: string | null;
  readonly payload: JobPayloads[N];
  readonly attempt: number;
  progress(percent: number, step?: string): Promise<void>;
}

export type JobProcessor<N extends JobName = JobName> = (job: JobContext<N>) => Promise<Record<string, unknown> | void>;

export interface EnqueueOptions {
  ownerId?: string | null;
  maxAttempts?: number;
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

  constructor(
    @InjectRepository(Job) private readonly jobs: Repository<Job>,
    private readonly driver: QueueDriver,
    private readonly config: AppConfig,
  ) {}

  /** Areas register their processors in `onModuleInit`. */
  register<N extends JobName>(name: N, processor: JobProcessor<N>): void {
    this.processors.set(name, processor as unknown as JobProcessor);
  }

  /** Called after every change of a job, in processes that serve clients, whichever process ran it. */
  onJobChange(listener: (change: JobChange) => void): void {
    this.changeListeners.push(listener);
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<Job> {
    const job = await this.jobs.save(
      this.jobs.create({ name, input: payload as Record<string, unknown>, ownerId: options.ownerId ?? null, status: 'queued', progress: 0, attempts: 0, maxAttempts: options.maxAttempts ?? 3 }),
    );
    try {
      await this.driver.enqueue(toEntry(job));
    } catch (error) {
      await this.jobs.update({ id: job.id }, { status: 'failed', error: 'The job queue is unavailable; retry later', finishedAt: new Date() });
      this.logger.error(`Could not enqueue job ${job.id}: ${(error as Error).message}`);
      throw new DomainError('unavailable', 'QUEUE_UNAVAILABLE', 'The job queue is unavailable; retry later');
    }
    return job;
  }

  findOne(id: string): Promise<Job | null> {
    return this.jobs.findOneBy({ id });
  }

  onApplicationBootstrap(): void {
    if (this.config.runsApi) {
      this.driver.onChange((change) => this.changeListeners.forEach((listener) => listener(change)));
    }
    if (!this.config.runsWorker) return;
    const missing = JOB_NAMES.filter((name) => !this.processors.has(name));
    if (missing.length) throw new Error(`No processor registered for job(s): ${missing.join(', ')}`);
    this.driver.startWorker((entry, attempt) => this.runAttempt(entry, attempt), 2);
    if (this.driver.kind === 'in-process') void this.resumeUnfinished();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close(this.config.shutdownTimeoutMs);
  }

  /** The in-process queue forgets on exit; the rows do not. Hand unfinished ones back. */
  private async resumeUnfinished(): Promise<void> {
    const unfinished = await this.jobs.find({ where: { status: In(['queued', 'running']) }, order: { createdAt: 'ASC' } });
    for (const job of unfinished) {
      await this.jobs.update({ id: job.id }, { status: 'queued' });
      await this.driver.enqueue(toEntry(job));
    }
    if (unfinished.length) this.logger.log(`Resumed ${unfinished.length} unfinished job(s)`);
  }

  private async runAttempt(entry: QueueEntry, attempt: number): Promise<void> {
    const job = await this.jobs.findOneBy({ id: entry.jobId });
    if (!job || job.status === 'cancelled' || job.status === 'succeeded') return;
    const processor = this.processors.get(job.name);
    if (!processor) throw new PermanentJobError(`No processor for ${job.name}`);

    await this.change(job, { status: 'running', attempts: attempt, startedAt: new Date(), error: null });
    const context: JobContext = {
      id: job.id,
      name: job.name,
      ownerId: job.ownerId,
      payload: job.input as JobPayloads[JobName],
      attempt,
      progress: (percent, step) => this.change(job, { progress: Math.max(0, Math.min(100, Math.round(percent))), ...(step !== undefined ? { step } : {}) }),
    };
    try {
      const output = await processor(context);
      await this.change(job, { status: 'succeeded', progress: 100, output: output ?? null, finishedAt: new Date() });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = error instanceof PermanentJobError || attempt >= job.maxAttempts;
      await this.change(job, final ? { status: 'failed', error: message, finishedAt: new Date() } : { status: 'queued', error: `Attempt ${attempt} failed: ${message}` });
      throw error;
    }
  }

  private async change(job: Job, changes: Partial<Job>): Promise<void> {
    Object.assign(job, changes);
    await this.jobs.update({ id: job.id }, changes as QueryDeepPartialEntity<Job>);
    await this.driver.publishChange({ id: job.id, ownerId: job.ownerId, name: job.name, status: job.status, progress: job.progress, step: job.step, error: job.error });
  }
}

function toEntry(job: Job): QueueEntry {
  return { jobId: job.id, name: job.name, maxAttempts: job.maxAttempts };
}
