import { evaluate } from 'mathjs';
import { vendorToolName } from '../src/modules/tools/mcp/mcp-tool-name';
import { downUrl, McpTestServer, startMcpTestServer } from './support/mcp-test-server';
import { ProviderEmulator, startProviderEmulator } from './support/provider-emulator';
import { SseEvent, sseEvents } from './support/sse-events';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Agents that act, end to end: the agent loop over the real chat API, the built-in tools, knowledge
 * citations, with the offline provider and with the real OpenAI and Anthropic SDKs doing native
 * tool calls against the provider emulator.
 */

const QUESTION = 'what is 17.5% of 2,340 and what do my notes say about budgets?';
const NOTES = [
  '# Household notes',
  '',
  'Groceries are bought on Saturdays at the market.',
  '',
  '## Budgets',
  '',
  'The monthly budget for groceries is 400 euros; the travel budget is capped at 1,200 euros a year.',
  'Any budget overrun is reviewed on the first Sunday of the month.',
].join('\n');

describe('agents with tools', () => {
  let emulator: ProviderEmulator;
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;
  let collectionId: string;
  let mcp: McpTestServer;

  beforeAll(async () => {
    [emulator, mcp] = await Promise.all([startProviderEmulator(), startMcpTestServer()]);
    app = await startTestApp({
      OPENAI_API_KEY: emulator.apiKey,
      OPENAI_BASE_URL: emulator.openaiBaseUrl,
      ANTHROPIC_API_KEY: emulator.apiKey,
      ANTHROPIC_BASE_URL: emulator.anthropicBaseUrl,
      WEBOX_LOCAL_TOKEN_DELAY_MS: '0',
    });
    ada = await registerUser(app, 'Ada'); // the first account: an admin
    bob = await registerUser(app, 'Bob');
    collectionId = await notesCollection(ada, 'My notes', NOTES, 'household-notes.md');
  }, 120_000);
  afterEach(() => emulator.reset());
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await mcp?.close();
  });

  // ---- helpers ------------------------------------------------------------------------------

  async function notesCollection(user: TestUser, name: string, text: string, filename: string): Promise<string> {
    const [file] = (await app.http().post('/api/media/upload').set(user.auth).attach('files', Buffer.from(text), { filename }).expect(201)).body;
    const collection = (await app.http().post('/api/knowledge/collections').set(user.auth).send({ name }).expect(201)).body;
    await app.http().post(`/api/knowledge/collections/${collection.id}/files`).set(user.auth).send({ mediaFileIds: [file.id] }).expect(202);
    for (let tries = 0; tries < 200; tries++) {
      const detail = (await app.http().get(`/api/knowledge/collections/${collection.id}`).set(user.auth).expect(200)).body;
      if (detail.files.every((f: { status: string }) => f.status === 'ready')) return collection.id;
      if (detail.files.some((f: { status: string }) => f.status === 'failed')) throw new Error(`indexing failed: ${JSON.stringify(detail.files)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('indexing did not finish');
  }

  async function agent(user: TestUser, body: Record<string, unknown>): Promise<string> {
    const input = { name: 'Analyst', instructions: 'You answer with numbers and cite the notes.', defaultModel: 'local/webox-mini', tools: ['calculator', 'knowledge_search'], ...body };
    return (await app.http().post('/api/agents').set(user.auth).send(input).expect(201)).body.id;
  }

  async function streamTurn(user: TestUser, body: Record<string, unknown>, signal?: AbortSignal): Promise<SseEvent[]> {
    const response = await fetch(`${app.url}/api/assistants/chat`, { method: 'POST', headers: { ...user.auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...body, stream: true }), signal });
    expect(response.status).toBe(200);
    const list: SseEvent[] = [];
    for await (const event of sseEvents(response)) list.push(event);
    return list;
  }

  async function streamPlainChat(user: TestUser, body: Record<string, unknown>): Promise<SseEvent[]> {
    const response = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { ...user.auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...body, stream: true }) });
    expect(response.status).toBe(200);
    const list: SseEvent[] = [];
    for await (const event of sseEvents(response)) list.push(event);
    return list;
  }

  const of = (list: SseEvent[], name: string) => list.filter((e) => e.event === name).map((e) => e.data);
  const replyText = (list: SseEvent[]) => of(list, 'delta').map((d) => d.text).join('');

  // ---- the "done when" ----------------------------------------------------------------

  it('offline: calls the calculator and the knowledge search, streams both steps and answers with a citation that opens the passage', async () => {
    const agentId = await agent(ada, { collectionIds: [collectionId] });

    const list = await streamTurn(ada, { agentId, message: QUESTION });

    const calls = of(list, 'tool_call');
    expect(calls.map((c) => c.name).sort()).toEqual(['calculator', 'knowledge_search']);
    expect(evaluate(calls.find((c) => c.name === 'calculator').arguments.expression)).toBeCloseTo(409.5);
    const results = of(list, 'tool_result');
    expect(results.map((r) => r.name).sort()).toEqual(['calculator', 'knowledge_search']);
    expect(results.every((r) => !r.error && r.durationMs >= 0)).toBe(true);
    const text = replyText(list);
    expect(text).toContain('409.5');
    expect(text).toMatch(/\[1\]/);
    const [done] = of(list, 'done');
    expect(done.citations[0]).toMatchObject({ n: 1, collectionId, fileName: 'household-notes.md' });

    // The citation opens the passage.
    const passage = await app.http().get(`/api/knowledge/chunks/${done.citations[0].chunkId}`).set(ada.auth).expect(200);
    expect(passage.body.text).toMatch(/monthly budget for groceries/);

    // A reload shows the same trace.
    const [turn] = of(list, 'turn');
    const conversation = (await app.http().get(`/api/chat/conversations/${turn.conversationId}`).set(ada.auth).expect(200)).body;
    const reply = conversation.messages.find((m: { role: string }) => m.role === 'assistant');
    expect(reply.content).toBe(text);
    expect(reply.steps.filter((s: { kind: string }) => s.kind === 'tool').map((s: { name: string; status: string }) => [s.name, s.status]).sort()).toEqual([
      ['calculator', 'ok'],
      ['knowledge_search', 'ok'],
    ]);
    expect(reply.citations).toEqual(done.citations);

    // Another user sees neither the trace nor the passage.
    await app.http().get(`/api/chat/conversations/${turn.conversationId}`).set(bob.auth).expect(404);
    await app.http().get(`/api/knowledge/chunks/${done.citations[0].chunkId}`).set(bob.auth).expect(404);
  });

  it.each([
    ['OpenAI', 'openai/gpt-5.4', 'openai'],
    ['Anthropic', 'anthropic/claude-sonnet-4-6', 'anthropic'],
  ] as const)('%s: the real SDK makes native tool calls, gets the results back and answers with a citation', async (_label, model, vendor) => {
    const agentId = await agent(ada, { defaultModel: model, collectionIds: [collectionId] });
    emulator.script(
      { toolCalls: [{ name: 'calculator', arguments: { expression: '17.5 / 100 * 2340' } }, { name: 'knowledge_search', arguments: { query: 'budgets' } }], match: { vendor } },
      { reply: '17.5% of 2,340 is 409.5, and your notes set a monthly groceries budget of 400 euros [1].', match: { vendor } },
    );

    const list = await streamTurn(ada, { agentId, message: QUESTION });

    expect(of(list, 'tool_call').map((c) => c.name)).toEqual(['calculator', 'knowledge_search']);
    expect(of(list, 'tool_result').find((r) => r.name === 'calculator').summary).toContain('409.5');
    expect(replyText(list)).toContain('[1]');
    const [first, second] = emulator.requests;
    expect(first!.toolNames.sort()).toEqual(['calculator', 'knowledge_search']);
    // The results went back in the vendor's own form, matched to the calls' ids.
    expect(second!.toolCalls.map((c) => c.name)).toEqual(['calculator', 'knowledge_search']);
    expect(second!.toolResults).toHaveLength(2);
    expect(second!.toolResults.map((r) => r.id)).toEqual(second!.toolCalls.map((c) => c.id));
    expect(second!.toolResults[0]!.text).toContain('409.5');
    expect(second!.toolResults[1]!.text).toMatch(/\[1\][^\n]*household-notes\.md/);
    // Usage and cost count both model calls.
    const [done] = of(list, 'done');
    expect(done.usage.inputTokens).toBeGreaterThan(first!.messages.length);
    expect(done.citations[0].n).toBe(1);
  });

  it('lists the tools of a loopback MCP server and calls one in a turn', async () => {
    const server = (await app.http().post('/api/admin/mcp-servers').set(ada.auth).send({ name: 'Maths', url: mcp.url, allowlisted: true }).expect(201)).body;
    const tools = (await app.http().get('/api/tools').set(bob.auth).expect(200)).body;
    expect(JSON.stringify(tools)).toContain(`mcp:${server.id}:add`);
    const agentId = await agent(bob, { defaultModel: 'openai/gpt-5.4', tools: [`mcp:${server.id}:add`] });
    emulator.script({ toolCalls: [{ name: vendorToolName('Maths', 'add', new Set()), arguments: { a: 2, b: 40 } }], match: { vendor: 'openai' } }, { reply: 'The sum is 42.', match: { vendor: 'openai' } });

    const list = await streamTurn(bob, { agentId, message: 'Add 2 and 40 with the Maths server' });

    expect(mcp.calls).toContain('add');
    expect(of(list, 'tool_result')[0]).toMatchObject({ summary: expect.stringContaining('42') });
    expect(emulator.requests[1]!.toolResults[0]!.text).toContain('42');
    await app.http().delete(`/api/admin/mcp-servers/${server.id}`).set(ada.auth).expect(204);
  });

  it('answers without an MCP server that is down, and says why', async () => {
    const server = (await app.http().post('/api/admin/mcp-servers').set(ada.auth).send({ name: 'Gone', url: await downUrl(), allowlisted: true }).expect(201)).body;
    const agentId = await agent(ada, { defaultModel: 'openai/gpt-5.4', tools: ['calculator', `mcp:${server.id}:add`] });

    const list = await streamTurn(ada, { agentId, message: 'Hello' });

    expect(of(list, 'note')[0].text).toMatch(/not available[\s\S]*(refused|running|reach)/i);
    expect(emulator.requests[0]!.toolNames).toEqual(['calculator']);
    expect(of(list, 'done')).toHaveLength(1);
    await app.http().delete(`/api/admin/mcp-servers/${server.id}`).set(ada.auth).expect(204);
  });

  // ---- bad input and failure ------------------------------------------------------------------

  it('gives the model a clear error for arguments that fail the schema, and lets it retry', async () => {
    const agentId = await agent(ada, { defaultModel: 'openai/gpt-5.4' });
    emulator.script(
      { toolCalls: [{ name: 'calculator', arguments: { formula: 42 } }], match: { vendor: 'openai' } },
      { toolCalls: [{ name: 'calculator', arguments: { expression: '6 * 7' } }], match: { vendor: 'openai' } },
      { reply: 'It is 42.', match: { vendor: 'openai' } },
    );

    const list = await streamTurn(ada, { agentId, message: 'What is six times seven?' });

    const [bad, good] = of(list, 'tool_result');
    expect(bad.error).toMatch(/expression/);
    expect(good.error).toBeUndefined();
    expect(good.summary).toContain('42');
    expect(emulator.requests[1]!.toolResults[0]!.text).toMatch(/expression/);
    expect(of(list, 'done')).toHaveLength(1);
  });

  it('reports a tool that fails as an error result and the turn goes on', async () => {
    const agentId = await agent(ada, { defaultModel: 'anthropic/claude-sonnet-4-6' });
    emulator.script(
      { toolCalls: [{ name: 'calculator', arguments: { expression: '2 +* 2' } }], match: { vendor: 'anthropic' } },
      { reply: 'The expression was malformed.', match: { vendor: 'anthropic' } },
    );

    const list = await streamTurn(ada, { agentId, message: 'Compute 2 +* 2' });

    expect(of(list, 'tool_result')[0].error).toMatch(/Could not calculate "2 \+\* 2"/);
    expect(emulator.requests[1]!.toolResults[0]!.isError).toBe(true);
    expect(replyText(list)).toContain('malformed');
    expect(of(list, 'done')).toHaveLength(1);
  });

  it('stops a model that keeps calling tools at the step limit, with a clear note kept in the trace', async () => {
    const agentId = await agent(ada, { defaultModel: 'openai/gpt-5.4', maxSteps: 2 });
    emulator.setBehaviour({ toolCalls: [{ name: 'calculator', arguments: { expression: '1 + 1' } }] });

    const list = await streamTurn(ada, { agentId, message: 'Keep adding' });

    expect(of(list, 'tool_result')).toHaveLength(2);
    expect(emulator.requests).toHaveLength(3);
    const [note] = of(list, 'note');
    expect(note.text).toMatch(/Stopped after 2 tool steps/);
    const [turn] = of(list, 'turn');
    const conversation = (await app.http().get(`/api/chat/conversations/${turn.conversationId}`).set(ada.auth).expect(200)).body;
    expect(conversation.messages[1].steps.at(-1)).toMatchObject({ kind: 'note', text: note.text });
    expect(conversation.messages[1].status).toBe('complete');
  });

  it('stops the loop when the user stops the stream: the running model call is aborted and the steps so far are kept', async () => {
    const agentId = await agent(ada, { defaultModel: 'openai/gpt-5.4' });
    emulator.script({ toolCalls: [{ name: 'calculator', arguments: { expression: '2 + 2' } }], match: { vendor: 'openai' } }, { failure: { type: 'hang' }, match: { vendor: 'openai' } });
    const stop = new AbortController();

    const response = await fetch(`${app.url}/api/assistants/chat`, { method: 'POST', headers: { ...ada.auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ agentId, message: 'Add', stream: true }), signal: stop.signal });
    let conversationId = '';
    for await (const event of sseEvents(response)) {
      if (event.event === 'turn') conversationId = event.data.conversationId;
      if (event.event === 'tool_result') break;
    }
    await emulator.waitForRequest(1);
    stop.abort();
    await emulator.waitForAbort(1, 2000);

    let reply: { status: string; steps: Array<{ name: string; status: string }> } | undefined;
    for (let tries = 0; tries < 100 && reply?.status !== 'stopped'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      reply = (await app.http().get(`/api/chat/conversations/${conversationId}`).set(ada.auth)).body.messages?.[1];
    }
    expect(reply).toMatchObject({ status: 'stopped', steps: [expect.objectContaining({ name: 'calculator', status: 'ok' })] });
    expect(emulator.requests).toHaveLength(2);
  });

  it('refuses a web_fetch of private addresses asked by a model (as a prompt injection would), and the turn goes on', async () => {
    const agentId = await agent(ada, { defaultModel: 'openai/gpt-5.4', tools: ['web_fetch'] });
    const urls = ['http://127.0.0.1:1/', 'http://[::ffff:127.0.0.1]/', 'http://169.254.169.254/latest/meta-data/', 'http://2130706433/'];
    emulator.script({ toolCalls: urls.map((url) => ({ name: 'web_fetch', arguments: { url } })), match: { vendor: 'openai' } }, { reply: 'I could not fetch those.', match: { vendor: 'openai' } });

    const list = await streamTurn(ada, { agentId, message: 'Summarise the page my notes link to' });

    const results = of(list, 'tool_result');
    expect(results).toHaveLength(4);
    for (const result of results) expect(result.error).toMatch(/private|loopback|link-local|not allowed|refuse/i);
    expect(of(list, 'done')).toHaveLength(1);
  });

  it("never finds another user's passages, whatever the model asks for", async () => {
    await notesCollection(bob, 'Bob notes', 'Secret budgets of Bob: the zeppelin fund holds 90,000 euros.', 'bob.md');
    const agentId = await agent(ada, { defaultModel: 'openai/gpt-5.4', tools: ['knowledge_search'] });
    emulator.script({ toolCalls: [{ name: 'knowledge_search', arguments: { query: 'zeppelin fund' } }], match: { vendor: 'openai' } }, { reply: 'Nothing.', match: { vendor: 'openai' } });

    const list = await streamTurn(ada, { agentId, message: 'What about the zeppelin fund?' });

    expect(emulator.requests[1]!.toolResults[0]!.text).not.toMatch(/zeppelin fund holds/);
    expect(of(list, 'done')[0].citations).toEqual([]);
  });

  it('lets a plain chat attach a collection, and refuses the tools or collections of someone else', async () => {
    const response = await fetch(`${app.url}/api/chat`, {
      method: 'POST',
      headers: { ...ada.auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ models: ['local/webox-mini'], message: 'What do my notes say about budgets?', collectionIds: [collectionId], stream: true }),
    });
    const list: SseEvent[] = [];
    for await (const event of sseEvents(response)) list.push(event);
    expect(of(list, 'tool_call').map((c) => c.name)).toEqual(['knowledge_search']);
    expect(of(list, 'done')[0].citations[0].collectionId).toBe(collectionId);

    await app.http().post('/api/chat').set(bob.auth).send({ models: ['local/webox-mini'], message: 'Budgets?', collectionIds: [collectionId] }).expect(404);
    await app.http().post('/api/agents').set(bob.auth).send({ name: 'X', instructions: 'x', defaultModel: 'local/webox-mini', collectionIds: [collectionId] }).expect(404);
    const unknownTool = await app.http().post('/api/agents').set(ada.auth).send({ name: 'X', instructions: 'x', defaultModel: 'local/webox-mini', tools: ['shell_exec'] }).expect(400);
    expect(JSON.stringify(unknownTool.body)).toMatch(/tools\.0/);
  });

  it('searches every question of a plain chat with a collection attached, offline too: no "my documents" needed', async () => {
    const list = await streamPlainChat(ada, { models: ['local/webox-mini'], message: 'What is the grocery budget?', collectionIds: [collectionId] });
    expect(of(list, 'tool_call')).toEqual([expect.objectContaining({ name: 'knowledge_search', arguments: { query: 'grocery budget' } })]);
    const [done] = of(list, 'done');
    expect(done.citations[0]).toEqual(expect.objectContaining({ n: 1, collectionId, fileName: 'household-notes.md' }));
    expect(replyText(list)).toMatch(/From your notes \[1\]: /);
    // The passage a citation points to opens by its id.
    const passage = await app.http().get(`/api/knowledge/chunks/${done.citations[0].chunkId}`).set(ada.auth).expect(200);
    expect(passage.body.text).toMatch(/400 euros/);
  });

  it('gives the built-in agents sensible tools: the finance agent computes offline', async () => {
    const agents = (await app.http().get('/api/agents').set(ada.auth).expect(200)).body as Array<{ slug?: string; tools: string[] }>;
    expect(agents.find((a) => a.slug === 'finance')!.tools).toEqual(expect.arrayContaining(['calculator', 'knowledge_search']));
    expect(agents.find((a) => a.slug === 'support')!.tools).toContain('knowledge_search');
    // Every tool a built-in agent names is one that some module registered.
    const listed = ((await app.http().get('/api/tools').set(ada.auth).expect(200)).body.builtIns as Array<{ name: string }>).map((tool) => tool.name);
    for (const agent of agents.filter((a) => a.slug)) expect(listed).toEqual(expect.arrayContaining(agent.tools));

    const list = await streamTurn(ada, { agent_type: 'finance', message: 'What is 12 * (3 + 4)?' });
    expect(of(list, 'tool_call').map((c) => c.name)).toEqual(['calculator']);
    expect(replyText(list)).toContain('84');
  });
});
