import { ProviderEmulator, startProviderEmulator } from './support/provider-emulator';
import { SseEvent, sseEvents } from './support/sse-events';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Pipedream end to end (issue 30 items 1-2): the real `@pipedream/sdk` against the provider emulator's
 * Pipedream routes (PIPEDREAM_API_BASE_URL), connect with good and bad credentials, status that never
 * shows the secret, one user's connection invisible to another, the workflows (deployed triggers)
 * list and create, and a workflow invoked as an agent tool and as a combination step, through the
 * outbound guard (the emulator's loopback port is allow-listed as an operator would).
 */

interface Run {
  status: string;
  failedStepId: string | null;
  steps: Array<{ stepId: string; status: string; output: string | null; error: string | null }>;
}

describe('pipedream', () => {
  let emulator: ProviderEmulator;
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;
  const SECRET = 'test-key';
  const good = { clientId: 'oa_client1', clientSecret: SECRET, projectId: 'proj_abc123', environment: 'development' };

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    const host = new URL(emulator.url).host;
    app = await startTestApp({
      OPENAI_API_KEY: emulator.apiKey,
      OPENAI_BASE_URL: emulator.openaiBaseUrl,
      PIPEDREAM_API_BASE_URL: emulator.pipedreamBaseUrl,
      PIPEDREAM_WORKFLOW_DOMAIN: '127.0.0.1',
      WEBOX_FETCH_ALLOWLIST: host,
      WEBOX_LOCAL_TOKEN_DELAY_MS: '0',
    });
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
  }, 90_000);
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  const api = () => app.http();
  const connect = (user: TestUser, body: Record<string, unknown>) => api().post('/api/automation/connect').set(user.auth).send(body);

  it('answers 401 without a session', async () => {
    await api().get('/api/automation/status').expect(401);
    await api().post('/api/automation/connect').send(good).expect(401);
    await api().get('/api/automation/workflows').expect(401);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const missing = await connect(ada, { clientId: 'x', projectId: 'proj_abc123' }).expect(400);
    expect(JSON.stringify(missing.body)).toContain('clientSecret');
    const environment = await connect(ada, { ...good, environment: 'staging' }).expect(400);
    expect(JSON.stringify(environment.body)).toContain('environment');
  });

  it('refuses a wrong secret with 400 saying so, and stores nothing', async () => {
    const refused = await connect(ada, { ...good, clientSecret: 'wrong-secret' }).expect(400);
    expect(refused.body.code).toBe('AUTOMATION_PIPEDREAM_CREDENTIALS_REJECTED');
    expect(refused.body.message).toMatch(/refused/);
    expect(JSON.stringify(refused.body)).not.toContain('wrong-secret');
    const token = emulator.requests.find((r) => r.kind === 'pipedream-token');
    expect(token?.status).toBe(401);
    expect((await api().get('/api/automation/status').set(ada.auth).expect(200)).body.connected).toBe(false);
  });

  it('refuses a project Pipedream does not know with 400, and stores nothing', async () => {
    const refused = await connect(ada, { ...good, projectId: 'nope' }).expect(400);
    expect(refused.body.code).toBe('AUTOMATION_PIPEDREAM_PROJECT_NOT_FOUND');
    expect((await api().get('/api/automation/status').set(ada.auth).expect(200)).body.connected).toBe(false);
  });

  it('answers 400 NOT_CONNECTED for workflows before a connection', async () => {
    const refused = await api().get('/api/automation/workflows').set(bob.auth).expect(400);
    expect(refused.body.code).toBe('AUTOMATION_PIPEDREAM_NOT_CONNECTED');
  });

  it('connects with good credentials checked against Pipedream; the status never holds the secret; another user sees no connection', async () => {
    emulator.reset();
    const connected = await connect(ada, good).expect(200);
    expect(connected.body).toMatchObject({ connected: true, clientId: 'oa_client1', projectId: 'proj_abc123', environment: 'development', externalUserId: ada.id });
    expect(connected.body.checkedAt).toEqual(expect.any(String));
    const kinds = emulator.requests.map((r) => r.kind);
    expect(kinds).toEqual(['pipedream-token', 'pipedream-project']);
    expect(emulator.requests[1]!.path).toBe('/v1/connect/proj_abc123/projects/info');
    expect(emulator.requests[1]!.headers['x-pd-environment']).toBe('development');
    const status = await api().get('/api/automation/status').set(ada.auth).expect(200);
    expect(status.body.connected).toBe(true);
    expect(JSON.stringify(status.body)).not.toContain(SECRET);
    expect(JSON.stringify(connected.body)).not.toContain(SECRET);
    expect((await api().get('/api/automation/status').set(bob.auth).expect(200)).body.connected).toBe(false);
    await api().get('/api/automation/workflows').set(bob.auth).expect(400);
  });

  it('creates an HTTP trigger on Pipedream and lists it with its URL; another user does not see it', async () => {
    const created = await api().post('/api/automation/workflows').set(ada.auth).send({ name: 'From Webox' }).expect(201);
    expect(created.body).toMatchObject({ name: 'From Webox', kind: 'component', componentKey: 'http-new-requests-payload-only', active: true });
    expect(created.body.url).toMatch(/\/pipedream\/en[0-9a-f]+$/);
    const deploy = emulator.requests.find((r) => r.kind === 'pipedream-deploy');
    expect(deploy?.body).toMatchObject({ id: 'http-new-requests-payload-only', external_user_id: ada.id });
    const listed = (await api().get('/api/automation/workflows').set(ada.auth).expect(200)).body;
    expect(listed).toEqual([expect.objectContaining({ id: created.body.id, url: created.body.url, name: 'From Webox' })]);
    const invalid = await api().post('/api/automation/workflows').set(ada.auth).send({ name: '' }).expect(400);
    expect(JSON.stringify(invalid.body)).toContain('name');
    // Bob connects to the same project: his external user id is his own, so he sees none of Ada's.
    await connect(bob, good).expect(200);
    expect((await api().get('/api/automation/workflows').set(bob.auth).expect(200)).body).toEqual([]);
  });

  const workflowUrl = async (user: TestUser) => {
    const listed = (await api().get('/api/automation/workflows').set(user.auth).expect(200)).body as Array<{ url: string }>;
    return listed[0]!.url;
  };

  describe('combination step', () => {
    const runInline = async (user: TestUser, workflow: Record<string, unknown>, inputs: Record<string, unknown> = {}): Promise<Run> => {
      const id = (await api().post('/api/combinations/execute').set(user.auth).send({ workflow, inputs }).expect(202)).body.id as string;
      const deadline = Date.now() + 30_000;
      for (;;) {
        const run = (await api().get(`/api/combinations/runs/${id}`).set(user.auth).expect(200)).body as Run;
        if (['succeeded', 'failed', 'cancelled'].includes(run.status)) return run;
        if (Date.now() > deadline) throw new Error(`run ${id} still ${run.status}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    it('runs a Pipedream workflow with a rendered JSON body; its answer is the step output', async () => {
      const url = await workflowUrl(ada);
      const run = await runInline(
        ada,
        { name: 'Send', inputs: [{ name: 'city', type: 'text', required: true }], steps: [{ id: 'send', kind: 'pipedream', pipedream: { workflow: url, body: '{"city": "{{inputs.city}}"}' } }] },
        { city: 'Lyon' },
      );
      expect(run.status).toBe('succeeded');
      expect(JSON.parse(run.steps[0]!.output!)).toMatchObject({ received: { city: 'Lyon' } });
      const invoke = emulator.requests.filter((r) => r.kind === 'pipedream-invoke').at(-1);
      expect(invoke?.body).toEqual({ city: 'Lyon' });
    });

    it('fails the step with a clear error when Pipedream answers an error, or the URL is not a workflow', async () => {
      const url = await workflowUrl(ada);
      emulator.script({ failure: { type: 'status', status: 500, message: 'workflow crashed' }, match: { kind: 'pipedream-invoke' } });
      const failed = await runInline(ada, { name: 'Send', steps: [{ id: 'send', kind: 'pipedream', pipedream: { workflow: url } }] });
      expect(failed).toMatchObject({ status: 'failed', failedStepId: 'send' });
      expect(failed.steps[0]!.error).toMatch(/answered 500.*workflow crashed/);
      const elsewhere = await runInline(ada, { name: 'Send', steps: [{ id: 'send', kind: 'pipedream', pipedream: { workflow: 'https://example.com/hook' } }] });
      expect(elsewhere.steps[0]!.error).toMatch(/not a Pipedream workflow.*127\.0\.0\.1/);
      const notJson = await runInline(ada, { name: 'Send', steps: [{ id: 'send', kind: 'pipedream', pipedream: { workflow: url, body: 'not json' } }] });
      expect(notJson.steps[0]!.error).toMatch(/not JSON/);
    });

    it('refuses a pipedream step without a workflow with 400', async () => {
      const refused = await api().post('/api/combinations/execute').set(ada.auth).send({ workflow: { name: 'Bad', steps: [{ id: 'send', kind: 'pipedream' }] }, inputs: {} }).expect(400);
      expect(JSON.stringify(refused.body)).toContain('pipedream.workflow');
    });
  });

  describe('agent tool', () => {
    const streamTurn = async (user: TestUser, body: Record<string, unknown>): Promise<SseEvent[]> => {
      const response = await fetch(`${app.url}/api/assistants/chat`, { method: 'POST', headers: { ...user.auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...body, stream: true }) });
      expect(response.status).toBe(200);
      const list: SseEvent[] = [];
      for await (const event of sseEvents(response)) list.push(event);
      return list;
    };
    const of = (list: SseEvent[], name: string) => list.filter((e) => e.event === name).map((e) => e.data);

    it('is listed among the tools, and an agent runs a workflow with it', async () => {
      const tools = (await api().get('/api/tools').set(ada.auth).expect(200)).body;
      expect(JSON.stringify(tools)).toContain('run_pipedream_workflow');
      const url = await workflowUrl(ada);
      const agentId = (await api().post('/api/agents').set(ada.auth).send({ name: 'Runner', instructions: 'Run workflows.', defaultModel: 'openai/gpt-5.4', tools: ['run_pipedream_workflow'] }).expect(201)).body.id;
      emulator.script({ toolCalls: [{ name: 'run_pipedream_workflow', arguments: { workflow: url, body: { order: 42 } } }], match: { vendor: 'openai' } }, { reply: 'Sent.', match: { vendor: 'openai' } });
      const list = await streamTurn(ada, { agentId, message: 'send order 42' });
      const [result] = of(list, 'tool_result');
      expect(result).toMatchObject({ name: 'run_pipedream_workflow' });
      expect(result.error).toBeFalsy();
      expect(result.summary).toContain('200');
      expect(emulator.requests.filter((r) => r.kind === 'pipedream-invoke').at(-1)?.body).toEqual({ order: 42 });
    });

    it('gives the model a clear error when the workflow fails', async () => {
      const url = await workflowUrl(ada);
      const agentId = (await api().post('/api/agents').set(ada.auth).send({ name: 'Runner 2', instructions: 'Run workflows.', defaultModel: 'openai/gpt-5.4', tools: ['run_pipedream_workflow'] }).expect(201)).body.id;
      emulator.script(
        { failure: { type: 'status', status: 502, message: 'upstream down' }, match: { kind: 'pipedream-invoke' } },
        { toolCalls: [{ name: 'run_pipedream_workflow', arguments: { workflow: url } }], match: { vendor: 'openai' } },
        { reply: 'It failed.', match: { vendor: 'openai' } },
      );
      const list = await streamTurn(ada, { agentId, message: 'send it' });
      const [result] = of(list, 'tool_result');
      expect(JSON.stringify(result)).toMatch(/answered 502/);
    });
  });

  it('another user cannot disconnect someone else; disconnect deletes the connection', async () => {
    await api().delete('/api/automation/connect').set(bob.auth).expect(204);
    expect((await api().get('/api/automation/status').set(ada.auth).expect(200)).body.connected).toBe(true);
    await api().delete('/api/automation/connect').set(ada.auth).expect(204);
    expect((await api().get('/api/automation/status').set(ada.auth).expect(200)).body.connected).toBe(false);
    const refused = await api().get('/api/automation/workflows').set(ada.auth).expect(400);
    expect(refused.body.code).toBe('AUTOMATION_PIPEDREAM_NOT_CONNECTED');
  });
});
