import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { MediaFileDto, MediaFolderDto } from '../../api/models';
import { mediaFile } from '../../shared/media/media-file.fixture';
import { ALL_FILES, MEDIA_PAGE_SIZE, MediaStore, PREVIEW_POLL_LIMIT_MS, PREVIEW_POLL_MS, TOP_LEVEL } from './media.store';

function folder(id: string, parentId: string | null = null): MediaFolderDto {
  return { id, name: id, parentId, fileCount: 0, createdAt: '', updatedAt: '' };
}

describe('MediaStore', () => {
  let http: HttpTestingController;
  let store: MediaStore;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), MediaStore] });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(MediaStore);
  });

  afterEach(() => {
    store.ngOnDestroy();
    vi.useRealTimers();
    http.verify();
  });

  const listRequest = () => http.expectOne((request) => request.url === '/api/media/files');
  const page = (items: MediaFileDto[], total = items.length) => ({ items, total, page: 1, limit: MEDIA_PAGE_SIZE });

  it('sends the filters as query parameters and keeps only the latest answer', () => {
    store.load();
    const first = listRequest();
    expect(first.request.params.has('folderId')).toBe(false);
    expect(first.request.params.get('sort')).toBe('recent');
    store.setFilters({ folder: TOP_LEVEL, q: ' cat ', kind: 'image', source: 'generated', sort: 'size' });
    const second = listRequest();
    const params = second.request.params;
    expect(['folderId', 'q', 'kind', 'source', 'sort', 'page', 'limit'].map((name) => params.get(name))).toEqual(['root', 'cat', 'image', 'generated', 'size', '1', String(MEDIA_PAGE_SIZE)]);
    second.flush(page([mediaFile('new')]));
    first.flush(page([mediaFile('stale')]));
    expect(store.files().map((file) => file.id)).toEqual(['new']);
    expect(store.state()).toBe('ready');
    expect(store.filtered()).toBe(true);
  });

  it('asks for a folder by its id, and uploads into it', () => {
    store.folders.set([folder('f1')]);
    store.setFilters({ folder: 'f1' });
    expect(listRequest().request.params.get('folderId')).toBe('f1');
    expect(store.uploadFolderId()).toBe('f1');
    store.setFilters({ folder: ALL_FILES });
    listRequest().flush(page([]));
    expect(store.uploadFolderId()).toBeNull();
  });

  it('loads more pages after the first one', () => {
    store.load();
    listRequest().flush(page([mediaFile('a'), mediaFile('b')], 3));
    expect(store.hasMore()).toBe(true);
    store.loadMore();
    const next = listRequest();
    expect(next.request.params.get('page')).toBe('2');
    next.flush({ items: [mediaFile('b'), mediaFile('c')], total: 3, page: 2, limit: MEDIA_PAGE_SIZE });
    expect(store.files().map((file) => file.id)).toEqual(['a', 'b', 'c']);
    expect(store.hasMore()).toBe(false);
  });

  it('asks again while thumbnails are being made, updating only those files', () => {
    vi.useFakeTimers();
    store.load();
    const ready = mediaFile('ready');
    listRequest().flush(page([mediaFile('new', { previewStatus: 'pending', thumbnailUrl: null }), ready]));
    vi.advanceTimersByTime(PREVIEW_POLL_MS - 1);
    http.expectNone((request) => request.url === '/api/media/files');
    vi.advanceTimersByTime(1);
    const poll = listRequest();
    expect(poll.request.params.get('limit')).toBe('2');
    poll.flush(page([mediaFile('new'), mediaFile('ready', { thumbnailUrl: '/api/media/files/ready/thumbnail?token=2.b' })]));
    expect(store.files()[0]).toMatchObject({ previewStatus: 'ready', thumbnailUrl: '/api/media/files/new/thumbnail?token=1.a' });
    // The other file keeps its link, so its picture is not loaded again.
    expect(store.files()[1]).toBe(ready);
    vi.advanceTimersByTime(PREVIEW_POLL_MS * 3);
    http.expectNone((request) => request.url === '/api/media/files');
  });

  it('stops asking after a while when a thumbnail never comes', () => {
    vi.useFakeTimers();
    store.load();
    const pending = page([mediaFile('slow', { previewStatus: 'pending', thumbnailUrl: null })]);
    listRequest().flush(pending);
    let polls = 0;
    for (let elapsed = 0; elapsed < PREVIEW_POLL_LIMIT_MS * 2; elapsed += PREVIEW_POLL_MS) {
      vi.advanceTimersByTime(PREVIEW_POLL_MS);
      for (const request of http.match((candidate) => candidate.url === '/api/media/files')) {
        polls++;
        request.flush(pending);
      }
    }
    expect(polls).toBeGreaterThan(10);
    expect(polls).toBeLessThanOrEqual(PREVIEW_POLL_LIMIT_MS / PREVIEW_POLL_MS);
  });

  it('takes a file moved out of the folder shown off the list', () => {
    store.folders.set([folder('f1'), folder('f2')]);
    store.setFilters({ folder: 'f1' });
    listRequest().flush(page([mediaFile('a', { folderId: 'f1' }), mediaFile('b', { folderId: 'f1' })]));
    store.moveFile(store.files()[0]!, 'f2').subscribe();
    const patch = http.expectOne({ method: 'PATCH', url: '/api/media/files/a' });
    expect(patch.request.body).toEqual({ folderId: 'f2' });
    patch.flush(mediaFile('a', { folderId: 'f2' }));
    http.expectOne('/api/media/folders').flush([folder('f1'), folder('f2')]);
    expect(store.files().map((file) => file.id)).toEqual(['b']);
    expect(store.total()).toBe(1);
  });

  it('deletes a file, then refreshes the storage used', () => {
    store.load();
    listRequest().flush(page([mediaFile('a'), mediaFile('b')]));
    store.deleteFile(store.files()[0]!).subscribe();
    http.expectOne({ method: 'DELETE', url: '/api/media/files/a' }).flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne('/api/media/usage').flush({ usedBytes: 100, quotaBytes: 1000, fileCount: 1, maxFileBytes: 500 });
    expect(store.files().map((file) => file.id)).toEqual(['b']);
    expect(store.usage()?.usedBytes).toBe(100);
  });

  it('after deleting the folder shown (or one above it), shows all files', () => {
    store.folders.set([folder('top'), folder('inner', 'top'), folder('other')]);
    store.setFilters({ folder: 'inner' });
    listRequest().flush(page([]));
    store.deleteFolder(store.folders()[0]!, true).subscribe();
    const remove = http.expectOne((request) => request.method === 'DELETE' && request.url === '/api/media/folders/top');
    expect(remove.request.params.get('recursive')).toBe('true');
    remove.flush(null, { status: 204, statusText: 'No Content' });
    expect(store.folders().map((entry) => entry.id)).toEqual(['other']);
    expect(store.filters().folder).toBe(ALL_FILES);
    listRequest().flush(page([]));
    http.expectOne('/api/media/usage').flush({ usedBytes: 0, quotaBytes: 1000, fileCount: 0, maxFileBytes: 500 });
    http.expectOne('/api/media/folders').flush([folder('other')]);
  });

  it('asks for a plain delete first (the API refuses a folder that is not empty)', () => {
    store.folders.set([folder('f1')]);
    let failed = false;
    store.deleteFolder(store.folders()[0]!, false).subscribe({ error: () => (failed = true) });
    const remove = http.expectOne((request) => request.url === '/api/media/folders/f1');
    expect(remove.request.params.has('recursive')).toBe(false);
    remove.flush({ statusCode: 409, code: 'FOLDER_NOT_EMPTY', message: 'not empty' }, { status: 409, statusText: 'Conflict' });
    expect(failed).toBe(true);
    expect(store.folders()).toHaveLength(1);
  });

  it('shows all files when the folder shown is no longer there', () => {
    store.folders.set([folder('gone')]);
    store.setFilters({ folder: 'gone' });
    listRequest().flush(page([]));
    store.loadShared();
    http.expectOne('/api/media/folders/shared').flush([]);
    store.loadFolders();
    http.expectOne('/api/media/folders').flush([]);
    expect(store.filters().folder).toBe(ALL_FILES);
    listRequest().flush(page([]));
  });

  it('keeps a linked folder until both lists have loaded: one shared with me stays open, an unknown one does not', () => {
    const shared = (id: string) => ({ ...folder(id), ownerId: 'o1', ownerName: 'Olga', sharedRootId: id, projects: [{ id: 'p1', name: 'Launch' }] });
    store.setFilters({ folder: 's1' });
    listRequest().flush(page([]));
    store.loadFolders();
    http.expectOne('/api/media/folders').flush([folder('mine')]);
    expect(store.filters().folder).toBe('s1'); // not mine, but the shared list is not in yet
    store.loadShared();
    http.expectOne('/api/media/folders/shared').flush([shared('s1')]);
    expect(store.filters().folder).toBe('s1');
    expect(store.readOnly()).toBe(true);

    store.setFilters({ folder: 'unknown' });
    listRequest().flush({ statusCode: 404, code: 'MEDIA_FOLDER_NOT_FOUND', message: 'Folder not found' }, { status: 404, statusText: 'Not Found' });
    store.loadShared();
    http.expectOne('/api/media/folders/shared').flush([shared('s1')]);
    expect(store.filters().folder).toBe(ALL_FILES);
    listRequest().flush(page([]));
  });
});
