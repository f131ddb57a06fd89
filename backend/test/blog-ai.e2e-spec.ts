import { ProviderRegistry } from '../src/ai/provider-registry';
import { startProviderEmulator, type ProviderEmulator } from './support/provider-emulator';
import { sseEvents, type SseEvent } from './support/sse-events';
import { emulatedChatVendors, registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

const GPT = 'openai/gpt-5.4';
const LOCAL = 'local/webox-mini';

interface JobBody {
  id: string;
  status: string;
  step: string | null;
  error: string | null;
  input: Record<string, unknown>;
  outputs: Array<{ id: string; mimeType: string; kind: string }>;
}

/** Issue 29 item 3, "Write with AI": outline, streamed draft, title and excerpt, cover; editors only; offline and vendor models. */
describe('blog: write with AI', () => {
  let app: TestApp;
  let emulator: ProviderEmulator;
  let admin: TestUser;
  let eddie: TestUser;
  let ursula: TestUser;
  const brief = { subject: 'Why the tides come twice a day', language: 'en', model: LOCAL };

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({ ...emulatedChatVendors(emulator), WEBOX_LOCAL_TOKEN_DELAY_MS: '0' });
    app.app.get(ProviderRegistry).retryPolicy = { attempts: 2, baseDelayMs: 10 };
    admin = await registerUser(app, 'Admin');
    eddie = await registerUser(app, 'Eddie Editor');
    ursula = await registerUser(app, 'Ursula User');
    await app.http().put(`/api/admin/users/${eddie.id}/role`).set(admin.auth).send({ role: 'editor' }).expect(200);
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

  const post = (path: string, who: TestUser, body: unknown) => app.http().post(`/api/blog/ai/${path}`).set(who.auth).send(body as object);

  async function draft(who: TestUser, body: Record<string, unknown>): Promise<SseEvent[]> {
    const response = await fetch(`${app.url}/api/blog/ai/draft`, { method: 'POST', headers: { ...who.auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const list: SseEvent[] = [];
    for await (const event of sseEvents(response)) list.push(event);
    return list;
  }
  const textOf = (list: SseEvent[]) =>
    list
      .filter((e) => e.event === 'delta')
      .map((e) => e.data.text)
      .join('');
  const usageOf = async (who: TestUser, model: string) =>
    ((await app.http().get('/api/chat/usage').set(who.auth).expect(200)).body.byModel as Array<{ model: string; calls: number; outputTokens: number; cost: number }>).find((row) => row.model === model);

  async function finished(who: TestUser, id: string, timeoutMs = 60_000): Promise<JobBody> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = (await app.http().get(`/api/generation/jobs/${id}`).set(who.auth).expect(200)).body as JobBody;
      if (['succeeded', 'failed', 'cancelled'].includes(current.status)) return current;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${current.status} (${current.step})`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  describe('access and input', () => {
    it('is for editors and admins: a user gets 403 on every route, no token 401', async () => {
      const bodies: Array<[string, object]> = [
        ['outline', brief],
        ['draft', { ...brief, sections: ['Intro'] }],
        ['title', brief],
        ['cover', { subject: brief.subject }],
      ];
      for (const [path, body] of bodies) {
        expect((await post(path, ursula, body).expect(403)).body.code).toBe('FORBIDDEN');
        await app.http().post(`/api/blog/ai/${path}`).send(body).expect(401);
      }
      expect(emulator.requests).toHaveLength(0);
    });

    it('answers 400 naming the field: a blank subject, an unknown language or model, an empty outline, a bad cover size or image model', async () => {
      const blank = await post('outline', eddie, { ...brief, subject: '  ' }).expect(400);
      expect(blank.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'subject' })] });
      expect((await post('title', eddie, { ...brief, language: 'de' }).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'language' })]);
      const unknown = await post('outline', eddie, { ...brief, model: 'openai/gpt-99' }).expect(400);
      expect(unknown.body).toMatchObject({ code: 'UNKNOWN_MODEL' });
      // A refusal before the first section is a plain JSON answer, not a stream.
      const draftUnknown = await post('draft', eddie, { ...brief, model: 'nobody/nothing', sections: ['Intro'] }).expect(400);
      expect(draftUnknown.body.code).toBe('UNKNOWN_MODEL');
      expect((await post('draft', eddie, { ...brief, sections: [] }).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'sections' })]);
      expect((await post('cover', eddie, { subject: 'Tides', size: 'huge' }).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'size' })]);
      const noSuchSize = await post('cover', eddie, { subject: 'Tides', size: '333x333' }).expect(400);
      expect(noSuchSize.body.details).toEqual([expect.objectContaining({ field: 'size' })]);
      await post('cover', eddie, { subject: 'Tides', model: 'openai/not-a-painter' }).expect(400);
      expect(emulator.requests).toHaveLength(0);
    });
  });

  describe('with the offline model (no keys needed)', () => {
    it('writes an outline, a draft section by section, a title and an excerpt, records the calls, and saves nothing', async () => {
      const outline = await post('outline', eddie, brief).expect(200);
      const sections = outline.body.sections as string[];
      expect(sections.length).toBeGreaterThan(0);
      expect(outline.body.usage).toMatchObject({ model: LOCAL, cost: 0 });
      expect(outline.body.usage.outputTokens).toBeGreaterThan(0);

      const edited = ['What a tide is', 'The moon and the sun'];
      const list = await draft(eddie, { ...brief, sections: edited, tone: 'friendly', length: 'short' });
      expect(list.filter((e) => e.event === 'section').map((e) => e.data)).toEqual([
        { index: 0, heading: 'What a tide is' },
        { index: 1, heading: 'The moon and the sun' },
      ]);
      const text = textOf(list);
      expect(text.startsWith('## What a tide is\n\n')).toBe(true);
      expect(text).toContain('\n\n## The moon and the sun\n\n');
      // The offline model says what it is, in the text the editor gets.
      expect(text).toContain('Offline reply from Webox mini');
      expect(list.at(-1)).toEqual({ event: 'done', data: { sections: 2, usage: expect.objectContaining({ model: LOCAL, cost: 0 }) } });
      expect(list.at(-1)!.data.usage.outputTokens).toBeGreaterThan(0);

      const title = await post('title', eddie, { ...brief, body: text }).expect(200);
      expect(title.body.title.length).toBeGreaterThan(0);
      expect(title.body.title.length).toBeLessThanOrEqual(200);
      expect(title.body.excerpt.length).toBeLessThanOrEqual(500);

      // Outline (1) + two sections (2) + title (1), in the usage ledger like any model call.
      expect(await usageOf(eddie, LOCAL)).toMatchObject({ calls: 4, cost: 0 });
      // Nothing was saved: the editor saves the article as usual.
      expect((await app.http().get('/api/blog/articles?mine=true').set(eddie.auth).expect(200)).body.total).toBe(0);
    });

    it('makes a cover as an image job of the generation area; the picture is in the media library and can be the cover', async () => {
      const accepted = await post('cover', eddie, { subject: brief.subject, title: 'The pull of the moon' }).expect(202);
      expect(accepted.body).toMatchObject({ kind: 'image', input: { model: 'local/webox-draw', size: '1920x1080', count: 1 } });
      expect(accepted.body.input.prompt).toContain('The pull of the moon');
      const job = await finished(eddie, accepted.body.id);
      expect(job.status).toBe('succeeded');
      const [picture] = job.outputs;
      expect(picture).toMatchObject({ kind: 'image' });
      await app.http().get(`/api/media/files/${picture!.id}`).set(eddie.auth).expect(200);
      // Not the user's job: 404 for another account.
      await app.http().get(`/api/generation/jobs/${job.id}`).set(ursula.auth).expect(404);

      const article = await app
        .http()
        .post('/api/blog/articles')
        .set(eddie.auth)
        .send({ title: 'The pull of the moon', body: '## Tides\n\nText.', category: 'Science', language: 'en', status: 'published', coverMediaId: picture!.id })
        .expect(201);
      expect(article.body.coverMediaId).toBe(picture!.id);
    });
  });

  describe('with a vendor model (through the provider emulator)', () => {
    it('reads the outline from the list the model answers, asked in the chosen language and tone', async () => {
      emulator.script({ reply: 'Here is an outline:\n\n- Les marées\n- La lune\n- Le soleil', match: { vendor: 'openai' } });
      const outline = await post('outline', eddie, { ...brief, model: GPT, language: 'fr', tone: 'playful' }).expect(200);
      expect(outline.body.sections).toEqual(['Les marées', 'La lune', 'Le soleil']);
      expect(outline.body.usage.model).toBe(GPT);
      expect(outline.body.usage.cost).toBeGreaterThan(0);
      expect(emulator.requests[0]!.system).toContain('Write in French. Tone: playful.');
      expect(JSON.stringify(emulator.requests[0]!.messages)).toContain('Why the tides come twice a day');
    });

    it('streams each section from its own call, with the outline, and records the cost', async () => {
      emulator.setBehaviour({ reply: (request) => `Body of ${/Section “([^”]+)”/.exec(JSON.stringify(request.messages))?.[1] ?? '?'}.` });
      const before = (await usageOf(admin, GPT))?.calls ?? 0;
      const list = await draft(admin, { ...brief, model: GPT, sections: ['Intro', 'The moon'] });
      expect(textOf(list)).toBe('## Intro\n\nBody of Intro.\n\n\n## The moon\n\nBody of The moon.\n');
      expect(emulator.requests.filter((r) => r.kind === 'chat')).toHaveLength(2);
      const done = list.at(-1)!;
      expect(done).toMatchObject({ event: 'done', data: { sections: 2, usage: { model: GPT } } });
      expect(done.data.usage.cost).toBeGreaterThan(0);
      expect((await usageOf(admin, GPT))?.calls).toBe(before + 2);
    });

    it('keeps what was written when the vendor fails mid-draft: the sections before stream, then an error naming the section and the provider', async () => {
      emulator.script(
        { reply: 'First section text.', match: { vendor: 'openai' } },
        { failure: { type: 'status', status: 503 }, match: { vendor: 'openai' } },
        { failure: { type: 'status', status: 503 }, match: { vendor: 'openai' } },
      );
      const list = await draft(eddie, { ...brief, model: GPT, sections: ['One', 'Two', 'Three'] });
      expect(textOf(list)).toContain('## One\n\nFirst section text.');
      const error = list.at(-1)!;
      expect(error).toMatchObject({ event: 'error', data: { index: 1, code: 'PROVIDER_UNAVAILABLE', provider: 'openai', params: { provider: 'openai' } } });
      expect(error.data.usage.outputTokens).toBeGreaterThan(0);
      expect(list.some((e) => e.event === 'done')).toBe(false);
      // Section three was never asked for.
      expect(list.filter((e) => e.event === 'section').map((e) => e.data.index)).toEqual([0, 1]);
    });

    it('keeps the words that arrived when a stream is cut mid-section', async () => {
      emulator.script({ reply: 'alpha beta gamma delta epsilon zeta', failure: { type: 'cut', afterTokens: 3 }, match: { vendor: 'openai' } });
      const list = await draft(eddie, { ...brief, model: GPT, sections: ['Only'] });
      expect(textOf(list)).toContain('alpha beta gamma');
      expect(list.at(-1)).toMatchObject({ event: 'error', data: { index: 0, provider: 'openai', code: expect.stringMatching(/^PROVIDER_/) } });
    });

    it('answers a vendor failure of the outline or the title as 502 naming the provider', async () => {
      emulator.script(...Array.from({ length: 2 }, () => ({ failure: { type: 'status' as const, status: 500 }, match: { vendor: 'openai' as const } })));
      const failed = await post('outline', eddie, { ...brief, model: GPT }).expect(502);
      expect(failed.body).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', params: { provider: 'openai' } });
      emulator.script({ failure: { type: 'status', status: 401 }, match: { vendor: 'openai' } });
      const refused = await post('title', eddie, { ...brief, model: GPT }).expect(502);
      expect(refused.body).toMatchObject({ code: 'PROVIDER_INVALID_CREDENTIALS', params: { provider: 'openai' } });
    });

    it('reads a labelled title and excerpt', async () => {
      emulator.script({ reply: 'Title: The pull of the moon\nExcerpt: Why the sea rises and falls twice a day.', match: { vendor: 'openai' } });
      const title = await post('title', eddie, { ...brief, model: GPT, body: '## Intro\n\nThe moon pulls.' }).expect(200);
      expect(title.body).toMatchObject({ title: 'The pull of the moon', excerpt: 'Why the sea rises and falls twice a day.', usage: { model: GPT } });
      expect(JSON.stringify(emulator.requests[0]!.messages)).toContain('The moon pulls.');
    });
  });
});
