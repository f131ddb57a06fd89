import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { SocketServerEventName, WorkflowRunDto, WorkflowRunStepDto } from '../../api/models';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { CombinationRunStore } from './combination-run.store';

function runStep(stepId: string, position: number, options: Partial<WorkflowRunStepDto> = {}): WorkflowRunStepDto {
  return { stepId, kind: 'text', position, status: 'pending', reused: false, renderedInput: null, output: null, model: null, durationMs: null, inputTokens: 0, outputTokens: 0, costUsd: 0, error: null, mediaFileIds: [], startedAt: null, finishedAt: null, ...options };
}

function run(id: string, options: Partial<WorkflowRunDto> = {}): WorkflowRunDto {
  return {
    id,
    workflowId: null,
    workflowName: 'Three steps',
    status: 'queued',
    inputs: { topic: 'owls' },
    error: null,
    failedStepId: null,
    rerunOf: null,
    jobId: null,
    costUsd: 0,
    createdAt: '2026-12-06T10:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    workflow: { name: 'Three steps', steps: [] },
    steps: [runStep('draft', 0), runStep('critique', 1), runStep('final', 2)],
    output: null,
    inputTokens: 0,
    outputTokens: 0,
    ...options,
  };
}

describe('CombinationRunStore', () => {
  let http: HttpTestingController;
  let store: CombinationRunStore;
  let events: Record<string, Subject<unknown>>;

  beforeEach(() => {
    events = { 'combination.step': new Subject(), 'combination.delta': new Subject(), 'combination.run': new Subject() };
    const realtime = { on: (name: SocketServerEventName) => events[name]!.asObservable(), connected: signal(true) };
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), { provide: RealtimeService, useValue: realtime }, CombinationRunStore],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(CombinationRunStore);
  });

  afterEach(() => http.verify());

  function start(id = 'run-1'): void {
    store.execute({ workflowId: 'wf-1', inputs: { topic: 'owls' } }).subscribe();
    const request = http.expectOne('/api/combinations/execute');
    expect(request.request.body).toEqual({ workflowId: 'wf-1', inputs: { topic: 'owls' } });
    request.flush(run(id));
  }

  const step = (stepId: string, status: string, extra: object = {}, runId = 'run-1') => events['combination.step']!.next({ runId, stepId, status, ...extra });
  const delta = (stepId: string, text: string, runId = 'run-1') => events['combination.delta']!.next({ runId, stepId, text });
  const output = (stepId: string) => store.run()!.steps.find((s) => s.stepId === stepId)!;

  it('fills each step from its events: start, streamed text, end', () => {
    start();
    expect(store.running()).toBe(true);
    step('draft', 'running', { renderedInput: 'Write about owls' });
    delta('draft', 'Owls ');
    delta('draft', 'hunt at night.');
    expect(output('draft')).toMatchObject({ status: 'running', renderedInput: 'Write about owls', output: 'Owls hunt at night.' });
    expect(output('critique').status).toBe('pending');

    step('draft', 'succeeded', { output: 'Owls hunt at night.', model: 'local/webox-mini', durationMs: 40 });
    step('critique', 'running', { renderedInput: 'Critique: Owls hunt at night.' });
    delta('critique', 'Too short.');
    expect(output('draft')).toMatchObject({ status: 'succeeded', model: 'local/webox-mini', durationMs: 40 });
    expect(output('critique')).toMatchObject({ status: 'running', output: 'Too short.' });
    expect(output('final').output).toBeNull();
  });

  it('ignores the events of another run', () => {
    start();
    step('draft', 'running', { renderedInput: 'other' }, 'run-2');
    delta('draft', 'not mine', 'run-2');
    events['combination.run']!.next({ runId: 'run-2', status: 'failed', error: 'x', failedStepId: 'draft' });
    expect(output('draft')).toMatchObject({ status: 'pending', output: null, renderedInput: null });
    expect(store.run()!.status).toBe('queued');
  });

  it('keeps the events that arrive before the 202 and applies them to the run when it comes', () => {
    store.execute({ workflowId: 'wf-1' }).subscribe();
    step('draft', 'running', { renderedInput: 'early' });
    delta('draft', 'Fast ');
    const request = http.expectOne('/api/combinations/execute');
    request.flush(run('run-1'));
    expect(output('draft')).toMatchObject({ status: 'running', renderedInput: 'early', output: 'Fast ' });
  });

  it('a failed step keeps the earlier outputs; the end of the run fetches it once more for tokens and costs', () => {
    start();
    step('draft', 'succeeded', { output: 'A draft' });
    step('critique', 'failed', { error: 'The provider is down' });
    events['combination.run']!.next({ runId: 'run-1', status: 'failed', error: 'Step "critique" failed', failedStepId: 'critique' });
    expect(store.running()).toBe(false);
    expect(store.run()).toMatchObject({ status: 'failed', failedStepId: 'critique' });
    expect(output('draft').output).toBe('A draft');
    expect(output('critique').error).toBe('The provider is down');
    http.expectOne('/api/combinations/runs/run-1').flush(run('run-1', { status: 'failed', steps: [runStep('draft', 0, { status: 'succeeded', output: 'A draft', inputTokens: 5, outputTokens: 9 }), runStep('critique', 1, { status: 'failed' }), runStep('final', 2)] }));
    expect(output('draft').outputTokens).toBe(9);
  });

  it('re-runs from a step and follows the new run; cancel stops it', () => {
    start();
    events['combination.run']!.next({ runId: 'run-1', status: 'failed', error: 'x', failedStepId: 'critique' });
    http.expectOne('/api/combinations/runs/run-1').flush(run('run-1', { status: 'failed' }));

    store.rerun('critique').subscribe();
    const rerun = http.expectOne('/api/combinations/runs/run-1/rerun');
    expect(rerun.request.body).toEqual({ fromStepId: 'critique' });
    rerun.flush(run('run-2', { rerunOf: 'run-1', steps: [runStep('draft', 0, { status: 'succeeded', reused: true, output: 'A draft' }), runStep('critique', 1), runStep('final', 2)] }));
    expect(store.run()!.id).toBe('run-2');
    step('critique', 'running', {}, 'run-2');
    expect(output('critique').status).toBe('running');
    expect(output('draft')).toMatchObject({ reused: true, output: 'A draft' });

    store.cancel().subscribe();
    http.expectOne('/api/combinations/runs/run-2/cancel').flush(run('run-2', { status: 'cancelled' }));
    expect(store.running()).toBe(false);
  });
});
