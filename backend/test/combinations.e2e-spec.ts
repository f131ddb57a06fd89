import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { startProviderEmulator, type ProviderEmulator } from './support/provider-emulator';
import { emulatedChatVendors, registerUser, startTestApp, TestApp, testMode, TestUser } from './support/test-app';
import { startWorkerProcess } from './support/worker-process';

/**
 * AI combinations over real HTTP (issue 25): workflows saved and run as queued jobs against the
 * provider emulator and the offline model, step by step over the socket; parallel groups and merge;
 * every 400 at save and at execute; a provider failure at step 3 of 5 and the re-run from it;
 * cancel aborting the upstream request; another user's workflow or run; the http step's guard.
 */

const GPT = 'openai/gpt-4o-mini';
const CLAUDE = 'anthropic/claude-haiku-4-5';
const GEMINI = 'google/gemini-2.5-flash';
const LOCAL = 'local/webox-mini';

interface RunStep {
  stepId: string;
  status: string;
  reused: boolean;
  renderedInput: string | null;
  output: string | null;
  model: string | null;
  durationMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}
interface Run {
  id: string;
  status: string;
  error: string | null;
  failedStepId: string | null;
  rerunOf: string | null;
  output: string | null;
  costUsd: number;
  jobId: string | null;
  steps: RunStep[];
}

const text = (id: string, prompt: string, model = GPT, extra: Record<string, unknown> = {}) => ({ id, kind: 'text', model, prompt, ...extra });

const step = (run: Run, id: string) => run.steps.find((s) => s.stepId === id)!;
const fetchRunOf = async (app: TestApp, user: TestUser, id: string) => (await app.http().get(`/api/combinations/runs/${id}`).set(user.auth).expect(200)).body as Run;

type SocketEvent = { event: string; data: { runId: string; stepId?: string; status?: string; text?: string } };

/** The user's socket on that instance, connected, and every event it receives. */
async function listen(app: TestApp, user: TestUser): Promise<{ socket: Socket; events: SocketEvent[] }> {
  const socket: Socket = io(app.url, { path: '/socket.io', auth: { token: user.accessToken }, transports: ['websocket'], reconnection: false });
  const events: SocketEvent[] = [];
  socket.onAny((event: string, data: SocketEvent['data']) => events.push({ event, data }));
  await new Promise<void>((resolve, reject) => socket.on('connect', () => resolve()).on('connect_error', reject));
  return { socket, events };
}

/** Each step's start, its streamed text (which adds up to its output) and its end reached the socket, then the run's success. */
function expectLiveSteps(events: SocketEvent[], run: Run, stepIds: string[]): void {
  const mine = events.filter((e) => e.data?.runId === run.id);
  for (const id of stepIds) {
    const ofStep = mine.filter((e) => e.data.stepId === id);
    expect(ofStep[0]).toMatchObject({ event: 'combination.step', data: { status: 'running' } });
    expect(ofStep.filter((e) => e.event === 'combination.delta').map((e) => e.data.text).join('').trim()).toBe(step(run, id).output);
    expect(ofStep.at(-1)).toMatchObject({ event: 'combination.step', data: { status: 'succeeded' } });
  }
  expect(mine.filter((e) => e.event === 'combination.run').at(-1)).toMatchObject({ data: { status: 'succeeded' } });
}

async function settledRun(app: TestApp, user: TestUser, id: string, timeoutMs = 30_000): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await fetchRunOf(app, user, id);
    if (['succeeded', 'failed', 'cancelled'].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${id} still ${run.status}: ${JSON.stringify(run.steps.map((s) => [s.stepId, s.status]))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('combinations', () => {
  let app: TestApp;
  let emulator: ProviderEmulator;
  let site: Server;
  let siteUrl: string;
  let ada: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    // A loopback site the operator allow-listed: what an http step may read, and the caps it meets.
    site = createServer((request, response) => {
      if (request.url === '/data.json') return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ article: { title: 'Tides', body: 'The moon pulls the sea.' } }));
      if (request.url === '/big') return void response.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(1_200_000));
      if (request.url === '/slow') return void setTimeout(() => response.writeHead(200).end('late'), 5_000).unref();
      if (request.url === '/to-private') return void response.writeHead(302, { location: 'http://10.0.0.1/' }).end();
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const port = (site.address() as AddressInfo).port;
    siteUrl = `http://127.0.0.1:${port}`;
    app = await startTestApp({
      ...emulatedChatVendors(emulator),
      WEBOX_LOCAL_TOKEN_DELAY_MS: '0',
      WEBOX_FETCH_ALLOWLIST: `127.0.0.1:${port}`,
      WEBOX_COMBINATION_HTTP_TIMEOUT_MS: '1000',
      WEBOX_JOBS_PER_USER: '4',
    });
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
  }, 90_000);
  afterEach(() => emulator.reset());
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    site?.close();
  });

  const post = (user: TestUser, path: string, body: unknown) => app.http().post(`/api/combinations/${path}`).set(user.auth).send(body as object);
  const execute = (user: TestUser, body: Record<string, unknown>) => post(user, 'execute', body);
  const settled = (user: TestUser, id: string, timeoutMs?: number) => settledRun(app, user, id, timeoutMs);
  const runInline = async (user: TestUser, workflow: Record<string, unknown>, inputs: Record<string, unknown> = {}, timeoutMs?: number) => settled(user, (await execute(user, { workflow, inputs }).expect(202)).body.id, timeoutMs);

  describe('running', () => {
    it('runs a 3-step chain through the emulator, each step reading the previous outputs, live over the socket, with usage and cost', async () => {
      const { socket, events } = await listen(app, ada);
      try {
        const workflow = {
          name: 'Chain',
          inputs: [{ name: 'topic', type: 'text', required: true }],
          steps: [text('draft', 'Write about {{inputs.topic}}'), text('improve', 'Improve: {{input}}', CLAUDE), text('final', 'Combine {{steps.draft.output}} with {{steps.improve.output}}', GEMINI)],
        };
        const accepted = await execute(ada, { workflow, inputs: { topic: 'lighthouses' } }).expect(202);
        expect(accepted.body).toMatchObject({ status: 'queued', workflowName: 'Chain' });
        const run = await settled(ada, accepted.body.id);
        expect(run).toMatchObject({ status: 'succeeded', error: null });
        expect(step(run, 'draft')).toMatchObject({ status: 'succeeded', renderedInput: 'Write about lighthouses', output: 'Echo from gpt-4o-mini: Write about lighthouses', model: GPT });
        expect(step(run, 'improve').renderedInput).toBe('Improve: Echo from gpt-4o-mini: Write about lighthouses');
        expect(step(run, 'improve').output).toBe('Echo from claude-haiku-4-5: Improve: Echo from gpt-4o-mini: Write about lighthouses');
        expect(step(run, 'final').renderedInput).toBe(`Combine ${step(run, 'draft').output} with ${step(run, 'improve').output}`);
        expect(run.output).toBe(step(run, 'final').output);
        for (const s of run.steps) {
          expect(s.inputTokens).toBeGreaterThan(0);
          expect(s.outputTokens).toBeGreaterThan(0);
          expect(s.costUsd).toBeGreaterThan(0);
          expect(s.durationMs).not.toBeNull();
        }
        expect(run.costUsd).toBeCloseTo(run.steps.reduce((sum, s) => sum + s.costUsd, 0), 6);
        // The job's total too (it rides with each batch's progress write; the column keeps 6 decimals).
        const [job] = (await app.dataSource.query('SELECT cost_usd FROM jobs WHERE id = $1', [run.jobId])) as Array<{ cost_usd: string }>;
        expect(Number(job!.cost_usd)).toBeCloseTo(run.costUsd, 5);
        expect(emulator.requests.map((r) => r.model)).toEqual(['gpt-4o-mini', 'claude-haiku-4-5', 'gemini-2.5-flash']);

        expectLiveSteps(events, run, ['draft', 'improve', 'final']);
      } finally {
        socket.close();
      }
      const usage = (await app.http().get('/api/chat/usage').set(ada.auth).expect(200)).body as { calls: number; cost: number };
      expect(usage.calls).toBeGreaterThanOrEqual(3);
    });

    it('runs a saved 3-step workflow offline with local/webox-mini, and lists it among my runs', async () => {
      const saved = await post(ada, 'save', {
        name: 'Offline chain',
        inputs: [{ name: 'question', type: 'text', default: 'What is a tide?' }],
        steps: [text('answer', '{{inputs.question}}', LOCAL), text('shorter', 'Shorten: {{input}}', LOCAL), { id: 'lines', kind: 'transform', prompt: '{{input}}', transform: { operation: 'split', separator: '.' } }],
      }).expect(201);
      const run = await settled(ada, (await execute(ada, { workflowId: saved.body.id }).expect(202)).body.id);
      expect(run.status).toBe('succeeded');
      expect(step(run, 'answer').output).toContain('Webox mini');
      expect(step(run, 'shorter').renderedInput).toBe(`Shorten: ${step(run, 'answer').output}`);
      expect(JSON.parse(step(run, 'lines').output!)).toEqual(expect.any(Array));
      const list = (await app.http().get(`/api/combinations/runs?workflowId=${saved.body.id}&status=succeeded`).set(ada.auth).expect(200)).body;
      expect(list).toMatchObject({ total: 1, page: 1, items: [{ id: run.id, workflowId: saved.body.id, status: 'succeeded' }] });
    });

    it('runs a parallel group at once and merges it', async () => {
      emulator.setBehaviour({ firstTokenDelayMs: 400 });
      const run = await runInline(ada, {
        name: 'Panel',
        inputs: [{ name: 'question', type: 'text' }],
        steps: [
          text('a', 'Q: {{inputs.question}}', GPT, { parallelGroup: 'panel' }),
          text('b', 'Q: {{inputs.question}}', CLAUDE, { parallelGroup: 'panel' }),
          text('c', 'Q: {{inputs.question}}', GEMINI, { parallelGroup: 'panel' }),
          { id: 'merged', kind: 'merge', model: GPT, prompt: 'Merge the answers to {{inputs.question}}' },
        ],
      }, { question: 'Why is the sky blue?' });
      expect(run.status).toBe('succeeded');
      const [a, b, c] = ['a', 'b', 'c'].map((id) => step(run, id));
      const lastStart = Math.max(...[a!, b!, c!].map((s) => Date.parse(s.startedAt!)));
      const firstEnd = Math.min(...[a!, b!, c!].map((s) => Date.parse(s.finishedAt!)));
      expect(lastStart).toBeLessThan(firstEnd);
      const merged = step(run, 'merged');
      expect(merged.renderedInput).toBe('Merge the answers to Why is the sky blue?');
      const mergeRequest = emulator.requests.at(-1)!;
      const asked = mergeRequest.messages.map((m) => m.text).join('\n');
      for (const s of [a!, b!, c!]) expect(asked).toContain(s.output);
      expect(merged.status).toBe('succeeded');
    });

    it('transforms without code: extracts a JSON field, fills a template, joins a list', async () => {
      const run = await runInline(ada, {
        name: 'Transforms',
        inputs: [{ name: 'json', type: 'text' }],
        steps: [
          { id: 'title', kind: 'transform', prompt: '{{inputs.json}}', transform: { operation: 'extract', path: 'items[1].title' } },
          { id: 'card', kind: 'transform', prompt: 'Title: {{steps.title.output}}', transform: { operation: 'template' } },
          { id: 'joined', kind: 'transform', prompt: '["x","y"]', transform: { operation: 'join', separator: ' + ' } },
        ],
      }, { json: '{"items":[{"title":"one"},{"title":"two"}]}' });
      expect(run.steps.map((s) => s.output)).toEqual(['two', 'Title: two', 'x + y']);
      const missing = await runInline(ada, { name: 'Missing', inputs: [{ name: 'json', type: 'text' }], steps: [{ id: 'title', kind: 'transform', prompt: '{{inputs.json}}', transform: { operation: 'extract', path: 'nope' } }] }, { json: '{}' });
      expect(missing).toMatchObject({ status: 'failed', failedStepId: 'title' });
      expect(step(missing, 'title').error).toContain('"nope"');
    });
  });

  describe('agents and media', () => {
    it('runs an agent step through the agent loop with the agent\'s tools', async () => {
      const agent = (await app.http().post('/api/agents').set(ada.auth).send({ name: 'Counter', instructions: 'You compute.', defaultModel: LOCAL, tools: ['calculator'] }).expect(201)).body;
      const run = await runInline(ada, {
        name: 'Agent',
        inputs: [{ name: 'sum', type: 'text' }],
        steps: [{ id: 'compute', kind: 'agent', agent: agent.id, prompt: 'What is {{inputs.sum}}?' }, { id: 'built-in', kind: 'agent', agent: 'writer', prompt: 'Give a title to: {{input}}' }],
      }, { sum: '12 * (3+4)' });
      expect(run.status).toBe('succeeded');
      expect(step(run, 'compute')).toMatchObject({ status: 'succeeded', model: LOCAL, renderedInput: 'What is 12 * (3+4)?' });
      expect(step(run, 'compute').output).toContain('84');
      expect(step(run, 'built-in').renderedInput).toBe(`Give a title to: ${step(run, 'compute').output}`);
      // Another user's agent is not one a workflow of mine can name.
      const response = await execute(bob, { workflow: { name: 'Borrowed', steps: [{ id: 'x', kind: 'agent', agent: agent.id, prompt: 'Hi' }] } }).expect(400);
      expect(response.body.code).toBe('UNKNOWN_AGENT');
    });

    it('runs the blog template offline: the illustration and the voice-over land in the media library', async () => {
      const templates = (await app.http().get('/api/combinations/templates').set(ada.auth).expect(200)).body as Array<{ id: string; workflow: Record<string, unknown> }>;
      const blog = templates.find((template) => template.id === 'blog-illustration-voice')!;
      const run = await runInline(ada, blog.workflow, { topic: 'Lighthouses', words: 40 }, 90_000);
      expect(run.status).toBe('succeeded');
      const illustration = step(run, 'illustration') as RunStep & { mediaFileIds: string[] };
      const voice = step(run, 'voice') as RunStep & { mediaFileIds: string[] };
      expect(illustration).toMatchObject({ status: 'succeeded', model: 'local/webox-draw' });
      expect(voice).toMatchObject({ status: 'succeeded', model: 'local/webox-voice' });
      expect(voice.renderedInput).toBe(step(run, 'script').output);
      const picture = (await app.http().get(`/api/media/files/${illustration.mediaFileIds[0]}`).set(ada.auth).expect(200)).body;
      expect(picture).toMatchObject({ kind: 'image', source: 'generated', origin: { generator: 'image', model: 'local/webox-draw' } });
      expect(illustration.output).toBe(picture.id);
      const audio = (await app.http().get(`/api/media/files/${voice.mediaFileIds[0]}`).set(ada.auth).expect(200)).body;
      expect(audio).toMatchObject({ kind: 'audio', source: 'generated' });
      await app.http().get(`/api/media/files/${audio.id}`).set(bob.auth).expect(404);
    }, 120_000);
  });

  describe('a provider failure at step 3 of 5', () => {
    it('fails the run there with the reason, keeps steps 1-2, and a re-run from step 3 reuses them and succeeds', async () => {
      const workflow = {
        name: 'Five',
        inputs: [{ name: 'seed', type: 'text', default: 'start' }],
        steps: [text('s1', 'One {{inputs.seed}}'), text('s2', 'Two {{input}}'), text('s3', 'Three {{input}}'), text('s4', 'Four {{input}}'), text('s5', 'Five {{steps.s1.output}}')],
      };
      emulator.script({ match: { model: 'gpt-4o-mini' } }, { match: { model: 'gpt-4o-mini' } }, { failure: { type: 'status', status: 400, message: 'The prompt was refused' }, match: { model: 'gpt-4o-mini' } });
      const failed = await runInline(ada, workflow);
      expect(failed).toMatchObject({ status: 'failed', failedStepId: 's3' });
      expect(failed.error).toContain('Step "s3" failed');
      expect(failed.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'failed', 'pending', 'pending']);
      expect(step(failed, 's3').error).toContain('The prompt was refused');
      expect(step(failed, 's2').output).toContain('Two Echo');
      expect(emulator.requests).toHaveLength(3);

      await post(ada, `runs/${failed.id}/rerun`, { fromStepId: 's9' }).expect(400);
      const again = await post(ada, `runs/${failed.id}/rerun`, { fromStepId: 's3' }).expect(202);
      expect(again.body).toMatchObject({ rerunOf: failed.id });
      const rerun = await settled(ada, again.body.id);
      expect(rerun.status).toBe('succeeded');
      expect(rerun.steps.map((s) => [s.stepId, s.status, s.reused])).toEqual([
        ['s1', 'succeeded', true],
        ['s2', 'succeeded', true],
        ['s3', 'succeeded', false],
        ['s4', 'succeeded', false],
        ['s5', 'succeeded', false],
      ]);
      expect(step(rerun, 's2').output).toBe(step(failed, 's2').output);
      expect(step(rerun, 's3').renderedInput).toBe(`Three ${step(failed, 's2').output}`);
      // Only steps 3 to 5 were asked again.
      expect(emulator.requests).toHaveLength(6);
    });
  });

  describe('cancel', () => {
    it('stops the running step, aborting its upstream request, and keeps what finished', async () => {
      emulator.script({ match: { model: 'gpt-4o-mini' } }, { failure: { type: 'hang', afterTokens: 2 }, match: { model: 'gpt-4o-mini' } });
      const accepted = await execute(ada, { workflow: { name: 'Hang', inputs: [{ name: 'x', type: 'text', default: 'go' }], steps: [text('first', 'First {{inputs.x}}'), text('stuck', 'Second {{input}}'), text('never', 'Third {{input}}')] } }).expect(202);
      await emulator.waitForRequest(1, 10_000);
      const cancelled = await post(ada, `runs/${accepted.body.id}/cancel`, {}).expect(200);
      expect(cancelled.body.status).toBe('cancelled');
      await emulator.waitForAbort(1, 3_000);
      const run = await settled(ada, accepted.body.id);
      expect(run.status).toBe('cancelled');
      expect(run.steps.map((s) => s.status)).toEqual(['succeeded', 'cancelled', 'cancelled']);
      await post(ada, `runs/${run.id}/cancel`, {}).expect(409);
      expect(emulator.requests).toHaveLength(2);
    });
  });

  describe('bad workflows: 400 at save and at execute, naming the step and the variable', () => {
    const base = { name: 'Bad', inputs: [{ name: 'topic', type: 'text' }] };
    const cases: Array<[string, Record<string, unknown>, string, string[]]> = [
      ['a later step', { ...base, steps: [text('a', 'Use {{steps.b.output}}'), text('b', 'Hi')] }, 'LATER_STEP_REFERENCE', ['"a"', '{{steps.b.output}}']],
      ['a missing step', { ...base, steps: [text('a', 'Use {{steps.ghost.output}}')] }, 'UNKNOWN_STEP_REFERENCE', ['"a"', '{{steps.ghost.output}}']],
      ['an unknown input', { ...base, steps: [text('a', 'About {{inputs.subject}}')] }, 'UNKNOWN_INPUT', ['"a"', '{{inputs.subject}}']],
      ['21 steps', { ...base, steps: Array.from({ length: 21 }, (_, i) => text(`s${i}`, 'Hi')) }, 'TOO_MANY_STEPS', ['20', '21']],
      ['an unknown model', { ...base, steps: [text('a', 'Hi', 'openai/gpt-nothing')] }, 'UNKNOWN_MODEL', ['"a"', 'openai/gpt-nothing']],
      ['a model of the wrong kind', { ...base, steps: [{ id: 'pic', kind: 'image', model: GPT, prompt: 'A cat' }] }, 'UNKNOWN_MODEL', ['"pic"', GPT]],
      ['an unknown kind', { ...base, steps: [{ id: 'a', kind: 'teleport', prompt: 'Hi' }] }, 'UNKNOWN_STEP_KIND', ['"a"', 'teleport']],
      ['a cycle', { ...base, steps: [text('a', '{{steps.b.output}}'), text('b', '{{steps.a.output}}')] }, 'STEP_CYCLE', ['"a"', '{{steps.b.output}}']],
      ['a step reading itself', { ...base, steps: [text('a', 'Again {{steps.a.output}}')] }, 'STEP_CYCLE', ['"a"', '{{steps.a.output}}']],
      ['a step of its own group', { ...base, steps: [text('a', 'Hi', GPT, { parallelGroup: 'g' }), text('b', '{{steps.a.output}}', GPT, { parallelGroup: 'g' })] }, 'LATER_STEP_REFERENCE', ['"b"', 'same parallel group']],
      ['an unknown variable', { ...base, steps: [text('a', 'Hi {{user.email}}')] }, 'UNKNOWN_VARIABLE', ['"a"', '{{user.email}}']],
      ['a split parallel group', { ...base, steps: [text('a', 'Hi', GPT, { parallelGroup: 'g' }), text('b', 'Hi'), text('c', 'Hi', GPT, { parallelGroup: 'g' })] }, 'SPLIT_PARALLEL_GROUP', ['"c"', '"g"']],
      ['an unknown agent', { ...base, steps: [{ id: 'helper', kind: 'agent', agent: 'wizard', prompt: 'Hi' }] }, 'UNKNOWN_AGENT', ['"helper"', 'wizard']],
    ];
    it.each(cases)('%s', async (_, workflow, code, words) => {
      for (const response of [await post(ada, 'save', workflow), await post(ada, 'workflows', workflow), await execute(ada, { workflow })]) {
        expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code });
        for (const word of words) expect(response.body.message).toContain(word);
        expect(response.body.details[0].field).toMatch(/^steps/);
      }
    });

    it('refuses bad inputs and a request naming both or neither workflow', async () => {
      const workflow = { name: 'Inputs', inputs: [{ name: 'n', type: 'number', required: true }, { name: 'tone', type: 'choice', choices: ['warm', 'dry'], default: 'warm' }], steps: [text('a', '{{inputs.n}} {{inputs.tone}}', LOCAL)] };
      const cases: Array<[Record<string, unknown>, string]> = [
        [{}, 'inputs.n'],
        [{ n: 'many' }, 'inputs.n'],
        [{ n: 2, tone: 'loud' }, 'inputs.tone'],
        [{ n: 2, colour: 'red' }, 'inputs.colour'],
      ];
      for (const [inputs, field] of cases) {
        const response = await execute(ada, { workflow, inputs }).expect(400);
        expect(response.body).toMatchObject({ code: 'INVALID_INPUTS', details: [{ field }] });
      }
      await execute(ada, {}).expect(400);
      const saved = await post(ada, 'workflows', workflow).expect(201);
      await execute(ada, { workflow, workflowId: saved.body.id }).expect(400);
    });
  });

  describe('saved workflows', () => {
    it('creates, lists, changes, duplicates, exports, imports and deletes', async () => {
      const body = { name: 'Keeper', description: 'Keeps things', inputs: [{ name: 'topic', type: 'text' }], steps: [text('a', 'About {{inputs.topic}}', LOCAL)] };
      const created = (await post(ada, 'workflows', body).expect(201)).body;
      expect(created).toMatchObject({ name: 'Keeper', description: 'Keeps things', steps: [{ id: 'a', kind: 'text' }] });
      const changed = (await app.http().put(`/api/combinations/workflows/${created.id}`).set(ada.auth).send({ ...body, name: 'Keeper 2' }).expect(200)).body;
      expect(changed.name).toBe('Keeper 2');
      const viaSave = (await post(ada, 'save', { ...body, id: created.id, name: 'Keeper 3' }).expect(201)).body;
      expect(viaSave).toMatchObject({ id: created.id, name: 'Keeper 3' });
      const copy = (await post(ada, `workflows/${created.id}/duplicate`, {}).expect(201)).body;
      expect(copy).toMatchObject({ name: 'Keeper 3 (copy)' });
      const file = (await app.http().get(`/api/combinations/workflows/${created.id}/export`).set(ada.auth).expect(200)).body;
      expect(file).toMatchObject({ version: 1, workflow: { name: 'Keeper 3', steps: [{ id: 'a' }] } });
      const imported = (await post(bob, 'workflows/import', file).expect(201)).body;
      expect(imported).toMatchObject({ name: 'Keeper 3', steps: [{ id: 'a' }] });
      await post(bob, 'workflows/import', { workflow: { ...file.workflow, steps: [text('a', '{{inputs.nothing}}', LOCAL)] } }).expect(400);
      const page = (await app.http().get('/api/combinations/workflows?q=keeper&limit=1').set(ada.auth).expect(200)).body;
      expect(page).toMatchObject({ total: 2, page: 1, limit: 1 });
      await app.http().delete(`/api/combinations/workflows/${created.id}`).set(ada.auth).expect(204);
      await app.http().get(`/api/combinations/workflows/${created.id}`).set(ada.auth).expect(404);
    });

    it('serves at least ten templates, each of which saves as it is', async () => {
      const templates = (await app.http().get('/api/combinations/templates').set(ada.auth).expect(200)).body as Array<{ id: string; workflow: Record<string, unknown> }>;
      expect(templates.length).toBeGreaterThanOrEqual(10);
      for (const template of templates) expect({ id: template.id, status: (await post(ada, 'workflows', template.workflow)).status }).toEqual({ id: template.id, status: 201 });
    });
  });

  describe('authorisation', () => {
    it('answers 401 without a token and 404 for another user\'s workflow or run', async () => {
      await app.http().get('/api/combinations/workflows').expect(401);
      await app.http().post('/api/combinations/execute').send({}).expect(401);
      const workflow = (await post(ada, 'workflows', { name: 'Private', steps: [text('a', 'Hi', LOCAL)] }).expect(201)).body;
      const run = await settled(ada, (await execute(ada, { workflowId: workflow.id }).expect(202)).body.id);
      await app.http().get(`/api/combinations/workflows/${workflow.id}`).set(bob.auth).expect(404);
      await app.http().put(`/api/combinations/workflows/${workflow.id}`).set(bob.auth).send({ name: 'Mine', steps: [text('a', 'Hi', LOCAL)] }).expect(404);
      await post(bob, 'save', { id: workflow.id, name: 'Mine', steps: [text('a', 'Hi', LOCAL)] }).expect(404);
      await app.http().delete(`/api/combinations/workflows/${workflow.id}`).set(bob.auth).expect(404);
      await post(bob, `workflows/${workflow.id}/duplicate`, {}).expect(404);
      await app.http().get(`/api/combinations/workflows/${workflow.id}/export`).set(bob.auth).expect(404);
      await execute(bob, { workflowId: workflow.id }).expect(404);
      await app.http().get(`/api/combinations/runs/${run.id}`).set(bob.auth).expect(404);
      await post(bob, `runs/${run.id}/cancel`, {}).expect(404);
      await post(bob, `runs/${run.id}/rerun`, { fromStepId: 'a' }).expect(404);
      expect((await app.http().get('/api/combinations/runs').set(bob.auth).expect(200)).body.items.map((r: { id: string }) => r.id)).not.toContain(run.id);
    });
  });

  describe('reach', () => {
    const shout = { name: 'Shout', inputs: [{ name: 'word', type: 'text', required: true }], steps: [{ id: 'up', kind: 'transform', prompt: '{{inputs.word}}!', transform: { operation: 'template' } }] };

    it('runs a saved workflow with a personal access token on /v1, and refuses the session token there', async () => {
      const workflow = (await post(ada, 'workflows', shout).expect(201)).body;
      const token = (await app.http().post('/api/profile/tokens').set(ada.auth).send({ name: 'script' }).expect(201)).body.token as string;
      const accepted = await app.http().post('/v1/workflows/runs').set('Authorization', `Bearer ${token}`).send({ workflowId: workflow.id, inputs: { word: 'hey' } }).expect(202);
      const deadline = Date.now() + 10_000;
      let run = accepted.body as Run;
      while (run.status !== 'succeeded' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        run = (await app.http().get(`/v1/workflows/runs?id=${run.id}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
      }
      expect(run).toMatchObject({ status: 'succeeded', output: 'hey!' });
      await app.http().post('/v1/workflows/runs').set(ada.auth).send({ workflowId: workflow.id }).expect(401);
      await app.http().post('/v1/workflows/runs').set('Authorization', `Bearer ${token}`).send({ workflowId: workflow.id }).expect(400);
      const bobToken = (await app.http().post('/api/profile/tokens').set(bob.auth).send({ name: 'script' }).expect(201)).body.token as string;
      await app.http().post('/v1/workflows/runs').set('Authorization', `Bearer ${bobToken}`).send({ workflowId: workflow.id, inputs: { word: 'x' } }).expect(404);
      await app.http().get(`/v1/workflows/runs?id=${run.id}`).set('Authorization', `Bearer ${bobToken}`).expect(404);
    });

    it('is offered to agents as the run_workflow tool, which runs the user\'s own workflows only', async () => {
      await post(ada, 'workflows', shout).expect(201);
      const agent = (await app.http().post('/api/agents').set(ada.auth).send({ name: 'Runner', instructions: 'Run workflows.', defaultModel: GPT, tools: ['run_workflow'] }).expect(201)).body;
      emulator.script({ toolCalls: [{ name: 'run_workflow', arguments: { workflow: 'shout', inputs: { word: 'hello' } } }] }, { reply: 'It said hello!' });
      await app.http().post('/api/assistants/chat').set(ada.auth).send({ agentId: agent.id, message: 'Run shout with hello' }).expect(200);
      expect(emulator.requests[0]!.toolNames).toContain('run_workflow');
      expect(emulator.requests[1]!.toolResults[0]!.text).toContain('hello!');
      expect(emulator.requests[1]!.toolResults[0]!.isError).toBeFalsy();

      const bobAgent = (await app.http().post('/api/agents').set(bob.auth).send({ name: 'Thief', instructions: 'Run workflows.', defaultModel: GPT, tools: ['run_workflow'] }).expect(201)).body;
      emulator.script({ toolCalls: [{ name: 'run_workflow', arguments: { workflow: 'Shout', inputs: { word: 'stolen' } } }] }, { reply: 'No.' });
      await app.http().post('/api/assistants/chat').set(bob.auth).send({ agentId: bobAgent.id, message: 'Run shout' }).expect(200);
      const refused = emulator.requests[3]!.toolResults[0]!;
      expect(refused.text).toContain('No workflow of yours is named "Shout"');
      expect(refused.text).not.toContain('stolen!');
    });
  });

  describe('http steps', () => {
    const fetchRun = (url: string) => runInline(ada, { name: 'Fetch', steps: [{ id: 'get', kind: 'http', http: { url } }] });

    it('reads an allowed page and extracts from it', async () => {
      const run = await runInline(ada, { name: 'Read', steps: [{ id: 'get', kind: 'http', http: { url: `${siteUrl}/data.json` } }, { id: 'title', kind: 'transform', prompt: '{{input}}', transform: { operation: 'extract', path: 'article.title' } }] });
      expect(run.status).toBe('succeeded');
      expect(step(run, 'title').output).toBe('Tides');
    });

    it.each([
      ['loopback', 'http://127.0.0.1:9/', /loopback|private|refus/i],
      ['a loopback name', 'http://localhost:9/', /loopback|private|refus|this machine/i],
      ['link-local metadata', 'http://169.254.169.254/latest/meta-data/', /link-local|metadata|private|refus/i],
      ['private', 'http://10.1.2.3/', /private|refus/i],
    ])('refuses %s through the outbound guard', async (_, url, reason) => {
      const run = await fetchRun(url);
      expect(run).toMatchObject({ status: 'failed', failedStepId: 'get' });
      expect(step(run, 'get').error).toMatch(reason);
    });

    it('refuses a redirect to a private address, an answer over 1 MB and one slower than the timeout', async () => {
      const redirected = await fetchRun(`${siteUrl}/to-private`);
      expect(step(redirected, 'get').error).toMatch(/private|refus/i);
      const big = await fetchRun(`${siteUrl}/big`);
      expect(step(big, 'get').error).toContain('1 MB');
      const slow = await fetchRun(`${siteUrl}/slow`);
      expect(slow.status).toBe('failed');
      expect(step(slow, 'get').error).toMatch(/within|time/i);
    });
  });
});

if (testMode() === 'server') {
  describe('combinations: a worker killed in the middle of a run (Bull on Redis)', () => {
    let api: TestApp;
    let emulator: ProviderEmulator;
    const workers: ChildProcess[] = [];

    function startWorker(): ChildProcess {
      const worker = startWorkerProcess(api, { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: emulator.openaiBaseUrl });
      workers.push(worker);
      return worker;
    }

    beforeAll(async () => {
      emulator = await startProviderEmulator();
      api = await startTestApp({ WEBOX_ROLE: 'api', WEBOX_QUEUE_LOCK_MS: '2000', OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: emulator.openaiBaseUrl });
    });
    afterAll(async () => {
      for (const worker of workers) worker.kill('SIGKILL');
      await api?.close();
      await emulator?.close();
    });

    it('reaches the page live when a worker-only process runs it: step start, streamed text and end over the API\'s socket', async () => {
      const user = await registerUser(api);
      const { socket, events } = await listen(api, user);
      const worker = startWorker();
      try {
        // Prompts of their own: the next test counts the emulator's requests by their first word.
        const workflow = { name: 'Remote', inputs: [{ name: 'x', type: 'text', default: 'go' }], steps: [text('one', 'Alpha {{inputs.x}}'), text('two', 'Beta {{input}}')] };
        const accepted = await api.http().post('/api/combinations/execute').set(user.auth).send({ workflow }).expect(202);
        const run = await settledRun(api, user, accepted.body.id, 120_000);
        expect(run.status).toBe('succeeded');
        // The run's last event may trail the row by a Redis round trip.
        for (let i = 0; i < 100 && !events.some((e) => e.event === 'combination.run' && e.data.runId === run.id && e.data.status === 'succeeded'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
        expectLiveSteps(events, run, ['one', 'two']);
      } finally {
        socket.close();
        // The next test needs its own workers only: this one must not take its job.
        if (worker.exitCode === null && worker.signalCode === null) {
          const exited = new Promise((resolve) => worker.once('exit', resolve));
          worker.kill('SIGKILL');
          await exited;
        }
        emulator.reset();
      }
    }, 180_000);

    it('is resumed by another worker: the finished step is not run again, the interrupted one is, and the run succeeds', async () => {
      const user = await registerUser(api);
      const first = startWorker();
      // The second step hangs until its client goes away: the worker is killed while it waits.
      emulator.script({ match: { model: 'gpt-4o-mini' } }, { failure: { type: 'hang' }, match: { model: 'gpt-4o-mini' } });
      const workflow = { name: 'Resilient', inputs: [{ name: 'x', type: 'text', default: 'go' }], steps: [text('one', 'One {{inputs.x}}'), text('two', 'Two {{input}}'), text('three', 'Three {{input}}')] };
      const accepted = await api.http().post('/api/combinations/execute').set(user.auth).send({ workflow }).expect(202);
      await emulator.waitForRequest(1, 180_000);
      // Step one's row is written behind step two's start: the premise ("finished") is its stored state.
      for (let i = 0; i < 600; i++) {
        const started = (await api.http().get(`/api/combinations/runs/${accepted.body.id}`).set(user.auth).expect(200)).body as Run;
        if (started.steps.find((s) => s.stepId === 'one')?.status === 'succeeded') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      first.kill('SIGKILL');
      startWorker();
      let run: Run = accepted.body;
      for (let i = 0; i < 1200 && !['succeeded', 'failed', 'cancelled'].includes(run.status); i++) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        run = (await api.http().get(`/api/combinations/runs/${run.id}`).set(user.auth).expect(200)).body;
      }
      expect(run.status).toBe('succeeded');
      const asked = (word: string) => emulator.requests.filter((request) => request.messages.some((message) => message.text.startsWith(word))).length;
      expect(asked('One')).toBe(1);
      expect(asked('Two')).toBe(2);
      expect(asked('Three')).toBe(1);
      expect(run.steps.find((s) => s.stepId === 'three')!.renderedInput).toBe(`Three ${run.steps.find((s) => s.stepId === 'two')!.output}`);
    }, 360_000);
  });
}
