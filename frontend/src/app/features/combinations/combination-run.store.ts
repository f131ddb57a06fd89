import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, tap } from 'rxjs';
import type { CombinationDeltaEventDto, CombinationRunEventDto, CombinationStepEventDto, ExecuteWorkflowDto, WorkflowRunDto, WorkflowRunStepDto } from '../../api/models';
import { CombinationsService } from '../../api/services';
import { RealtimeService } from '../../core/realtime/realtime.service';

type RunEvent = { name: 'step'; payload: CombinationStepEventDto } | { name: 'delta'; payload: CombinationDeltaEventDto } | { name: 'run'; payload: CombinationRunEventDto };

const FINAL = new Set<WorkflowRunDto['status']>(['succeeded', 'failed', 'cancelled']);

export function isFinalRun(status: WorkflowRunDto['status']): boolean {
  return FINAL.has(status);
}

/** A step event applied to a run's step: a start clears the old output, an end sets it whole. */
export function applyStepEvent(step: WorkflowRunStepDto, event: CombinationStepEventDto): WorkflowRunStepDto {
  const next: WorkflowRunStepDto = { ...step, status: event.status };
  if (event.status === 'running') {
    next.output = '';
    next.error = null;
    next.reused = false;
    if (event.renderedInput !== undefined) next.renderedInput = event.renderedInput;
  }
  if (event.output !== undefined) next.output = event.output;
  if (event.model !== undefined) next.model = event.model;
  if (event.durationMs !== undefined) next.durationMs = event.durationMs;
  if (event.error !== undefined) next.error = event.error;
  return next;
}

/** Applies one socket event to the run it names (other runs' events leave it as it is). */
export function applyRunEvent(run: WorkflowRunDto, event: RunEvent): WorkflowRunDto {
  if (event.payload.runId !== run.id) return run;
  switch (event.name) {
    case 'step':
      return { ...run, steps: run.steps.map((step) => (step.stepId === event.payload.stepId ? applyStepEvent(step, event.payload) : step)) };
    case 'delta':
      return { ...run, steps: run.steps.map((step) => (step.stepId === event.payload.stepId ? { ...step, output: (step.output ?? '') + event.payload.text } : step)) };
    case 'run':
      return { ...run, status: event.payload.status, error: event.payload.error, failedStepId: event.payload.failedStepId };
  }
}

/**
 * The run shown on the page, kept live by the server's `combination.step`, `combination.delta`
 * and `combination.run` events; events that arrive before the run's 202 are kept and applied then.
 * A run that ends is fetched once more for its tokens, costs and media.
 */
@Injectable()
export class CombinationRunStore {
  private readonly api = inject(CombinationsService);
  private readonly realtime = inject(RealtimeService);

  readonly run = signal<WorkflowRunDto | null>(null);
  readonly running = computed(() => {
    const run = this.run();
    return !!run && !isFinalRun(run.status);
  });
  /** Events received while a run is being started, by run id. */
  private readonly early = new Map<string, RunEvent[]>();
  private starting = 0;

  constructor() {
    this.realtime.on('combination.step').pipe(takeUntilDestroyed()).subscribe((payload) => this.onEvent({ name: 'step', payload }));
    this.realtime.on('combination.delta').pipe(takeUntilDestroyed()).subscribe((payload) => this.onEvent({ name: 'delta', payload }));
    this.realtime.on('combination.run').pipe(takeUntilDestroyed()).subscribe((payload) => this.onEvent({ name: 'run', payload }));
  }

  execute(body: ExecuteWorkflowDto): Observable<WorkflowRunDto> {
    return this.started(this.api.executeCombination({ body }));
  }

  rerun(fromStepId: string): Observable<WorkflowRunDto> {
    const id = this.run()?.id ?? '';
    return this.started(this.api.rerunWorkflowRun({ id, body: { fromStepId } }));
  }

  cancel(): Observable<WorkflowRunDto> {
    const id = this.run()?.id ?? '';
    return this.api.cancelWorkflowRun({ id }).pipe(tap((run) => this.show(run)));
  }

  /** Shows a run from the history (and follows it if it is still going). */
  open(id: string): Observable<WorkflowRunDto> {
    return this.api.getWorkflowRun({ id }).pipe(tap((run) => this.show(run)));
  }

  clear(): void {
    this.run.set(null);
  }

  /** Applies a socket event (public for the tests, which play the server's part). */
  onEvent(event: RunEvent): void {
    const run = this.run();
    if (run && run.id === event.payload.runId) {
      const next = applyRunEvent(run, event);
      this.run.set(next);
      if (event.name === 'run' && isFinalRun(event.payload.status)) this.refresh(run.id);
      return;
    }
    if (this.starting > 0) {
      const list = this.early.get(event.payload.runId) ?? [];
      list.push(event);
      this.early.set(event.payload.runId, list);
    }
  }

  private started(request: Observable<WorkflowRunDto>): Observable<WorkflowRunDto> {
    this.starting++;
    return new Observable<WorkflowRunDto>((subscriber) =>
      request.subscribe({
        next: (run) => {
          this.starting--;
          this.show(run);
          subscriber.next(run);
        },
        error: (error: unknown) => {
          this.starting--;
          subscriber.error(error);
        },
        complete: () => subscriber.complete(),
      }),
    );
  }

  private show(run: WorkflowRunDto): void {
    let current = run;
    for (const event of this.early.get(run.id) ?? []) current = applyRunEvent(current, event);
    this.early.delete(run.id);
    if (this.starting === 0) this.early.clear();
    this.run.set(current);
    if (isFinalRun(current.status) && !isFinalRun(run.status)) this.refresh(run.id);
  }

  private refresh(id: string): void {
    this.api.getWorkflowRun({ id }).subscribe({ next: (run) => this.run()?.id === id && this.run.set(run), error: () => undefined });
  }
}
