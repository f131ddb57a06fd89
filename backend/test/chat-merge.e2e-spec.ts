import { ProviderRegistry } from '../src/ai/provider-registry';
import { startProviderEmulator, type ProviderEmulator, type ScriptedBehaviour, type Vendor } from './support/provider-emulator';
import { SseEvent, sseEvents } from './support/sse-events';
import { emulatedChatVendors, registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Merged answers in chat (issue 25 item 5): after a multi-model turn, one model synthesises the
 * columns into one answer, stored in the conversation beside them. The real app and database, the
 * vendors' SDKs against the provider emulator.
 */

const GPT = 'openai/gpt-5.4';
const CLAUDE = 'anthropic/claude-sonnet-4-6';
const GEMINI = 'google/gemini-3.5-flash';
const LOCAL = 'local/webox-mini';
const NO_KEY = 'openai-compatible/llama3.2';

interface Message {
  id: string;
  turn: number;
  parentId: string | null;
  siblingIds: string[];
  role: 'user' | 'assistant';
  kind: 'reply' | 'merged';
  model?: string;
  content: string;
  status: string;
  error?: string;
  inputTokens?: number;
  outputTokens?: number;
  cost?: number;
}

describe('chat: merge answers', () => {
  let app: TestApp;
  let emulator: ProviderEmulator;
  let user: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({ ...emulatedChatVendors(emulator), WEBOX_LOCAL_TOKEN_DELAY_MS: '0' });
    app.app.get(ProviderRegistry).retryPolicy = { attempts: 3, baseDelayMs: 10 };
    user = await registerUser(app, 'Merger');
    stranger = await registerUser(app, 'Stranger');
  }, 90_000);
  afterEach(() => {
    const unused = emulator.pendingScripts.length;
    emulator.reset();
    expect(unused).toBe(0);
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  const failing = (vendor: Vendor, times = 3): ScriptedBehaviour[] => Array.from({ length: times }, () => ({ failure: { type: 'status' as const, status: 500 }, match: { vendor } }));
  const send = (body: Record<string, unknown>, who = user) => app.http().post('/api/chat').set(who.auth).send(body);
  const merge = (messageId: string, body: Record<string, unknown>, who = user) => app.http().post(`/api/chat/messages/${messageId}/merge`).set(who.auth).send(body);
  const conversation = async (id: string, who = user): Promise<{ id: string; messages: Message[] }> => (await app.http().get(`/api/chat/conversations/${id}`).set(who.auth).expect(200)).body;
  const exported = async (id: string) => (await app.http().get(`/api/chat/conversations/${id}/export`).query({ format: 'markdown' }).set(user.auth).buffer(true).expect(200)).text;
  const given = (vendor: Vendor) =>
    emulator.requests
      .filter((r) => r.vendor === vendor)
      .at(-1)!
      .messages.map((m) => `${m.role}: ${m.text}`);

  /** A turn answered by three models; its question's id and the conversation. */
  async function threeColumns(models = [GPT, CLAUDE, GEMINI], who = user): Promise<{ id: string; questionId: string; messages: Message[] }> {
    const turn = await send({ message: 'Name a colour', models }, who).expect(200);
    const id = turn.body.conversationId as string;
    const stored = await conversation(id, who);
    emulator.reset();
    return { id, questionId: stored.messages.find((m) => m.role === 'user')!.id, messages: stored.messages };
  }

  it('merges the columns of a 3-model turn with the chosen model: the merge thread, usage in the ledger, stored after the columns, kept on reload and in the export', async () => {
    const { id, questionId, messages: before } = await threeColumns();
    const usageBefore = (await app.http().get('/api/chat/usage').set(user.auth).expect(200)).body;

    const response = await merge(questionId, { model: GPT, instruction: 'Pick the best colour.' }).expect(200);

    expect(response.body.replies).toHaveLength(1);
    const merged = response.body.replies[0] as Message;
    expect(merged).toMatchObject({ role: 'assistant', kind: 'merged', model: GPT, parentId: questionId, status: 'complete', turn: 1 });
    expect(merged.content).toContain('Echo from gpt-5.4');
    expect(merged.inputTokens).toBeGreaterThan(0);
    // The merge model got the merge step's thread: its system message, the instruction, each column labelled.
    expect(emulator.requests.filter((r) => r.vendor === 'openai').at(-1)!.system).toBe('You merge several answers to the same task into one. Answer with the merged answer only.');
    const thread = given('openai');
    expect(thread).toHaveLength(1);
    expect(thread[0]).toMatch(/^user: Pick the best colour\.\n\n### Answer 1/);
    for (const [index, model] of [GPT, CLAUDE, GEMINI].entries()) {
      expect(thread[0]).toContain(`### Answer ${index + 1} (${model})\n\n${before.find((m) => m.model === model)!.content}`);
    }

    const after = await conversation(id);
    expect(after.messages.map((m) => [m.kind, m.model ?? 'you'])).toEqual([
      ['reply', 'you'],
      ['reply', GPT],
      ['reply', CLAUDE],
      ['reply', GEMINI],
      ['merged', GPT],
    ]);
    // The columns are untouched.
    expect(after.messages.slice(0, 4)).toEqual(before);
    expect(await exported(id)).toContain(`### Merged answer · ${GPT}`);

    const usageAfter = (await app.http().get('/api/chat/usage').set(user.auth).expect(200)).body;
    const calls = (usage: { byModel: Array<{ model: string; calls: number }> }) => usage.byModel.find((row) => row.model === GPT)?.calls ?? 0;
    expect(calls(usageAfter)).toBe(calls(usageBefore) + 1);

    // The next turn: GPT is given its own column, never the merged answer.
    emulator.reset();
    await send({ conversationId: id, message: 'And a fruit?', models: [GPT] }).expect(200);
    expect(given('openai').join('\n')).not.toContain('Pick the best colour');
    expect(given('openai').filter((line) => line.startsWith('assistant:'))).toEqual([`assistant: ${before.find((m) => m.model === GPT)!.content}`]);
  });

  it('streams the merge like a reply, works offline with local/webox-mini, and merging again keeps the first merge as a version', async () => {
    const { id, questionId } = await threeColumns([LOCAL, GPT]);
    const first = await merge(questionId, { model: LOCAL }).expect(200);

    const response = await fetch(`${app.url}/api/chat/messages/${questionId}/merge`, { method: 'POST', headers: { ...user.auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ model: LOCAL, stream: true }) });
    expect(response.status).toBe(200);
    const events: SseEvent[] = [];
    for await (const event of sseEvents(response)) events.push(event);
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['turn', 'start', 'delta', 'done', 'end']));
    const messageId = events.find((e) => e.event === 'start')!.data.messageId as string;

    const after = await conversation(id);
    const merged = after.messages.filter((m) => m.kind === 'merged');
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ id: messageId, model: LOCAL, status: 'complete', siblingIds: [first.body.replies[0].id, messageId] });
    expect(merged[0]!.content.length).toBeGreaterThan(0);
    // Continue would give the model its column's thread, not the merge's: refused.
    const continued = await app.http().post(`/api/chat/messages/${messageId}/continue`).set(user.auth).send({}).expect(400);
    expect(continued.body.code).toBe('NOTHING_TO_CONTINUE');
  });

  it('refuses: fewer than 2 answered columns (400 NOTHING_TO_MERGE), a reply’s id (400), a bad body (400), an unknown model (400 UNKNOWN_MODEL)', async () => {
    const single = await threeColumns([GPT]);
    expect((await merge(single.questionId, { model: GPT }).expect(400)).body).toMatchObject({ code: 'NOTHING_TO_MERGE', params: { answered: 1 } });

    // One of two columns failed: one answer is not something to merge.
    emulator.script(...failing('anthropic'));
    const oneFailed = await threeColumns([GPT, CLAUDE]);
    expect(oneFailed.messages.find((m) => m.model === CLAUDE)!.status).toBe('error');
    expect((await merge(oneFailed.questionId, { model: GPT }).expect(400)).body.code).toBe('NOTHING_TO_MERGE');

    const { questionId, messages } = await threeColumns([GPT, CLAUDE]);
    const reply = messages.find((m) => m.role === 'assistant')!;
    expect((await merge(reply.id, { model: GPT }).expect(400)).body).toMatchObject({ code: 'WRONG_MESSAGE_ROLE', details: [{ field: 'id' }] });
    expect((await merge(questionId, {}).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await merge(questionId, { model: GPT, instruction: '' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await merge(questionId, { model: 'x/nothing' }).expect(400)).body).toMatchObject({ code: 'UNKNOWN_MODEL' });
    expect(emulator.requests).toHaveLength(0);
  });

  it('another user’s question answers 404, an unknown id 404, no token 401', async () => {
    const { id, questionId } = await threeColumns([GPT, CLAUDE]);
    expect((await merge(questionId, { model: GPT }, stranger).expect(404)).body.code).toBe('MESSAGE_NOT_FOUND');
    expect((await merge('00000000-0000-4000-8000-000000000404', { model: GPT }).expect(404)).body.code).toBe('MESSAGE_NOT_FOUND');
    await app.http().post(`/api/chat/messages/${questionId}/merge`).send({ model: GPT }).expect(401);
    expect((await conversation(id)).messages.filter((m) => m.kind === 'merged')).toHaveLength(0);
    expect(emulator.requests).toHaveLength(0);
  });

  it('a provider failure answers the vendor’s error and is stored as a failed merged answer; the columns are untouched', async () => {
    const { id, questionId, messages: before } = await threeColumns([GPT, CLAUDE]);
    emulator.script(...failing('openai'));

    const response = await merge(questionId, { model: GPT }).expect(502);
    expect(response.body).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', params: { provider: 'openai' } });

    const after = await conversation(id);
    expect(after.messages.slice(0, 3)).toEqual(before);
    expect(after.messages[3]).toMatchObject({ kind: 'merged', model: GPT, status: 'error', content: '' });

    // A model without a key: the AI layer's own failure, stored the same way.
    const noKey = await merge(questionId, { model: NO_KEY });
    expect(noKey.status).toBeGreaterThanOrEqual(400);
    expect((await conversation(id)).messages.filter((m) => m.kind === 'merged').at(-1)).toMatchObject({ model: NO_KEY, status: 'error' });
  });
});
