import { randomUUID } from 'node:crypto';
import { EmbeddingRegistry } from '../src/ai/embedding-registry';
import { UsageService } from '../src/ai/usage.service';
import type { AuthUser } from '../src/common/auth.decorators';
import { ChunkIndex } from '../src/modules/knowledge/chunk-index';
import { KnowledgeSearchTool, PASSAGES_ARE_DATA } from '../src/modules/knowledge/knowledge-search.tool';
import type { Citation, ToolContext } from '../src/modules/tools/tool';
import { corruptPdf, docxOf, pdfOf } from './support/document-fixtures';
import { videoAndAudio } from './support/media-fixtures';
import { cosineSimilarity, embedText, startProviderEmulator, type ProviderEmulator } from './support/provider-emulator';
import { registerUser, startTestApp, TestApp, testMode, TestUser } from './support/test-app';

interface FileBody {
  id: string;
  collectionId: string;
  mediaFileId: string;
  name: string;
  status: string;
  progress: number;
  step: string | null;
  error: string | null;
  chunkCount: number;
  jobId: string | null;
  stale: boolean;
}
interface CollectionBody {
  id: string;
  name: string;
  embeddingModel: string | null;
  fileCount: number;
  readyFileCount: number;
  failedFileCount: number;
  chunkCount: number;
  files: FileBody[];
}
interface HitBody {
  chunkId: string;
  collectionId: string;
  collectionName: string;
  fileId: string;
  fileName: string;
  page: number | null;
  ordinal: number;
  text: string;
  score: number;
  fullTextRank?: number;
  vectorRank?: number;
}

const BUDGET_NOTES = [
  '# Budget notes',
  'The household budget for 2026 is 40 000 euros. Rent takes 14 000 euros, food 7 000 euros and savings 6 000 euros.',
  ...Array.from(
    { length: 12 },
    (_, i) => `## Week ${i + 1}\n\nWe walked along the canal on day ${i + 1}, watched herons fishing near the lock, and wrote down the names of the boats moored for the winter.`,
  ),
].join('\n\n');

/** A user's own OpenAI key; the server's OPENAI_BASE_URL points every OpenAI call at the emulator. */
const OWN_KEY = 'test-key';

describe('knowledge', () => {
  let app: TestApp;
  let emulator: ProviderEmulator;
  let ada: TestUser;
  let bob: TestUser;
  /** Ada's media, by file name. */
  const media: Record<string, { id: string; name: string }> = {};
  /** Ada's full-text collection holding the five documents. */
  let library: CollectionBody;

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({ OPENAI_BASE_URL: emulator.openaiBaseUrl });
    app.app.get(EmbeddingRegistry).retryPolicy = { attempts: 3, baseDelayMs: 10 };
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
    const uploaded = await upload(ada, [
      [Buffer.from(BUDGET_NOTES), 'Budget notes.md'],
      [await pdfOf(['Garden plan: tomatoes and beans along the south wall.', 'The kitchen renovation will cost 12 000 euros, paid in spring.']), 'Plan.pdf'],
      [await docxOf(['Minutes of the association meeting.', 'The treasurer presented the annual accounts, which were approved.']), 'Minutes.docx'],
      [
        Buffer.from(
          '<!doctype html><html><head><style>body { color: zanzibar }</style><script>var word = "zanzibar";</script></head><body><h1>Bread recipe</h1><p>Knead the sourdough for ten minutes, then let it rise overnight.</p></body></html>',
        ),
        'Recipes.html',
      ],
      [corruptPdf(), 'broken.pdf'],
    ]);
    for (const file of uploaded) media[file.name] = file;
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

  async function upload(user: TestUser, files: Array<[Buffer, string]>): Promise<Array<{ id: string; name: string }>> {
    const call = app.http().post('/api/media/upload').set(user.auth);
    for (const [data, filename] of files) call.attach('files', data, { filename });
    return (await call.expect(201)).body;
  }

  async function createCollection(user: TestUser, body: Record<string, unknown>): Promise<CollectionBody> {
    return (await app.http().post('/api/knowledge/collections').set(user.auth).send(body).expect(201)).body;
  }

  async function addFiles(user: TestUser, collectionId: string, mediaFileIds: string[]): Promise<FileBody[]> {
    return (await app.http().post(`/api/knowledge/collections/${collectionId}/files`).set(user.auth).send({ mediaFileIds }).expect(202)).body;
  }

  async function getCollection(user: TestUser, id: string): Promise<CollectionBody> {
    return (await app.http().get(`/api/knowledge/collections/${id}`).set(user.auth).expect(200)).body;
  }

  /** Polls the collection until `done` holds (by default: no file queued or indexing). */
  async function waitFor(user: TestUser, id: string, done = (c: CollectionBody) => c.files.every((f) => f.status === 'ready' || f.status === 'failed')): Promise<CollectionBody> {
    let collection = await getCollection(user, id);
    for (let i = 0; i < 300 && !done(collection); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      collection = await getCollection(user, id);
    }
    if (!done(collection)) throw new Error(`collection ${id} did not settle: ${JSON.stringify(collection.files.map((f) => [f.name, f.status, f.step]))}`);
    return collection;
  }

  async function search(user: TestUser, body: Record<string, unknown>, status = 200): Promise<HitBody[]> {
    return (await app.http().post('/api/knowledge/search').set(user.auth).send(body).expect(status)).body;
  }

  const fileOf = (collection: CollectionBody, name: string) => collection.files.find((file) => file.name === name)!;
  const authUser = (user: TestUser): AuthUser => ({ id: user.id, email: user.email, role: 'user', sessionId: randomUUID() });

  // ---- collections and indexing -------------------------------------------------------------

  it('answers 401 without a token', async () => {
    await app.http().get('/api/knowledge/collections').expect(401);
    await app.http().post('/api/knowledge/search').send({ query: 'x' }).expect(401);
  });

  it('validates a new collection, naming the field', async () => {
    const noName = await app.http().post('/api/knowledge/collections').set(ada.auth).send({ name: '  ' }).expect(400);
    expect(noName.body.details).toEqual([expect.objectContaining({ field: 'name', message: 'name must be 1 to 120 characters' })]);
    const unknownModel = await app.http().post('/api/knowledge/collections').set(ada.auth).send({ name: 'X', embeddingModel: 'openai/gpt-4o' }).expect(400);
    expect(unknownModel.body).toMatchObject({ code: 'UNKNOWN_EMBEDDING_MODEL', details: [{ field: 'embeddingModel' }] });
  });

  it('indexes a Markdown, a PDF, a DOCX and an HTML file; a corrupt PDF fails alone, with its reason', async () => {
    library = await createCollection(ada, { name: 'My library', description: 'Everything' });
    expect(library).toMatchObject({ name: 'My library', embeddingModel: null, fileCount: 0, files: [] });

    const names = ['Budget notes.md', 'Plan.pdf', 'Minutes.docx', 'Recipes.html', 'broken.pdf'];
    const added = await addFiles(ada, library.id, names.map((name) => media[name]!.id));
    expect(added.map((file) => file.name)).toEqual(names);
    for (const file of added) {
      // In-process jobs start at once: a small file may already be indexed when the answer leaves.
      expect(file.collectionId).toBe(library.id);
      expect(['pending', 'indexing', 'ready', 'failed']).toContain(file.status);
      expect(file.jobId).toMatch(/^[0-9a-f-]{36}$/);
    }

    library = await waitFor(ada, library.id);
    expect(library).toMatchObject({ fileCount: 5, readyFileCount: 4, failedFileCount: 1 });
    for (const name of names.slice(0, 4)) expect(fileOf(library, name)).toMatchObject({ status: 'ready', progress: 100, step: null, error: null, stale: false });
    expect(fileOf(library, 'Budget notes.md').chunkCount).toBeGreaterThanOrEqual(2);
    expect(fileOf(library, 'Plan.pdf').chunkCount).toBe(2); // one per page
    expect(fileOf(library, 'broken.pdf')).toMatchObject({ status: 'failed', chunkCount: 0, error: 'Could not read the text of "broken.pdf": Invalid PDF structure.' });
    expect(library.chunkCount).toBe(library.files.reduce((sum, file) => sum + file.chunkCount, 0));

    // The failed file's job failed with the same reason; the job rows carry the owner.
    const [job] = await app.dataSource.query(`SELECT status, error, owner_id FROM jobs WHERE id = $1`, [fileOf(library, 'broken.pdf').jobId]);
    expect(job).toEqual({ status: 'failed', error: 'Could not read the text of "broken.pdf": Invalid PDF structure.', owner_id: ada.id });

    // Adding files already there leaves them as they are.
    const again = await addFiles(ada, library.id, [media['Plan.pdf']!.id]);
    expect(again).toEqual([expect.objectContaining({ id: fileOf(library, 'Plan.pdf').id, status: 'ready', jobId: fileOf(library, 'Plan.pdf').jobId })]);

    const list = await app.http().get('/api/knowledge/collections?limit=5').set(ada.auth).expect(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, limit: 5, items: [{ id: library.id, fileCount: 5, readyFileCount: 4, failedFileCount: 1, indexingFileCount: 0 }] });
  });

  it('refuses files that are not my documents, naming them', async () => {
    const [clip] = await upload(ada, [[videoAndAudio().mp4, 'clip.mp4']]);
    const [bobs] = await upload(bob, [[Buffer.from('Bob budget'), 'bob.md']]);
    const unknown = randomUUID();
    const refused = await app.http().post(`/api/knowledge/collections/${library.id}/files`).set(ada.auth).send({ mediaFileIds: [clip!.id, unknown, bobs!.id] }).expect(400);
    expect(refused.body.details).toEqual([
      { field: 'mediaFileIds', message: `"clip.mp4" cannot be added: only documents (PDF, DOCX, HTML, Markdown, plain text, CSV and JSON) can be indexed, not video/mp4` },
      { field: 'mediaFileIds', message: `${unknown} is not a file of your media library` },
      { field: 'mediaFileIds', message: `${bobs!.id} is not a file of your media library` },
    ]);
    const malformed = await app.http().post(`/api/knowledge/collections/${library.id}/files`).set(ada.auth).send({ mediaFileIds: ['nope'] }).expect(400);
    expect(malformed.body.details).toEqual([expect.objectContaining({ field: 'mediaFileIds', message: 'each of mediaFileIds must be a media file id' })]);
    await app.http().post(`/api/knowledge/collections/${library.id}/files`).set(ada.auth).send({ mediaFileIds: [] }).expect(400);
    expect((await getCollection(ada, library.id)).fileCount).toBe(5);
  });

  // ---- search -------------------------------------------------------------------------------

  it('finds the budgets passage first for a question in plain words, in full text', async () => {
    const hits = await search(ada, { query: 'What do my notes say about budgets?' });
    expect(hits.length).toBeGreaterThanOrEqual(1);
    expect(hits[0]).toMatchObject({ fileName: 'Budget notes.md', fileId: media['Budget notes.md']!.id, collectionId: library.id, collectionName: 'My library', page: null, ordinal: 0, fullTextRank: 1 });
    expect(hits[0]!.text).toContain('The household budget for 2026 is 40 000 euros.');
    expect(hits[0]!.score).toBeGreaterThan(0);
    expect(hits[0]).not.toHaveProperty('vectorRank');
  });

  it('finds each format by its words, with PDF pages, and nothing from scripts or styles', async () => {
    const [kitchen] = await search(ada, { query: 'kitchen renovation' });
    expect(kitchen).toMatchObject({ fileName: 'Plan.pdf', page: 2 });
    const [treasurer] = await search(ada, { query: 'treasurer accounts' });
    expect(treasurer).toMatchObject({ fileName: 'Minutes.docx', page: null });
    const [bread] = await search(ada, { query: '"sourdough" rise', collectionIds: [library.id], mode: 'fulltext' });
    expect(bread).toMatchObject({ fileName: 'Recipes.html' });
    expect(bread!.text).toContain('Bread recipe');
    expect(await search(ada, { query: 'zanzibar' })).toEqual([]);
    expect(await search(ada, { query: 'budget -household', limit: 5 })).toEqual([]);
  });

  it('validates a search, naming the field', async () => {
    expect((await app.http().post('/api/knowledge/search').set(ada.auth).send({ query: '   ' }).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'query', message: 'query must be 1 to 500 characters' })]);
    expect((await app.http().post('/api/knowledge/search').set(ada.auth).send({ query: 'x', limit: 0 }).expect(400)).body.details[0].field).toBe('limit');
    expect((await app.http().post('/api/knowledge/search').set(ada.auth).send({ query: 'x', mode: 'magic' }).expect(400)).body.details[0]).toEqual({ field: 'mode', message: 'mode must be one of auto, fulltext, hybrid', constraint: 'isIn', params: { values: 'auto, fulltext, hybrid' } });
    expect((await app.http().post('/api/knowledge/search').set(ada.auth).send({ query: 'x', collectionIds: ['x'] }).expect(400)).body.details[0].field).toBe('collectionIds');
    const hybrid = await app.http().post('/api/knowledge/search').set(ada.auth).send({ query: 'budget', collectionIds: [library.id], mode: 'hybrid' }).expect(400);
    expect(hybrid.body).toMatchObject({ code: 'NO_EMBEDDING_MODEL', details: [{ field: 'mode' }] });
  });

  it('opens a passage a citation points to, with its neighbours', async () => {
    const [hit] = await search(ada, { query: 'household budget' });
    const chunk = (await app.http().get(`/api/knowledge/chunks/${hit!.chunkId}`).set(ada.auth).expect(200)).body;
    expect(chunk).toMatchObject({ id: hit!.chunkId, text: hit!.text, page: null, ordinal: 0, fileId: media['Budget notes.md']!.id, fileName: 'Budget notes.md', collectionId: library.id, collectionName: 'My library' });
    expect(chunk).not.toHaveProperty('previous');
    expect(chunk.next).toMatchObject({ ordinal: 1 });
    expect(chunk.next.text.length).toBeLessThanOrEqual(301);

    const second = (await app.http().get(`/api/knowledge/chunks/${chunk.next.id}`).set(ada.auth).expect(200)).body;
    expect(second.previous).toMatchObject({ id: hit!.chunkId, ordinal: 0 });
    expect(second.previous.text.startsWith('…')).toBe(true);
    await app.http().get(`/api/knowledge/chunks/${randomUUID()}`).set(ada.auth).expect(404);
  });

  // ---- embeddings ---------------------------------------------------------------------------

  describe('with an embedding model', () => {
    let semantic: CollectionBody;
    const registry = () => app.app.get(EmbeddingRegistry);

    beforeAll(async () => {
      await app.http().post('/api/profile/api-keys').set(ada.auth).send({ provider: 'openai', key: OWN_KEY }).expect(201);
      registry().batchSize = 2; // so a file takes several calls, and progress counts them
    });
    afterAll(() => (registry().batchSize = 64));

    it('lists the embedding models and whether a key is in reach', async () => {
      const models = (await app.http().get('/api/knowledge/embedding-models').set(ada.auth).expect(200)).body;
      expect(models.map((model: { id: string }) => model.id)).toEqual(['openai/text-embedding-3-small', 'openai/text-embedding-3-large', 'google/gemini-embedding-001', 'openai-compatible/nomic-embed-text']);
      expect(models[0]).toEqual({ id: 'openai/text-embedding-3-small', name: 'OpenAI text-embedding-3-small', provider: 'openai', dimensions: 1536, pricePerMTok: 0.02, available: true });
      expect(models[2]).toMatchObject({ provider: 'google', dimensions: 768, available: false });
      const bobs = (await app.http().get('/api/knowledge/embedding-models').set(bob.auth).expect(200)).body;
      expect(bobs[0].available).toBe(false);
    });

    it('embeds passages in batches with my key, records the cost, and searches by both rankings', async () => {
      semantic = await createCollection(ada, { name: 'Semantic', embeddingModel: 'openai/text-embedding-3-small' });
      await addFiles(ada, semantic.id, [media['Budget notes.md']!.id, media['Plan.pdf']!.id, media['Minutes.docx']!.id]);
      semantic = await waitFor(ada, semantic.id);
      expect(semantic.files.map((file) => file.status)).toEqual(['ready', 'ready', 'ready']);

      const calls = emulator.requests.filter((request) => request.kind === 'embeddings');
      const expectedCalls = semantic.files.reduce((sum, file) => sum + Math.ceil(file.chunkCount / 2), 0);
      expect(calls).toHaveLength(expectedCalls);
      for (const call of calls) expect(call).toMatchObject({ vendor: 'openai', model: 'text-embedding-3-small', keyMatched: true, status: 200 });
      await app.app.get(UsageService).flush();
      const [usage] = await app.dataSource.query(`SELECT count(*)::int AS calls, sum(input_tokens)::int AS tokens, sum(cost)::float AS cost FROM usage_records WHERE owner_id = $1 AND source = 'knowledge'`, [ada.id]);
      expect(usage.calls).toBe(expectedCalls);
      expect(usage.tokens).toBeGreaterThan(0);
      expect(usage.cost).toBeCloseTo((usage.tokens * 0.02) / 1_000_000, 12);
      const [stored] = await app.dataSource.query(`SELECT count(*)::int AS n, min(cardinality(embedding)) AS dims, min(embedding_model) AS model FROM knowledge_chunks WHERE collection_id = $1`, [semantic.id]);
      expect(stored).toEqual({ n: semantic.chunkCount, dims: 1536, model: 'openai/text-embedding-3-small' });

      emulator.reset();
      const query = 'household budget savings';
      const hits = await search(ada, { query, collectionIds: [semantic.id], mode: 'hybrid', limit: 20 });
      expect(emulator.requests).toHaveLength(1);
      expect(emulator.requests[0]).toMatchObject({ kind: 'embeddings', keyMatched: true });
      expect((emulator.requests[0]!.body as { input: string[] }).input).toEqual([query]);
      expect(hits[0]).toMatchObject({ fileName: 'Budget notes.md', ordinal: 0, fullTextRank: 1, vectorRank: 1 });
      expect(hits[0]!.score).toBeCloseTo(2 / 61, 10);
      expect(hits.every((hit) => hit.collectionId === semantic.id && hit.vectorRank !== undefined)).toBe(true);
      // The vector ranking is the cosine ranking of the emulator's embeddings.
      const byVector = [...hits].sort((a, b) => a.vectorRank! - b.vectorRank!);
      const similarities = byVector.map((hit) => cosineSimilarity(embedText(query, 1536), embedText(hit.text, 1536)));
      similarities.slice(1).forEach((similarity, i) => expect(similarity).toBeLessThanOrEqual(similarities[i]! + 1e-6));
      // Fused scores only go down.
      hits.slice(1).forEach((hit, i) => expect(hit.score).toBeLessThanOrEqual(hits[i]!.score));
    });

    it('ranks the same with pgvector and with the in-process scan used without it', async () => {
      const index = app.app.get(ChunkIndex);
      const detected = await index.detectVectorPath();
      // PGlite bundles pgvector; the test machines' PostgreSQL server does not.
      expect(detected).toBe(testMode() === 'embedded' ? 'pgvector' : 'portable');
      const queries = ['household budget savings', 'kitchen renovation cost', 'treasurer accounts approved', 'herons canal boats'];
      const run = async () => Promise.all(queries.map((query) => search(ada, { query, collectionIds: [semantic.id], mode: 'hybrid', limit: 20 })));
      try {
        index.vectorPath = 'pgvector';
        const withPgvector = testMode() === 'embedded' ? await run() : undefined;
        index.vectorPath = 'portable';
        const portable = await run();
        for (const hits of portable) expect(hits.length).toBeGreaterThan(0);
        if (withPgvector) {
          const ranking = (list: HitBody[][]) => list.map((hits) => hits.map((hit) => [hit.chunkId, hit.fullTextRank, hit.vectorRank]));
          expect(ranking(portable)).toEqual(ranking(withPgvector));
        }
      } finally {
        index.vectorPath = detected;
      }
      emulator.reset();
    });

    it('marks a file failed when no key is in reach, naming where to add one', async () => {
      const [note] = await upload(bob, [[Buffer.from('Bob keeps his budget in a notebook.'), 'bob-notes.md']]);
      const bobs = await createCollection(bob, { name: 'Bob semantic', embeddingModel: 'openai/text-embedding-3-small' });
      await addFiles(bob, bobs.id, [note!.id]);
      const settled = await waitFor(bob, bobs.id);
      expect(settled.files[0]).toMatchObject({ status: 'failed', chunkCount: 0 });
      expect(settled.files[0]!.error).toMatch(/^No OpenAI API key: add one in your profile/);
      expect(emulator.requests).toHaveLength(0);
    });

    it('cancels an indexing job: the upstream call is aborted and the file says so', async () => {
      const [extra] = await upload(ada, [[Buffer.from('Extra note about the budget of the garden shed.'), 'extra.md']]);
      emulator.script({ failure: { type: 'hang' }, match: { kind: 'embeddings' } });
      const [file] = await addFiles(ada, semantic.id, [extra!.id]);
      await emulator.waitForRequest(0, 5000);
      const running = await waitFor(ada, semantic.id, (c) => fileOf(c, 'extra.md').status === 'indexing' && fileOf(c, 'extra.md').step === 'Embedding 0/1');
      expect(fileOf(running, 'extra.md').progress).toBe(10);

      const cancelled = await app.http().post(`/api/knowledge/collections/${semantic.id}/files/${file!.id}/cancel`).set(ada.auth).expect(200);
      expect(cancelled.body).toMatchObject({ id: file!.id, status: 'failed', error: 'Indexing was cancelled', chunkCount: 0 });
      expect((await emulator.waitForAbort(0, 1000)).outcome).toBe('aborted');
      const [job] = await app.dataSource.query(`SELECT status FROM jobs WHERE id = $1`, [file!.jobId]);
      expect(job.status).toBe('cancelled');
      // Nothing was stored, then or later.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(fileOf(await getCollection(ada, semantic.id), 'extra.md')).toMatchObject({ status: 'failed', chunkCount: 0 });
      await app.http().post(`/api/knowledge/collections/${semantic.id}/files/${file!.id}/cancel`).set(ada.auth).expect(409);
    });

    it('re-indexes failed and changed files, or all of them', async () => {
      // The cancelled file is failed: a reindex picks it up, and only it.
      let requeued = (await app.http().post(`/api/knowledge/collections/${semantic.id}/reindex`).set(ada.auth).expect(202)).body as FileBody[];
      expect(requeued.map((file) => file.name)).toEqual(['extra.md']);
      semantic = await waitFor(ada, semantic.id);
      expect(fileOf(semantic, 'extra.md')).toMatchObject({ status: 'ready', chunkCount: 1, error: null });

      // A media file whose bytes changed since it was indexed is stale.
      await app.dataSource.query(`UPDATE knowledge_files SET indexed_sha256 = repeat('0', 64) WHERE id = $1`, [fileOf(semantic, 'Plan.pdf').id]);
      expect(fileOf(await getCollection(ada, semantic.id), 'Plan.pdf').stale).toBe(true);
      requeued = (await app.http().post(`/api/knowledge/collections/${semantic.id}/reindex`).set(ada.auth).expect(202)).body;
      expect(requeued.map((file) => file.name)).toEqual(['Plan.pdf']);
      semantic = await waitFor(ada, semantic.id);
      expect(fileOf(semantic, 'Plan.pdf')).toMatchObject({ status: 'ready', stale: false });

      requeued = (await app.http().post(`/api/knowledge/collections/${semantic.id}/reindex?all=true`).set(ada.auth).expect(202)).body;
      expect(requeued).toHaveLength(4);
      semantic = await waitFor(ada, semantic.id);
      expect(semantic.files.every((file) => file.status === 'ready')).toBe(true);
      await app.http().post(`/api/knowledge/collections/${semantic.id}/reindex?all=maybe`).set(ada.auth).expect(400);
      emulator.reset();
    });

    it('re-indexes every file when the embedding model changes', async () => {
      const changed = (await app.http().patch(`/api/knowledge/collections/${library.id}`).set(ada.auth).send({ embeddingModel: 'openai/text-embedding-3-small', name: 'My library (semantic)' }).expect(200)).body;
      expect(changed).toMatchObject({ name: 'My library (semantic)', embeddingModel: 'openai/text-embedding-3-small' });
      expect(changed.files.every((file: FileBody) => file.status !== 'ready' || file.chunkCount > 0)).toBe(true);
      library = await waitFor(ada, library.id);
      expect(library.files.filter((file) => file.status === 'ready')).toHaveLength(4);
      expect(fileOf(library, 'broken.pdf').status).toBe('failed');
      const hits = await search(ada, { query: 'What do my notes say about budgets?', collectionIds: [library.id] });
      expect(hits[0]).toMatchObject({ fileName: 'Budget notes.md', vectorRank: expect.any(Number), fullTextRank: 1 });

      // Back to full text: the passages lose their vectors.
      await app.http().patch(`/api/knowledge/collections/${library.id}`).set(ada.auth).send({ embeddingModel: null }).expect(200);
      library = await waitFor(ada, library.id);
      const [left] = await app.dataSource.query(`SELECT count(*)::int AS n FROM knowledge_chunks WHERE collection_id = $1 AND embedding IS NOT NULL`, [library.id]);
      expect(left.n).toBe(0);
      emulator.reset();
    });
  });

  // ---- the tool -----------------------------------------------------------------------------

  it('gives the model numbered passages to cite through knowledge_search', async () => {
    const tool = app.app.get(KnowledgeSearchTool);
    expect(tool.name).toBe('knowledge_search');
    expect(tool.parameters).toMatchObject({ type: 'object', required: ['query'] });
    const citations: Citation[] = [];
    const context: ToolContext = {
      user: authUser(ada),
      signal: new AbortController().signal,
      collectionIds: [library.id],
      cite(source) {
        const known = citations.find((citation) => citation.chunkId === source.chunkId);
        if (known) return known.n;
        citations.push({ ...source, n: citations.length + 1 });
        return citations.length;
      },
    };

    const first = await tool.run({ query: 'household budget', limit: 2 }, context);
    const lines = first.content.split('\n');
    expect(lines[0]).toBe(PASSAGES_ARE_DATA);
    expect(lines[1]).toMatch(/^\[1\] Budget notes\.md: # Budget notes The household budget for 2026 is 40 000 euros\./);
    expect(citations[0]).toMatchObject({ n: 1, fileName: 'Budget notes.md', fileId: media['Budget notes.md']!.id, collectionId: library.id, page: null });
    expect(citations[0]!.snippet.length).toBeLessThanOrEqual(200);
    expect(first.summary).toMatch(/^\d passages? from Budget notes\.md/);

    const second = await tool.run({ query: 'kitchen renovation' }, context);
    expect(second.content.split('\n')[1]).toMatch(/^\[\d\] Plan\.pdf \(p\. 2\): The kitchen renovation will cost 12 000 euros/);
    expect(citations.find((citation) => citation.fileName === 'Plan.pdf')).toMatchObject({ page: 2 });
    expect(second.summary).toMatch(/^1 passage from Plan\.pdf$/);

    // The same passage keeps its number within the turn.
    await tool.run({ query: 'household budget', limit: 1 }, context);
    expect(citations.filter((citation) => citation.fileName === 'Budget notes.md').map((citation) => citation.n)).toContain(1);

    const none = await tool.run({ query: 'quantum chromodynamics' }, context);
    expect(none).toEqual({ content: 'No passage of the user\'s documents matches "quantum chromodynamics".', summary: 'No passage found for "quantum chromodynamics"', summaryKey: 'passagesNotFound', params: { query: 'quantum chromodynamics' } });

    // Another user's turn naming Ada's collection finds nothing of hers.
    const stranger = await tool.run({ query: 'household budget' }, { ...context, user: authUser(bob) });
    expect(stranger.content).toMatch(/^No passage/);
  });

  // ---- other users and deletion -------------------------------------------------------------

  it("never shows another user's collections, files or passages (404)", async () => {
    const [hit] = await search(ada, { query: 'household budget' });
    const file = fileOf(await getCollection(ada, library.id), 'Budget notes.md');
    await app.http().get(`/api/knowledge/collections/${library.id}`).set(bob.auth).expect(404);
    await app.http().patch(`/api/knowledge/collections/${library.id}`).set(bob.auth).send({ name: 'Mine now' }).expect(404);
    await app.http().post(`/api/knowledge/collections/${library.id}/files`).set(bob.auth).send({ mediaFileIds: [randomUUID()] }).expect(404);
    await app.http().post(`/api/knowledge/collections/${library.id}/reindex`).set(bob.auth).expect(404);
    await app.http().delete(`/api/knowledge/collections/${library.id}/files/${file.id}`).set(bob.auth).expect(404);
    await app.http().post(`/api/knowledge/collections/${library.id}/files/${file.id}/cancel`).set(bob.auth).expect(404);
    await app.http().delete(`/api/knowledge/collections/${library.id}`).set(bob.auth).expect(404);
    await app.http().get(`/api/knowledge/chunks/${hit!.chunkId}`).set(bob.auth).expect(404);
    await app.http().get('/api/knowledge/collections/not-a-uuid').set(ada.auth).expect(404);
    await search(bob, { query: 'budget', collectionIds: [library.id] }, 404);

    // Bob's own search sees his notes only, though Ada's speak of budgets too.
    const [note] = await upload(bob, [[Buffer.from('Bob writes his budget on paper.'), 'bob-paper.md']]);
    const paper = await createCollection(bob, { name: 'Bob paper' });
    await addFiles(bob, paper.id, [note!.id]);
    await waitFor(bob, paper.id);
    const bobs = await search(bob, { query: 'budget' });
    expect(bobs.length).toBeGreaterThan(0);
    expect(bobs.every((h) => h.fileName.startsWith('bob'))).toBe(true);
    expect((await app.http().get('/api/knowledge/collections').set(bob.auth).expect(200)).body.items.every((c: CollectionBody) => c.name.startsWith('Bob'))).toBe(true);
  });

  it('forgets the passages of a media file deleted from the library', async () => {
    const docx = fileOf(await getCollection(ada, library.id), 'Minutes.docx');
    expect((await search(ada, { query: 'treasurer', mode: 'fulltext' })).length).toBeGreaterThan(0);
    await app.http().delete(`/api/media/files/${media['Minutes.docx']!.id}`).set(ada.auth).expect(204);
    const after = await getCollection(ada, library.id);
    expect(after.files.map((file) => file.name)).not.toContain('Minutes.docx');
    expect(await search(ada, { query: 'treasurer', mode: 'fulltext' })).toEqual([]);
    // Nor does the nearest-neighbour ranking of the semantic collection bring them back.
    expect((await search(ada, { query: 'treasurer', limit: 50 })).map((hit) => hit.fileName)).not.toContain('Minutes.docx');
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM knowledge_chunks WHERE file_id = $1`, [docx.id]);
    expect(n).toBe(0);
  });

  it('removes a file, then a whole collection, with their passages', async () => {
    const html = fileOf(await getCollection(ada, library.id), 'Recipes.html');
    await app.http().delete(`/api/knowledge/collections/${library.id}/files/${html.id}`).set(ada.auth).expect(204);
    expect(await search(ada, { query: 'sourdough', collectionIds: [library.id] })).toEqual([]);
    await app.http().get(`/api/media/files/${media['Recipes.html']!.id}`).set(ada.auth).expect(200); // the media file stays

    await app.http().delete(`/api/knowledge/collections/${library.id}`).set(ada.auth).expect(204);
    await app.http().get(`/api/knowledge/collections/${library.id}`).set(ada.auth).expect(404);
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM knowledge_chunks WHERE collection_id = $1`, [library.id]);
    expect(n).toBe(0);
  });
});
