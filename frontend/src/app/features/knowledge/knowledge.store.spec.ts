import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { JobProgressEventDto, KnowledgeCollectionDetailDto, KnowledgeFileDto, MediaFileDto } from '../../api/models';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { KnowledgeStore, POLL_EVERY_WITH_SOCKET, POLL_MS } from './knowledge.store';

const COLLECTION = 'c0c0c0c0-0000-4000-8000-000000000001';

function file(id: string, options: Partial<KnowledgeFileDto> = {}): KnowledgeFileDto {
  return { id, collectionId: COLLECTION, mediaFileId: `m-${id}`, name: `${id}.md`, mimeType: 'text/markdown', status: 'ready', progress: 100, step: null, error: null, chunkCount: 2, jobId: null, stale: false, createdAt: '', updatedAt: '', ...options };
}

function detail(files: KnowledgeFileDto[], options: Partial<KnowledgeCollectionDetailDto> = {}): KnowledgeCollectionDetailDto {
  const count = (status: KnowledgeFileDto['status'][]) => files.filter((f) => status.includes(f.status)).length;
  return {
    id: COLLECTION,
    name: 'Handbook',
    description: '',
    embeddingModel: null,
    chunkCount: files.reduce((sum, f) => sum + f.chunkCount, 0),
    fileCount: files.length,
    readyFileCount: count(['ready']),
    indexingFileCount: count(['pending', 'indexing']),
    failedFileCount: count(['failed']),
    files,
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
    ...options,
  };
}

function media(id: string, name: string, mimeType: string, kind: MediaFileDto['kind'], createdAt: string): MediaFileDto {
  return { id, name, mimeType, kind, createdAt, updatedAt: createdAt, contentUrl: '', durationSeconds: null, folderId: null, height: null, width: null, origin: null, previewStatus: 'none', sha256: '', size: 10, source: 'uploaded', thumbnailUrl: null };
}

describe('KnowledgeStore', () => {
  let http: HttpTestingController;
  let store: KnowledgeStore;
  let events: Subject<JobProgressEventDto>;
  let connected: ReturnType<typeof signal<boolean>>;

  beforeEach(() => {
    vi.useFakeTimers();
    events = new Subject<JobProgressEventDto>();
    connected = signal(true);
    const realtime = { on: () => events.asObservable(), connected };
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), KnowledgeStore, { provide: RealtimeService, useValue: realtime }],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(KnowledgeStore);
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  function open(files: KnowledgeFileDto[]): void {
    store.open(COLLECTION);
    http.expectOne({ method: 'GET', url: `/api/knowledge/collections/${COLLECTION}` }).flush(detail(files));
  }

  it('lists the collections, and adds a created one at the top', () => {
    store.load();
    const list = http.expectOne((request) => request.url === '/api/knowledge/collections' && request.method === 'GET');
    expect(list.request.params.get('limit')).toBe('100');
    const { files: _files, ...older } = detail([], { id: 'older', name: 'Older' });
    void _files;
    list.flush({ items: [older], total: 1, page: 1, limit: 100 });
    expect(store.state()).toBe('ready');

    store.create({ name: 'Handbook', description: 'HR', embeddingModel: null }).subscribe();
    const create = http.expectOne({ method: 'POST', url: '/api/knowledge/collections' });
    expect(create.request.body).toEqual({ name: 'Handbook', description: 'HR', embeddingModel: null });
    create.flush(detail([]));
    expect(store.collections().map((c) => c.id)).toEqual([COLLECTION, 'older']);
    expect(store.collections()[0]).not.toHaveProperty('files');
    expect(store.total()).toBe(2);
  });

  it('adds media files to the open collection and asks for it again', () => {
    open([]);
    let added: KnowledgeFileDto[] = [];
    store.addFiles(['m1', 'm2']).subscribe((files) => (added = files));
    const request = http.expectOne({ method: 'POST', url: `/api/knowledge/collections/${COLLECTION}/files` });
    expect(request.request.body).toEqual({ mediaFileIds: ['m1', 'm2'] });
    const queued = [file('f1', { status: 'pending', progress: 0, chunkCount: 0, jobId: 'j1' })];
    request.flush(queued, { status: 202, statusText: 'Accepted' });
    expect(added).toEqual(queued);
    http.expectOne(`/api/knowledge/collections/${COLLECTION}`).flush(detail(queued));
    expect(store.collection()?.files[0]?.status).toBe('pending');
    expect(store.indexing()).toBe(true);
  });

  it('follows the indexing job over the WebSocket, then fetches the finished file', () => {
    open([file('f1', { status: 'pending', progress: 0, chunkCount: 0, jobId: 'j1' }), file('f2')]);

    events.next({ id: 'other-job', name: 'generation.image', status: 'running', progress: 50, step: 'x', error: null });
    events.next({ id: 'j1', name: 'knowledge.index', status: 'running', progress: 40, step: 'Embedding 2/5', error: null });
    expect(store.collection()!.files[0]).toMatchObject({ status: 'indexing', progress: 40, step: 'Embedding 2/5' });
    // A late event does not move the bar back.
    events.next({ id: 'j1', name: 'knowledge.index', status: 'running', progress: 10, step: 'Embedding 0/5', error: null });
    expect(store.collection()!.files[0]!.progress).toBe(40);
    http.expectNone(`/api/knowledge/collections/${COLLECTION}`);

    events.next({ id: 'j1', name: 'knowledge.index', status: 'succeeded', progress: 100, step: null, error: null });
    http.expectOne(`/api/knowledge/collections/${COLLECTION}`).flush(detail([file('f1', { chunkCount: 7, jobId: 'j1' }), file('f2')]));
    expect(store.collection()!.files[0]).toMatchObject({ status: 'ready', chunkCount: 7 });
    expect(store.indexing()).toBe(false);
  });

  it('asks for the collection while files are indexed: often without the WebSocket, now and then with it', () => {
    open([file('f1', { status: 'indexing', progress: 20, jobId: 'j1' })]);

    vi.advanceTimersByTime(POLL_MS * (POLL_EVERY_WITH_SOCKET - 1));
    http.expectNone(`/api/knowledge/collections/${COLLECTION}`);
    vi.advanceTimersByTime(POLL_MS);
    http.expectOne(`/api/knowledge/collections/${COLLECTION}`).flush(detail([file('f1', { status: 'indexing', progress: 60, jobId: 'j1' })]));

    connected.set(false);
    vi.advanceTimersByTime(POLL_MS);
    http.expectOne(`/api/knowledge/collections/${COLLECTION}`).flush(detail([file('f1', { status: 'failed', error: 'contains no text', chunkCount: 0, jobId: 'j1' })]));
    expect(store.collection()!.files[0]).toMatchObject({ status: 'failed', error: 'contains no text' });

    // Nothing is indexed any more: no more questions.
    vi.advanceTimersByTime(POLL_MS * POLL_EVERY_WITH_SOCKET * 2);
    http.expectNone(`/api/knowledge/collections/${COLLECTION}`);
  });

  it('removes a file at once and re-indexes with ?all', () => {
    open([file('f1'), file('f2')]);
    store.removeFile(store.collection()!.files[0]!).subscribe();
    http.expectOne({ method: 'DELETE', url: `/api/knowledge/collections/${COLLECTION}/files/f1` }).flush(null, { status: 204, statusText: 'No Content' });
    expect(store.collection()!.files.map((f) => f.id)).toEqual(['f2']);
    http.expectOne(`/api/knowledge/collections/${COLLECTION}`).flush(detail([file('f2')]));

    store.reindex(true).subscribe();
    const reindex = http.expectOne((request) => request.url === `/api/knowledge/collections/${COLLECTION}/reindex`);
    expect(reindex.request.method).toBe('POST');
    expect(reindex.request.params.get('all')).toBe('true');
    reindex.flush([file('f2', { status: 'pending', progress: 0, jobId: 'j2' })]);
    expect(store.collection()!.files[0]!.status).toBe('pending');
    http.expectOne(`/api/knowledge/collections/${COLLECTION}`).flush(detail([file('f2', { status: 'pending', jobId: 'j2' })]));
  });

  it('searches the open collection and keeps only the latest answer', () => {
    open([file('f1')]);
    store.search('  budgets ', 'fulltext').subscribe();
    const first = http.expectOne({ method: 'POST', url: '/api/knowledge/search' });
    expect(first.request.body).toEqual({ query: 'budgets', mode: 'fulltext', limit: 10, collectionIds: [COLLECTION] });
    store.search('travel').subscribe();
    const second = http.expectOne({ method: 'POST', url: '/api/knowledge/search' });
    const hit = { chunkId: 'k1', collectionId: COLLECTION, collectionName: 'Handbook', fileId: 'm-f1', fileName: 'f1.md', ordinal: 0, page: null, score: 0.5, text: 'Travel', fullTextRank: 1 };
    second.flush([hit]);
    first.flush([{ ...hit, chunkId: 'stale' }]);
    expect(store.hits()?.map((h) => h.chunkId)).toEqual(['k1']);
    expect(store.searching()).toBe(false);
  });

  it('offers the indexable documents and texts of the media library, newest first', () => {
    let names: string[] = [];
    store.documents(' plan ').subscribe((files) => (names = files.map((f) => f.name)));
    const documents = http.expectOne((request) => request.url === '/api/media/files' && request.params.get('kind') === 'document');
    const texts = http.expectOne((request) => request.url === '/api/media/files' && request.params.get('kind') === 'text');
    expect(documents.request.params.get('q')).toBe('plan');
    documents.flush({ items: [media('d1', 'plan.pdf', 'application/pdf', 'document', '2026-11-02'), media('d2', 'plan.epub', 'application/epub+zip', 'document', '2026-11-05')], total: 2, page: 1, limit: 100 });
    texts.flush({ items: [media('t1', 'plan.md', 'text/markdown', 'text', '2026-11-03')], total: 1, page: 1, limit: 100 });
    expect(names).toEqual(['plan.md', 'plan.pdf']);
  });
});
