import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { AuthUser, Role } from '../../../common/auth.decorators';
import { redactSecrets } from '../../../common/redact';
import { EventBus } from '../../../events/event-bus';
import type { JobContext } from '../../../queue/jobs.service';
import { PermanentJobError } from '../../../queue/queue-driver';
import { RealtimeGateway } from '../../../realtime/realtime.gateway';
import { TextCoalescer } from '../../../realtime/text-coalescer';
import { WorkflowRun } from '../workflow-run.entity';
import { WorkflowRunStep } from '../workflow-run-step.entity';
import { CombinationStepsRepository, StepEnd } from '../combination-steps.repository';
import { StepExecutors } from './step-executors';
import { batchesOf, mergeSources, WorkflowStep } from './workflow-definition';
import { renderTemplate, TemplateScope } from './workflow-template';

/** How often a run's job is tried: a second attempt only after a failure of Webox itself (a failed step is final). */
export const RUN_ATTEMPTS = 2;

/**
 * A step still going after this long has its `running` mark (and rendered input) written to its
 * row; one that ends sooner is written once, at its end. The socket hears of its start at once
 * either way; a page that reads the run in between sees the step pending.
 */
export const RUNNING_MARK_AFTER_MS = 100;

declare module '../../../queue/job-types' {
  interface JobPayloads {
    /** A workflow run: its row holds the workflow, the inputs and each step's result. */
    'combinations.run': { runId: string; actor: { id: string; email: string; role: Role } };
  }
}

/**
 * Runs a workflow run, batch by batch (a step, or a parallel group at once). Each step's row is
 * written when it ends (behind the next batch, in order), and when it starts too if it runs for
 * longer than RUNNING_MARK_AFTER_MS, so a run that a dead worker leaves behind resumes from the steps
 * that had not finished: a finished step never runs twice. A failed step fails the run
 * with its reason, the outputs before it kept; a cancel aborts the running steps' upstream requests.
 */
@Injectable()
export class WorkflowRunner {
  private readonly logger = new Logger('Combinations');

  constructor(
    @InjectRepository(WorkflowRun) private readonly runs: Repository<WorkflowRun>,
    @InjectRepository(WorkflowRunStep) private readonly steps: Repository<WorkflowRunStep>,
    private readonly stepRows: CombinationStepsRepository,
    private readonly executors: StepExecutors,
    private readonly gateway: RealtimeGateway,
    private readonly events: EventBus,
  ) {}

  /** The job's processor. A failure of Webox itself (not of a step) is retried once, then fails the run clearly. */
  async run(job: JobContext<'combinations.run'>): Promise<Record<string, unknown> | void> {
    try {
      return await this.resume(job);
    } catch (error) {
      if (!(error instanceof PermanentJobError) && job.attempt >= RUN_ATTEMPTS && !job.signal.aborted) {
        const message = `The run stopped: ${redactSecrets(error instanceof Error ? error.message : String(error))}`;
        const run = await this.runs.findOneBy({ id: job.payload.runId });
        await this.runs.update({ id: job.payload.runId, status: In(['queued', 'running']) }, { status: 'failed', error: message, finishedAt: new Date() });
        if (run) this.announceRun(run.ownerId, { ...run, status: 'failed', error: message });
      }
      throw error;
    }
  }

  /** Runs what is left of a run: steps that already succeeded (before a crash, or reused by a re-run) are skipped. */
  private async resume(job: JobContext<'combinations.run'>): Promise<Record<string, unknown> | void> {
    const { runId, actor } = job.payload;
    const user: AuthUser = { ...actor, sessionId: `combination-run:${runId}` };
    const [run, stepRows] = await Promise.all([this.runs.findOneBy({ id: runId }), this.steps.findBy({ runId })]);
    if (!run || !['queued', 'running'].includes(run.status)) return;
    // The run's `running` mark is not waited for before its first step: every later write of the run
    // matches on status 'running' and waits for it first (a cancel that lands before it wins: the mark
    // matches a queued or running run only).
    const started = this.runs.update({ id: run.id, status: In(['queued', 'running']) }, { status: 'running', startedAt: run.startedAt ?? new Date(), error: null }).then(() => undefined);
    started.catch(() => undefined); // awaited below; meanwhile not an "unhandled" rejection
    this.announceRun(run.ownerId, { ...run, status: 'running' });

    const rows = new Map(stepRows.map((row) => [row.stepId, row]));
    const { definition } = run;
    const outputs: Record<string, string> = {};
    for (const row of rows.values()) if (row.status === 'succeeded') outputs[row.stepId] = row.output ?? '';
    const firstInput = definition.inputs[0];
    let previous = firstInput ? String(run.inputs[firstInput.name] ?? '') : '';
    const batches = batchesOf(definition.steps);
    // One progress write at a time, in order, each after its batch's rows (with their cost for the
    // job's total); awaited before the run ends (a failed write fails the attempt as before).
    let progress: Promise<void> = started;
    // The finished steps' rows, written behind the next batch and in order (see `runStep`); awaited
    // before the run ends or fails, so a failed write fails the attempt as before.
    let recorded: Promise<void> = started;

    for (const [index, batch] of batches.entries()) {
      if (job.signal.aborted) return;
      const scope: TemplateScope = { input: previous, inputs: run.inputs, steps: outputs };
      const after = recorded;
      const results = await Promise.all(batch.map((step) => (rows.get(step.id)?.status === 'succeeded' ? Promise.resolve<StepResult>({ ok: true }) : this.runStep(run, step, scope, user, job, after))));
      recorded = Promise.all(results.map((result) => result.recorded ?? after)).then(() => undefined);
      recorded.catch(() => undefined); // handled where it is awaited
      if (job.signal.aborted) return;
      const position = results.findIndex((result) => !result.ok);
      const failed = batch[position];
      if (failed) {
        await Promise.all([progress, recorded]);
        const error = `Step "${failed.id}" failed: ${results[position]!.error ?? 'the step failed'}`;
        await this.runs.update({ id: run.id, status: 'running' }, { status: 'failed', error, failedStepId: failed.id, finishedAt: new Date() });
        this.announceRun(run.ownerId, { ...run, status: 'failed', error, failedStepId: failed.id });
        throw new PermanentJobError(error);
      }
      previous = batch.map((step) => outputs[step.id] ?? '').join('\n\n');
      // Progress is news, not state (the step rows are): the next batch does not wait for its write,
      // which follows the batch's rows (it never says more than what is stored) and carries their cost.
      const percent = Math.round((100 * (index + 1)) / batches.length);
      const costUsd = results.reduce((sum, result) => sum + (result.costUsd ?? 0), 0);
      progress = Promise.all([progress, recorded]).then(() => job.progress(percent, `${index + 1} of ${batches.length} done`, costUsd));
      progress.catch(() => undefined); // handled where it is awaited; meanwhile not an "unhandled" rejection
    }
    await Promise.all([progress, recorded]);
    if (job.signal.aborted) return;
    const output = previous.slice(0, 2_000);
    const { affected } = await this.runs.update({ id: run.id, status: 'running' }, { status: 'succeeded', finishedAt: new Date() });
    if (affected) this.announceRun(run.ownerId, { ...run, status: 'succeeded', error: null, failedStepId: null }, output);
    return { runId: run.id, output };
  }

  /**
   * One step, start to end; `ok` when it succeeded (its output is then in `scope.steps`, for the next
   * batch to start at once). A succeeded step's row is written behind, after `after` (the earlier
   * steps' rows), and `recorded` settles when it is: the database never shows a step finished before
   * the steps it read, so a crash before the write leaves it (and every later step) unfinished, to run
   * again on resume. Its `succeeded` event waits for the write: what the page shows as finished is
   * stored, and a finished step never runs twice.
   */
  private async runStep(run: WorkflowRun, step: WorkflowStep, scope: TemplateScope, user: AuthUser, job: JobContext, after: Promise<void>): Promise<StepResult> {
    const render = (template: string | undefined) => (template === undefined ? '' : renderTemplate(template, scope));
    const input = step.kind === 'transform' && step.transform?.operation !== 'template' ? render(step.prompt ?? '{{input}}') : step.kind === 'http' ? render(step.http!.url) : step.kind === 'pipedream' ? render(step.pipedream!.workflow) : render(step.prompt);
    // A pipedream step is a JSON POST too: its workflow and body ride in the same rendered request.
    const http = step.http
      ? { url: input, headers: Object.fromEntries(Object.entries(step.http.headers ?? {}).map(([name, value]) => [name, render(value)])), ...(step.http.body !== undefined ? { body: render(step.http.body) } : {}) }
      : step.pipedream
        ? { url: input, headers: {}, body: render(step.pipedream.body ?? '{}') }
        : undefined;
    const sources = step.kind === 'merge' ? mergeSources(run.definition.steps, step).map((id) => ({ label: this.labelOf(run, id), output: scope.steps[id] ?? '' })) : undefined;
    const renderedInput = step.kind === 'http' ? `${step.http!.method ?? 'GET'} ${input}${http?.body ? `\n\n${http.body}` : ''}` : step.kind === 'pipedream' ? `Pipedream ${input}\n\n${http?.body ?? '{}'}` : input;
    const startedAt = new Date();
    const started = startedAt.getTime();
    const base = { runId: run.id, stepId: step.id };
    // The running mark is written only if the step is still going after RUNNING_MARK_AFTER_MS, and
    // then while it works: the step's end is written once either way, with its rendered input and
    // start, and waits for the mark if one was sent. A crash before the end is written leaves the step
    // pending or running, so it runs again on resume, which is right: it had not finished. The mark and
    // the end skip a cancelled row, so a cancel that lands first keeps the step cancelled.
    let marking: Promise<void> | undefined;
    const markTimer = setTimeout(() => {
      marking = this.stepRows.markRunning(run.id, step.id, renderedInput, startedAt);
      marking.catch(() => undefined); // awaited before the end is written; meanwhile not "unhandled"
    }, RUNNING_MARK_AFTER_MS);
    const marked = () => {
      clearTimeout(markTimer);
      return marking ?? Promise.resolve();
    };
    this.gateway.emitToUser(run.ownerId, 'combination.step', { ...base, status: 'running', renderedInput });
    const deltas = new TextCoalescer((text) => this.gateway.emitToUser(run.ownerId, 'combination.delta', { ...base, text }));
    try {
      const outcome = await this.executors.run(step, {
        user,
        job,
        signal: job.signal,
        outputKey: `combination-${run.id}-${step.id}`,
        input,
        ...(step.settings?.systemPrompt ? { system: render(step.settings.systemPrompt) } : {}),
        ...(http ? { http } : {}),
        ...(sources ? { sources } : {}),
        onText: (text) => deltas.push(text),
      });
      deltas.flush();
      const mark = marked();
      if (job.signal.aborted) return { ok: false };
      const durationMs = Date.now() - started;
      const end: StepEnd = {
        status: 'succeeded',
        renderedInput,
        startedAt,
        finishedAt: new Date(),
        durationMs,
        output: outcome.output,
        model: outcome.model ?? null,
        inputTokens: outcome.usage?.inputTokens ?? 0,
        outputTokens: outcome.usage?.outputTokens ?? 0,
        costUsd: outcome.costUsd,
        mediaFileIds: outcome.mediaFileIds ?? [],
        error: null,
      };
      const recorded = (async () => {
        await Promise.all([after, mark]);
        // The row and the run's cost in one statement; the job's cost rides with the batch's progress write.
        if (!(await this.stepRows.finish(run.id, step.id, end))) {
          // Not open any more: cancelled meanwhile (the signal says so), or ended by another attempt.
          if (job.signal.aborted) return;
          throw new Error(`step "${step.id}" changed while it ran; its result was not recorded`);
        }
        this.gateway.emitToUser(run.ownerId, 'combination.step', { ...base, status: 'succeeded', output: outcome.output, durationMs, ...(outcome.model ? { model: outcome.model } : {}) });
      })();
      recorded.catch(() => undefined); // awaited by the run; meanwhile not an "unhandled" rejection
      (scope.steps as Record<string, string>)[step.id] = outcome.output;
      return { ok: true, recorded, costUsd: outcome.costUsd };
    } catch (error) {
      deltas.flush();
      const mark = marked();
      if (job.signal.aborted) return { ok: false };
      const message = describeFailure(error);
      this.logger.warn(`Run ${run.id}, step ${step.id}: ${message}`);
      await mark;
      const finishedAt = new Date();
      const end: StepEnd = { status: 'failed', renderedInput, startedAt, finishedAt, durationMs: finishedAt.getTime() - started, output: null, model: null, inputTokens: 0, outputTokens: 0, costUsd: 0, mediaFileIds: [], error: message };
      await this.stepRows.finish(run.id, step.id, end);
      this.gateway.emitToUser(run.ownerId, 'combination.step', { ...base, status: 'failed', error: message });
      return { ok: false, error: message };
    }
  }

  private labelOf(run: WorkflowRun, stepId: string): string {
    const step = run.definition.steps.find((candidate) => candidate.id === stepId);
    return [step?.name ?? stepId, step?.model].filter(Boolean).join(', ');
  }

  /** Tells the owner's sockets; a run that ended is also published on the event bus. */
  private announceRun(ownerId: string, run: Pick<WorkflowRun, 'id' | 'status' | 'error' | 'failedStepId' | 'workflowId' | 'workflowName'>, output: string | null = null): void {
    this.gateway.emitToUser(ownerId, 'combination.run', { runId: run.id, status: run.status, error: run.error, failedStepId: run.failedStepId });
    if (run.status !== 'succeeded' && run.status !== 'failed' && run.status !== 'cancelled') return;
    this.events.publish('combination.completed', {
      userId: ownerId,
      runId: run.id,
      workflowId: run.workflowId,
      workflowName: run.workflowName,
      status: run.status,
      error: run.error,
      failedStepId: run.failedStepId,
      output,
      occurredAt: new Date().toISOString(),
    });
  }

  /** Marks a run cancelled, with its unfinished steps (the job's signal stops what runs). */
  async markCancelled(run: WorkflowRun): Promise<void> {
    await this.runs.update({ id: run.id, status: In(['queued', 'running']) }, { status: 'cancelled', finishedAt: new Date() });
    await this.steps.update({ runId: run.id, status: In(['pending', 'running']) }, { status: 'cancelled', finishedAt: new Date() });
    this.announceRun(run.ownerId, { ...run, status: 'cancelled' });
  }
}

/** How a step ended: `recorded` settles once a succeeded step's row (and the run's cost) is written. */
interface StepResult {
  ok: boolean;
  recorded?: Promise<void>;
  /** What a succeeded step cost (the job's total takes it with the batch's progress). */
  costUsd?: number;
  /** Why a failed step failed, as its row says. */
  error?: string;
}

/** What the user reads of a step's failure: the vendor's, the guard's or Webox's own words (secrets redacted), never a stack. */
function describeFailure(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}
