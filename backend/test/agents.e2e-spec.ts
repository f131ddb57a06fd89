import { ProviderEmulator, startProviderEmulator } from './support/provider-emulator';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

describe('agents', () => {
  let emulator: ProviderEmulator;
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({ OPENAI_API_KEY: emulator.apiKey, OPENAI_BASE_URL: emulator.openaiBaseUrl, WEBOX_LOCAL_TOKEN_DELAY_MS: '0' });
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
  });
  afterEach(() => emulator.reset());
  afterAll(async () => {
    await app.close();
    await emulator.close();
  });

  const agentInput = { name: 'Recipe helper', description: 'Cooks', icon: 'restaurant', instructions: 'You are a chef. Answer with recipes.', defaultModel: 'openai/gpt-5.4', temperature: 0.4, starters: ['Dinner ideas?'], referenceNotes: 'I am vegetarian.' };

  it('lists the eight built-in agents with real contexts and three starters each', async () => {
    const list = await app.http().get('/api/agents').set(ada.auth).expect(200);
    const builtIn = list.body.filter((a: { builtIn: boolean }) => a.builtIn);
    expect(builtIn.map((a: { slug: string }) => a.slug).sort()).toEqual(['developer', 'finance', 'hr', 'legal', 'marketing', 'sales', 'support', 'writer']);
    for (const agent of builtIn) {
      expect(agent.instructions.split(/\s+/).length).toBeGreaterThan(150);
      expect(agent.starters).toHaveLength(3);
      expect(agent.instructions).toMatch(/language/i);
    }
  });

  it('gives each agent its own system context: two agents asked the same question', async () => {
    const agents = (await app.http().get('/api/agents').set(ada.auth)).body as Array<{ id: string; slug: string; instructions: string }>;
    const sales = agents.find((a) => a.slug === 'sales')!;
    const legal = agents.find((a) => a.slug === 'legal')!;
    for (const agent of [sales, legal]) {
      const turn = await app.http().post('/api/assistants/chat').set(ada.auth).send({ agentId: agent.id, message: 'How should I answer a customer who wants a discount?', model: 'openai/gpt-5.4' }).expect(200);
      expect(turn.body.replies[0].status).toBe('complete');
    }
    const [first, second] = emulator.requests;
    expect(first!.system).toBe(sales.instructions);
    expect(second!.system).toBe(legal.instructions);
    expect(first!.system).not.toBe(second!.system);
  });

  it("accepts the audit's agent_type and keeps the agent's name in the chat history", async () => {
    const turn = await app.http().post('/api/assistants/chat').set(ada.auth).send({ agent_type: 'finance', message: 'What is a cash-flow forecast?' }).expect(200);
    expect(turn.body.replies[0]).toMatchObject({ model: 'local/webox-mini', status: 'complete' });
    const history = await app.http().get('/api/chat/history').set(ada.auth).expect(200);
    const conversation = history.body.items.find((c: { id: string }) => c.id === turn.body.conversationId);
    expect(conversation.agentName).toMatch(/finance/i);
    // Follow-ups keep the agent's context on every turn.
    await app.http().post('/api/assistants/chat').set(ada.auth).send({ agent_type: 'finance', conversationId: turn.body.conversationId, message: 'And a budget?', model: 'openai/gpt-5.4' }).expect(200);
    expect(emulator.lastRequest()!.system).toMatch(/finance/i);
    // This model did not answer the first turn: it sees both questions, joined into one user message.
    expect(emulator.lastRequest()!.messages.map((m) => m.text).join('\n')).toMatch(/cash-flow forecast[\s\S]*And a budget/);
  });

  it('streams an agent conversation like the chat', async () => {
    const response = await fetch(`${app.url}/api/assistants/chat`, { method: 'POST', headers: { Authorization: ada.auth.Authorization, 'Content-Type': 'application/json' }, body: JSON.stringify({ agent_type: 'writer', message: 'A title for my blog', stream: true }) });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    expect(text).toContain('event: delta');
    expect(text.trim().split('\n\n').pop()).toContain('event: end');
  });

  it('creates, edits, duplicates and deletes custom agents; notes join the context', async () => {
    const created = await app.http().post('/api/agents').set(ada.auth).send(agentInput).expect(201);
    expect(created.body).toMatchObject({ name: 'Recipe helper', builtIn: false, mine: true });
    const edited = await app.http().patch(`/api/agents/${created.body.id}`).set(ada.auth).send({ ...agentInput, name: 'Chef' }).expect(200);
    expect(edited.body.name).toBe('Chef');
    await app.http().post('/api/assistants/chat').set(ada.auth).send({ agentId: created.body.id, message: 'Dinner?' }).expect(200);
    expect(emulator.lastRequest()!.system).toContain('I am vegetarian.');
    expect(emulator.lastRequest()!.body).toMatchObject({ temperature: 0.4 });
    const copy = await app.http().post(`/api/agents/${created.body.id}/duplicate`).set(ada.auth).expect(201);
    expect(copy.body.name).toBe('Chef (copy)');
    await app.http().delete(`/api/agents/${created.body.id}`).set(ada.auth).expect(204);
    await app.http().get(`/api/agents/${created.body.id}`).set(ada.auth).expect(404);
  });

  it('refuses to change built-in agents (403) but lets them be duplicated', async () => {
    const sales = (await app.http().get('/api/agents').set(ada.auth)).body.find((a: { slug: string }) => a.slug === 'sales');
    const response = await app.http().patch(`/api/agents/${sales.id}`).set(ada.auth).send(agentInput).expect(403);
    expect(response.body.code).toBe('AGENT_BUILT_IN');
    await app.http().delete(`/api/agents/${sales.id}`).set(ada.auth).expect(403);
    const copy = await app.http().post(`/api/agents/${sales.id}/duplicate`).set(ada.auth).expect(201);
    expect(copy.body).toMatchObject({ builtIn: false, mine: true, instructions: sales.instructions });
  });

  it("answers 404 for another user's custom agent everywhere", async () => {
    const created = await app.http().post('/api/agents').set(ada.auth).send(agentInput).expect(201);
    const id = created.body.id;
    await app.http().get(`/api/agents/${id}`).set(bob.auth).expect(404);
    await app.http().patch(`/api/agents/${id}`).set(bob.auth).send(agentInput).expect(404);
    await app.http().delete(`/api/agents/${id}`).set(bob.auth).expect(404);
    await app.http().post(`/api/agents/${id}/duplicate`).set(bob.auth).expect(404);
    await app.http().post('/api/assistants/chat').set(bob.auth).send({ agentId: id, message: 'hi' }).expect(404);
    expect((await app.http().get('/api/agents').set(bob.auth)).body.map((a: { id: string }) => a.id)).not.toContain(id);
  });

  it.each([
    ['an unknown default model', { ...agentInput, defaultModel: 'acme/unknown' }, 'defaultModel'],
    ['an empty name', { ...agentInput, name: '' }, 'name'],
    ['four starters', { ...agentInput, starters: ['a', 'b', 'c', 'd'] }, 'starters'],
    ['a temperature of 3', { ...agentInput, temperature: 3 }, 'temperature'],
  ])('answers 400 naming the field for %s', async (_label, body, field) => {
    const response = await app.http().post('/api/agents').set(ada.auth).send(body).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers 400 for an unknown agent_type and an empty message, 401 without a token', async () => {
    const unknown = await app.http().post('/api/assistants/chat').set(ada.auth).send({ agent_type: 'astrologer', message: 'hi' }).expect(400);
    expect(unknown.body.details[0].field).toBe('agent_type');
    const empty = await app.http().post('/api/assistants/chat').set(ada.auth).send({ agent_type: 'sales', message: '  ' }).expect(400);
    expect(empty.body.details[0].field).toBe('message');
    await app.http().get('/api/agents').expect(401);
  });
});
