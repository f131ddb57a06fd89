import { DataSource } from 'typeorm';
import { ProviderRegistry } from '../src/ai/provider-registry';
import { ChatBranches1764400000000 } from '../src/database/migrations/1764400000000-chat-branches';
import { videoAndAudio } from './support/media-fixtures';
import { startProviderEmulator, type ProviderEmulator, type ScriptedBehaviour, type Vendor } from './support/provider-emulator';
import { SseEvent, sseEvents } from './support/sse-events';
import { emulatedChatVendors, registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * A conversation as a tree (issue 24): edit and resend, versions of replies, the branch on screen
 * (GET, export, what the models are given), continue a reply cut by its length limit. The real
 * app and database, the vendors' SDKs against the provider emulator.
 */

const GPT = 'openai/gpt-5.4';
const CLAUDE = 'anthropic/claude-sonnet-4-6';

interface Message {
  id: string;
  turn: number;
  parentId: string | null;
  siblingIds: string[];
  role: 'user' | 'assistant';
  model?: string;
  content: string;
  status: string;
  error?: string;
  truncated: boolean;
  inputTokens?: number;
  outputTokens?: number;
  cost?: number;
}

describe('chat branches', () => {
  let app: TestApp;
  let emulator: ProviderEmulator;
  let user: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({ ...emulatedChatVendors(emulator), WEBOX_LOCAL_TOKEN_DELAY_MS: '0' });
    app.app.get(ProviderRegistry).retryPolicy = { attempts: 3, baseDelayMs: 10 };
    user = await registerUser(app, 'Brancher');
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

  // ---- helpers ------------------------------------------------------------------------------

  const failing = (vendor: Vendor, times = 3): ScriptedBehaviour[] => Array.from({ length: times }, () => ({ failure: { type: 'status' as const, status: 500 }, match: { vendor } }));
  const send = (body: Record<string, unknown>, who = user) => app.http().post('/api/chat').set(who.auth).send(body);

  async function streamAll(body: Record<string, unknown>, path = '/api/chat', who = user): Promise<SseEvent[]> {
    const response = await fetch(`${app.url}${path}`, { method: 'POST', headers: { ...who.auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...body, stream: true }) });
    expect(response.status).toBe(200);
    const list: SseEvent[] = [];
    for await (const event of sseEvents(response)) list.push(event);
    return list;
  }

  async function conversation(id: string, who = user): Promise<{ id: string; messages: Message[] }> {
    return (await app.http().get(`/api/chat/conversations/${id}`).set(who.auth).expect(200)).body;
  }
  const questions = (messages: Message[]) => messages.filter((m) => m.role === 'user').map((m) => m.content);
  const replyOf = (messages: Message[], model: string, turn = 1) => messages.find((m) => m.role === 'assistant' && m.model === model && m.turn === turn)!;
  const select = (id: string, messageId: string, who = user) => app.http().post(`/api/chat/conversations/${id}/select`).set(who.auth).send({ messageId });
  const exported = async (id: string) => (await app.http().get(`/api/chat/conversations/${id}/export`).query({ format: 'markdown' }).set(user.auth).buffer(true).expect(200)).text;
  /** What the model of `vendor` was given, as role: text lines (its last request). */
  const given = (vendor: Vendor) =>
    emulator.requests
      .filter((r) => r.vendor === vendor)
      .at(-1)!
      .messages.map((m) => `${m.role}: ${m.text}`);

  /** A conversation of two turns answered by GPT and Claude. */
  async function twoTurns(): Promise<{ id: string; messages: Message[] }> {
    const first = await send({ message: 'Name a colour', models: [GPT, CLAUDE] }).expect(200);
    const id = first.body.conversationId as string;
    await send({ conversationId: id, message: 'Now a fruit', models: [GPT, CLAUDE] }).expect(200);
    emulator.reset();
    return conversation(id);
  }

  // ---- edit and resend ------------------------------------------------------------------------

  describe('edit and resend', () => {
    it('adds a sibling of the question, answered anew and shown; the old branch and its later turns are kept', async () => {
      const before = await twoTurns();
      const [q1, q2] = before.messages.filter((m) => m.role === 'user');

      const list = await streamAll({ conversationId: before.id, editOf: q1!.id, message: 'Name a **shape**', models: [GPT, CLAUDE] });

      expect(list[0]).toMatchObject({ event: 'turn', data: { conversationId: before.id, turn: 1, userMessageId: expect.any(String) } });
      expect(list.filter((e) => e.event === 'done')).toHaveLength(2);
      expect(list.at(-1)!.event).toBe('end');
      // The models were given the edited question alone: not the turns of the old branch.
      expect(given('openai')).toEqual(['user: Name a **shape**']);
      expect(given('anthropic')).toEqual(['user: Name a **shape**']);

      const after = await conversation(before.id);
      const edited = after.messages.find((m) => m.role === 'user')!;
      expect(edited).toMatchObject({ id: list[0]!.data.userMessageId, turn: 1, parentId: null, siblingIds: [q1!.id, edited.id] });
      expect(questions(after.messages)).toEqual(['Name a **shape**']);
      expect(replyOf(after.messages, GPT)).toMatchObject({ parentId: edited.id, status: 'complete', content: 'Echo from gpt-5.4: Name a **shape**' });
      expect(await exported(before.id)).not.toContain('Now a fruit');

      // The old branch comes back whole when chosen, with its second turn.
      const old = await select(before.id, q1!.id).expect(200);
      expect(questions(old.body.messages)).toEqual(['Name a colour', 'Now a fruit']);
      expect(old.body.messages).toEqual((await conversation(before.id)).messages);
      expect(old.body.messages.find((m: Message) => m.id === q2!.id)).toMatchObject({ parentId: q1!.id, siblingIds: [q2!.id] });
      const markdown = await exported(before.id);
      expect(markdown).toContain('Now a fruit');
      expect(markdown).not.toContain('shape');
    });

    it('edits a later turn: the models are given the turns above it, and the next message follows the new branch', async () => {
      const before = await twoTurns();
      const [q1, q2] = before.messages.filter((m) => m.role === 'user');

      const edit = await send({ conversationId: before.id, editOf: q2!.id, message: 'Now a vegetable', models: [GPT] }).expect(200);
      expect(edit.body).toMatchObject({ turn: 2, replies: [expect.objectContaining({ model: GPT, status: 'complete', siblingIds: [expect.any(String)] })] });
      expect(given('openai')).toEqual(['user: Name a colour', 'assistant: Echo from gpt-5.4: Name a colour', 'user: Now a vegetable']);

      await send({ conversationId: before.id, message: 'And a city', models: [GPT] }).expect(200);
      expect(given('openai')).toEqual([
        'user: Name a colour',
        'assistant: Echo from gpt-5.4: Name a colour',
        'user: Now a vegetable',
        'assistant: Echo from gpt-5.4: Now a vegetable',
        'user: And a city',
      ]);
      const after = await conversation(before.id);
      expect(questions(after.messages)).toEqual(['Name a colour', 'Now a vegetable', 'And a city']);
      const [, vegetable, city] = after.messages.filter((m) => m.role === 'user');
      expect(vegetable).toMatchObject({ parentId: q1!.id, turn: 2, siblingIds: [q2!.id, vegetable!.id] });
      expect(city).toMatchObject({ parentId: vegetable!.id, turn: 3 });

      // Back on the old version of turn 2: its own replies (GPT and Claude), no third turn; then forward again.
      const old = await select(before.id, q2!.id).expect(200);
      expect(questions(old.body.messages)).toEqual(['Name a colour', 'Now a fruit']);
      expect(old.body.messages.filter((m: Message) => m.turn === 2 && m.role === 'assistant').map((m: Message) => m.model)).toEqual([GPT, CLAUDE]);
      const forward = await select(before.id, vegetable!.id).expect(200);
      expect(questions(forward.body.messages)).toEqual(['Name a colour', 'Now a vegetable', 'And a city']);
    });

    it('a branch whose reply failed leaves the other branches as they were', async () => {
      const before = await twoTurns();
      const [q1] = before.messages.filter((m) => m.role === 'user');
      emulator.script(...failing('openai'));

      const list = await streamAll({ conversationId: before.id, editOf: q1!.id, message: 'Name a planet', models: [GPT, CLAUDE] });

      expect(list.find((e) => e.event === 'error')!.data).toMatchObject({ model: GPT, code: 'unavailable', provider: 'openai' });
      expect(list.find((e) => e.event === 'done')!.data).toMatchObject({ model: CLAUDE });
      const after = await conversation(before.id);
      // Stored with its code and values, for a client to say it in the reader's language.
      expect(replyOf(after.messages, GPT)).toMatchObject({ status: 'error', error: expect.any(String), errorCode: 'PROVIDER_UNAVAILABLE', errorParams: { provider: 'openai' } });
      expect(replyOf(after.messages, CLAUDE)).toMatchObject({ status: 'complete', content: expect.stringContaining('Name a planet') });
      expect(replyOf(after.messages, CLAUDE)).not.toHaveProperty('errorCode');
      const old = await select(before.id, q1!.id).expect(200);
      expect(old.body.messages).toEqual(before.messages.map((m) => (m.id === q1!.id ? { ...m, siblingIds: [q1!.id, expect.any(String)] } : m)));
    });

    it('refuses: another user’s conversation or message (404), an unknown id (404), a reply’s id (400 naming editOf), no conversationId (400)', async () => {
      const before = await twoTurns();
      const [q1] = before.messages.filter((m) => m.role === 'user');
      const gptReply = replyOf(before.messages, GPT);

      const theirs = await send({ conversationId: before.id, editOf: q1!.id, message: 'Mine now', models: [GPT] }, stranger).expect(404);
      expect(theirs.body.code).toBe('CONVERSATION_NOT_FOUND');
      const own = await send({ message: 'My own chat', models: [GPT] }, stranger).expect(200);
      emulator.reset();
      const notInIt = await send({ conversationId: own.body.conversationId, editOf: q1!.id, message: 'Borrowed', models: [GPT] }, stranger).expect(404);
      expect(notInIt.body.code).toBe('MESSAGE_NOT_FOUND');
      const unknown = await send({ conversationId: before.id, editOf: '00000000-0000-4000-8000-000000000404', message: 'Nothing', models: [GPT] }).expect(404);
      expect(unknown.body.code).toBe('MESSAGE_NOT_FOUND');
      const reply = await send({ conversationId: before.id, editOf: gptReply.id, message: 'A reply', models: [GPT] }).expect(400);
      expect(reply.body).toMatchObject({ code: 'WRONG_MESSAGE_ROLE', details: [{ field: 'editOf', message: expect.stringContaining('user message') }] });
      const alone = await send({ editOf: q1!.id, message: 'Where?', models: [GPT] }).expect(400);
      expect(alone.body.details).toEqual([{ field: 'conversationId', message: expect.any(String) }]);

      expect(emulator.requests).toHaveLength(0);
      expect(await conversation(before.id)).toEqual(before);
    });

    it('an edit with a refused attachment: 400 naming it, nothing stored or sent', async () => {
      const before = await twoTurns();
      const [q1] = before.messages.filter((m) => m.role === 'user');
      const [wav] = (await app.http().post('/api/media/upload').set(user.auth).attach('files', videoAndAudio().wav, { filename: 'voice.wav' }).expect(201)).body;

      const response = await send({ conversationId: before.id, editOf: q1!.id, message: 'Transcribe', models: [GPT], attachments: [wav.id] }).expect(400);

      expect(response.body).toMatchObject({ code: 'ATTACHMENT_TYPE_REFUSED', details: [{ field: 'attachments.0' }] });
      expect(emulator.requests).toHaveLength(0);
      expect(await conversation(before.id)).toEqual(before);
    });
  });

  // ---- versions of replies ------------------------------------------------------------------

  describe('regenerate keeps versions', () => {
    it('one column: the new reply is shown, the old one kept as a version; choosing it shows it again', async () => {
      const before = await twoTurns();
      const oldGpt = replyOf(before.messages, GPT, 2);
      emulator.script({ reply: 'A second take', match: { vendor: 'openai' } });

      const list = await streamAll({ model: GPT }, `/api/chat/conversations/${before.id}/regenerate`);

      expect(list.find((e) => e.event === 'done')!.data).toMatchObject({ model: GPT, truncated: false });
      const after = await conversation(before.id);
      const newGpt = replyOf(after.messages, GPT, 2);
      expect(newGpt).toMatchObject({ content: 'A second take', siblingIds: [oldGpt.id, newGpt.id] });
      expect(replyOf(after.messages, CLAUDE, 2)).toEqual(replyOf(before.messages, CLAUDE, 2));

      const back = await select(before.id, oldGpt.id).expect(200);
      expect(replyOf(back.body.messages, GPT, 2)).toMatchObject({ id: oldGpt.id, content: oldGpt.content, siblingIds: [oldGpt.id, newGpt.id] });
      // The thread of the next turn is the branch on screen: the chosen version.
      await send({ conversationId: before.id, message: 'Thanks', models: [GPT] }).expect(200);
      expect(given('openai')).toContain(`assistant: ${oldGpt.content}`);
      expect(given('openai')).not.toContain('assistant: A second take');
    });

    it('every column of an earlier turn, named by its question: later turns stay', async () => {
      const before = await twoTurns();
      const [q1] = before.messages.filter((m) => m.role === 'user');
      emulator.script({ reply: 'Teal', match: { vendor: 'openai' } }, { reply: 'Crimson', match: { vendor: 'anthropic' } });

      const response = await app.http().post(`/api/chat/conversations/${before.id}/regenerate`).set(user.auth).send({ models: [GPT, CLAUDE], messageId: q1!.id }).expect(200);

      expect(response.body).toMatchObject({ turn: 1 });
      expect(response.body.replies.map((r: Message) => [r.model, r.content, r.siblingIds.length])).toEqual([
        [GPT, 'Teal', 2],
        [CLAUDE, 'Crimson', 2],
      ]);
      const after = await conversation(before.id);
      expect(after.messages.filter((m) => m.turn === 1 && m.role === 'assistant').map((m) => m.content)).toEqual(['Teal', 'Crimson']);
      expect(questions(after.messages)).toEqual(['Name a colour', 'Now a fruit']);
    });

    it('refuses a reply’s id as the question (400 naming messageId), an unknown one (404), another user’s conversation (404)', async () => {
      const before = await twoTurns();
      const path = `/api/chat/conversations/${before.id}/regenerate`;
      const reply = await app.http().post(path).set(user.auth).send({ model: GPT, messageId: replyOf(before.messages, GPT).id }).expect(400);
      expect(reply.body).toMatchObject({ code: 'WRONG_MESSAGE_ROLE', details: [{ field: 'messageId' }] });
      await app.http().post(path).set(user.auth).send({ model: GPT, messageId: '00000000-0000-4000-8000-000000000404' }).expect(404);
      await app.http().post(path).set(stranger.auth).send({ model: GPT }).expect(404);
      const none = await app.http().post(path).set(user.auth).send({}).expect(400);
      expect(none.body.details).toEqual([{ field: 'model', message: expect.any(String) }]);
      expect(emulator.requests).toHaveLength(0);
    });
  });

  // ---- the branch on screen -------------------------------------------------------------------

  describe('select', () => {
    it('refuses an unknown message (404) and another user’s conversation (404)', async () => {
      const before = await twoTurns();
      const unknown = await select(before.id, '00000000-0000-4000-8000-000000000404').expect(404);
      expect(unknown.body.code).toBe('MESSAGE_NOT_FOUND');
      await select(before.id, before.messages[0]!.id, stranger).expect(404);
      const bad = await select(before.id, 'nope').expect(400);
      expect(bad.body.details).toEqual([{ field: 'messageId', constraint: 'isUuid', message: expect.any(String) }]);
    });
  });

  describe('the list follows the branch on screen', () => {
    const listed = async (q?: string) => (await app.http().get('/api/chat/history').query(q ? { q } : {}).set(user.auth).expect(200)).body.items as Array<{ id: string; preview?: string; models: string[] }>;

    it('preview, models and search: the versions chosen, not the newest message written', async () => {
      const before = await twoTurns();
      const [q1] = before.messages.filter((m) => m.role === 'user');
      await send({ conversationId: before.id, editOf: q1!.id, message: 'Name a planet', models: [GPT] }).expect(200);

      // The edit is on screen: its reply is the preview, only GPT answered there, the old branch's words are not found.
      let row = (await listed()).find((c) => c.id === before.id)!;
      expect(row).toMatchObject({ preview: 'Echo from gpt-5.4: Name a planet', models: [GPT] });
      expect((await listed('fruit')).map((c) => c.id)).not.toContain(before.id);
      expect((await listed('planet')).map((c) => c.id)).toContain(before.id);

      // Back on the old branch: its last message, both models, its words.
      await select(before.id, q1!.id).expect(200);
      row = (await listed()).find((c) => c.id === before.id)!;
      expect(row.preview).toBe(replyOf(before.messages, CLAUDE, 2).content);
      expect(row.models).toEqual([CLAUDE, GPT]);
      expect((await listed('fruit')).map((c) => c.id)).toContain(before.id);
      expect((await listed('planet')).map((c) => c.id)).not.toContain(before.id);
    });

    it('forgets a choice whose version is gone: the newest one is shown, and the stored selection no longer names it', async () => {
      const before = await twoTurns();
      const source = app.app.get(DataSource);
      const oldGpt = replyOf(before.messages, GPT, 2);
      emulator.script({ reply: 'A second take', match: { vendor: 'openai' } });
      await app.http().post(`/api/chat/conversations/${before.id}/regenerate`).set(user.auth).send({ model: GPT }).expect(200);
      const newGpt = replyOf((await conversation(before.id)).messages, GPT, 2);
      await select(before.id, oldGpt.id).expect(200);
      await source.query(`DELETE FROM chat_messages WHERE id = $1`, [oldGpt.id]);

      const after = await conversation(before.id);
      expect(replyOf(after.messages, GPT, 2)).toMatchObject({ id: newGpt.id, siblingIds: [newGpt.id] });
      const [{ selection }] = await source.query(`SELECT selection FROM conversations WHERE id = $1`, [before.id]);
      expect(Object.values(selection as Record<string, string>)).not.toContain(oldGpt.id);
    });
  });

  // ---- migration -------------------------------------------------------------------------------

  it('migrates a conversation stored before branches into a single branch', async () => {
    const before = await twoTurns();
    const source = app.app.get(DataSource);
    await source.query(`UPDATE chat_messages SET parent_id = NULL WHERE conversation_id = $1`, [before.id]);

    await ChatBranches1764400000000.linkTurns(source);

    expect(await conversation(before.id)).toEqual(before);
    const [q1, q2] = before.messages.filter((m) => m.role === 'user');
    expect(q2!.parentId).toBe(q1!.id);
    expect(before.messages.filter((m) => m.role === 'assistant').map((m) => m.parentId)).toEqual([q1!.id, q1!.id, q2!.id, q2!.id]);
  });

  // ---- continue -------------------------------------------------------------------------------

  describe('continue', () => {
    it('continues a reply cut by its length limit: the same model writes the rest, appended to it', async () => {
      emulator.script({ reply: 'One two three four five six', match: { vendor: 'openai' } });
      const first = await send({ message: 'Count to six', models: [GPT], maxTokens: 3 }).expect(200);
      const cut = first.body.replies[0] as Message;
      expect(cut).toMatchObject({ content: 'One two three', truncated: true, status: 'complete', outputTokens: 3 });
      emulator.script({ reply: ' four.', match: { vendor: 'openai' } });

      const list = await streamAll({}, `/api/chat/messages/${cut.id}/continue`);

      expect(list.map((e) => e.event)).toEqual(['turn', 'start', 'delta', 'done', 'end']);
      expect(list[1]!.data).toMatchObject({ model: GPT, messageId: cut.id });
      expect(list.find((e) => e.event === 'done')!.data).toMatchObject({ messageId: cut.id, truncated: false, usage: { outputTokens: 4 } });
      // Given its reply so far, then asked to go on.
      expect(given('openai')).toEqual(['user: Count to six', 'assistant: One two three', expect.stringMatching(/^user: .*cut off by the length limit/)]);
      const after = await conversation(first.body.conversationId);
      expect(after.messages).toHaveLength(2);
      expect(replyOf(after.messages, GPT)).toMatchObject({ id: cut.id, content: 'One two three four.', truncated: false, status: 'complete', outputTokens: 4 });
      const again = await app.http().post(`/api/chat/messages/${cut.id}/continue`).set(user.auth).send({}).expect(400);
      expect(again.body.code).toBe('NOTHING_TO_CONTINUE');
    });

    it('a continuation that fails leaves the reply as it was, still to be continued', async () => {
      emulator.script({ reply: 'Alpha beta gamma delta', match: { vendor: 'openai' } });
      const first = await send({ message: 'Greek letters', models: [GPT], maxTokens: 2 }).expect(200);
      const cut = first.body.replies[0] as Message;
      emulator.script(...failing('openai'));

      const list = await streamAll({}, `/api/chat/messages/${cut.id}/continue`);

      expect(list.find((e) => e.event === 'error')!.data).toMatchObject({ model: GPT, messageId: cut.id, code: 'unavailable' });
      expect(replyOf((await conversation(first.body.conversationId)).messages, GPT)).toMatchObject({ content: 'Alpha beta', truncated: true, status: 'complete' });
    });

    it('refuses a user message (400 naming id), another user’s reply (404), an unknown id (404)', async () => {
      const turn = await send({ message: 'Short', models: [GPT] }).expect(200);
      const detail = await conversation(turn.body.conversationId);
      const question = detail.messages.find((m) => m.role === 'user')!;
      const wrong = await app.http().post(`/api/chat/messages/${question.id}/continue`).set(user.auth).send({}).expect(400);
      expect(wrong.body).toMatchObject({ code: 'WRONG_MESSAGE_ROLE', details: [{ field: 'id' }] });
      await app.http().post(`/api/chat/messages/${turn.body.replies[0].id}/continue`).set(stranger.auth).send({}).expect(404);
      await app.http().post('/api/chat/messages/00000000-0000-4000-8000-000000000404/continue').set(user.auth).send({}).expect(404);
      emulator.reset();
    });
  });
});
