import { getRepositoryToken } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ProviderRegistry } from '../src/ai/provider-registry';
import { UsageService } from '../src/ai/usage.service';
import { Conversation } from '../src/modules/chat/conversation.entity';
import { ProviderKeysService } from '../src/ai/provider-keys/provider-keys.service';
import { startProviderEmulator, type ProviderEmulator, type ScriptedBehaviour, type Vendor } from './support/provider-emulator';
import { SseEvent, sseEvents } from './support/sse-events';
import { emulatedChatVendors, registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * The multi-model chat API over real HTTP: the real app, its database (PostgreSQL or PGlite), the real
 * vendor SDKs pointed at the provider emulator. OpenAI-compatible has no key here, on purpose.
 */

const GPT = 'openai/gpt-5.4';
const CLAUDE = 'anthropic/claude-sonnet-4-6';
const GEMINI = 'google/gemini-3.5-flash';
const LOCAL = 'local/webox-mini';
const NO_KEY = 'openai-compatible/llama3.2';
const vendorModel = (id: string) => id.split('/')[1]!;

interface Message {
  id: string;
  turn: number;
  role: 'user' | 'assistant';
  model?: string;
  content: string;
  status: string;
  error?: string;
  inputTokens?: number;
  outputTokens?: number;
  cost?: number;
  ttftMs?: number;
  durationMs?: number;
}

describe('chat', () => {
  let app: TestApp;
  let emulator: ProviderEmulator;
  let user: TestUser;
  /** Never chats: sees nothing of anyone else's. */
  let stranger: TestUser;

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({
      ...emulatedChatVendors(emulator),
      WEBOX_LOCAL_TOKEN_DELAY_MS: '0',
    });
    app.app.get(ProviderRegistry).retryPolicy = { attempts: 3, baseDelayMs: 10 };
    user = await registerUser(app, 'Chatty');
    stranger = await registerUser(app, 'Stranger');
  }, 90_000); // Booting takes a few seconds, more on a busy machine.
  afterEach(() => {
    const unused = emulator.pendingScripts.length;
    emulator.reset();
    // A script left over means a request the test expected never happened.
    expect(unused).toBe(0);
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  // ---- helpers ------------------------------------------------------------------------------

  const failing = (vendor: Vendor, status = 500, times = 3): ScriptedBehaviour[] => Array.from({ length: times }, () => ({ failure: { type: 'status' as const, status }, match: { vendor } }));

  function post(path: string, who: TestUser, body: unknown, signal?: AbortSignal): Promise<Response> {
    return fetch(`${app.url}${path}`, { method: 'POST', headers: { ...who.auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal });
  }

  const events = sseEvents;

  /** Sends a streamed turn (or regeneration) and reads every event to the end. */
  async function streamAll(body: Record<string, unknown>, who = user, path = '/api/chat'): Promise<{ response: Response; list: SseEvent[] }> {
    const response = await post(path, who, { ...body, stream: true });
    expect(response.status).toBe(200);
    const list: SseEvent[] = [];
    for await (const event of events(response)) list.push(event);
    return { response, list };
  }

  const textOf = (list: SseEvent[], model: string) =>
    list
      .filter((e) => e.event === 'delta' && e.data.model === model)
      .map((e) => e.data.text)
      .join('');
  const one = (list: SseEvent[], event: string, model: string) => list.find((e) => e.event === event && e.data.model === model);

  /** A turn without streaming (or a bad request), through supertest. */
  const send = (body: Record<string, unknown>, who = user) => app.http().post('/api/chat').set(who.auth).send(body);

  async function conversation(id: string, who = user): Promise<{ id: string; title: string; pinned: boolean; models: string[]; messages: Message[] }> {
    return (await app.http().get(`/api/chat/conversations/${id}`).set(who.auth).expect(200)).body;
  }

  const replyOf = (messages: Message[], model: string, turn = 1) => messages.find((m) => m.role === 'assistant' && m.model === model && m.turn === turn);

  /** Waits until no reply of the conversation is still `streaming` (work goes on after the client left). */
  async function settled(id: string, who = user) {
    const deadline = Date.now() + 5000;
    for (;;) {
      const detail = await conversation(id, who);
      if (!detail.messages.some((m) => m.status === 'streaming') || Date.now() > deadline) return detail;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  // ---- models --------------------------------------------------------------------------------

  describe('GET /api/chat/models', () => {
    it('lists the catalogue with prices, and says which models have no key', async () => {
      const response = await app.http().get('/api/chat/models').set(user.auth).expect(200);
      const byId = new Map<string, Record<string, unknown>>(response.body.map((m: { id: string }) => [m.id, m]));
      expect(byId.get(GPT)).toMatchObject({ provider: 'openai', providerLabel: 'OpenAI', available: true, offline: false, inputPricePerMTok: 1.75, outputPricePerMTok: 14 });
      expect(byId.get(GEMINI)).toMatchObject({ available: true });
      expect(byId.get(LOCAL)).toMatchObject({ available: true, offline: true, contextTokens: 32_000 });
      expect(byId.get(NO_KEY)).toMatchObject({ available: false, unavailableReason: expect.stringContaining('OpenAI-compatible') });
    });

    it('answers 401 without a token', async () => {
      await app.http().get('/api/chat/models').expect(401);
    });
  });

  // ---- streamed turns ----------------------------------------------------------------------------

  describe('streamed turn', () => {
    it('streams three models over SSE; a failing one gets an error event, the others done with usage and cost; all are stored', async () => {
      emulator.script(...failing('gemini', 500, 3));
      const { response, list } = await streamAll({ message: 'Compare three answers', models: [GPT, CLAUDE, GEMINI] });

      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(list[0]).toMatchObject({ event: 'turn', data: { turn: 1, conversationId: expect.any(String), userMessageId: expect.any(String) } });
      expect(list.at(-1)).toMatchObject({ event: 'end', data: { turn: 1, title: 'Compare three answers' } });
      expect(list.filter((e) => e.event === 'end')).toHaveLength(1);
      const conversationId = list[0]!.data.conversationId as string;
      expect(list.at(-1)!.data.conversationId).toBe(conversationId);
      expect(list.filter((e) => e.event === 'start').map((e) => e.data.model).sort()).toEqual([GPT, CLAUDE, GEMINI].sort());

      for (const model of [GPT, CLAUDE]) {
        expect(textOf(list, model)).toBe(`Echo from ${vendorModel(model)}: Compare three answers`);
        const done = one(list, 'done', model)!;
        expect(done.data).toMatchObject({ status: 'complete', messageId: one(list, 'start', model)!.data.messageId });
        // Emulator: 3 prompt words, 6 reply words.
        expect(done.data.usage).toEqual({ inputTokens: 3, outputTokens: 6 });
        expect(done.data.cost).toBeGreaterThan(0);
        expect(done.data.ttftMs).toEqual(expect.any(Number));
        expect(done.data.durationMs).toBeGreaterThanOrEqual(done.data.ttftMs);
        expect(one(list, 'error', model)).toBeUndefined();
        // Per model: start, then deltas, then done.
        const own = list.filter((e) => e.data.model === model).map((e) => e.event);
        expect(own[0]).toBe('start');
        expect(own.at(-1)).toBe('done');
      }
      const error = one(list, 'error', GEMINI)!;
      expect(error.data).toMatchObject({ code: 'unavailable', provider: 'google', messageId: one(list, 'start', GEMINI)!.data.messageId });
      expect(error.data.message).toContain('Google Gemini');
      expect(textOf(list, GEMINI)).toBe('');
      expect(one(list, 'done', GEMINI)).toBeUndefined();
      // Three attempts, then the error stands.
      expect(emulator.requests.filter((r) => r.vendor === 'gemini').map((r) => r.status)).toEqual([500, 500, 500]);

      const stored = await conversation(conversationId);
      expect(stored.title).toBe('Compare three answers');
      expect(stored.models.sort()).toEqual([GPT, CLAUDE, GEMINI].sort());
      expect(stored.messages).toHaveLength(4);
      expect(stored.messages[0]).toMatchObject({ turn: 1, role: 'user', content: 'Compare three answers', status: 'complete' });
      for (const model of [GPT, CLAUDE]) {
        const done = one(list, 'done', model)!.data;
        const reply = replyOf(stored.messages, model)!;
        expect(reply).toMatchObject({ status: 'complete', content: textOf(list, model), inputTokens: 3, outputTokens: 6, ttftMs: done.ttftMs, durationMs: done.durationMs });
        expect(reply.cost).toBeCloseTo(done.cost, 8);
      }
      expect(replyOf(stored.messages, GEMINI)).toMatchObject({ status: 'error', content: '', error: expect.stringContaining('Google Gemini') });
    });

    it('answers a cut stream with an error event for that model only, keeping the text that arrived', async () => {
      emulator.script({ failure: { type: 'cut', afterTokens: 3 }, match: { vendor: 'anthropic' } });
      const { list } = await streamAll({ message: 'tell me a long story please', models: [GPT, CLAUDE] });

      expect(one(list, 'done', GPT)).toBeDefined();
      expect(one(list, 'error', CLAUDE)).toMatchObject({ data: { provider: 'anthropic' } });
      expect(textOf(list, CLAUDE)).toBe('Echo from claude-sonnet-4-6:');
      // Not retried: tokens had been shown.
      expect(emulator.requests.filter((r) => r.vendor === 'anthropic')).toHaveLength(1);
      const stored = await conversation(list[0]!.data.conversationId);
      expect(replyOf(stored.messages, CLAUDE)).toMatchObject({ status: 'error', content: 'Echo from claude-sonnet-4-6:' });
      expect(list.at(-1)!.event).toBe('end');
    });

    it('sends a model without a key an error event naming the missing key, and the others answer', async () => {
      const { list } = await streamAll({ message: 'anyone there?', models: [GPT, NO_KEY, LOCAL] });

      expect(one(list, 'error', NO_KEY)!.data).toMatchObject({ code: 'missing_credentials', provider: 'openai-compatible' });
      expect(one(list, 'error', NO_KEY)!.data.message).toContain('OPENAI_COMPATIBLE_API_KEY');
      expect(one(list, 'done', GPT)).toBeDefined();
      expect(one(list, 'done', LOCAL)).toBeDefined();
      expect(textOf(list, LOCAL)).toContain('Offline reply');
      expect(list.filter((e) => e.event === 'error')).toHaveLength(1);
    });

    it('passes the temperature to every vendor', async () => {
      await streamAll({ message: 'be creative', models: [GPT, CLAUDE, GEMINI], temperature: 0.4 });

      const bodies = Object.fromEntries(emulator.requests.map((r) => [r.vendor, r.body as Record<string, Record<string, unknown>>]));
      expect(bodies['openai']?.['temperature']).toBe(0.4);
      expect(bodies['anthropic']?.['temperature']).toBe(0.4);
      expect(bodies['gemini']?.['generationConfig']?.['temperature']).toBe(0.4);
    });
  });

  // ---- Webox's own failures ----------------------------------------------------------------------

  describe("Webox's own failures (its database)", () => {
    // A driver error whose words would pass for a vendor's connection failure in toProviderError.
    const databaseDown = () => new Error('Connection terminated unexpectedly');
    afterEach(() => jest.restoreAllMocks());

    it('answers 500 before streaming when the credentials cannot be read, and stores nothing', async () => {
      const someone = await registerUser(app, 'Unlucky');
      jest.spyOn(app.app.get(ProviderKeysService), 'findInReach').mockRejectedValueOnce(databaseDown());
      const response = await post('/api/chat', someone, { message: 'keys?', models: [GPT, CLAUDE], stream: true });

      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ code: 'INTERNAL_ERROR' });
      expect((await app.http().get('/api/chat/history').set(someone.auth).expect(200)).body.total).toBe(0);
      expect(emulator.requests).toHaveLength(0);
    });

    it('reports a reply that cannot be stored as INTERNAL_ERROR, not as the vendor failing; the others finish and end comes last', async () => {
      const ledger = app.app.get(UsageService);
      const record = ledger.record.bind(ledger);
      jest.spyOn(ledger, 'record').mockImplementation((owner, source, model, usage) => (model.provider === 'anthropic' ? Promise.reject(databaseDown()) : record(owner, source, model, usage)));
      const { list } = await streamAll({ message: 'store me', models: [GPT, CLAUDE] });

      expect(one(list, 'done', GPT)).toBeDefined();
      const error = one(list, 'error', CLAUDE)!;
      expect(error.data).toMatchObject({ code: 'INTERNAL_ERROR', messageId: one(list, 'start', CLAUDE)!.data.messageId });
      expect(error.data.provider).toBeUndefined();
      expect(error.data.message).not.toContain('Anthropic');
      expect(list.at(-1)).toMatchObject({ event: 'end', data: { title: 'store me' } });
    });

    it('still sends error then end when the turn fails after the replies', async () => {
      jest.spyOn(app.app.get<Repository<Conversation>>(getRepositoryToken(Conversation)), 'update').mockRejectedValueOnce(databaseDown());
      const { list } = await streamAll({ message: 'title me', models: [GPT] });

      expect(one(list, 'done', GPT)).toBeDefined();
      expect(list.slice(-2)).toEqual([
        { event: 'error', data: { code: 'INTERNAL_ERROR', message: expect.any(String) } },
        { event: 'end', data: { conversationId: list[0]!.data.conversationId, turn: 1, title: 'title me' } },
      ]);
    });

    it('answers a turn without stream whose reply cannot be stored with a 500, not a 502', async () => {
      jest.spyOn(app.app.get(UsageService), 'record').mockRejectedValueOnce(databaseDown());
      const response = await send({ message: 'store me too', models: [GPT] }).expect(500);
      expect(response.body.code).toBe('INTERNAL_ERROR');
    });
  });

  // ---- abort ---------------------------------------------------------------------------------

  describe('closing the stream', () => {
    const story = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');

    /** Starts a slow three-model turn, reads until every model has sent two deltas, then walks away. */
    async function walkAway() {
      emulator.setBehaviour({ reply: story, tokensPerSecond: 20 });
      const controller = new AbortController();
      const response = await post('/api/chat', user, { message: 'a slow one', models: [GPT, CLAUDE, GEMINI], stream: true }, controller.signal);
      const list: SseEvent[] = [];
      let closedAt = 0;
      try {
        for await (const event of events(response)) {
          list.push(event);
          const counts = [GPT, CLAUDE, GEMINI].map((model) => list.filter((e) => e.event === 'delta' && e.data.model === model).length);
          if (counts.every((count) => count >= 2)) {
            closedAt = Date.now();
            controller.abort();
          }
        }
      } catch (error) {
        if (!controller.signal.aborted) throw error;
      }
      expect(closedAt).toBeGreaterThan(0);
      return { list, closedAt, conversationId: list[0]!.data.conversationId as string };
    }

    it('aborts every upstream request within a second', async () => {
      const { closedAt, list } = await walkAway();

      expect(emulator.requests).toHaveLength(3);
      for (const request of emulator.requests) {
        const aborted = await emulator.waitForAbort(request.index, 1000);
        expect(aborted.abortedAt! - closedAt).toBeLessThan(1000);
        expect(aborted.tokensSent).toBeLessThan(60);
      }
      expect(list.some((e) => e.event === 'end')).toBe(false);
    });

    it('stores each reply as stopped, with the text that had arrived', async () => {
      const { list, conversationId } = await walkAway();

      const stored = await settled(conversationId);
      const statuses = Object.fromEntries([GPT, CLAUDE, GEMINI].map((model) => [model, replyOf(stored.messages, model)!.status]));
      expect(statuses).toEqual({ [GPT]: 'stopped', [CLAUDE]: 'stopped', [GEMINI]: 'stopped' });
      for (const model of [GPT, CLAUDE, GEMINI]) {
        const reply = replyOf(stored.messages, model)!;
        const seen = textOf(list, model);
        expect(seen.length).toBeGreaterThan(0);
        expect(reply.content.startsWith(seen)).toBe(true);
        expect(story.startsWith(reply.content)).toBe(true);
        expect(reply.content.length).toBeLessThan(story.length);
      }
    });

    it('aborts the upstream request when the client gives up on a turn without stream', async () => {
      emulator.setBehaviour({ reply: story.split(' ').slice(0, 30).join(' '), tokensPerSecond: 20 });
      const controller = new AbortController();
      const pending = post('/api/chat', user, { message: 'slow json', models: [GPT] }, controller.signal).catch(() => undefined);
      await emulator.waitForRequest(0, 5000);
      const closedAt = Date.now();
      controller.abort();
      await pending;
      try {
        // DESIGN 4: when the browser goes away, the upstream request is aborted and no more tokens are paid for.
        const aborted = await emulator.waitForAbort(0, 1000);
        expect(aborted.abortedAt! - closedAt).toBeLessThan(1000);
      } finally {
        await emulator.waitForEnd(0, 5000).catch(() => undefined);
      }
    });
  });

  // ---- threads -----------------------------------------------------------------------------

  describe('follow-up', () => {
    it('sends each model only its own previous replies; a model that failed gets the user messages joined', async () => {
      emulator.script(...failing('gemini', 500, 3));
      const first = await streamAll({ message: 'first question', models: [GPT, CLAUDE, GEMINI] });
      const conversationId = first.list[0]!.data.conversationId as string;
      emulator.reset();

      const second = await streamAll({ conversationId, message: 'second question', models: [GPT, CLAUDE, GEMINI] });

      expect(second.list[0]!.data).toMatchObject({ conversationId, turn: 2 });
      const sent = (vendor: Vendor) => emulator.requests.find((r) => r.vendor === vendor)!.messages;
      expect(sent('openai')).toEqual([
        { role: 'user', text: 'first question' },
        { role: 'assistant', text: 'Echo from gpt-5.4: first question' },
        { role: 'user', text: 'second question' },
      ]);
      expect(sent('anthropic')).toEqual([
        { role: 'user', text: 'first question' },
        { role: 'assistant', text: 'Echo from claude-sonnet-4-6: first question' },
        { role: 'user', text: 'second question' },
      ]);
      expect(sent('gemini')).toEqual([{ role: 'user', text: 'first question\n\nsecond question' }]);
      expect(second.list.at(-1)).toMatchObject({ event: 'end', data: { turn: 2, title: 'first question' } });
      const stored = await conversation(conversationId);
      expect(stored.messages.filter((m) => m.turn === 2)).toHaveLength(4);
    });

    it("refuses to continue another user's conversation (404)", async () => {
      const { body } = await send({ message: 'mine', models: [LOCAL] });
      const response = await send({ conversationId: body.conversationId, message: 'hijack', models: [LOCAL] }, stranger);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('CONVERSATION_NOT_FOUND');
    });
  });

  // ---- non-streaming and regenerate ---------------------------------------------------------

  describe('non-streaming turn and regenerate', () => {
    it('answers a turn without stream as one ChatTurnDto with every reply', async () => {
      const response = await send({ message: 'json please', models: [GPT, CLAUDE, LOCAL] });

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toMatchObject({ conversationId: expect.any(String), turn: 1, title: 'json please' });
      const replies = response.body.replies as Message[];
      expect(replies.map((r) => r.model).sort()).toEqual([GPT, CLAUDE, LOCAL].sort());
      expect(replies.every((r) => r.status === 'complete' && r.role === 'assistant' && r.turn === 1)).toBe(true);
      expect(replies.find((r) => r.model === GPT)).toMatchObject({ content: 'Echo from gpt-5.4: json please', inputTokens: 2, outputTokens: 5 });
      expect(replies.find((r) => r.model === GPT)!.cost).toBeGreaterThan(0);
      expect(replies.find((r) => r.model === LOCAL)).toMatchObject({ cost: 0 });

      const next = await send({ conversationId: response.body.conversationId, message: 'and again', models: [GPT] });
      expect(next.body).toMatchObject({ conversationId: response.body.conversationId, turn: 2, title: 'json please' });
    });

    it('keeps the replies of a turn in the order the models were chosen, whichever finishes first', async () => {
      emulator.script({ firstTokenDelayMs: 300, match: { vendor: 'openai' } });
      const response = await send({ message: 'in order please', models: [GPT, CLAUDE, GEMINI] });

      const stored = await conversation(response.body.conversationId);
      // All three replies are created in one statement, so they share created_at, the only order key within a turn.
      expect({ turn: response.body.replies.map((m: Message) => m.model), stored: stored.messages.filter((m) => m.role === 'assistant').map((m) => m.model) }).toEqual({
        turn: [GPT, CLAUDE, GEMINI],
        stored: [GPT, CLAUDE, GEMINI],
      });
    });

    it('starts the model that has been slowest first, so the turn ends when it would alone', async () => {
      for (let i = 0; i < 2; i++) {
        emulator.script({ firstTokenDelayMs: 400, match: { vendor: 'gemini' } });
        await send({ message: `warm up ${i}`, models: [GPT, CLAUDE, GEMINI] });
      }
      const before = emulator.requests.length;
      emulator.script({ firstTokenDelayMs: 400, match: { vendor: 'gemini' } });
      const response = await send({ message: 'slowest first', models: [GPT, CLAUDE, GEMINI] });
      const vendors = emulator.requests.slice(before).filter((request) => request.kind === 'chat').map((request) => request.vendor);
      expect(vendors[0]).toBe('gemini');
      // The replies still come back in the order the models were chosen.
      expect(response.body.replies.map((m: Message) => m.model)).toEqual([GPT, CLAUDE, GEMINI]);
    });

    it('gives a model without a key a reply with status error naming the missing key', async () => {
      const response = await send({ message: 'no key for you', models: [NO_KEY] });

      expect(response.status).toBe(200);
      expect(response.body.replies).toHaveLength(1);
      expect(response.body.replies[0]).toMatchObject({ model: NO_KEY, status: 'error', content: '' });
      expect(response.body.replies[0].error).toContain('OPENAI_COMPATIBLE_API_KEY');
    });

    it("replaces one model's last reply, leaving the others", async () => {
      const turn = await send({ message: 'write a haiku', models: [GPT, CLAUDE] });
      const id = turn.body.conversationId as string;
      const before = await conversation(id);
      emulator.reset();
      emulator.script({ reply: 'A fresh second take', match: { vendor: 'openai' } });

      const response = await app.http().post(`/api/chat/conversations/${id}/regenerate`).set(user.auth).send({ model: GPT }).expect(200);

      expect(response.body).toMatchObject({ conversationId: id, turn: 1 });
      expect(response.body.replies).toEqual([expect.objectContaining({ model: GPT, status: 'complete', content: 'A fresh second take' })]);
      // The model saw the conversation without its old reply.
      expect(emulator.requests[0]?.messages).toEqual([{ role: 'user', text: 'write a haiku' }]);
      const after = await conversation(id);
      expect(after.messages).toHaveLength(3);
      expect(after.messages.filter((m) => m.model === GPT)).toEqual([expect.objectContaining({ content: 'A fresh second take', status: 'complete' })]);
      expect(replyOf(after.messages, CLAUDE)).toEqual(replyOf(before.messages, CLAUDE));
    });

    it('regenerates as a stream too', async () => {
      const turn = await send({ message: 'stream the redo', models: [CLAUDE] });
      const id = turn.body.conversationId as string;
      emulator.reset();

      const { list } = await streamAll({ model: CLAUDE }, user, `/api/chat/conversations/${id}/regenerate`);

      expect(list.map((e) => e.event)).toEqual(['turn', 'start', ...Array(6).fill('delta'), 'done', 'end']);
      expect(list[0]!.data).toMatchObject({ conversationId: id, turn: 1, userMessageId: null });
      const after = await conversation(id);
      expect(after.messages.filter((m) => m.model === CLAUDE)).toEqual([expect.objectContaining({ id: list[1]!.data.messageId, status: 'complete' })]);
    });

    it('keeps the old reply when the regeneration fails', async () => {
      const turn = await send({ message: 'keep me safe', models: [GPT, LOCAL] });
      const id = turn.body.conversationId as string;
      const before = await conversation(id);
      emulator.script(...failing('openai', 500, 3));

      const { list } = await streamAll({ model: GPT }, user, `/api/chat/conversations/${id}/regenerate`);

      expect(one(list, 'error', GPT)!.data).toMatchObject({ code: 'unavailable', provider: 'openai' });
      expect(list.at(-1)!.event).toBe('end');
      const after = await conversation(id);
      expect(after.messages).toEqual(before.messages);
    });

    it('tells the caller why a regeneration without stream failed, and keeps the old reply', async () => {
      const turn = await send({ message: 'keep me too', models: [GPT] });
      const id = turn.body.conversationId as string;
      const before = await conversation(id);
      emulator.script(...failing('openai', 500, 3));

      const response = await app.http().post(`/api/chat/conversations/${id}/regenerate`).set(user.auth).send({ model: GPT });

      expect((await conversation(id)).messages).toEqual(before.messages);
      // The streamed form sends an `error` event; the JSON form answers the vendor's failure (502 naming it).
      expect(response.status).toBe(502);
      expect(response.body).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', message: expect.stringContaining('OpenAI') });
    });

    it('refuses to regenerate in a conversation with no message yet, or with an unknown model (400)', async () => {
      const empty = await app.http().post('/api/chat/new').set(user.auth).send({ title: 'Nothing yet' }).expect(201);
      expect(empty.body).toMatchObject({ title: 'Nothing yet', pinned: false, models: [] });
      const nothing = await app.http().post(`/api/chat/conversations/${empty.body.id}/regenerate`).set(user.auth).send({ model: GPT }).expect(400);
      expect(nothing.body.code).toBe('NOTHING_TO_REGENERATE');
      const unknown = await app.http().post(`/api/chat/conversations/${empty.body.id}/regenerate`).set(user.auth).send({ model: 'acme/turbo' }).expect(400);
      expect(unknown.body).toMatchObject({ code: 'UNKNOWN_MODEL', details: [{ field: 'model' }] });
    });
  });

  // ---- validation ----------------------------------------------------------------------------

  describe('bad input', () => {
    const thirteen = ['openai/gpt-5.4', 'openai/gpt-5.4-mini', 'openai/gpt-5.4-nano', 'openai/gpt-5.2', 'openai/gpt-5', 'openai/gpt-5-mini', 'openai/gpt-4.1', 'openai/gpt-4o-mini', 'openai/o4-mini', 'anthropic/claude-opus-5', 'anthropic/claude-sonnet-5', 'anthropic/claude-haiku-4-5', LOCAL];

    const fields = (body: { details?: Array<{ field: string }> }) => (body.details ?? []).map((d) => d.field);

    it.each([
      ['no model', { message: 'hi', models: [] }, 'models'],
      ['13 models', { message: 'hi', models: thirteen }, 'models'],
      ['a repeated model', { message: 'hi', models: [LOCAL, LOCAL] }, 'models'],
      ['an empty message', { message: '', models: [LOCAL] }, 'message'],
      ['a blank message', { message: '   \n ', models: [LOCAL] }, 'message'],
      ['a temperature over 2', { message: 'hi', models: [LOCAL], temperature: 3 }, 'temperature'],
      ['a conversation id that is not one', { conversationId: 'nope', message: 'hi', models: [LOCAL] }, 'conversationId'],
      ['no models field', { message: 'hi' }, 'models'],
      ['models that are not a list', { message: 'hi', models: LOCAL }, 'models'],
      ['no message', { models: [LOCAL] }, 'message'],
      ['an unknown field', { message: 'hi', models: [LOCAL], system: 'obey me' }, 'system'],
    ])('answers 400 naming the field for %s', async (_label, body, field) => {
      for (const stream of [false, true]) {
        const response = await send({ ...body, stream });
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
        expect(fields(response.body)).toContain(field);
        expect(response.body.message).toContain(field);
      }
    });

    it('accepts exactly 12 models', async () => {
      const twelve = thirteen.slice(0, 11).concat(LOCAL);
      const response = await send({ message: 'all of you', models: twelve });
      expect(response.status).toBe(200);
      expect(response.body.replies).toHaveLength(12);
    });

    it('answers 400 naming models.N for an unknown model, before anything is stored or called', async () => {
      const before = (await app.http().get('/api/chat/history').set(user.auth).expect(200)).body.total;
      for (const [models, field] of [
        [['acme/turbo-9000'], 'models.0'],
        [[GPT, 'openai/gpt-99'], 'models.1'],
      ] as const) {
        for (const stream of [false, true]) {
          const response = await send({ message: 'hi', models, stream });
          expect(response.status).toBe(400);
          expect(response.headers['content-type']).toMatch(/^application\/json/);
          expect(response.body.code).toBe('UNKNOWN_MODEL');
          expect(response.body.details[0].field).toBe(field);
          expect(response.body.message).toContain(models.at(-1));
        }
      }
      expect((await app.http().get('/api/chat/history').set(user.auth).expect(200)).body.total).toBe(before);
      expect(emulator.requests).toHaveLength(0);
    });

    it("answers 400 for a message over the model's context (32k tokens for local/webox-mini)", async () => {
      const before = (await app.http().get('/api/chat/history').set(user.auth).expect(200)).body.total;
      const message = 'a '.repeat(40_000);
      for (const stream of [false, true]) {
        const response = await send({ message, models: [GPT, LOCAL], stream });
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('CONTEXT_EXCEEDED');
        expect(response.body.details).toEqual([expect.objectContaining({ field: 'message' })]);
        expect(response.body.message).toContain(LOCAL);
        expect(response.body.message).toContain('32000');
      }
      expect((await app.http().get('/api/chat/history').set(user.auth).expect(200)).body.total).toBe(before);
      expect(emulator.requests).toHaveLength(0);
    });

    it('answers 401 without a token', async () => {
      await app.http().post('/api/chat').send({ message: 'hi', models: [LOCAL] }).expect(401);
      await app.http().post('/api/chat').set('Authorization', 'Bearer not-a-token').send({ message: 'hi', models: [LOCAL] }).expect(401);
    });
  });

  // ---- history ---------------------------------------------------------------------------------

  describe('history', () => {
    let owner: TestUser;
    const ids: string[] = [];

    beforeAll(async () => {
      owner = await registerUser(app, 'Historian');
      for (const message of ['first about apples', 'second about pears', 'third about plums']) {
        const response = await send({ message, models: [LOCAL] }, owner);
        ids.push(response.body.conversationId);
      }
    });

    const list = async (query: Record<string, string | number>, who: TestUser = owner) => (await app.http().get('/api/chat/history').query(query).set(who.auth).expect(200)).body;

    it('lists conversations most recent first, paginated, with their models and a preview', async () => {
      const page1 = await list({ page: 1, limit: 2 });
      expect(page1).toMatchObject({ total: 3, page: 1, limit: 2 });
      expect(page1.items.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
      expect(page1.items[0]).toMatchObject({ title: 'third about plums', pinned: false, models: [LOCAL], preview: expect.any(String) });
      const page2 = await list({ page: 2, limit: 2 });
      expect(page2.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
      await app.http().get('/api/chat/history').query({ limit: 101 }).set(owner.auth).expect(400);
    });

    it('finds a conversation by a word of a reply', async () => {
      emulator.script({ reply: 'The quokka lives on Rottnest Island', match: { vendor: 'openai' } });
      const response = await send({ message: 'which animal smiles', models: [GPT] }, owner);
      const found = await list({ q: 'quokka' });
      expect(found.items.map((c: { id: string }) => c.id)).toEqual([response.body.conversationId]);
      expect(found.total).toBe(1);
      await app.http().delete(`/api/chat/conversations/${response.body.conversationId}`).set(owner.auth).expect(204);
    });

    it('renames a conversation and finds it by a word of its title', async () => {
      const renamed = await app.http().patch(`/api/chat/conversations/${ids[1]}`).set(owner.auth).send({ title: 'Platypus research notes' }).expect(200);
      expect(renamed.body).toMatchObject({ id: ids[1], title: 'Platypus research notes' });
      expect((await conversation(ids[1]!, owner)).title).toBe('Platypus research notes');
      const found = await list({ q: 'platypus' });
      expect(found.items.map((c: { id: string }) => c.id)).toEqual([ids[1]]);
      expect((await list({ q: 'nothingmatcheshere' })).total).toBe(0);
      // Search syntax never breaks the query.
      for (const q of ['"(:*&!', "it's -or OR", '\\\\']) expect((await list({ q })).items).toEqual(expect.any(Array));
      const bad = await app.http().patch(`/api/chat/conversations/${ids[1]}`).set(owner.auth).send({ title: '' }).expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('title');
    });

    it('lists pinned conversations first, before more recent ones', async () => {
      const pinned = await app.http().patch(`/api/chat/conversations/${ids[0]}`).set(owner.auth).send({ pinned: true }).expect(200);
      expect(pinned.body).toMatchObject({ id: ids[0], pinned: true });
      // Newer activity elsewhere does not move a pinned conversation down.
      await send({ conversationId: ids[2], message: 'more about plums', models: [LOCAL] }, owner);
      const all = await list({});
      expect(all.items.map((c: { id: string }) => c.id).slice(0, 2)).toEqual([ids[0], ids[2]]);
      expect(all.items.filter((c: { pinned: boolean }) => c.pinned)).toHaveLength(1);
      await app.http().patch(`/api/chat/conversations/${ids[0]}`).set(owner.auth).send({ pinned: false }).expect(200);
      expect((await list({})).items.every((c: { pinned: boolean }) => !c.pinned)).toBe(true);
    });

    it("hides a user's conversations from everyone else (404, and not in their history)", async () => {
      const id = ids[2]!;
      await app.http().get(`/api/chat/conversations/${id}`).set(stranger.auth).expect(404);
      await app.http().patch(`/api/chat/conversations/${id}`).set(stranger.auth).send({ title: 'mine now' }).expect(404);
      await app.http().delete(`/api/chat/conversations/${id}`).set(stranger.auth).expect(404);
      await app.http().post(`/api/chat/conversations/${id}/regenerate`).set(stranger.auth).send({ model: LOCAL }).expect(404);
      await app.http().get(`/api/chat/conversations/${id}/export`).query({ format: 'markdown' }).set(stranger.auth).expect(404);
      expect(await list({}, stranger)).toMatchObject({ total: 0, items: [] });
      expect((await list({ q: 'plums' }, stranger)).total).toBe(0);
      // Still there, unchanged, for its owner.
      expect((await conversation(id, owner)).title).toBe('third about plums');
    });

    it('answers 404 for an id that is not a conversation', async () => {
      await app.http().get('/api/chat/conversations/not-a-uuid').set(owner.auth).expect(404);
      await app.http().get('/api/chat/conversations/00000000-0000-4000-8000-000000000000').set(owner.auth).expect(404);
    });

    it('deletes a conversation, then answers 404 for it', async () => {
      const response = await send({ message: 'short lived', models: [LOCAL] }, owner);
      const id = response.body.conversationId as string;
      await app.http().delete(`/api/chat/conversations/${id}`).set(owner.auth).expect(204);
      await app.http().get(`/api/chat/conversations/${id}`).set(owner.auth).expect(404);
      await app.http().delete(`/api/chat/conversations/${id}`).set(owner.auth).expect(404);
      expect((await list({})).items.map((c: { id: string }) => c.id)).not.toContain(id);
      const [{ count }] = await app.dataSource.query('SELECT count(*)::int AS count FROM chat_messages WHERE conversation_id = $1', [id]);
      expect(count).toBe(0);
    });

    it('answers 401 without a token', async () => {
      await app.http().get('/api/chat/history').expect(401);
      await app.http().get(`/api/chat/conversations/${ids[0]}`).expect(401);
      await app.http().patch(`/api/chat/conversations/${ids[0]}`).send({ pinned: true }).expect(401);
      await app.http().delete(`/api/chat/conversations/${ids[0]}`).expect(401);
      await app.http().get('/api/chat/usage').expect(401);
      await app.http().post('/api/chat/new').send({}).expect(401);
    });
  });

  // ---- export ----------------------------------------------------------------------------------

  describe('export', () => {
    let id: string;
    beforeAll(async () => {
      emulator.script({ reply: 'Paris is the capital of France.', match: { vendor: 'openai' } }, { reply: 'It is Paris, on the Seine.', match: { vendor: 'anthropic' } });
      const response = await send({ message: 'What is the capital of France?', models: [GPT, CLAUDE, NO_KEY] });
      id = response.body.conversationId;
    });

    const download = async (format: string) => {
      const response = await fetch(`${app.url}/api/chat/conversations/${id}/export?format=${format}`, { headers: user.auth });
      return { response, body: Buffer.from(await response.arrayBuffer()) };
    };

    it('exports Markdown with the title, the question and each model reply', async () => {
      const { response, body } = await download('markdown');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/markdown/);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="what-is-the-capital-of-france.md"');
      const text = body.toString('utf8');
      expect(text).toContain('# What is the capital of France?');
      expect(text).toContain('What is the capital of France?');
      expect(text).toContain(GPT);
      expect(text).toContain('Paris is the capital of France.');
      expect(text).toContain(CLAUDE);
      expect(text).toContain('It is Paris, on the Seine.');
      expect(text).toContain(NO_KEY);
      expect(text).toContain('OPENAI_COMPATIBLE_API_KEY');
    });

    it('exports JSON that parses back to the conversation', async () => {
      const { response, body } = await download('json');
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const parsed = JSON.parse(body.toString('utf8'));
      expect(parsed).toMatchObject({ id, title: 'What is the capital of France?' });
      expect(parsed.messages).toHaveLength(4);
      expect(parsed.messages.map((m: Message) => m.content)).toEqual(expect.arrayContaining(['Paris is the capital of France.', 'It is Paris, on the Seine.']));
    });

    it('exports a PDF', async () => {
      const { response, body } = await download('pdf');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(body.length).toBeGreaterThan(2_000);
      expect(body.length).toBeLessThan(2_000_000);
      expect(body.subarray(-1024).toString('latin1')).toContain('%%EOF');
    });

    it('answers 400 for an unknown format', async () => {
      const response = await app.http().get(`/api/chat/conversations/${id}/export`).query({ format: 'docx' }).set(user.auth).expect(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain('format');
    });
  });

  // ---- usage ---------------------------------------------------------------------------------

  describe('usage', () => {
    it('sums tokens and cost per model over the turns of a user, failed calls without tokens not counted', async () => {
      const spender = await registerUser(app, 'Spender');
      const first = await send({ message: 'count my tokens', models: [GPT, CLAUDE, LOCAL, NO_KEY] }, spender);
      await send({ conversationId: first.body.conversationId, message: 'and these too please', models: [GPT, CLAUDE] }, spender);
      const stored = await conversation(first.body.conversationId, spender);
      const replies = stored.messages.filter((m) => m.role === 'assistant' && m.status === 'complete');
      expect(replies).toHaveLength(5);

      const usage = (await app.http().get('/api/chat/usage').set(spender.auth).expect(200)).body;

      for (const model of [GPT, CLAUDE, LOCAL]) {
        const own = replies.filter((m) => m.model === model);
        const row = usage.byModel.find((r: { model: string }) => r.model === model);
        expect(row).toMatchObject({
          provider: model.split('/')[0],
          calls: own.length,
          inputTokens: own.reduce((sum, m) => sum + m.inputTokens!, 0),
          outputTokens: own.reduce((sum, m) => sum + m.outputTokens!, 0),
        });
        expect(row.cost).toBeCloseTo(
          own.reduce((sum, m) => sum + m.cost!, 0),
          8,
        );
      }
      expect(usage.byModel.map((r: { model: string }) => r.model)).not.toContain(NO_KEY);
      expect(usage.byModel).toHaveLength(3);
      expect(usage.calls).toBe(5);
      expect(usage.inputTokens).toBe(replies.reduce((sum, m) => sum + m.inputTokens!, 0));
      expect(usage.outputTokens).toBe(replies.reduce((sum, m) => sum + m.outputTokens!, 0));
      expect(usage.cost).toBeCloseTo(replies.reduce((sum, m) => sum + m.cost!, 0), 8);
      expect(usage.cost).toBeGreaterThan(0);
      // Rows are ordered by cost: Claude's prices are the highest of the three.
      expect(usage.byModel.map((r: { model: string }) => r.model)).toEqual([CLAUDE, GPT, LOCAL]);

      const future = (await app.http().get('/api/chat/usage').query({ from: '2999-01-01T00:00:00Z', to: '2999-12-31T00:00:00Z' }).set(spender.auth).expect(200)).body;
      expect(future).toMatchObject({ calls: 0, cost: 0, byModel: [] });
      // Another user's usage is their own.
      expect((await app.http().get('/api/chat/usage').set(stranger.auth).expect(200)).body).toMatchObject({ calls: 0, byModel: [] });
      // What was paid stays paid: deleting the conversation does not erase its usage.
      await app.http().delete(`/api/chat/conversations/${first.body.conversationId}`).set(spender.auth).expect(204);
      expect((await app.http().get('/api/chat/usage').set(spender.auth).expect(200)).body.calls).toBe(5);
    });

    it('answers 400 when from is after to, or a date is not one', async () => {
      const late = await app.http().get('/api/chat/usage').query({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }).set(user.auth).expect(400);
      expect(late.body.details.map((d: { field: string }) => d.field)).toContain('from');
      const bad = await app.http().get('/api/chat/usage').query({ from: 'yesterday' }).set(user.auth).expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('from');
    });
  });
});
