import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numericAsNumber } from '../../database/column-transformers';
import type { StepKind } from './engine/workflow-definition';

export const STEP_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** One step of a run, written as it starts and as it ends: a finished step is never run again. */
@Entity('combination_run_steps')
export class WorkflowRunStep {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'step_id' })
  stepId: string;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'varchar' })
  kind: StepKind;

  @Column({ type: 'varchar' })
  status: StepStatus;

  /** Its output was taken from the run this one re-ran, not made again. */
  @Column()
  reused: boolean;

  @Column({ name: 'rendered_input', type: 'text', nullable: true })
  renderedInput: string | null;

  @Column({ type: 'text', nullable: true })
  output: string | null;

  @Column({ type: 'varchar', nullable: true })
  model: string | null;

  @Column({ name: 'duration_ms', type: 'int', nullable: true })
  durationMs: number | null;

  @Column({ name: 'input_tokens', type: 'int' })
  inputTokens: number;

  @Column({ name: 'output_tokens', type: 'int' })
  outputTokens: number;

  @Column({ name: 'cost_usd', type: 'numeric', transformer: numericAsNumber })
  costUsd: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'media_file_ids', type: 'jsonb' })
  mediaFileIds: string[];

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
