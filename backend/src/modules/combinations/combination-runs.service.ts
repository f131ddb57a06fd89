import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth.decorators';
import { DomainError, notFound } from '../../common/domain-error';
import { skipTake } from '../../common/pagination';
import { JobsService } from '../../queue/jobs.service';
import { CombinationErrorCode } from './combinations.errors';
import { toRunDto, toRunSummaryDto } from './combinations.mapper';
import { CombinationsService } from './combinations.service';
import type { ExecuteWorkflowDto, WorkflowRunDto, WorkflowRunPageDto, WorkflowRunQueryDto } from './dto/run.dto';
import type { WorkflowDefinition } from './engine/workflow-definition';
import { RUN_ATTEMPTS, WorkflowRunner } from './engine/workflow-runner';
import { WorkflowChecks } from './workflow-checks.service';
import { WorkflowRun } from './workflow-run.entity';
import { WorkflowRunStep } from './workflow-run-step.entity';

/** Starting, following, cancelling and re-running workflow runs. */
@Injectable()
export class CombinationRunsService {
  constructor(
    @InjectRepository(WorkflowRun) private readonly runs: Repository<WorkflowRun>,
    @InjectRepository(WorkflowRunStep) private readonly steps: Repository<WorkflowRunStep>,
    private readonly dataSource: DataSource,
    private readonly workflows: CombinationsService,
    private readonly checks: WorkflowChecks,
    private readonly jobs: JobsService,
    private readonly runner: WorkflowRunner,
  ) {}

  /** Checks the workflow and the inputs (a 400 naming the step or the input), then queues the run. */
  async execute(user: AuthUser, dto: ExecuteWorkflowDto): Promise<WorkflowRunDto> {
    if (Boolean(dto.workflowId) === Boolean(dto.workflow)) {
      const message = 'Send either workflowId (a saved workflow) or workflow (one to run inline), not both and not neither';
      throw new DomainError('invalid', CombinationErrorCode.INVALID_WORKFLOW, message, [{ field: dto.workflowId ? 'workflow' : 'workflowId', message }]);
    }
    const { id, definition } = dto.workflowId ? await this.workflows.runnable(user, dto.workflowId) : { id: null, definition: await this.checks.definition(user, dto.workflow) };
    const inputs = await this.checks.inputs(user, definition, dto.inputs);
    return this.start(user, { workflowId: id, definition, inputs, rerunOf: null }, []);
  }

  async list(user: AuthUser, query: WorkflowRunQueryDto): Promise<WorkflowRunPageDto> {
    const [rows, total] = await this.runs.findAndCount({
      where: { ownerId: user.id, ...(query.workflowId ? { workflowId: query.workflowId } : {}), ...(query.status ? { status: query.status } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      ...skipTake(query),
    });
    return { items: rows.map(toRunSummaryDto), total, page: query.page, limit: query.limit };
  }

  async get(user: AuthUser, id: string): Promise<WorkflowRunDto> {
    const run = await this.owned(user, id);
    return toRunDto(run, await this.steps.findBy({ runId: run.id }));
  }

  /** Stops a queued or running run: the running steps' upstream requests are aborted, their outputs so far dropped. */
  async cancel(user: AuthUser, id: string): Promise<WorkflowRunDto> {
    const run = await this.owned(user, id);
    if (!['queued', 'running'].includes(run.status)) throw new DomainError('conflict', CombinationErrorCode.RUN_FINISHED, `The run is already ${run.status}; only queued or running runs can be cancelled`);
    if (run.jobId) await this.jobs.cancel(run.jobId, user.id).catch(() => undefined);
    await this.runner.markCancelled(run);
    return this.get(user, id);
  }

  /**
   * A new run of the same workflow and inputs that starts at `fromStepId`: the steps before it
   * keep the outputs they had (marked `reused`), which must therefore all have succeeded.
   */
  async rerun(user: AuthUser, id: string, fromStepId: string): Promise<WorkflowRunDto> {
    const source = await this.owned(user, id);
    if (['queued', 'running'].includes(source.status)) throw new DomainError('conflict', CombinationErrorCode.INVALID_RERUN, `The run is still ${source.status}: cancel it or wait for it to end before re-running it`);
    const from = source.definition.steps.findIndex((step) => step.id === fromStepId);
    const invalid = (message: string) => new DomainError('invalid', CombinationErrorCode.INVALID_RERUN, message, [{ field: 'fromStepId', message }]);
    if (from < 0) throw invalid(`The workflow has no step "${fromStepId}" (its steps: ${source.definition.steps.map((step) => step.id).join(', ')})`);
    const rows = new Map((await this.steps.findBy({ runId: source.id })).map((row) => [row.stepId, row]));
    const kept = source.definition.steps.slice(0, from);
    const unfinished = kept.find((step) => rows.get(step.id)?.status !== 'succeeded');
    if (unfinished) throw invalid(`Step "${unfinished.id}" comes before "${fromStepId}" and did not succeed in this run: re-run from "${unfinished.id}"`);
    return this.start(user, { workflowId: source.workflowId, definition: source.definition, inputs: source.inputs, rerunOf: source.id }, kept.map((step) => rows.get(step.id)!));
  }

  /** Writes the run and its steps (the reused ones finished already), then queues its job. */
  private async start(user: AuthUser, run: { workflowId: string | null; definition: WorkflowDefinition; inputs: Record<string, string | number>; rerunOf: string | null }, reused: WorkflowRunStep[]): Promise<WorkflowRunDto> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const row = await manager.getRepository(WorkflowRun).save(
        manager.getRepository(WorkflowRun).create({ ownerId: user.id, workflowId: run.workflowId, workflowName: run.definition.name, definition: run.definition, inputs: run.inputs, status: 'queued', rerunOf: run.rerunOf, costUsd: 0 }),
      );
      const byId = new Map(reused.map((step) => [step.stepId, step]));
      await manager.getRepository(WorkflowRunStep).insert(
        run.definition.steps.map((step, position) => {
          const earlier = byId.get(step.id);
          const common = { runId: row.id, stepId: step.id, position, kind: step.kind, mediaFileIds: [] as string[], inputTokens: 0, outputTokens: 0, costUsd: 0 };
          if (!earlier) return { ...common, status: 'pending' as const, reused: false };
          // The output is carried over, not paid for again: tokens and cost stay with the run that made it.
          const { renderedInput, output, model, durationMs, mediaFileIds, startedAt, finishedAt } = earlier;
          return { ...common, status: 'succeeded' as const, reused: true, renderedInput, output, model, durationMs, mediaFileIds, startedAt, finishedAt };
        }),
      );
      return row;
    });
    try {
      const job = await this.jobs.enqueue('combinations.run', { runId: saved.id, actor: { id: user.id, email: user.email, role: user.role } }, { ownerId: user.id, maxAttempts: RUN_ATTEMPTS });
      await this.runs.update({ id: saved.id }, { jobId: job.id });
    } catch (error) {
      await this.runs.update({ id: saved.id }, { status: 'failed', error: (error as Error).message, finishedAt: new Date() });
      throw error;
    }
    return this.get(user, saved.id);
  }

  private async owned(user: AuthUser, id: string): Promise<WorkflowRun> {
    const run = await this.runs.findOneBy({ id, ownerId: user.id });
    if (!run) throw notFound(CombinationErrorCode.RUN_NOT_FOUND, 'Run');
    return run;
  }
}
