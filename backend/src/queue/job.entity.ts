import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericAsNumber } from '../database/column-transformers';
import type { JobName, JobStatus } from './job-types';

/** The durable record of a job; the queue entry only carries its id. */
@Entity('jobs')
export class Job {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for system jobs (maintenance). */
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId: string | null;

  @Column({ type: 'varchar' })
  name: JobName;

  @Column({ type: 'varchar' })
  status: JobStatus;

  @Column({ type: 'smallint' })
  progress: number;

  /** The current step, in words ("Writing chapter 3 of 5"). */
  @Column({ type: 'varchar', nullable: true })
  step: string | null;

  @Column({ type: 'jsonb' })
  input: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  output: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'int' })
  attempts: number;

  /** Which run of the job is current: a retry starts a new round, and queue entries of older rounds are ignored. */
  @Column({ type: 'int' })
  round: number;

  /** What the job has spent at vendors so far, in US dollars (also in the usage ledger). */
  @Column({ name: 'cost_usd', type: 'numeric', transformer: numericAsNumber })
  costUsd: number;

  /**
   * False while the row waits for one of its owner's running jobs to finish (per-user concurrency,
   * see JobsService.dispatch); true once it was handed to the queue.
   */
  @Column({ type: 'boolean' })
  dispatched: boolean;

  @Column({ name: 'max_attempts', type: 'int' })
  maxAttempts: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
