import { startProviderEmulator, type ProviderEmulator, type RecordedRequest, type Vendor } from './support/provider-emulator';
import { registerUser, startTestApp, TestApp, TestUser, emulatedChatVendors } from './support/test-app';

/**
 * Per-chat settings over real HTTP (issue 24 item 4): system prompt, temperature, top-p, max tokens
 * and per-model settings reach each vendor in its own form, are kept by the conversation for the
 * next turn and regenerations, are refused out of range with 400s naming the field; presets are
 * the user's own; the profile keeps a default model and favorites.
 */

const GPT = 'openai/gpt-5.4';
const GPT_REASONING = 'openai/gpt-5';
const CLAUDE = 'anthropic/claude-sonnet-4-6';
const GEMINI = 'google/gemini-2.5-flash';
const COMPATIBLE = 'openai-compatible/llama3.2';
const LOCAL = 'local/webox-mini';

describe('chat settings', () => {
  let app: TestApp;
  let emulator: ProviderEmulator;
  let user: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({
      ...emulatedChatVendors(emulator),
      OPENAI_COMPATIBLE_API_KEY: 'test-key',
      OPENAI_COMPATIBLE_BASE_URL: emulator.openaiBaseUrl,
      WEBOX_LOCAL_TOKEN_DELAY_MS: '0',
    });
    user = await registerUser(app, 'Tuner');
    other = await registerUser(app, 'Other');
  }, 90_000);
  afterEach(() => emulator.reset());
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  const chat = (who: TestUser, body: Record<string, unknown>) => app.http().post('/api/chat').set(who.auth).send({ message: 'Tell me about lighthouses', ...body });
  const requestTo = (vendor: Vendor, model: string): RecordedRequest => {
    const found = emulator.requests.find((r) => r.vendor === vendor && r.model === model);
    if (!found) throw new Error(`no request reached ${vendor} for ${model}`);
    return found;
  };
  const bodyOf = (vendor: Vendor, model: string) => requestTo(vendor, model).body as Record<string, unknown>;

  describe('a turn', () => {
    it('sends the system prompt, temperature, top-p and max tokens to every vendor in its own form, per model where set', async () => {
      const response = await chat(user, {
        models: [GPT, CLAUDE, GEMINI, COMPATIBLE],
        systemPrompt: 'Answer like a sailor.',
        temperature: 0.3,
        topP: 0.8,
        maxTokens: 300,
        modelSettings: { [GEMINI]: { temperature: 1.1, maxTokens: 120 } },
      }).expect(200);

      expect(bodyOf('openai', 'gpt-5.4')).toMatchObject({ temperature: 0.3, top_p: 0.8, max_completion_tokens: 300 });
      expect(bodyOf('openai', 'llama3.2')).toMatchObject({ temperature: 0.3, top_p: 0.8, max_tokens: 300 });
      // Claude takes temperature or top-p, not both: the temperature only, and the reply says so.
      expect(bodyOf('anthropic', 'claude-sonnet-4-6')).toMatchObject({ temperature: 0.3, max_tokens: 300 });
      expect(bodyOf('anthropic', 'claude-sonnet-4-6')).not.toHaveProperty('top_p');
      expect((bodyOf('gemini', 'gemini-2.5-flash')['generationConfig'] as Record<string, unknown>) ?? {}).toMatchObject({ temperature: 1.1, topP: 0.8, maxOutputTokens: 120 });
      for (const request of emulator.requests) expect(request.system).toContain('Answer like a sailor.');

      const claude = (response.body.replies as Array<{ model: string; steps: Array<{ kind: string; text?: string }> }>).find((r) => r.model === CLAUDE)!;
      expect(claude.steps).toEqual([expect.objectContaining({ kind: 'note', text: expect.stringContaining('not both') })]);
    });

    it('keeps the settings for the next turn and for a regeneration; null clears one; the conversation shows them', async () => {
      const first = await chat(user, { models: [GPT], systemPrompt: 'Be terse.', temperature: 0.2, maxTokens: 50 }).expect(200);
      const conversationId = first.body.conversationId as string;
      emulator.reset();

      await chat(user, { conversationId, models: [GPT], topP: 0.5 }).expect(200);
      expect(requestTo('openai', 'gpt-5.4').system).toBe('Be terse.');
      expect(bodyOf('openai', 'gpt-5.4')).toMatchObject({ temperature: 0.2, top_p: 0.5, max_completion_tokens: 50 });
      emulator.reset();

      await app.http().post(`/api/chat/conversations/${conversationId}/regenerate`).set(user.auth).send({ model: GPT }).expect(200);
      expect(bodyOf('openai', 'gpt-5.4')).toMatchObject({ temperature: 0.2, top_p: 0.5, max_completion_tokens: 50 });
      emulator.reset();

      await chat(user, { conversationId, models: [GPT], temperature: null, systemPrompt: null }).expect(200);
      expect(bodyOf('openai', 'gpt-5.4')).not.toHaveProperty('temperature');
      expect(requestTo('openai', 'gpt-5.4').system).toBeUndefined();

      const detail = await app.http().get(`/api/chat/conversations/${conversationId}`).set(user.auth).expect(200);
      expect(detail.body).toMatchObject({ systemPrompt: null, settings: { topP: 0.5, maxTokens: 50 } });
    });

    it('sends a reasoning model no temperature or top-p, with a note in its reply', async () => {
      const response = await chat(user, { models: [GPT_REASONING], temperature: 0.9 }).expect(200);

      expect(bodyOf('openai', 'gpt-5')).not.toHaveProperty('temperature');
      expect(response.body.replies[0].steps[0]).toMatchObject({ kind: 'note', text: expect.stringContaining('reasoning model') });
    });

    it('stops the offline model at max tokens', async () => {
      const response = await chat(user, { models: [LOCAL], maxTokens: 8 }).expect(200);
      expect(response.body.replies[0].outputTokens).toBeLessThanOrEqual(8);
    });

    it.each([
      [{ temperature: 2.5 }, 'temperature', 'temperature must be between 0 and 2'],
      [{ topP: -0.1 }, 'topP', 'topP must be between 0 and 1'],
      [{ maxTokens: 0 }, 'maxTokens', 'maxTokens must be at least 1'],
      [{ maxTokens: 200_000 }, 'maxTokens', `maxTokens must be at most 128000, the output limit of ${GPT}`],
      [{ modelSettings: { [GPT]: { topP: 3 } } }, `modelSettings.${GPT}.topP`, 'topP must be between 0 and 1'],
      [{ modelSettings: { [CLAUDE]: { temperature: 0.1, topP: 0.1 } } }, `modelSettings.${CLAUDE}.topP`, 'Claude Sonnet 4.6 takes temperature or topP, not both'],
      [{ modelSettings: { [GPT_REASONING]: { temperature: 0.1 } } }, `modelSettings.${GPT_REASONING}.temperature`, 'GPT-5 takes only its default temperature (a reasoning model)'],
      [{ modelSettings: { 'nope/x': {} } }, 'modelSettings.nope/x', 'nope/x is not a chat model Webox knows (see GET /api/chat/models)'],
    ])('refuses %j with a 400 naming %s, and sends nothing', async (settings, field, message) => {
      const response = await chat(user, { models: [GPT], ...settings }).expect(400);
      expect(response.body.details).toContainEqual(expect.objectContaining({ field, message }));
      expect(emulator.requests).toHaveLength(0);
    });

    it('lists each model’s output limit and sampling rule', async () => {
      const models = (await app.http().get('/api/chat/models').set(user.auth).expect(200)).body as Array<{ id: string; maxOutputTokens?: number; sampling: string }>;
      expect(models.find((m) => m.id === CLAUDE)).toMatchObject({ maxOutputTokens: 64_000, sampling: 'either' });
      expect(models.find((m) => m.id === GPT_REASONING)).toMatchObject({ sampling: 'none' });
    });
  });

  describe('presets', () => {
    const preset = { name: ' Careful writer ', models: [CLAUDE, LOCAL], systemPrompt: 'Write carefully.', temperature: 0.2, maxTokens: 800, modelSettings: { [LOCAL]: { maxTokens: 40 } } };

    it('are created, listed, read, replaced and deleted by their owner', async () => {
      const created = await app.http().post('/api/chat/presets').set(user.auth).send(preset).expect(201);
      expect(created.body).toMatchObject({ name: 'Careful writer', models: [CLAUDE, LOCAL], systemPrompt: 'Write carefully.', temperature: 0.2, topP: null, maxTokens: 800, modelSettings: { [LOCAL]: { maxTokens: 40 } } });
      const id = created.body.id as string;

      const list = await app.http().get('/api/chat/presets').set(user.auth).expect(200);
      expect(list.body).toMatchObject({ total: 1, items: [{ id, name: 'Careful writer' }] });
      await app.http().get(`/api/chat/presets/${id}`).set(user.auth).expect(200);

      const replaced = await app.http().put(`/api/chat/presets/${id}`).set(user.auth).send({ name: 'Loose', models: [GEMINI], topP: 0.95 }).expect(200);
      expect(replaced.body).toMatchObject({ name: 'Loose', models: [GEMINI], systemPrompt: null, temperature: null, topP: 0.95, maxTokens: null, modelSettings: null });

      await app.http().delete(`/api/chat/presets/${id}`).set(user.auth).expect(204);
      await app.http().get(`/api/chat/presets/${id}`).set(user.auth).expect(404);
    });

    it('answer 404 PRESET_NOT_FOUND to another user, who sees none of them', async () => {
      const id = (await app.http().post('/api/chat/presets').set(user.auth).send(preset).expect(201)).body.id as string;

      const read = await app.http().get(`/api/chat/presets/${id}`).set(other.auth).expect(404);
      expect(read.body.code).toBe('PRESET_NOT_FOUND');
      await app.http().put(`/api/chat/presets/${id}`).set(other.auth).send(preset).expect(404);
      await app.http().delete(`/api/chat/presets/${id}`).set(other.auth).expect(404);
      expect((await app.http().get('/api/chat/presets').set(other.auth).expect(200)).body.total).toBe(0);
      await app.http().get(`/api/chat/presets/${id}`).set(user.auth).expect(200);
    });

    it('answer 401 without a session', async () => {
      await app.http().get('/api/chat/presets').expect(401);
      await app.http().post('/api/chat/presets').send(preset).expect(401);
    });

    it('refuse a bad name, an unknown model and settings a model cannot take, naming each', async () => {
      const response = await app
        .http()
        .post('/api/chat/presets')
        .set(user.auth)
        .send({ name: '', models: ['x/unknown'], temperature: 3 })
        .expect(400);
      expect(response.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['name', 'temperature']);

      const unknown = await app.http().post('/api/chat/presets').set(user.auth).send({ name: 'X', models: ['x/unknown'] }).expect(400);
      expect(unknown.body.details).toEqual([{ field: 'models.0', message: expect.stringContaining('x/unknown') }]);

      const tooLong = await app.http().post('/api/chat/presets').set(user.auth).send({ name: 'X', models: [GPT, 'openai/gpt-4o-mini'], maxTokens: 20_000 }).expect(400);
      expect(tooLong.body.details).toEqual([{ field: 'maxTokens', message: 'maxTokens must be at most 16384, the output limit of openai/gpt-4o-mini' }]);
    });
  });

  describe('profile', () => {
    it('keeps a default chat model and favorites, refusing unknown models', async () => {
      const updated = await app.http().patch('/api/profile').set(user.auth).send({ defaultChatModel: CLAUDE, favoriteModels: [GEMINI, LOCAL] }).expect(200);
      expect(updated.body).toMatchObject({ defaultChatModel: CLAUDE, favoriteModels: [GEMINI, LOCAL] });
      expect((await app.http().get('/api/profile').set(user.auth).expect(200)).body).toMatchObject({ defaultChatModel: CLAUDE, favoriteModels: [GEMINI, LOCAL] });

      const bad = await app.http().patch('/api/profile').set(user.auth).send({ defaultChatModel: 'x/unknown', favoriteModels: [GPT, GPT] }).expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['favoriteModels']);
      const unknown = await app.http().patch('/api/profile').set(user.auth).send({ defaultChatModel: 'x/unknown' }).expect(400);
      expect(unknown.body.details).toEqual([{ field: 'defaultChatModel', message: expect.stringContaining('x/unknown') }]);

      const cleared = await app.http().patch('/api/profile').set(user.auth).send({ defaultChatModel: null, favoriteModels: [] }).expect(200);
      expect(cleared.body).toMatchObject({ defaultChatModel: null, favoriteModels: [] });
    });
  });
});
