import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numericAsNumber } from '../../database/column-transformers';
import type { JobStatus } from '../../queue/job-types';
import type { WorkflowDefinition } from './engine/workflow-definition';

/** One run of a workflow: the workflow as it was when the run started, its inputs, and where it stands. */
@Entity('combination_runs')
export class WorkflowRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  /** The saved workflow it ran (null for an inline workflow, or once that workflow is deleted). */
  @Column({ name: 'workflow_id', type: 'uuid', nullable: true })
  workflowId: string | null;

  @Column({ name: 'workflow_name' })
  workflowName: string;

  @Column({ type: 'jsonb' })
  definition: WorkflowDefinition;

  @Column({ type: 'jsonb' })
  inputs: Record<string, string | number>;

  @Column({ type: 'varchar' })
  status: JobStatus;

  /** The queue job that runs it. */
  @Column({ name: 'job_id', type: 'uuid', nullable: true })
  jobId: string | null;

  /** The run this one re-ran from a step. */
  @Column({ name: 'rerun_of', type: 'uuid', nullable: true })
  rerunOf: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'failed_step_id', type: 'varchar', nullable: true })
  failedStepId: string | null;

  @Column({ name: 'cost_usd', type: 'numeric', transformer: numericAsNumber })
  costUsd: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
