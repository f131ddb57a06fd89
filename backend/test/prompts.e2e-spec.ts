import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

describe('prompt library', () => {
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;

  const create = (user: TestUser, body: Record<string, unknown>) => app.http().post('/api/prompts').set(user.auth).send({ category: 'writing', ...body });

  beforeAll(async () => {
    app = await startTestApp();
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
  });
  afterAll(() => app.close());

  it('ships at least 30 built-in prompts that everyone can read but nobody can change', async () => {
    const builtIn = await app.http().get('/api/prompts?scope=builtin&limit=100').set(ada.auth).expect(200);
    expect(builtIn.body.total).toBeGreaterThanOrEqual(30);
    // A writing prompt: its copy must not land in a category a later test counts (built-ins' ids, so their order, differ per database).
    const first = builtIn.body.items.find((prompt: { category: string }) => prompt.category === 'writing');
    expect(first).toMatchObject({ builtIn: true, mine: false, visibility: 'shared' });
    const update = await app.http().put(`/api/prompts/${first.id}`).set(ada.auth).send({ title: 'Mine now', body: 'x', category: 'writing' }).expect(403);
    expect(update.body.code).toBe('PROMPT_BUILT_IN');
    await app.http().delete(`/api/prompts/${first.id}`).set(ada.auth).expect(403);
    const copy = await app.http().post(`/api/prompts/${first.id}/duplicate`).set(ada.auth).expect(201);
    expect(copy.body).toMatchObject({ builtIn: false, mine: true, visibility: 'private', body: first.body });
  });

  it('creates a prompt with variables and renders it, counting each use', async () => {
    const created = await create(ada, { title: 'Cold email', body: 'Write to {{name}} at {{company}} in a {{tone|friendly}} tone.', tags: ['Sales', 'email'] }).expect(201);
    expect(created.body.variables).toEqual([{ name: 'name' }, { name: 'company' }, { name: 'tone', defaultValue: 'friendly' }]);
    expect(created.body.tags).toEqual(['sales', 'email']);
    const used = await app.http().post(`/api/prompts/${created.body.id}/use`).set(ada.auth).send({ variables: { name: 'Grace', company: 'Navy' } }).expect(200);
    expect(used.body).toEqual({ text: 'Write to Grace at Navy in a friendly tone.', useCount: 1 });
    const missing = await app.http().post(`/api/prompts/${created.body.id}/use`).set(ada.auth).send({ variables: { name: 'Grace' } }).expect(400);
    expect(missing.body).toMatchObject({ code: 'MISSING_VARIABLES', details: [{ field: 'variables.company' }] });
    const again = await app.http().get(`/api/prompts/${created.body.id}`).set(ada.auth).expect(200);
    expect(again.body.useCount).toBe(1);
  });

  it.each([
    ['an empty title', { title: ' ', body: 'x' }, 'title'],
    ['an empty body', { title: 't', body: '' }, 'body'],
    ['a body over 20,000 characters', { title: 't', body: 'x'.repeat(20_001) }, 'body'],
    ['a malformed placeholder', { title: 't', body: 'Hello {{ name' }, 'body'],
    ['an unknown category', { title: 't', body: 'x', category: 'astrology' }, 'category'],
  ])('answers 400 naming the field for %s', async (_label, body, field) => {
    const response = await create(ada, body).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('refuses unknown filter values with 400 naming the field', async () => {
    const response = await app.http().get('/api/prompts?category=astrology&sort=random').set(ada.auth).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['category', 'sort']);
  });

  it('searches title, body and tags, and filters by category, tag and favourites', async () => {
    const a = await create(ada, { title: 'Quarterly budget review', body: 'Review the figures of {{quarter}}.', category: 'finance', tags: ['budget'] }).expect(201);
    await create(ada, { title: 'Poem', body: 'A poem about the zeppelin sky.', category: 'creative', tags: ['fun'] }).expect(201);
    const byBody = await app.http().get('/api/prompts?q=zeppelin&scope=mine').set(ada.auth).expect(200);
    expect(byBody.body.items.map((p: { title: string }) => p.title)).toEqual(['Poem']);
    // As typed in the chat's `/` picker: the last word may be unfinished; the words before it are whole.
    const byStart = await app.http().get('/api/prompts?q=zepp&scope=mine').set(ada.auth).expect(200);
    expect(byStart.body.items.map((p: { title: string }) => p.title)).toEqual(['Poem']);
    const twoWords = await app.http().get('/api/prompts?q=quarterly%20bud&scope=mine').set(ada.auth).expect(200);
    expect(twoWords.body.items.map((p: { title: string }) => p.title)).toEqual(['Quarterly budget review']);
    await app.http().get(`/api/prompts?q=${encodeURIComponent("zepp:* | ! & ('")}&scope=mine`).set(ada.auth).expect(200);
    const byTag = await app.http().get('/api/prompts?tag=budget&scope=mine').set(ada.auth).expect(200);
    expect(byTag.body.items.map((p: { id: string }) => p.id)).toEqual([a.body.id]);
    const byCategory = await app.http().get('/api/prompts?category=finance&scope=mine').set(ada.auth).expect(200);
    expect(byCategory.body.items.map((p: { id: string }) => p.id)).toEqual([a.body.id]);
    await app.http().post(`/api/prompts/${a.body.id}/favorite`).set(ada.auth).expect(204);
    const favorites = await app.http().get('/api/prompts?favorites=true').set(ada.auth).expect(200);
    expect(favorites.body.items).toEqual([expect.objectContaining({ id: a.body.id, favorite: true })]);
    await app.http().delete(`/api/prompts/${a.body.id}/favorite`).set(ada.auth).expect(204);
    expect((await app.http().get('/api/prompts?favorites=true').set(ada.auth)).body.total).toBe(0);
    const categories = await app.http().get('/api/prompts/categories').set(ada.auth).expect(200);
    expect(categories.body.find((c: { category: string }) => c.category === 'finance').count).toBeGreaterThanOrEqual(1);
  });

  it("hides private prompts from others (404) and makes shared ones read-only for them (403)", async () => {
    const secret = await create(ada, { title: 'Secret', body: 'private thing' }).expect(201);
    const shared = await create(ada, { title: 'Team template', body: 'shared thing', visibility: 'shared' }).expect(201);
    await app.http().get(`/api/prompts/${secret.body.id}`).set(bob.auth).expect(404);
    await app.http().put(`/api/prompts/${secret.body.id}`).set(bob.auth).send({ title: 'x', body: 'y', category: 'writing' }).expect(404);
    await app.http().delete(`/api/prompts/${secret.body.id}`).set(bob.auth).expect(404);
    await app.http().post(`/api/prompts/${secret.body.id}/use`).set(bob.auth).send({}).expect(404);
    const seen = await app.http().get(`/api/prompts/${shared.body.id}`).set(bob.auth).expect(200);
    expect(seen.body.mine).toBe(false);
    const edit = await app.http().put(`/api/prompts/${shared.body.id}`).set(bob.auth).send({ title: 'x', body: 'y', category: 'writing' }).expect(403);
    expect(edit.body.code).toBe('PROMPT_NOT_YOURS');
    await app.http().delete(`/api/prompts/${shared.body.id}`).set(bob.auth).expect(403);
    const bobsShared = await app.http().get('/api/prompts?scope=shared').set(bob.auth).expect(200);
    expect(bobsShared.body.items.map((p: { id: string }) => p.id)).toContain(shared.body.id);
    expect(bobsShared.body.items.map((p: { id: string }) => p.id)).not.toContain(secret.body.id);
    await app.http().get('/api/prompts').expect(401);
  });

  it('exports my prompts and imports them elsewhere, reporting what it refused', async () => {
    const exported = await app.http().get('/api/prompts/export').set(ada.auth).expect(200);
    expect(exported.body.version).toBe(1);
    expect(exported.body.prompts.length).toBeGreaterThan(0);
    const carol = await registerUser(app, 'Carol');
    const items = [...exported.body.prompts, { title: '', body: 'x', category: 'writing' }, { title: 'Broken', body: 'Hi {{', category: 'writing' }, 'not an object'];
    const result = await app.http().post('/api/prompts/import').set(carol.auth).send({ prompts: items }).expect(201);
    expect(result.body.imported).toBe(exported.body.prompts.length);
    expect(result.body.refused.map((r: { index: number }) => r.index)).toEqual([items.length - 3, items.length - 2, items.length - 1]);
    expect(result.body.refused[1]).toMatchObject({ title: 'Broken', reason: expect.stringContaining('Malformed placeholder') });
    const mine = await app.http().get('/api/prompts?scope=mine&limit=100').set(carol.auth).expect(200);
    expect(mine.body.total).toBe(exported.body.prompts.length);
  });

  it('refuses a malformed import file with 400 and imports nothing', async () => {
    const dave = await registerUser(app, 'Dave');
    await app.http().post('/api/prompts/import').set(dave.auth).send({ prompts: 'nope' }).expect(400);
    await app.http().post('/api/prompts/import').set(dave.auth).set('Content-Type', 'application/json').send('{"prompts": [').expect(400);
    const mine = await app.http().get('/api/prompts?scope=mine').set(dave.auth).expect(200);
    expect(mine.body.total).toBe(0);
  });
});
