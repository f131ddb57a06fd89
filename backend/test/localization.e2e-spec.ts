import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * One language at a time (issue 24 item 10): the texts the server writes itself follow the request's
 * language, and an error carries the values a client needs to say it in its own words.
 */
describe('localization', () => {
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    user = await registerUser(app);
  });
  afterAll(() => app.close());

  type Model = { id: string; providerLabel: string; available: boolean; unavailableReason?: string; unavailableCode?: string };
  const models = async (language?: string): Promise<Model[]> => {
    const request = app.http().get('/api/chat/models').set(user.auth);
    return (await (language ? request.set('Accept-Language', language) : request).expect(200)).body;
  };

  it('lists the chat models with the reasons and provider names in the language asked for', async () => {
    const french = await models('fr-FR,fr;q=0.9,en;q=0.8');
    const compatible = french.find((model) => model.id.startsWith('openai-compatible/') && !model.available);
    const anthropic = french.find((model) => model.id.startsWith('anthropic/'))!;
    expect(anthropic.available).toBe(false);
    expect(anthropic.unavailableReason).toBe('Aucune clé d’API Anthropic : ajoutez-en une dans votre profil');
    expect(anthropic.unavailableCode).toBe('PROVIDER_MISSING_CREDENTIALS');
    expect(french.find((model) => model.id === 'local/webox-mini')).toMatchObject({ providerLabel: 'Local (hors ligne)', name: 'Webox mini (hors ligne)', available: true });
    if (compatible) expect(compatible.providerLabel).toBe('Point d’accès compatible OpenAI');

    const english = await models();
    expect(english.find((model) => model.id === anthropic.id)!.unavailableReason).toBe('No Anthropic API key: add one in your profile');
    expect(english.find((model) => model.id === 'local/webox-mini')!.providerLabel).toBe('Local (offline)');
    expect((await models('de-DE'))[0]).toEqual(english[0]);
  });

  it('gives the generation catalogue’s reasons and the Midjourney note in the language asked for', async () => {
    type Catalog = { models: Array<{ id: string; available: boolean; unavailableReason?: string }>; unavailable: Array<{ name: string; reason: string }> };
    const french = (await app.http().get('/api/generation/models').set(user.auth).set('Accept-Language', 'fr').expect(200)).body as Catalog;
    const english = (await app.http().get('/api/generation/models').set(user.auth).expect(200)).body as Catalog;
    expect(french.unavailable.find((vendor) => vendor.name === 'Midjourney')!.reason).toBe('Midjourney n’a pas d’API publique ; il ne s’utilise que par Discord et son site web.');
    expect(english.unavailable.find((vendor) => vendor.name === 'Midjourney')!.reason).toBe('Midjourney has no public API; it is used through Discord and its website only.');
    expect(french.unavailable.every((vendor) => !Object.hasOwn(vendor, 'reasonFr'))).toBe(true);
    const replicate = french.models.find((model) => model.id.startsWith('replicate/') && !model.available);
    if (replicate) expect(replicate.unavailableReason).toBe('Aucune clé d’API Replicate : ajoutez-en une dans votre profil');
  });

  it('has the offline model write its own sentences in the language of the profile, and the question as written', async () => {
    const ask = async (who: TestUser, message: string) =>
      (await app.http().post('/api/chat').set(who.auth).send({ message, models: ['local/webox-mini'] }).expect(200)).body.replies[0].content as string;
    const claire = await registerUser(app);
    await app.http().patch('/api/profile').set(claire.auth).send({ language: 'fr' }).expect(200);
    const french = await ask(claire, 'Quelle heure est-il à Lyon ?');
    expect(french).toContain('Réponse hors ligne de Webox mini');
    expect(french).toContain('Vous avez écrit (message 1 de cette conversation');
    expect(french).toContain('> Quelle heure est-il à Lyon ?');
    expect(french).toContain('ajoutez une clé d’API');
    expect(french).not.toMatch(/You wrote|Offline reply|To get real answers/);

    // The reply follows the profile, not the request's header; English users are unchanged.
    const english = await ask(user, 'What time is it in Lyon?');
    expect(english).toContain('Offline reply from Webox mini');
    expect(english).toContain('You wrote (message 1 of this conversation');
    await app.http().patch('/api/profile').set(claire.auth).send({ language: 'en' }).expect(200);
    expect(await ask(claire, 'And now?')).toContain('Offline reply from Webox mini');
  });

  it('serves the built-in agents in the language asked for, and a user’s own agent as written', async () => {
    type Agent = { id: string; slug?: string; name: string; description: string; starters: string[]; instructions: string; builtIn: boolean };
    const mine = (await app.http().post('/api/agents').set(user.auth).send({ name: 'Recipe helper', description: 'Cooks', icon: 'restaurant', instructions: 'You are a chef.', defaultModel: 'local/webox-mini', temperature: 0.4, starters: ['Dinner ideas?'], referenceNotes: '' }).expect(201)).body as Agent;
    const list = async (language?: string) => {
      const request = app.http().get('/api/agents').set(user.auth);
      return (await (language ? request.set('Accept-Language', language) : request).expect(200)).body as Agent[];
    };
    const french = await list('fr');
    const english = await list();
    const sales = french.find((agent) => agent.slug === 'sales')!;
    expect(sales).toMatchObject({ name: 'Conseiller commercial (B2B)', builtIn: true });
    expect(sales.description).toContain('coach commercial B2B');
    expect(sales.starters[2]).toBe('Un prospect me dit « votre prix est trop élevé par rapport au concurrent ». Que dois-je répondre ?');
    expect(english.find((agent) => agent.slug === 'sales')).toMatchObject({ name: 'Sales advisor (B2B)', instructions: sales.instructions });
    expect(new Set(french.filter((agent) => agent.builtIn).map((agent) => agent.name)).size).toBe(8);
    expect(french.filter((agent) => agent.builtIn).every((agent) => english.find((other) => other.id === agent.id)!.name !== agent.name)).toBe(true);
    expect(french.find((agent) => agent.id === mine.id)).toMatchObject({ name: 'Recipe helper', description: 'Cooks', starters: ['Dinner ideas?'] });

    const one = (await app.http().get(`/api/agents/${sales.id}`).set(user.auth).set('Accept-Language', 'fr').expect(200)).body as Agent;
    expect(one.name).toBe('Conseiller commercial (B2B)');
  });

  it('serves the built-in prompts in French when asked: title, text, variable labels, search, use and copy; a user’s own prompt as written', async () => {
    type Prompt = { id: string; title: string; body: string; builtIn: boolean; tags: string[]; variables: Array<{ name: string; defaultValue?: string; label?: string }> };
    type Page = { items: Prompt[]; total: number };
    const page = async (query: string, language?: string) => {
      const request = app.http().get(`/api/prompts?${query}`).set(user.auth);
      return (await (language ? request.set('Accept-Language', language) : request).expect(200)).body as Page;
    };
    const mine = (await app.http().post('/api/prompts').set(user.auth).send({ title: 'My recipe note', body: 'Cook {{dish}}', category: 'personal' }).expect(201)).body as Prompt;

    const englishSwot = (await page('scope=builtin&q=SWOT')).items[0]!;
    expect(englishSwot).toMatchObject({ title: 'SWOT analysis', builtIn: true });
    const french = (await app.http().get(`/api/prompts/${englishSwot.id}`).set(user.auth).set('Accept-Language', 'fr').expect(200)).body as Prompt;
    expect(french.title).toBe('Analyse SWOT');
    expect(french.body).toContain('Prépare une analyse SWOT pour {{company}}, qui opère sur {{market}}.');
    expect(french.variables).toEqual([
      { name: 'company', label: 'Entreprise' },
      { name: 'market', label: 'Marché' },
      { name: 'context', defaultValue: 'aucun, appuie-toi sur des connaissances générales et indique tes hypothèses', label: 'Contexte' },
    ]);
    expect(englishSwot.variables.every((variable) => variable.label === undefined)).toBe(true);
    // Its tags too; a filter by a French tag finds it, an English reader keeps the English ones.
    expect(french.tags).toEqual(['stratégie', 'swot', 'analyse']);
    expect(englishSwot.tags).toEqual(['strategy', 'swot', 'analysis']);
    expect((await page('scope=builtin&tag=stratégie', 'fr')).items.map((prompt) => prompt.id)).toContain(englishSwot.id);
    expect((await page('scope=builtin&tag=stratégie')).total).toBe(0);

    // Every built-in is French in the list; the user's own prompt stays as written.
    const all = await page('limit=100', 'fr');
    const allEnglish = await page('limit=100');
    const builtIns = all.items.filter((prompt) => prompt.builtIn);
    expect(builtIns.length).toBe(48);
    for (const prompt of builtIns) expect(allEnglish.items.find((other) => other.id === prompt.id)!.title).not.toBe(prompt.title);
    expect(all.items.find((prompt) => prompt.id === mine.id)).toMatchObject({ title: 'My recipe note', body: 'Cook {{dish}}' });

    // A French reader finds a built-in by the words they read; an English reader does not.
    expect((await page('scope=builtin&q=apaiser', 'fr')).items.map((prompt) => prompt.title)).toEqual(['Apaiser un client mécontent']);
    expect((await page('scope=builtin&q=apaiser')).total).toBe(0);

    // Using it renders the French text (what goes to the model); copying it keeps what the reader saw.
    const used = await app.http().post(`/api/prompts/${englishSwot.id}/use`).set(user.auth).set('Accept-Language', 'fr').send({ variables: { company: 'Webox', market: 'le marché français' } }).expect(200);
    expect(used.body.text).toContain('Prépare une analyse SWOT pour Webox, qui opère sur le marché français.');
    expect(used.body.text).toContain('aucun, appuie-toi sur des connaissances générales');
    const copy = (await app.http().post(`/api/prompts/${englishSwot.id}/duplicate`).set(user.auth).set('Accept-Language', 'fr').expect(201)).body as Prompt;
    expect(copy).toMatchObject({ title: 'Analyse SWOT (copie)', builtIn: false, body: french.body, tags: ['stratégie', 'swot', 'analyse'] });
    const copyInEnglish = (await app.http().get(`/api/prompts/${copy.id}`).set(user.auth).expect(200)).body as Prompt;
    expect(copyInEnglish.title).toBe('Analyse SWOT (copie)');
  });

  it('answers errors with their params, so the client can translate the code', async () => {
    await app.http().post('/api/media/folders').set(user.auth).send({ name: 'Rapports' }).expect(201);
    const clash = await app.http().post('/api/media/folders').set(user.auth).send({ name: 'Rapports' }).expect(409);
    expect(clash.body).toEqual({ statusCode: 409, code: 'FOLDER_EXISTS', message: 'A folder named "Rapports" already exists here', params: { name: 'Rapports' } });

    const empty = await app.http().post('/api/media/upload').set(user.auth).attach('files', Buffer.alloc(0), { filename: 'vide.txt' }).expect(400);
    expect(empty.body).toMatchObject({ code: 'EMPTY_FILE', params: { name: 'vide.txt' } });

  });

  it('names the rule and its values in every detail of a validation error, so the client can say it in the user’s language', async () => {
    const refused = await app.http().post('/api/prompts').set(user.auth).send({ title: ' ', body: 'Hi', category: 'gossip', tags: Array.from({ length: 11 }, (_, i) => `t${i}`), extra: 1 }).expect(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    const rules = Object.fromEntries((refused.body.details as Array<{ field: string; constraint?: string; params?: object; message: string }>).map(({ field, constraint, params }) => [`${field} ${constraint}`, params ?? null]));
    expect(rules).toEqual({
      'title isLength': { min: 1, max: 120 },
      'category isIn': { values: 'writing, marketing, sales, development, business, education, productivity, research, support, hr, legal, finance, creative, personal' },
      'tags arrayMaxSize': { max: 10 },
      'extra whitelistValidation': null,
    });
    // The English sentence is still there for clients that do not know a rule.
    expect(refused.body.details).toContainEqual({ field: 'title', constraint: 'isLength', params: { min: 1, max: 120 }, message: 'title must be 1 to 120 characters' });

    // Webox's own checks name their rule too; a service's sentence about a value has none.
    const nul = await app.http().post('/api/prompts').set(user.auth).send({ title: 'a\u0000', body: 'b', category: 'writing' }).expect(400);
    expect(nul.body.details).toEqual([{ field: 'title', constraint: 'nulCharacter', message: 'title must not contain NUL characters' }]);
    const template = await app.http().post('/api/prompts').set(user.auth).send({ title: 'Broken', body: 'Hello {{ name', category: 'writing' }).expect(400);
    expect(template.body.details).toEqual([{ field: 'body', constraint: 'template', message: expect.stringContaining('Malformed placeholder') }]);
    const query = await app.http().get('/api/prompts?limit=101&favorites=yes').set(user.auth).expect(400);
    expect(query.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'limit', constraint: 'max', params: { max: 100 } }), expect.objectContaining({ field: 'favorites', constraint: 'isBoolean' })]));
  });

  it('keeps a 404 without params, and other errors unchanged', async () => {
    const notFound = await app.http().get('/api/prompts/00000000-0000-4000-8000-000000000000').set(user.auth).expect(404);
    expect(notFound.body).toEqual({ statusCode: 404, code: 'PROMPT_NOT_FOUND', message: 'Prompt not found' });
    await app.http().get('/api/chat/models').expect(401);
  });
});
