import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsString, IsUUID, Matches } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../../common/pagination';
import { Optional } from '../../../common/validation';
import { JOB_STATUSES, type JobStatus } from '../../../queue/job-types';
import { IDENTIFIER, STEP_KINDS, type StepKind } from '../engine/workflow-definition';
import { STEP_STATUSES, type StepStatus } from '../workflow-run-step.entity';
import { WorkflowBodyDto } from './workflow.dto';

/** The inputs of a run. */
export class WorkflowInputsDto {
  /** Values of the declared inputs, by name (defaults fill the rest). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  @Optional()
  @IsObject({ message: 'inputs must be an object of values by input name' })
  inputs?: Record<string, unknown>;
}

/** `POST /v1/workflows/runs`: one of my saved workflows, with its inputs. */
export class RunSavedWorkflowDto extends WorkflowInputsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'workflowId must be a workflow id' })
  workflowId: string;
}

/** `GET /v1/workflows/runs?id=`. */
export class WorkflowRunIdQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a run id' })
  id: string;
}

/** `POST /api/combinations/execute`: a saved workflow by id, or one sent inline, with its inputs. */
export class ExecuteWorkflowDto extends WorkflowInputsDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'workflowId must be a workflow id' })
  workflowId?: string;

  /** A workflow to run without saving it (exactly one of workflowId and workflow). */
  @ApiPropertyOptional({ type: WorkflowBodyDto })
  @Optional()
  @IsObject({ message: 'workflow must be an object' })
  workflow?: Record<string, unknown>;
}

export class RerunDto {
  /** The step to run again; the steps before it keep their outputs. */
  @IsString()
  @Matches(IDENTIFIER, { message: 'fromStepId must be a step id' })
  fromStepId: string;
}

export class WorkflowRunQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'workflowId must be a workflow id' })
  workflowId?: string;

  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @Optional()
  @IsIn(JOB_STATUSES, { message: `status must be one of ${JOB_STATUSES.join(', ')}` })
  status?: JobStatus;
}

export class WorkflowRunStepDto {
  stepId: string;
  @ApiPropertyOptional()
  name?: string;
  @ApiProperty({ enum: STEP_KINDS })
  kind: StepKind;
  position: number;
  @ApiPropertyOptional()
  parallelGroup?: string;
  @ApiProperty({ enum: STEP_STATUSES })
  status: StepStatus;
  /** Taken from the run this one re-ran. */
  reused: boolean;
  /** The prompt (or URL, or source) as rendered with the run's values. */
  @ApiProperty({ type: String, nullable: true })
  renderedInput: string | null;
  @ApiProperty({ type: String, nullable: true })
  output: string | null;
  @ApiProperty({ type: String, nullable: true })
  model: string | null;
  @ApiProperty({ type: Number, nullable: true })
  durationMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
  /** Media-library files the step made. */
  mediaFileIds: string[];
  @ApiProperty({ type: Date, nullable: true })
  startedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  finishedAt: Date | null;
}

export class WorkflowRunSummaryDto {
  id: string;
  @ApiProperty({ type: String, nullable: true })
  workflowId: string | null;
  workflowName: string;
  @ApiProperty({ enum: JOB_STATUSES })
  status: JobStatus;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  inputs: Record<string, string | number>;
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
  @ApiProperty({ type: String, nullable: true })
  failedStepId: string | null;
  /** The run this one re-ran from a step. */
  @ApiProperty({ type: String, nullable: true })
  rerunOf: string | null;
  /** The queue job that runs it (its progress also comes as `job.progress`). */
  @ApiProperty({ type: String, nullable: true })
  jobId: string | null;
  costUsd: number;
  createdAt: Date;
  @ApiProperty({ type: Date, nullable: true })
  startedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  finishedAt: Date | null;
}

export class WorkflowRunDto extends WorkflowRunSummaryDto {
  /** The workflow as it was when the run started. */
  @ApiProperty({ type: WorkflowBodyDto })
  workflow: WorkflowBodyDto;
  @ApiProperty({ type: [WorkflowRunStepDto] })
  steps: WorkflowRunStepDto[];
  /** The last batch's output (the answer), once the run succeeded. */
  @ApiProperty({ type: String, nullable: true })
  output: string | null;
  inputTokens: number;
  outputTokens: number;
}

export class WorkflowRunPageDto extends PageDtoOf(WorkflowRunSummaryDto) {}
