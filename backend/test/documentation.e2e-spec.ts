import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

interface Tree {
  lang: string;
  tabs: Array<{ tab: string; guides: Array<{ slug: string; title: string; summary: string; area: string | null }> }>;
}

/** Issue 29: the in-app documentation, public, in English and French, over the guides shipped in docs/guides. */
describe('Documentation', () => {
  let app: TestApp;
  let ada: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    ada = await registerUser(app, 'Ada');
  });
  afterAll(() => app?.close());

  it('gives the tree by tab in the language asked (lang, else Accept-Language), without a session', async () => {
    const english = (await app.http().get('/api/documentation').expect(200)).body as Tree;
    expect(english.lang).toBe('en');
    expect(english.tabs.map((tab) => tab.tab)).toEqual(['getting-started', 'guides', 'faq']);
    expect(english.tabs[0]!.guides[0]).toMatchObject({ slug: 'getting-started', title: 'Getting started' });
    expect(english.tabs[1]!.guides.map((guide) => guide.slug)).toEqual(expect.arrayContaining(['chat', 'agents', 'generation', 'combinations', 'catalog', 'collaboration', 'admin', 'api-access']));

    const french = (await app.http().get('/api/documentation').set('Accept-Language', 'fr-FR,fr;q=0.9').expect(200)).body as Tree;
    expect(french.lang).toBe('fr');
    expect(french.tabs[0]!.guides[0]!.title).toBe('Premiers pas');
    const flat = (tree: Tree) => tree.tabs.flatMap((tab) => tab.guides.map((guide) => guide.slug));
    expect(flat(french)).toEqual(flat(english));
    expect(((await app.http().get('/api/documentation?lang=en').set(ada.auth).set('Accept-Language', 'fr').expect(200)).body as Tree).lang).toBe('en');
  });

  it('gives a guide in Markdown with its table of contents', async () => {
    const page = (await app.http().get('/api/documentation/getting-started?lang=fr').expect(200)).body as { slug: string; title: string; markdown: string; headings: Array<{ level: number; text: string; id: string }> };
    expect(page).toMatchObject({ slug: 'getting-started', title: 'Premiers pas', tab: 'getting-started', lang: 'fr' });
    expect(page.markdown).toContain('WEBOX_SETUP_TOKEN');
    expect(page.headings).toContainEqual({ level: 2, text: 'Créer le compte administrateur', id: 'creer-le-compte-administrateur' });
  });

  it('answers 404 DOCUMENTATION_PAGE_NOT_FOUND for an unknown slug, and 400 naming the field for a bad language', async () => {
    const missing = await app.http().get('/api/documentation/no-such-guide').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'DOCUMENTATION_PAGE_NOT_FOUND' });
    await app.http().get('/api/documentation/..%2F..%2Fpackage').expect(404);
    const wrong = await app.http().get('/api/documentation/chat?lang=de').expect(400);
    expect(JSON.stringify(wrong.body.details)).toContain('lang');
  });

  it('searches the guides in full text: best guide first, its section and a snippet', async () => {
    const hits = (await app.http().get('/api/documentation/search?q=setup%20token').expect(200)).body as { lang: string; items: Array<{ slug: string; anchor: string | null; snippet: string }> };
    expect(hits.lang).toBe('en');
    expect(hits.items[0]).toMatchObject({ slug: 'getting-started', anchor: 'claim-the-administrator-account' });
    expect(hits.items[0]!.snippet).toMatch(/token/i);
    const french = (await app.http().get('/api/documentation/search?q=cl%C3%A9%20secr%C3%A8te&lang=fr').expect(200)).body as { items: Array<{ slug: string }> };
    expect(french.items[0]!.slug).toBe('self-hosting');
    expect(((await app.http().get('/api/documentation/search?q=qwertyuiop').expect(200)).body as { items: unknown[] }).items).toEqual([]);
    const empty = await app.http().get('/api/documentation/search?q=').expect(400);
    expect(JSON.stringify(empty.body.details)).toContain('q');
  });

  it('gives the API tab from the contract: operations by area, parameters, examples and the Swagger UI', async () => {
    const api = (await app.http().get('/api/documentation/api').expect(200)).body as {
      swaggerUrl: string;
      operationCount: number;
      groups: Array<{ tag: string; operations: Array<{ anchor: string; method: string; path: string; authenticated: boolean; parameters: Array<{ name: string }>; requestExample: string | null }> }>;
    };
    expect(api.swaggerUrl).toBe('/api/docs');
    expect(api.groups.map((group) => group.tag)).toEqual(expect.arrayContaining(['chat', 'documentation', 'openai-compat']));
    const operations = api.groups.flatMap((group) => group.operations);
    expect(operations).toHaveLength(api.operationCount);
    const completions = operations.find((operation) => operation.method === 'POST' && operation.path === '/v1/chat/completions')!;
    expect(completions).toMatchObject({ anchor: 'post-v1-chat-completions', authenticated: true });
    expect(JSON.parse(completions.requestExample!)).toHaveProperty('messages');
    const search = operations.find((operation) => operation.path === '/api/documentation/search')!;
    expect(search.authenticated).toBe(false);
    expect(search.parameters.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(['q', 'lang']));
  });
});
