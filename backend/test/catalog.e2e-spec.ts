import { CATALOG_TOOLS } from '../src/modules/catalog/catalog-tools.data';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

interface Tool {
  id: string;
  slug: string;
  name: string;
  category: string;
  description: string;
  favorite: boolean;
  builtIn: boolean;
  webox: { page: string; models: string[] } | null;
  rating: { average: number | null; count: number };
}

describe('AI tool catalog', () => {
  let app: TestApp;
  let admin: TestUser;
  let ada: TestUser;
  let bob: TestUser;

  const search = (user: TestUser, query: string) => app.http().get(`/api/catalog/tools?${query}`).set(user.auth);
  const bySlug = async (slug: string): Promise<Tool> => {
    const page = (await search(ada, `search=${encodeURIComponent(slug)}&limit=100`).expect(200)).body as { items: Tool[] };
    const tool = page.items.find((item) => item.slug === slug);
    if (!tool) throw new Error(`${slug} not found`);
    return tool;
  };
  const workspaceTool = (overrides: Record<string, unknown> = {}) => ({
    slug: 'acme-writer',
    name: 'Acme Writer',
    vendor: 'Acme',
    category: 'text',
    descriptionEn: 'Writes product copy for Acme shops.',
    descriptionFr: 'Rédige les fiches produits des boutiques Acme.',
    website: 'https://writer.acme.example',
    pricing: 'subscription',
    entryPriceUsd: 12.5,
    publicApi: false,
    webox: { page: 'chat', models: ['openai/gpt-5.4-mini'] },
    ...overrides,
  });

  beforeAll(async () => {
    app = await startTestApp();
    admin = await registerUser(app, 'Admin');
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
  }, 90_000);
  afterAll(() => app?.close());

  it('ships the catalog: every tool of the data file, each category counted', async () => {
    const page = (await search(ada, 'limit=100').expect(200)).body as { items: Tool[]; total: number };
    expect(CATALOG_TOOLS.length).toBeGreaterThanOrEqual(54);
    expect(page.total).toBe(CATALOG_TOOLS.length);
    const categories = (await app.http().get('/api/catalog/categories').set(ada.auth).expect(200)).body as Array<{ category: string; count: number }>;
    expect(categories.reduce((sum, row) => sum + row.count, 0)).toBe(CATALOG_TOOLS.length);
    for (const row of categories) expect(row.count).toBe(CATALOG_TOOLS.filter((tool) => tool.category === row.category).length);
    // Sorted by name without a search.
    const names = page.items.map((tool) => tool.name.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('finds a tool through a typo, and ranks the closest first', async () => {
    const page = (await search(ada, 'search=midjorney').expect(200)).body as { items: Tool[] };
    expect(page.items[0]?.name).toBe('Midjourney');
    const prefix = (await search(ada, 'search=elev').expect(200)).body as { items: Tool[] };
    expect(prefix.items[0]?.slug).toBe('elevenlabs');
    const none = (await search(ada, 'search=zzqqxxkk').expect(200)).body as { items: Tool[]; total: number };
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it('filters by category and by integration, and describes in the reader’s language', async () => {
    const images = (await search(ada, 'category=image&limit=100').expect(200)).body as { items: Tool[] };
    expect(images.items.length).toBeGreaterThanOrEqual(4);
    expect(images.items.every((tool) => tool.category === 'image')).toBe(true);
    const integrated = (await search(ada, 'integrated=true&limit=100').expect(200)).body as { items: Tool[] };
    expect(integrated.items.length).toBeGreaterThan(0);
    expect(integrated.items.every((tool) => tool.webox !== null && tool.webox.models.length > 0)).toBe(true);
    const other = (await search(ada, 'integrated=false&limit=100').expect(200)).body as { items: Tool[] };
    expect(other.items.every((tool) => tool.webox === null)).toBe(true);
    const chatgpt = CATALOG_TOOLS.find((tool) => tool.webox?.page === 'chat')!;
    const french = (await app.http().get(`/api/catalog/tools/${(await bySlug(chatgpt.slug)).id}`).set(ada.auth).set('Accept-Language', 'fr').expect(200)).body as Tool;
    expect(french.description).toBe(chatgpt.description.fr);
    expect(french.webox).toEqual(chatgpt.webox);
  });

  it.each([
    ['an unknown category', 'category=astrology', 'category'],
    ['page 0', 'page=0', 'page'],
    ['a limit of 1000', 'limit=1000', 'limit'],
    ['an unknown sort', 'sort=random', 'sort'],
    ['integrated that is not a boolean', 'integrated=maybe', 'integrated'],
  ])('answers 400 naming the field for %s', async (_label, query, field) => {
    const response = await search(ada, query).expect(400);
    expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
  });

  it('toggles a favourite per user and filters by it', async () => {
    const tool = await bySlug('midjourney');
    expect((await app.http().post(`/api/catalog/tools/${tool.id}/favorite`).set(ada.auth).expect(200)).body).toEqual({ favorite: true });
    const mine = (await search(ada, 'favorites=true').expect(200)).body as { items: Tool[] };
    expect(mine.items.map((item) => item.slug)).toEqual(['midjourney']);
    expect(mine.items[0]!.favorite).toBe(true);
    // The flag is the reader's own, in a ranked search as in a list by name.
    const found = async (user: TestUser, query: string) => ((await search(user, query).expect(200)).body as { items: Tool[] }).items.find((item) => item.slug === 'midjourney')!.favorite;
    expect([await found(ada, 'search=midjourney'), await found(bob, 'search=midjourney'), await found(ada, 'category=image&limit=100'), await found(bob, 'category=image&limit=100')]).toEqual([true, false, true, false]);
    expect(((await search(bob, 'favorites=true').expect(200)).body as { total: number }).total).toBe(0);
    expect((await app.http().post(`/api/catalog/tools/${tool.id}/favorite`).set(ada.auth).expect(200)).body).toEqual({ favorite: false });
    expect(((await search(ada, 'favorites=true').expect(200)).body as { total: number }).total).toBe(0);
  });

  it('keeps one review per user and tool, averages them, and lets the author delete theirs', async () => {
    const tool = await bySlug('elevenlabs');
    await app.http().put(`/api/catalog/tools/${tool.id}/review`).set(ada.auth).send({ rating: 2, text: 'Too dear' }).expect(200);
    const replaced = (await app.http().put(`/api/catalog/tools/${tool.id}/review`).set(ada.auth).send({ rating: 5, text: '  Great voices  ' }).expect(200)).body;
    expect(replaced).toMatchObject({ rating: 5, text: 'Great voices', author: 'Ada', mine: true });
    await app.http().put(`/api/catalog/tools/${tool.id}/review`).set(bob.auth).send({ rating: 4 }).expect(200);
    const reviews = (await app.http().get(`/api/catalog/tools/${tool.id}/reviews`).set(ada.auth).expect(200)).body as { items: Array<{ author: string; rating: number; mine: boolean }>; total: number };
    expect(reviews.total).toBe(2);
    // The reader's own review first, then the newest.
    expect(reviews.items.map((review) => [review.author, review.rating, review.mine])).toEqual([
      ['Ada', 5, true],
      ['Bob', 4, false],
    ]);
    const asBob = (await app.http().get(`/api/catalog/tools/${tool.id}/reviews`).set(bob.auth).expect(200)).body as { items: Array<{ author: string }> };
    expect(asBob.items.map((review) => review.author)).toEqual(['Bob', 'Ada']);
    expect((await app.http().get(`/api/catalog/tools/${tool.id}`).set(bob.auth).expect(200)).body.rating).toEqual({ average: 4.5, count: 2 });
    const top = (await search(ada, 'sort=rating').expect(200)).body as { items: Tool[] };
    expect(top.items[0]!.slug).toBe('elevenlabs');
    await app.http().delete(`/api/catalog/tools/${tool.id}/review`).set(bob.auth).expect(204);
    await app.http().delete(`/api/catalog/tools/${tool.id}/review`).set(bob.auth).expect(404);
    expect((await app.http().get(`/api/catalog/tools/${tool.id}`).set(bob.auth).expect(200)).body.rating).toEqual({ average: 5, count: 1 });
  });

  it('sorts by rating and by favourites from keys kept as reviews and favourites are written (the average shown stays exact)', async () => {
    const [stability, flux, ideogram] = [await bySlug('stability-ai'), await bySlug('flux'), await bySlug('ideogram')];
    const review = (user: TestUser, tool: Tool, rating: number) => app.http().put(`/api/catalog/tools/${tool.id}/review`).set(user.auth).send({ rating }).expect(200);
    const order = async (sort: string) => ((await search(ada, `category=image&sort=${sort}&limit=100`).expect(200)).body as { items: Tool[] }).items.map((item) => item.slug);
    await review(ada, stability, 3);
    await review(ada, flux, 4);
    expect((await order('rating')).slice(0, 2)).toEqual(['flux', 'stability-ai']);
    // A second review by the same user replaces the first: the sort follows.
    await review(ada, stability, 5);
    expect((await order('rating')).slice(0, 2)).toEqual(['stability-ai', 'flux']);
    // Another user's review moves the average: (5 + 2) / 2 = 3.5 < 4.
    await review(bob, stability, 2);
    expect((await order('rating')).slice(0, 2)).toEqual(['flux', 'stability-ai']);
    expect((await app.http().get(`/api/catalog/tools/${stability.id}`).set(ada.auth).expect(200)).body.rating).toEqual({ average: 3.5, count: 2 });
    const listed = ((await search(ada, 'search=stability').expect(200)).body as { items: Tool[] }).items.find((item) => item.slug === 'stability-ai');
    expect(listed?.rating).toEqual({ average: 3.5, count: 2 });
    // A review removed (here with its author's account) no longer counts.
    await app.http().delete(`/api/catalog/tools/${stability.id}/review`).set(bob.auth).expect(204);
    expect((await order('rating')).slice(0, 2)).toEqual(['stability-ai', 'flux']);
    // Unreviewed tools after the reviewed ones, in name order.
    const unreviewed = (await order('rating')).slice(2);
    expect(unreviewed).toContain('ideogram');
    expect((await app.http().get(`/api/catalog/tools/${ideogram.id}`).set(ada.auth).expect(200)).body.rating).toEqual({ average: null, count: 0 });

    await app.http().post(`/api/catalog/tools/${ideogram.id}/favorite`).set(ada.auth).expect(200);
    await app.http().post(`/api/catalog/tools/${ideogram.id}/favorite`).set(bob.auth).expect(200);
    await app.http().post(`/api/catalog/tools/${flux.id}/favorite`).set(bob.auth).expect(200);
    expect((await order('favorites')).slice(0, 2)).toEqual(['ideogram', 'flux']);
    await app.http().post(`/api/catalog/tools/${ideogram.id}/favorite`).set(ada.auth).expect(200);
    await app.http().post(`/api/catalog/tools/${ideogram.id}/favorite`).set(bob.auth).expect(200);
    expect((await order('favorites'))[0]).toBe('flux');
    for (const tool of [stability, flux]) await app.http().delete(`/api/catalog/tools/${tool.id}/review`).set(ada.auth).expect(204);
    await app.http().post(`/api/catalog/tools/${flux.id}/favorite`).set(bob.auth).expect(200);
  });

  it.each([
    ['a rating of 0', { rating: 0 }, 'rating'],
    ['a rating of 6', { rating: 6 }, 'rating'],
    ['half a star', { rating: 3.5 }, 'rating'],
    ['a text over 1000 characters', { rating: 3, text: 'x'.repeat(1001) }, 'text'],
  ])('refuses a review with %s (400 naming the field)', async (_label, body, field) => {
    const tool = await bySlug('midjourney');
    const response = await app.http().put(`/api/catalog/tools/${tool.id}/review`).set(ada.auth).send(body).expect(400);
    expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
  });

  it('answers 404 for an unknown tool, in every route', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['get', `/api/catalog/tools/${unknown}`],
      ['post', `/api/catalog/tools/${unknown}/favorite`],
      ['get', `/api/catalog/tools/${unknown}/reviews`],
      ['put', `/api/catalog/tools/${unknown}/review`],
      ['get', '/api/catalog/tools/not-an-id'],
    ] as const) {
      const response = await app.http()[method](path).set(ada.auth).send({ rating: 3 });
      expect([path, response.status, response.body.code]).toEqual([path, 404, path.endsWith('not-an-id') ? response.body.code : 'CATALOG_TOOL_NOT_FOUND']);
    }
  });

  it('lets an admin add, change and remove a workspace tool; shipped tools stay as Webox keeps them', async () => {
    const created = (await app.http().post('/api/catalog/tools').set(admin.auth).send(workspaceTool()).expect(201)).body as Tool & { entryPriceUsd: number };
    expect(created).toMatchObject({ slug: 'acme-writer', builtIn: false, entryPriceUsd: 12.5, webox: { page: 'chat', models: ['openai/gpt-5.4-mini'] } });
    expect((await bySlug('acme-writer')).id).toBe(created.id);
    const taken = await app.http().post('/api/catalog/tools').set(admin.auth).send(workspaceTool()).expect(409);
    expect(taken.body.code).toBe('CATALOG_SLUG_TAKEN');
    const changed = (await app.http().put(`/api/catalog/tools/${created.id}`).set(admin.auth).send(workspaceTool({ name: 'Acme Writer 2', webox: null })).expect(200)).body;
    expect(changed).toMatchObject({ name: 'Acme Writer 2', webox: null });
    const shipped = await bySlug('midjourney');
    const refused = await app.http().put(`/api/catalog/tools/${shipped.id}`).set(admin.auth).send(workspaceTool({ slug: 'midjourney' })).expect(409);
    expect(refused.body.code).toBe('CATALOG_TOOL_BUILT_IN');
    await app.http().delete(`/api/catalog/tools/${shipped.id}`).set(admin.auth).expect(409);
    await app.http().delete(`/api/catalog/tools/${created.id}`).set(admin.auth).expect(204);
    await app.http().get(`/api/catalog/tools/${created.id}`).set(ada.auth).expect(404);
    const audit = (await app.http().get('/api/admin/audit?limit=100').set(admin.auth).expect(200)).body as { items: Array<{ action: string }> };
    expect(audit.items.map((event) => event.action)).toEqual(expect.arrayContaining(['admin.catalog_tool_created', 'admin.catalog_tool_updated', 'admin.catalog_tool_deleted']));
  });

  it.each([
    ['an unknown model', { webox: { page: 'chat', models: ['acme/unknown'] } }, 'webox.models', 'CATALOG_UNKNOWN_MODEL'],
    ['an image model for the chat page', { webox: { page: 'chat', models: ['openai/gpt-image-1'] } }, 'webox.models', 'CATALOG_UNKNOWN_MODEL'],
    ['a bad slug', { slug: 'Acme Writer' }, 'slug', 'VALIDATION_FAILED'],
    ['a website that is not http(s)', { website: 'javascript:alert(1)' }, 'website', 'VALIDATION_FAILED'],
    ['a negative price', { entryPriceUsd: -1 }, 'entryPriceUsd', 'VALIDATION_FAILED'],
    ['an unknown category', { category: 'astrology' }, 'category', 'VALIDATION_FAILED'],
  ])('refuses a workspace tool with %s (400 naming the field)', async (_label, overrides, field, code) => {
    const response = await app.http().post('/api/catalog/tools').set(admin.auth).send(workspaceTool({ slug: 'acme-bad', ...overrides })).expect(400);
    expect(response.body.code).toBe(code);
    expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
  });

  it('ranks a match of descriptions by its words, not by a chance likeness of its name to the search', async () => {
    // "Videdit Labs" is like "video editing" (word similarity 0.4, under the name ways' 0.6), and
    // its description says it once; Quarry Cut's description matches better. Both are found by
    // their descriptions only.
    const create = (overrides: Record<string, unknown>) => app.http().post('/api/catalog/tools').set(admin.auth).send(workspaceTool(overrides)).expect(201);
    const videdit = (await create({ slug: 'videdit-labs', name: 'Videdit Labs', descriptionEn: 'A studio for short films with video editing.' })).body as Tool;
    const quarry = (await create({ slug: 'quarry-cut', name: 'Quarry Cut', descriptionEn: 'Cuts video editing for teams, with video captions.' })).body as Tool;
    const page = (await search(ada, 'search=video%20editing&limit=100').expect(200)).body as { items: Tool[] };
    const order = page.items.map((tool) => tool.slug);
    expect(order).toContain('videdit-labs');
    expect(order.indexOf('quarry-cut')).toBeLessThan(order.indexOf('videdit-labs'));
    for (const tool of [videdit, quarry]) await app.http().delete(`/api/catalog/tools/${tool.id}`).set(admin.auth).expect(204);
  });

  it('refuses catalog changes to a user (403) and every route without a token (401)', async () => {
    const tool = await bySlug('midjourney');
    expect((await app.http().post('/api/catalog/tools').set(ada.auth).send(workspaceTool({ slug: 'acme-user' })).expect(403)).body.code).toBe('FORBIDDEN');
    await app.http().put(`/api/catalog/tools/${tool.id}`).set(ada.auth).send(workspaceTool()).expect(403);
    await app.http().delete(`/api/catalog/tools/${tool.id}`).set(ada.auth).expect(403);
    await app.http().get('/api/catalog/tools').expect(401);
    await app.http().get('/api/catalog/categories').expect(401);
    await app.http().post(`/api/catalog/tools/${tool.id}/favorite`).expect(401);
  });

  it('ranks a common word among a bounded set, and paging through still gives every match once (the last test: it adds 700 tools)', async () => {
    // 700 tools share a description word, more than the 300 a way of matching ranks; one is named after it.
    await app.dataSource.query(
      `INSERT INTO catalog_tools (slug, name, vendor, category, description_en, description_fr, website, pricing, public_api, built_in, source, checked_on)
       SELECT 'bulk-' || n, 'Bulk ' || lpad(n::text, 4, '0'), 'Bulk Inc', 'text', 'Turns notes into zorblax summaries.', 'Résume les notes.', 'https://bulk.example', 'free', false, false, 'https://bulk.example', '2026-12-01'
       FROM generate_series(1, 699) AS n`,
    );
    await app.http().post('/api/catalog/tools').set(admin.auth).send(workspaceTool({ slug: 'zorblax', name: 'Zorblax', descriptionEn: 'Zorblax itself.', webox: undefined })).expect(201);
    const pages: Tool[][] = [];
    let total = 0;
    for (let page = 1; page <= 8; page++) {
      const body = (await search(ada, `search=zorblax&limit=100&page=${page}`).expect(200)).body as { items: Tool[]; total: number };
      pages.push(body.items);
      total = body.total;
      if (body.items.length < 100) break;
    }
    const found = pages.flat();
    // The tool named like the search first, however many descriptions share the word.
    expect(found[0]!.slug).toBe('zorblax');
    expect(found).toHaveLength(700);
    expect(new Set(found.map((tool) => tool.id)).size).toBe(700);
    // The last page is exact whatever was estimated before it.
    expect(total).toBe(700);
    // A typo still finds it in the crowd.
    expect(((await search(ada, 'search=zorblux').expect(200)).body as { items: Tool[] }).items[0]!.slug).toBe('zorblax');
    // Without a search, a page of the whole catalog: past the exact count the total is an estimate, never under the rows shown.
    const all = (await search(ada, 'limit=100&page=2').expect(200)).body as { items: Tool[]; total: number };
    expect(all.items).toHaveLength(100);
    expect(all.total).toBeGreaterThanOrEqual(200);
  });

  it('lists a word that most tools hold by name matches first, then the description matches in name order, each once (after the 700 tools above)', async () => {
    // With statistics, the planner knows the word is in most descriptions: the frequent-word path.
    await app.dataSource.query('ANALYZE catalog_tools');
    const found: Tool[] = [];
    let total = 0;
    for (let page = 1; page <= 8; page++) {
      const body = (await search(ada, `search=zorblax&limit=100&page=${page}`).expect(200)).body as { items: Tool[]; total: number };
      found.push(...body.items);
      total = body.total;
      if (body.items.length < 100) break;
    }
    expect(found[0]!.slug).toBe('zorblax');
    expect(found).toHaveLength(700);
    expect(new Set(found.map((tool) => tool.id)).size).toBe(700);
    expect(total).toBe(700);
    // The description matches follow in name order.
    const names = found.slice(1).map((tool) => tool.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(found[1]!.name).toBe('Bulk 0001');
  });

  it('offers agents a catalog_search tool', async () => {
    const tools = (await app.http().get('/api/tools').set(ada.auth).expect(200)).body as { builtIns: Array<{ name: string }> };
    expect(tools.builtIns.map((tool) => tool.name)).toContain('catalog_search');
  });
});
