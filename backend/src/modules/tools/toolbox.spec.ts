import type { ToolCall } from '../../ai/capabilities';
import type { Tool, ToolContext } from './tool';
import { ToolRegistry } from './tool-registry';
import { MAX_TOOL_CONTENT_CHARS, ToolRunner } from './toolbox';

const contextWith = (signal: AbortSignal): ToolContext => ({ user: { id: 'u1', email: 'a@example.com', role: 'user', sessionId: 's1' }, signal, collectionIds: [], cite: () => 1 });
const call = (name: string, args: Record<string, unknown> = {}, extra: Partial<ToolCall> = {}): ToolCall => ({ id: `call-${name}`, name, arguments: args, ...extra });

const echo: Tool = {
  name: 'echo',
  description: 'Repeats a text',
  parameters: {
    type: 'object',
    properties: { text: { type: 'string', maxLength: 50 }, times: { type: 'integer', minimum: 1 }, mode: { enum: ['loud', 'quiet'] }, tags: { type: 'array', items: { type: 'string' } } },
    required: ['text'],
    additionalProperties: false,
  },
  async run(args) {
    const text = String(args['text']).repeat(Number(args['times'] ?? 1));
    if (args['mode'] === 'loud') return { content: text, summary: `Echoed ${text.length} characters`, summaryKey: 'promptUsed', params: { title: text } };
    return { content: text, summary: `Echoed ${text.length} characters`, mediaFileIds: ['f1'], jobIds: [] };
  },
};

/** Waits for its signal, as a well-behaved slow tool does, and records that it saw it abort. */
const patient = { sawAbort: false } as { sawAbort: boolean } & Tool;
Object.assign(patient, {
  name: 'patient',
  description: 'Waits',
  parameters: { type: 'object', properties: {} },
  timeoutMs: 150,
  run: (_args: Record<string, unknown>, context: ToolContext) =>
    new Promise((_resolve, reject) =>
      context.signal.addEventListener('abort', () => {
        patient.sawAbort = true;
        reject(new Error('aborted inside'));
      }),
    ),
});

const stubborn: Tool = { name: 'stubborn', description: 'Ignores its signal', parameters: { type: 'object' }, timeoutMs: 100, run: () => new Promise(() => undefined) };
const failing: Tool = {
  name: 'failing',
  description: 'Throws',
  parameters: { type: 'object' },
  async run() {
    throw new Error('the vendor said no');
  },
};
const throwsAtOnce: Tool = {
  name: 'sync_throw',
  description: 'Throws before returning a promise',
  parameters: { type: 'object' },
  run() {
    throw new TypeError('not even async');
  },
};
const verbose: Tool = { name: 'verbose', description: 'Says a lot', parameters: { type: 'object' }, run: async () => ({ content: 'x'.repeat(MAX_TOOL_CONTENT_CHARS + 5), summary: 'line one\nline two' }) };
/** As an MCP server might publish it: a draft-07 schema with a format Ajv does not know here. */
const mcpStyle: Tool = {
  name: 'lookup',
  description: 'MCP-style schema',
  parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { when: { type: 'string', format: 'date-time' }, id: { type: 'number' } }, required: ['id'] },
  run: async (args) => ({ content: JSON.stringify(args), summary: 'ok' }),
};

describe('ToolRunner', () => {
  const toolbox = new ToolRunner([echo, patient, stubborn, failing, throwsAtOnce, verbose, mcpStyle], [{ tool: 'mcp:x:y', reason: 'down' }], { timeoutMs: 5_000 });
  const run = (toolCall: ToolCall, signal = new AbortController().signal) => toolbox.run(toolCall, contextWith(signal));

  it('offers each tool as a spec, and reports what is unavailable', () => {
    expect(toolbox.specs.map((spec) => spec.name)).toEqual(['echo', 'patient', 'stubborn', 'failing', 'sync_throw', 'verbose', 'lookup']);
    expect(toolbox.specs[0]).toEqual({ name: 'echo', description: 'Repeats a text', parameters: echo.parameters });
    expect(toolbox.unavailable).toEqual([{ tool: 'mcp:x:y', reason: 'down' }]);
  });

  it('runs a tool with valid arguments and measures it', async () => {
    const result = await run(call('echo', { text: 'ab', times: 2 }));
    expect(result).toEqual({ callId: 'call-echo', name: 'echo', content: 'abab', summary: 'Echoed 4 characters', durationMs: expect.any(Number), mediaFileIds: ['f1'] });
    expect(result.error).toBeUndefined();
  });

  it("passes a built-in tool's summary key and values on, for the dashboard's dictionary", async () => {
    expect(await run(call('echo', { text: 'ab', mode: 'loud' }))).toMatchObject({ summary: 'Echoed 2 characters', summaryKey: 'promptUsed', params: { title: 'ab' } });
    expect(await run(call('failing'))).not.toHaveProperty('summaryKey');
  });

  it('turns arguments that do not fit the schema into an error naming each field', async () => {
    const result = await run(call('echo', { text: 42, times: 0, mode: 'shout', tags: ['a', 3], extra: true }));
    expect(result.error).toBeDefined();
    expect(result.content).toBe(`Error: ${result.error}`);
    expect(result.error).toContain('Invalid arguments for echo:');
    for (const problem of ['text: must be string', 'times: must be >= 1', 'mode: must be one of "loud", "quiet"', 'tags.1: must be string', 'extra: is not a known argument']) expect(result.error).toContain(problem);
    expect((await run(call('echo', {}))).error).toContain('text: is required');
  });

  it('says so when the arguments were not JSON', async () => {
    const result = await run(call('echo', {}, { invalidArguments: '{"text": "unterminated' }));
    expect(result.error).toBe('The arguments for echo were not a JSON object ("{\\"text\\": \\"unterminated"). Call it again with a JSON object matching its parameters.');
  });

  it('names the tools there are when asked for an unknown one', async () => {
    const result = await run(call('rm_rf'));
    expect(result).toMatchObject({ callId: 'call-rm_rf', name: 'rm_rf', summary: expect.stringContaining('Unknown tool "rm_rf"') });
    expect(result.error).toContain('The tools available are: echo, patient');
  });

  it('turns a throwing tool into an error result, async or not', async () => {
    expect(await run(call('failing'))).toMatchObject({ error: 'the vendor said no', content: 'Error: the vendor said no', summary: 'the vendor said no' });
    expect(await run(call('sync_throw'))).toMatchObject({ error: 'not even async' });
  });

  it('aborts a slow tool through its signal at its time limit', async () => {
    const result = await run(call('patient'));
    expect(result.error).toBe('patient timed out after 0.15 s');
    expect(patient.sawAbort).toBe(true);
    expect(result.durationMs).toBeGreaterThanOrEqual(140);
  });

  it('stops waiting for a tool that ignores its signal', async () => {
    const started = Date.now();
    expect((await run(call('stubborn'))).error).toBe('stubborn timed out after 0.1 s');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('takes the configured limit when the tool sets none', async () => {
    const short = new ToolRunner([{ ...stubborn, timeoutMs: undefined, name: 'slow' }], [], { timeoutMs: 30_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    // The turn stops first here; the message says so, not a timeout.
    expect((await short.run(call('slow'), contextWith(controller.signal))).error).toBe('slow was stopped: the turn ended');
    const quick = new ToolRunner([{ ...stubborn, timeoutMs: undefined, name: 'slow' }], [], { timeoutMs: 100 });
    expect((await quick.run(call('slow'), contextWith(new AbortController().signal))).error).toBe('slow timed out after 0.1 s');
  });

  it('caps what the model reads and keeps summaries on one line', async () => {
    const result = await run(call('verbose'));
    expect(result.content.length).toBeLessThan(MAX_TOOL_CONTENT_CHARS + 100);
    expect(result.content).toMatch(/\[\.\.\. cut: 5 more characters not shown\]$/);
    expect(result.summary).toBe('line one line two');
  });

  it('keeps a JSON summary whole when it fits, and cuts one that does not like any line', async () => {
    const json = (summary: string): Tool => ({ name: 'json', description: 'JSON', parameters: { type: 'object' }, run: async () => ({ content: summary, summary }) });
    const long = JSON.stringify({ rows: Array.from({ length: 20 }, (_, i) => ({ i, name: `row ${i}` })) }, null, 2);
    expect(long.length).toBeGreaterThan(300);
    const kept = await new ToolRunner([json(long)], [], { timeoutMs: 5_000 }).run(call('json'), contextWith(new AbortController().signal));
    expect(JSON.parse(kept.summary)).toEqual(JSON.parse(long));
    const huge = await new ToolRunner([json(JSON.stringify({ text: 'x'.repeat(5_000) }))], [], { timeoutMs: 5_000 }).run(call('json'), contextWith(new AbortController().signal));
    expect(huge.summary).toHaveLength(300);
  });

  it('validates MCP schemas of another dialect, ignoring unknown formats', async () => {
    expect((await run(call('lookup', { id: 'seven' }))).error).toContain('id: must be number');
    expect(await run(call('lookup', { id: 7, when: 'yesterday' }))).toMatchObject({ content: '{"id":7,"when":"yesterday"}' });
  });

  it('closes what the turn opened once', async () => {
    const close = jest.fn(async () => undefined);
    const box = new ToolRunner([], [], { timeoutMs: 1000, close });
    await Promise.all([box.close(), box.close()]);
    expect(close).toHaveBeenCalledTimes(1);
  });
});

describe('ToolRegistry', () => {
  const tool = (name: string): Tool => ({ name, description: name, parameters: { type: 'object' }, run: async () => ({ content: '', summary: '' }) });

  it('lists tools by their listing order (ties by name), those without one last, whatever order they were registered in', () => {
    const registry = new ToolRegistry();
    registry.register(tool('zeta'));
    registry.register(tool('web_fetch'), { order: 30 });
    registry.register(tool('prompt_library'), { order: 60 });
    registry.register(tool('calculator'), { order: 10 });
    registry.register(tool('alpha'));
    registry.register(tool('knowledge_search'), { order: 30 });
    expect(registry.builtIns().map((t) => t.name)).toEqual(['calculator', 'knowledge_search', 'web_fetch', 'prompt_library', 'alpha', 'zeta']);
    expect(registry.get('web_fetch')?.name).toBe('web_fetch');
    expect(registry.get('nope')).toBeUndefined();
  });

  it('refuses names vendors would refuse, and duplicates', () => {
    const registry = new ToolRegistry();
    registry.register(tool('calculator'));
    expect(() => registry.register(tool('calculator'))).toThrow('already registered');
    for (const name of ['', 'has space', 'mcp:server:tool', 'x'.repeat(65), 'dot.name']) expect(() => registry.register(tool(name))).toThrow('must match');
  });
});
