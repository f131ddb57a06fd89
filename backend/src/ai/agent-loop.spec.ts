import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatChunk, ChatMessage, ChatRequest } from './capabilities';
import { findModel } from './models';
import type { ChatSession } from './provider-registry';
import { AgentLoopChunk, AgentLoopOptions, LoopTools, runAgentLoop } from './agent-loop';

/** What these tools give back: the loop's own fields, plus a name and timing to check order by. */
interface ToolRunResult {
  callId: string;
  name: string;
  content: string;
  summary: string;
  durationMs: number;
  error?: string;
}
interface Context {
  turn: string;
}
type Tools = LoopTools<Context, ToolRunResult>;
type Chunk = AgentLoopChunk<ToolRunResult>;

/** A model that plays a script: one list of chunks per call, and records what each call was sent. */
function scriptedModel(rounds: ChatChunk[][], options: { hangOnRound?: number } = {}) {
  const requests: Array<Omit<ChatRequest, 'model'>> = [];
  const session: ChatSession = {
    model: findModel('local/webox-mini', 'chat')!,
    async *stream(request, signal) {
      requests.push(structuredClone(request));
      const round = requests.length - 1;
      if (round === options.hangOnRound) {
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
      }
      yield* rounds[Math.min(round, rounds.length - 1)]!;
    },
    answer: () => {
      throw new Error('the agent loop streams');
    },
  };
  return { session, requests };
}

const call = (id: string, name: string, args: Record<string, unknown> = {}): ChatChunk => ({ type: 'tool_call', call: { id, name, arguments: args } });
const text = (value: string): ChatChunk => ({ type: 'text', text: value });
const usage = (inputTokens: number, outputTokens: number): ChatChunk => ({ type: 'usage', usage: { inputTokens, outputTokens } });

/** Tools that answer after `delayMs[name]` and record when each run started and ended. */
function timedTools(delayMs: Record<string, number>, fail: string[] = []) {
  const runs: Array<{ name: string; startedAt: number; endedAt: number }> = [];
  const tools: Tools = {
    specs: Object.keys(delayMs).map((name) => ({ name, description: name, parameters: { type: 'object' } })),
    async run(toolCall, context) {
      const startedAt = Date.now();
      await sleep(delayMs[toolCall.name] ?? 0, undefined, { signal: context.signal }).catch(() => undefined);
      runs.push({ name: toolCall.name, startedAt, endedAt: Date.now() });
      const result: ToolRunResult = { callId: toolCall.id, name: toolCall.name, content: `${toolCall.name} done`, summary: 'done', durationMs: Date.now() - startedAt };
      return fail.includes(toolCall.name) ? { ...result, error: `${toolCall.name} broke` } : result;
    },
  };
  return { tools, runs };
}

const options = (tools: Tools, extra: Partial<AgentLoopOptions<Context, ToolRunResult>> = {}): AgentLoopOptions<Context, ToolRunResult> => ({
  tools,
  maxSteps: 8,
  maxCallsPerRound: 8,
  context: { turn: 't1' },
  ...extra,
});

async function collect(chunks: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const all: Chunk[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

const thread: ChatMessage[] = [{ role: 'user', content: 'Do two things' }];

describe('runAgentLoop', () => {
  it('runs the calls of one round at once, feeds every result back in call order, and ends on a text answer', async () => {
    const { session, requests } = scriptedModel([[text('Working. '), call('a', 'slow'), call('b', 'fast'), usage(10, 5)], [text('All done.'), usage(30, 3)]]);
    const { tools, runs } = timedTools({ slow: 150, fast: 10 });

    const chunks = await collect(runAgentLoop(session, thread, options(tools), new AbortController().signal));

    const results = chunks.filter((c) => c.type === 'tool_result').map((c) => (c as { result: ToolRunResult }).result.name);
    expect(results).toEqual(['fast', 'slow']); // as they finish
    const slow = runs.find((r) => r.name === 'slow')!;
    const fast = runs.find((r) => r.name === 'fast')!;
    expect(fast.startedAt).toBeLessThan(slow.endedAt); // in parallel, not one after the other
    expect(requests).toHaveLength(2);
    expect(requests[1]!.messages.slice(1)).toEqual([
      { role: 'assistant', content: 'Working. ', toolCalls: [{ id: 'a', name: 'slow', arguments: {} }, { id: 'b', name: 'fast', arguments: {} }] },
      { role: 'tool', toolCallId: 'a', name: 'slow', content: 'slow done' },
      { role: 'tool', toolCallId: 'b', name: 'fast', content: 'fast done' },
    ]);
    expect(requests[1]!.tools!.map((t) => t.name)).toEqual(['slow', 'fast']);
    expect(chunks.filter((c) => c.type === 'usage')).toHaveLength(2);
    expect(chunks.filter((c) => c.type === 'text').map((c) => (c as { text: string }).text).join('')).toBe('Working. All done.');
  });

  it('tells the model about a failed tool as an error result and goes on', async () => {
    const { session, requests } = scriptedModel([[call('a', 'broken')], [text('Sorry, the tool failed.')]]);
    const { tools } = timedTools({ broken: 0 }, ['broken']);

    const chunks = await collect(runAgentLoop(session, thread, options(tools), new AbortController().signal));

    expect(requests[1]!.messages[2]).toEqual({ role: 'tool', toolCallId: 'a', name: 'broken', content: 'broken done', isError: true });
    expect(chunks.at(-1)).toEqual({ type: 'text', text: 'Sorry, the tool failed.' });
  });

  it('stops a model that keeps calling tools at the step limit, with a note', async () => {
    const { session, requests } = scriptedModel([[call('x', 'again')]]);
    const { tools, runs } = timedTools({ again: 0 });

    const chunks = await collect(runAgentLoop(session, thread, options(tools, { maxSteps: 3 }), new AbortController().signal));

    expect(runs).toHaveLength(3);
    expect(requests).toHaveLength(4);
    expect(chunks.at(-1)).toEqual({ type: 'note', key: 'stepLimit', params: { steps: 3, tools: 'again' }, text: "Stopped after 3 tool steps, this agent's limit: the model still asked for again." });
  });

  it('stops at the time limit with a note, aborting the model call that was running', async () => {
    const { session } = scriptedModel([[call('x', 'quick')], [text('never')]], { hangOnRound: 1 });
    const { tools } = timedTools({ quick: 0 });

    const started = Date.now();
    const chunks = await collect(runAgentLoop(session, thread, options(tools, { timeLimitMs: 300 }), new AbortController().signal));

    expect(Date.now() - started).toBeLessThan(2000);
    expect(chunks.at(-1)).toEqual({ type: 'note', key: 'timeLimit', params: { seconds: 0.3 }, text: 'Stopped: this turn reached its time limit of 0.3 s.' });
  });

  it('stops when the user stops the turn: running tools see the abort and no further model call is made', async () => {
    const { session, requests } = scriptedModel([[call('x', 'long')], [text('never')]]);
    const { tools, runs } = timedTools({ long: 10_000 });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);

    const started = Date.now();
    await collect(runAgentLoop(session, thread, options(tools), stop.signal));

    expect(Date.now() - started).toBeLessThan(2000);
    expect(runs[0]!.endedAt - runs[0]!.startedAt).toBeLessThan(2000);
    expect(requests).toHaveLength(1);
  });

  it('offers no tools and makes one call when the turn has none', async () => {
    const { session, requests } = scriptedModel([[text('Plain answer.'), usage(3, 2)]]);
    const none: Tools = { specs: [], run: () => Promise.reject(new Error('unused')) };

    const chunks = await collect(runAgentLoop(session, thread, options(none, { maxSteps: 0 }), new AbortController().signal));

    expect(requests).toEqual([{ messages: thread }]);
    expect(chunks).toEqual([text('Plain answer.'), usage(3, 2)]);
  });

  it('runs at most maxCallsPerRound calls of a round, tells the model the rest were refused, and notes it', async () => {
    const many = Array.from({ length: 1_000 }, (_, index) => call(`c${index}`, index % 2 ? 'fast' : 'slow'));
    const { session, requests } = scriptedModel([[...many, usage(10, 5)], [text('Done with what ran.'), usage(30, 3)]]);
    const { tools, runs } = timedTools({ slow: 5, fast: 1 });

    const chunks = await collect(runAgentLoop(session, thread, options(tools, { maxCallsPerRound: 3 }), new AbortController().signal));

    expect(runs).toHaveLength(3);
    expect(chunks.filter((c) => c.type === 'tool_call')).toHaveLength(3);
    expect(chunks.filter((c) => c.type === 'tool_result')).toHaveLength(3);
    expect(chunks.filter((c) => c.type === 'note')).toEqual([{ type: 'note', key: 'callsRefused', params: { count: 997, limit: 3, tools: 'fast ×499, slow ×498' }, text: 'Refused 997 tool calls over the limit of 3 per round: fast ×499, slow ×498.' }]);
    const fedBack = requests[1]!.messages.filter((m) => m.role === 'tool');
    expect(fedBack).toHaveLength(1_000);
    expect(fedBack.slice(0, 3).map((m) => m.content)).toEqual(['slow done', 'fast done', 'slow done']);
    expect(fedBack[3]).toMatchObject({ toolCallId: 'c3', isError: true, content: expect.stringContaining('at most 3 tool calls run per round') });
    expect(chunks.at(-2)).toEqual(text('Done with what ran.'));
  });
});
