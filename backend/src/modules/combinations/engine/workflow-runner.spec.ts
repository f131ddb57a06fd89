import type { Repository } from 'typeorm';
import type { EventBus } from '../../../events/event-bus';
import type { JobContext } from '../../../queue/jobs.service';
import type { RealtimeGateway } from '../../../realtime/realtime.gateway';
import type { CombinationStepsRepository, StepEnd } from '../combination-steps.repository';
import type { WorkflowRun } from '../workflow-run.entity';
import type { WorkflowRunStep } from '../workflow-run-step.entity';
import type { StepExecutors, StepOutcome } from './step-executors';
import type { WorkflowStep } from './workflow-definition';
import { RUNNING_MARK_AFTER_MS, WorkflowRunner } from './workflow-runner';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The runner's writes, in order, against collaborators that record them (the SQL itself runs in the
 * combinations e2e suite, on PGlite and PostgreSQL): what a step writes and when, which is what a
 * crash or a cancel relies on.
 */
describe('WorkflowRunner: the writes of a step', () => {
  const RUN_ID = 'run-1';
  let log: string[];
  let finishing: Map<string, () => Promise<void>>;
  let stepTimes: Record<string, number>;

  function setUp(steps: WorkflowStep[]) {
    const fail = new Set<string>();
    log = [];
    finishing = new Map();
    const run = { id: RUN_ID, ownerId: 'owner-1', status: 'queued', startedAt: null, definition: { name: 'W', inputs: [{ name: 'x', type: 'text' }], steps }, inputs: { x: 'go' }, workflowId: null, workflowName: 'W', error: null, failedStepId: null } as unknown as WorkflowRun;
    const runs = {
      findOneBy: async () => run,
      update: async (_where: unknown, changes: Partial<WorkflowRun>) => {
        log.push(`run ${changes.status}`);
        return { affected: 1 };
      },
    } as unknown as Repository<WorkflowRun>;
    const stepRows = { findBy: async () => steps.map((step) => ({ stepId: step.id, status: 'pending' })) } as unknown as Repository<WorkflowRunStep>;
    const writes = {
      markRunning: async (_runId: string, stepId: string, renderedInput: string) => {
        log.push(`mark ${stepId} (${renderedInput})`);
        await sleep(5);
        log.push(`marked ${stepId}`);
      },
      finish: async (_runId: string, stepId: string, end: StepEnd) => {
        log.push(`finish ${stepId} ${end.status} (${end.renderedInput}) $${end.costUsd}`);
        await (finishing.get(stepId)?.() ?? Promise.resolve());
        log.push(`finished ${stepId}`);
        return true;
      },
    } as unknown as CombinationStepsRepository;
    const executors = {
      run: async (step: WorkflowStep, input: { input: string; onText(text: string): void }): Promise<StepOutcome> => {
        log.push(`call ${step.id}`);
        // A step that answers at once does so without a timer: its end comes before any timer can fire.
        if (stepTimes[step.id]) await sleep(stepTimes[step.id]!);
        if (fail.has(step.id)) throw new Error('the vendor said no');
        input.onText(`${step.id} out`);
        return { output: `${step.id} out`, model: 'openai/gpt-4o-mini', usage: { inputTokens: 1, outputTokens: 2 }, costUsd: 0.5 };
      },
    } as unknown as StepExecutors;
    const gateway = { emitToUser: (_owner: string, event: string, data: { stepId?: string; status?: string }) => event === 'combination.step' && log.push(`event ${data.stepId} ${data.status}`) } as unknown as RealtimeGateway;
    const events = { publish: () => undefined } as unknown as EventBus;
    const runner = new WorkflowRunner(runs, stepRows, writes, executors, gateway, events);
    const job = {
      id: 'job-1',
      name: 'combinations.run',
      ownerId: 'owner-1',
      payload: { runId: RUN_ID, actor: { id: 'owner-1', email: 'a@example.test', role: 'user' } },
      attempt: 1,
      signal: new AbortController().signal,
      progress: async (percent: number, _step?: string, cost?: number) => void log.push(`progress ${percent} $${cost ?? 0}`),
      addCost: async () => undefined,
    } as unknown as JobContext<'combinations.run'>;
    return { run: () => runner.run(job), fail };
  }

  const text = (id: string, prompt: string): WorkflowStep => ({ id, kind: 'text', model: 'openai/gpt-4o-mini', prompt });

  beforeEach(() => {
    stepTimes = {};
  });

  it('writes a step that answers at once once, at its end, with its input; the job hears its cost with the progress', async () => {
    const { run } = setUp([text('a', 'Say {{inputs.x}}')]);
    await run();
    expect(log).toEqual(['run running', 'event a running', 'call a', 'finish a succeeded (Say go) $0.5', 'finished a', 'event a succeeded', 'progress 100 $0.5', 'run succeeded']);
  });

  it('marks a step still going after RUNNING_MARK_AFTER_MS running while it works, and writes its end after the mark', async () => {
    stepTimes = { slow: RUNNING_MARK_AFTER_MS + 60 };
    const { run } = setUp([text('slow', 'Think about {{inputs.x}}')]);
    await run();
    expect(log).toEqual(['run running', 'event slow running', 'call slow', 'mark slow (Think about go)', 'marked slow', 'finish slow succeeded (Think about go) $0.5', 'finished slow', 'event slow succeeded', 'progress 100 $0.5', 'run succeeded']);
  });

  it('starts the next step on the output at once, writes the rows in order, and says a step finished only once it is stored', async () => {
    const { run } = setUp([text('a', 'A {{inputs.x}}'), text('b', 'B {{input}}')]);
    // Step a's row is slow to land: b runs meanwhile, but b's row waits for a's.
    let land!: () => void;
    finishing.set('a', () => new Promise<void>((resolve) => (land = resolve)));
    const done = run();
    await sleep(30);
    expect(log).toEqual(['run running', 'event a running', 'call a', 'finish a succeeded (A go) $0.5', 'event b running', 'call b']);
    land();
    await done;
    const at = (entry: string) => log.indexOf(entry);
    expect(at('finished a')).toBeLessThan(at('event a succeeded'));
    expect(at('finished a')).toBeLessThan(at('progress 50 $0.5'));
    expect(at('finished a')).toBeLessThan(at('finish b succeeded (B a out) $0.5'));
    expect(log.slice(-4)).toEqual(['finished b', 'event b succeeded', 'progress 100 $0.5', 'run succeeded']);
  });

  it('writes a failed step once, with its input and its reason, and fails the run naming it', async () => {
    const { run, fail } = setUp([text('a', 'A {{inputs.x}}'), text('bad', 'B {{input}}'), text('never', 'C {{input}}')]);
    fail.add('bad');
    await expect(run()).rejects.toThrow('Step "bad" failed: the vendor said no');
    expect(log).toContain('finish bad failed (B a out) $0');
    expect(log).toContain('event bad failed');
    expect(log.filter((entry) => entry.includes('never'))).toEqual([]);
    expect(log.at(-1)).toBe('run failed');
    expect(log.indexOf('finished a')).toBeLessThan(log.indexOf('run failed'));
  });
});
