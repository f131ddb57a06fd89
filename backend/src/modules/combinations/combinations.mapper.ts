import { batchesOf, WorkflowDefinition } from './engine/workflow-definition';
import type { WorkflowRunDto, WorkflowRunStepDto, WorkflowRunSummaryDto } from './dto/run.dto';
import type { WorkflowBodyDto, WorkflowDto } from './dto/workflow.dto';
import type { Workflow } from './workflow.entity';
import type { WorkflowRun } from './workflow-run.entity';
import type { WorkflowRunStep } from './workflow-run-step.entity';

export function toWorkflowDto(workflow: Workflow): WorkflowDto {
  return {
    id: workflow.id,
    name: workflow.name,
    description: workflow.description,
    inputs: workflow.definition.inputs,
    steps: workflow.definition.steps,
    createdAt: workflow.createdAt,
    updatedAt: workflow.updatedAt,
  };
}

/** The definition as a file or request body. */
export function toWorkflowBody(definition: WorkflowDefinition): WorkflowBodyDto {
  return { name: definition.name, ...(definition.description ? { description: definition.description } : {}), inputs: definition.inputs, steps: definition.steps };
}

export function toRunSummaryDto(run: WorkflowRun): WorkflowRunSummaryDto {
  return {
    id: run.id,
    workflowId: run.workflowId,
    workflowName: run.workflowName,
    status: run.status,
    inputs: run.inputs,
    error: run.error,
    failedStepId: run.failedStepId,
    rerunOf: run.rerunOf,
    jobId: run.jobId,
    costUsd: run.costUsd,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}

export function toRunDto(run: WorkflowRun, rows: WorkflowRunStep[]): WorkflowRunDto {
  const byId = new Map(rows.map((row) => [row.stepId, row]));
  const steps = run.definition.steps.map((step, position): WorkflowRunStepDto => {
    const row = byId.get(step.id);
    return {
      stepId: step.id,
      ...(step.name ? { name: step.name } : {}),
      kind: step.kind,
      position,
      ...(step.parallelGroup ? { parallelGroup: step.parallelGroup } : {}),
      status: row?.status ?? 'pending',
      reused: row?.reused ?? false,
      renderedInput: row?.renderedInput ?? null,
      output: row?.output ?? null,
      model: row?.model ?? step.model ?? null,
      durationMs: row?.durationMs ?? null,
      inputTokens: row?.inputTokens ?? 0,
      outputTokens: row?.outputTokens ?? 0,
      costUsd: row?.costUsd ?? 0,
      error: row?.error ?? null,
      mediaFileIds: row?.mediaFileIds ?? [],
      startedAt: row?.startedAt ?? null,
      finishedAt: row?.finishedAt ?? null,
    };
  });
  const last = batchesOf(run.definition.steps).at(-1) ?? [];
  const output = run.status === 'succeeded' ? last.map((step) => byId.get(step.id)?.output ?? '').join('\n\n') : null;
  return {
    ...toRunSummaryDto(run),
    workflow: toWorkflowBody(run.definition),
    steps,
    output,
    inputTokens: steps.reduce((sum, step) => sum + step.inputTokens, 0),
    outputTokens: steps.reduce((sum, step) => sum + step.outputTokens, 0),
  };
}
