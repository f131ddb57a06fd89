import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Tool, ToolContext, ToolOutput } from '../tools/tool';
import { untrustedLabel } from '../tools/untrusted-content';
import { CombinationRunsService } from './combination-runs.service';
import { CombinationsService } from './combinations.service';
import type { WorkflowRunDto } from './dto/run.dto';

const WAIT_MS = 120_000;
const POLL_MS = 250;
/** What the model reads of a run's output at most (the runner caps tool results again). */
const MAX_OUTPUT_CHARS = 12_000;

/**
 * Runs one of the user's saved workflows as the Combinations page does (a queued run of theirs,
 * in their history), and waits a bounded time for it: a long run is left running and the model
 * says where to follow it.
 */
@Injectable()
export class RunWorkflowTool implements Tool {
  readonly name = 'run_workflow';
  readonly description =
    "Runs one of the user's saved AI workflows (Combinations) with the given inputs and returns its final output. Name the workflow by its id or its exact name; if unsure, call it with a wrong name and the error lists the user's workflows and their inputs. Long runs return their run id; the user can follow them on the Combinations page.";
  readonly parameters = {
    type: 'object',
    properties: {
      workflow: { type: 'string', minLength: 1, maxLength: 120, description: 'The workflow id, or its exact name' },
      inputs: { type: 'object', additionalProperties: { type: ['string', 'number'] }, description: 'Values for the workflow inputs, by name, e.g. {"topic": "tides"}' },
    },
    required: ['workflow'],
    additionalProperties: false,
  };
  /** Waits up to two minutes for the run, plus the time to start it. */
  readonly timeoutMs = WAIT_MS + 30_000;

  constructor(
    private readonly workflows: CombinationsService,
    private readonly runs: CombinationRunsService,
  ) {}

  async run(args: Record<string, unknown>, context: ToolContext): Promise<ToolOutput> {
    const workflow = await this.workflows.resolve(context.user, String(args['workflow']).trim());
    const queued = await this.runs.execute(context.user, { workflowId: workflow.id, inputs: (args['inputs'] ?? {}) as Record<string, unknown> });
    const run = await this.waitFor(queued, context);
    if (run.status === 'failed' || run.status === 'cancelled') throw new Error(`The workflow "${workflow.name}" ${run.status}${run.error ? `: ${run.error}` : ''} (run ${run.id})`);
    if (run.status !== 'succeeded') {
      const done = run.steps.filter((step) => step.status === 'succeeded').length;
      const content = { status: run.status, runId: run.id, workflow: workflow.name, stepsDone: `${done} of ${run.steps.length}`, note: 'The workflow is still running; its result will be in the run history on the Combinations page.' };
      return { content: JSON.stringify(content), summary: `Workflow "${workflow.name}" still ${run.status} (${done} of ${run.steps.length} steps)`, summaryKey: 'workflowPending', params: { workflow: workflow.name, done, count: run.steps.length }, jobIds: run.jobId ? [run.jobId] : [] };
    }
    const output = run.output ?? '';
    const cut = output.length > MAX_OUTPUT_CHARS ? `${output.slice(0, MAX_OUTPUT_CHARS)}\n[... cut: ${output.length - MAX_OUTPUT_CHARS} more characters]` : output;
    // A workflow that reads the web carries other people's words into its output.
    const header = run.workflow.steps.some((step) => step.kind === 'http') ? untrustedLabel(`Output of the workflow "${workflow.name}", which read web content`) : `Output of the workflow "${workflow.name}"`;
    const mediaFileIds = run.steps.flatMap((step) => step.mediaFileIds);
    return {
      content: `${header} (run ${run.id}):\n\n${cut}`,
      summary: `Ran "${workflow.name}": ${run.steps.length} step${run.steps.length === 1 ? '' : 's'}${run.costUsd > 0 ? `, $${run.costUsd.toFixed(4)}` : ''}`,
      summaryKey: 'workflowRan',
      params: { workflow: workflow.name, count: run.steps.length, cost: run.costUsd > 0 ? `$${run.costUsd.toFixed(4)}` : '' },
      ...(mediaFileIds.length ? { mediaFileIds } : {}),
      ...(run.jobId ? { jobIds: [run.jobId] } : {}),
    };
  }

  private async waitFor(queued: WorkflowRunDto, context: ToolContext): Promise<WorkflowRunDto> {
    const deadline = Date.now() + WAIT_MS;
    let run = queued;
    while (!['succeeded', 'failed', 'cancelled'].includes(run.status) && Date.now() < deadline) {
      await sleep(POLL_MS, undefined, { signal: context.signal });
      run = await this.runs.get(context.user, run.id);
    }
    return run;
  }
}
