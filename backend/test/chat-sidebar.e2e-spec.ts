import { startProviderEmulator, type ProviderEmulator } from './support/provider-emulator';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Issue 24 items 1 and 8 over real HTTP, on PostgreSQL and PGlite: conversations pinned, archived,
 * filed in folders and searched as the sidebar does; a reply read aloud as audio, kept for the next play.
 */

const LOCAL = 'local/webox-mini';

interface Conversation {
  id: string;
  title: string;
  pinned: boolean;
  archived: boolean;
  folder: string | null;
  updatedAt: string;
}

describe('chat sidebar and read-aloud', () => {
  let emulator: ProviderEmulator;
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: emulator.openaiBaseUrl, WEBOX_LOCAL_TOKEN_DELAY_MS: '0' });
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
  }, 90_000);
  afterEach(() => emulator.reset());
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  const create = async (who: TestUser, title: string): Promise<Conversation> => (await app.http().post('/api/chat/new').set(who.auth).send({ title }).expect(201)).body;
  const update = (who: TestUser, id: string, body: object) => app.http().patch(`/api/chat/conversations/${id}`).set(who.auth).send(body);
  const list = async (who: TestUser, query: Record<string, string> = {}): Promise<Conversation[]> => (await app.http().get('/api/chat/history').query(query).set(who.auth).expect(200)).body.items;
  const titles = (items: Conversation[]) => items.map((item) => item.title);
  const chat = async (who: TestUser, message: string) =>
    (await app.http().post('/api/chat').set(who.auth).send({ message, models: [LOCAL] }).expect(200)).body as { conversationId: string; replies: Array<{ id: string; content: string }> };

  describe('organising conversations', () => {
    let plans: Conversation;
    let recipes: Conversation;
    let taxes: Conversation;

    beforeAll(async () => {
      plans = await create(ada, 'Holiday plans');
      recipes = await create(ada, 'Recipes');
      taxes = await create(ada, 'Tax return 2026');
    });

    it('a new conversation is neither pinned nor archived, and in no folder', () => {
      expect(plans).toMatchObject({ pinned: false, archived: false, folder: null });
    });

    it('lists pinned first, then the most recently updated', async () => {
      expect(titles(await list(ada))).toEqual(['Tax return 2026', 'Recipes', 'Holiday plans']);
      await update(ada, plans.id, { pinned: true }).expect(200);
      expect(titles(await list(ada))).toEqual(['Holiday plans', 'Tax return 2026', 'Recipes']);
    });

    it('archiving hides a conversation from the list; the archived view shows it, and unarchiving brings it back', async () => {
      const archived = (await update(ada, recipes.id, { archived: true }).expect(200)).body;
      expect(archived).toMatchObject({ id: recipes.id, archived: true });
      expect(titles(await list(ada))).not.toContain('Recipes');
      expect(titles(await list(ada, { archived: 'true' }))).toEqual(['Recipes']);
      expect(titles(await list(ada, { archived: 'false' }))).toEqual(['Holiday plans', 'Tax return 2026']);
      await update(ada, recipes.id, { archived: false }).expect(200);
      expect(titles(await list(ada))).toContain('Recipes');
    });

    it('files conversations in folders, lists the folders with their counts, and filters by folder', async () => {
      await update(ada, taxes.id, { folder: ' Work ' }).expect(200);
      const moved = (await update(ada, plans.id, { folder: 'Work' }).expect(200)).body;
      expect(moved.folder).toBe('Work');
      await update(ada, recipes.id, { folder: 'Home', archived: true }).expect(200);

      const folders = (await app.http().get('/api/chat/folders').set(ada.auth).expect(200)).body;
      expect(folders).toEqual([
        { name: 'Home', count: 0, archivedCount: 1 },
        { name: 'Work', count: 2, archivedCount: 0 },
      ]);
      expect(titles(await list(ada, { folder: 'Work' }))).toEqual(['Holiday plans', 'Tax return 2026']);
      expect(titles(await list(ada, { folder: 'Home' }))).toEqual([]);
      expect(titles(await list(ada, { folder: 'Home', archived: 'true' }))).toEqual(['Recipes']);

      await update(ada, plans.id, { folder: null }).expect(200);
      expect(titles(await list(ada, { folder: 'Work' }))).toEqual(['Tax return 2026']);
      await update(ada, recipes.id, { folder: null, archived: false }).expect(200);
    });

    it('searches part of a title as typed, case aside, and words of the messages', async () => {
      expect(titles(await list(ada, { q: 'holi' }))).toEqual(['Holiday plans']);
      expect(titles(await list(ada, { q: 'RETURN 20' }))).toEqual(['Tax return 2026']);
      expect(titles(await list(ada, { q: '%' }))).toEqual([]);
      const turn = await chat(ada, 'Which lighthouse keepers wrote diaries?');
      const found = await list(ada, { q: 'lighthouse' });
      expect(found.map((item) => item.id)).toEqual([turn.conversationId]);
    });

    it('names the wrong fields in a 400', async () => {
      const wrongUpdate = await update(ada, plans.id, { folder: 'x'.repeat(61), archived: 'yes' }).expect(400);
      expect(wrongUpdate.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['archived', 'folder']);
      const wrongQuery = await app.http().get('/api/chat/history').query({ archived: 'maybe' }).set(ada.auth).expect(400);
      expect(wrongQuery.body.details).toEqual([expect.objectContaining({ field: 'archived', message: 'archived must be true or false' })]);
    });

    it('another user can neither see nor change them, nor sees their folders', async () => {
      await update(bob, plans.id, { archived: true }).expect(404);
      await update(bob, plans.id, { folder: 'Mine' }).expect(404);
      expect(await list(bob)).toEqual([]);
      expect(await list(bob, { archived: 'true' })).toEqual([]);
      expect((await app.http().get('/api/chat/folders').set(bob.auth).expect(200)).body).toEqual([]);
      expect((await app.http().get(`/api/chat/conversations/${plans.id}`).set(ada.auth).expect(200)).body).toMatchObject({ archived: false, folder: null });
    });

    it('needs a token', async () => {
      await app.http().get('/api/chat/folders').expect(401);
      await app.http().patch(`/api/chat/conversations/${plans.id}`).send({ archived: true }).expect(401);
    });
  });

  describe('read aloud', () => {
    let replyId: string;

    beforeAll(async () => {
      const turn = await chat(ada, 'Say something **short** about the sea.');
      replyId = turn.replies[0]!.id;
    });

    /** The route's answer as bytes (audio) and, for errors, as JSON; `expect` checks the status. */
    const speak = (who: TestUser | null, id: string, body: object = {}) => ({
      async expect(status: number): Promise<{ type: string | null; body: Buffer; json: () => { code: string; message: string; details: Array<{ field: string; message: string }> } }> {
        const response = await fetch(`${app.url}/api/chat/messages/${id}/speech`, { method: 'POST', headers: { ...(who?.auth ?? {}), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        const bytes = Buffer.from(await response.arrayBuffer());
        expect({ status: response.status, text: response.status === status ? '' : bytes.toString('utf8') }).toEqual({ status, text: '' });
        return { type: response.headers.get('content-type'), body: bytes, json: () => JSON.parse(bytes.toString('utf8')) };
      },
    });

    it('answers a reply as WAV audio with the offline voice by default, and the second play is kept', async () => {
      const first = await speak(ada, replyId).expect(200);
      expect(first.type).toBe('audio/wav');
      const audio = first.body;
      expect(audio.subarray(0, 4).toString('latin1')).toBe('RIFF');
      expect(audio.subarray(8, 12).toString('latin1')).toBe('WAVE');
      expect(audio.length).toBeGreaterThan(1000);

      const second = await speak(ada, replyId).expect(200);
      expect(Buffer.compare(second.body, audio)).toBe(0);
      const rows = await app.dataSource.query(`SELECT voice FROM chat_message_speech WHERE message_id = $1`, [replyId]);
      expect(rows).toEqual([{ voice: 'neutral@en' }]);
    });

    it('speaks with another voice and language as asked, kept apart', async () => {
      await speak(ada, replyId, { voice: 'calm', language: 'fr' }).expect(200);
      const rows = await app.dataSource.query(`SELECT voice FROM chat_message_speech WHERE message_id = $1 ORDER BY voice`, [replyId]);
      expect(rows.map((row: { voice: string }) => row.voice)).toEqual(['calm@fr', 'neutral@en']);
    });

    it('uses the vendor voice asked for: OpenAI TTS answers MP3, once for two plays', async () => {
      const first = await speak(ada, replyId, { model: 'openai/tts-1', voice: 'alloy' }).expect(200);
      expect(first.type).toBe('audio/mpeg');
      const audio = first.body;
      expect(audio.subarray(0, 3).toString('latin1') === 'ID3' || (audio[0] === 0xff && (audio[1]! & 0xe0) === 0xe0)).toBe(true);
      await speak(ada, replyId, { model: 'openai/tts-1', voice: 'alloy' }).expect(200);
      const sent = emulator.requests.filter((request) => request.kind === 'speech');
      expect(sent).toHaveLength(1);
      expect(JSON.stringify(sent[0])).not.toContain('**');
    });

    it('a vendor failure is a 502 naming the provider, and nothing is kept', async () => {
      for (let i = 0; i < 3; i++) emulator.script({ failure: { type: 'status', status: 500 }, match: { vendor: 'openai', kind: 'speech' } });
      const response = await speak(ada, replyId, { model: 'openai/tts-1', voice: 'nova' }).expect(502);
      expect(response.json().message).toMatch(/OpenAI/);
      const rows = await app.dataSource.query(`SELECT 1 FROM chat_message_speech WHERE message_id = $1 AND voice LIKE 'nova@%'`, [replyId]);
      expect(rows).toEqual([]);
    });

    it('names a wrong voice, model or language in a 400', async () => {
      const voice = await speak(ada, replyId, { voice: 'opera' }).expect(400);
      expect(voice.json().details).toEqual([{ field: 'voice', message: 'Webox Voice (offline, eSpeak) voices are neutral, warm, bright, calm' }]);
      const model = await speak(ada, replyId, { model: 'local/webox-mini' }).expect(400);
      expect(model.json().details[0].field).toBe('model');
      const language = await speak(ada, replyId, { language: 'fr_FR!' }).expect(400);
      expect(language.json().details[0].field).toBe('language');
    });

    it('another user’s message is 404 MESSAGE_NOT_FOUND, and so is a message that does not exist', async () => {
      const other = await speak(bob, replyId).expect(404);
      expect(other.json().code).toBe('MESSAGE_NOT_FOUND');
      await speak(ada, '00000000-0000-4000-8000-000000000000').expect(404);
      await speak(null, replyId).expect(401);
    });

    it('a message with nothing to say answers 400 NOTHING_TO_SPEAK', async () => {
      const turn = await chat(ada, 'Only code please');
      await app.dataSource.query(`UPDATE chat_messages SET content = $1 WHERE id = $2`, ['```\nprint(1)\n```', turn.replies[0]!.id]);
      const response = await speak(ada, turn.replies[0]!.id).expect(400);
      expect(response.json().code).toBe('NOTHING_TO_SPEAK');
    });
  });
});
