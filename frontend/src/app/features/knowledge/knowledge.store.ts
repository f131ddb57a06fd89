import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, forkJoin, interval, map, tap } from 'rxjs';
import type {
  CreateKnowledgeCollectionDto,
  EmbeddingModelDto,
  KnowledgeChunkDto,
  KnowledgeCollectionDetailDto,
  KnowledgeCollectionDto,
  KnowledgeFileDto,
  KnowledgeHitDto,
  KnowledgeSearchDto,
  JobProgressEventDto,
  MediaFileDto,
  UpdateKnowledgeCollectionDto,
} from '../../api/models';
import { KnowledgeService, MediaService } from '../../api/services';
import { RealtimeService } from '../../core/realtime/realtime.service';

export type LoadState = 'loading' | 'ready' | 'failed';
export type SearchMode = NonNullable<KnowledgeSearchDto['mode']>;
export type KnowledgeFileStatus = KnowledgeFileDto['status'];

/** The queue's name for the indexing of one file. */
export const INDEX_JOB = 'knowledge.index';
export const COLLECTIONS_PAGE_SIZE = 100;
export const SEARCH_LIMIT = 10;
/** While files are indexed, the collection is asked for again this often without the WebSocket… */
export const POLL_MS = 3000;
/** …and, with it, every this many polls, in case an event was missed. */
export const POLL_EVERY_WITH_SOCKET = 5;
/** The media types the server can index (PDF, DOCX, HTML, Markdown, text, CSV, JSON). */
export const INDEXABLE_TYPES: readonly string[] = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/html',
  'text/markdown',
  'text/plain',
  'text/csv',
  'application/json',
];
const DOCUMENTS_LIMIT = 100;

export function isLive(file: Pick<KnowledgeFileDto, 'status'>): boolean {
  return file.status === 'pending' || file.status === 'indexing';
}

function isFinalJob(status: string): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

function summaryOf(detail: KnowledgeCollectionDetailDto): KnowledgeCollectionDto {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { files, ...collection } = detail;
  return collection;
}

/**
 * The knowledge area's state over the generated client: my collections, the one open with its
 * files (kept up to date by the server's `job.progress` events for `knowledge.index`, and by
 * asking again while files are indexed), retrieval tests, and the documents that can be added.
 * Provided by each page, so its timer stops with the page.
 */
@Injectable()
export class KnowledgeStore {
  private readonly api = inject(KnowledgeService);
  private readonly media = inject(MediaService);
  private readonly realtime = inject(RealtimeService);

  readonly collections = signal<KnowledgeCollectionDto[]>([]);
  readonly total = signal(0);
  readonly state = signal<LoadState>('loading');
  readonly embeddingModels = signal<EmbeddingModelDto[]>([]);

  /** The collection open on its page, with its files. */
  readonly collection = signal<KnowledgeCollectionDetailDto | null>(null);
  readonly collectionState = signal<LoadState>('loading');
  readonly indexing = computed(() => this.collection()?.files.some(isLive) ?? false);

  readonly hits = signal<KnowledgeHitDto[] | null>(null);
  readonly searching = signal(false);

  private listRequest = 0;
  private detailRequest = 0;
  private searchRequest = 0;
  private ticks = 0;

  constructor() {
    this.realtime
      .on('job.progress')
      .pipe(takeUntilDestroyed())
      .subscribe((event) => this.onProgress(event));
    interval(POLL_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.poll());
  }

  // --- Collections ---

  load(): void {
    const request = ++this.listRequest;
    if (!this.collections().length) this.state.set('loading');
    this.api.listKnowledgeCollections({ page: 1, limit: COLLECTIONS_PAGE_SIZE }).subscribe({
      next: (page) => {
        if (request !== this.listRequest) return;
        this.collections.set(page.items);
        this.total.set(page.total);
        this.state.set('ready');
      },
      error: () => {
        if (request === this.listRequest) this.state.set('failed');
      },
    });
  }

  loadEmbeddingModels(): void {
    if (this.embeddingModels().length) return;
    this.api.listEmbeddingModels().subscribe({ next: (models) => this.embeddingModels.set(models), error: () => this.embeddingModels.set([]) });
  }

  create(body: CreateKnowledgeCollectionDto): Observable<KnowledgeCollectionDetailDto> {
    return this.api.createKnowledgeCollection({ body }).pipe(
      tap((created) => {
        this.collections.update((list) => [summaryOf(created), ...list]);
        this.total.update((total) => total + 1);
      }),
    );
  }

  update(id: string, body: UpdateKnowledgeCollectionDto): Observable<KnowledgeCollectionDetailDto> {
    return this.api.updateKnowledgeCollection({ id, body }).pipe(tap((updated) => this.put(updated)));
  }

  delete(id: string): Observable<void> {
    return this.api.deleteKnowledgeCollection({ id }).pipe(
      tap(() => {
        this.collections.update((list) => list.filter((collection) => collection.id !== id));
        this.total.update((total) => Math.max(0, total - 1));
        if (this.collection()?.id === id) this.collection.set(null);
      }),
    );
  }

  // --- One collection and its files ---

  /** Opens a collection: its files and their status. */
  open(id: string): void {
    if (this.collection()?.id !== id) {
      this.collection.set(null);
      this.hits.set(null);
    }
    this.collectionState.set('loading');
    this.fetchCollection(id);
  }

  /** Asks for the open collection again, keeping what is shown meanwhile. */
  refresh(): void {
    const id = this.collection()?.id;
    if (id) this.fetchCollection(id);
  }

  addFiles(mediaFileIds: string[]): Observable<KnowledgeFileDto[]> {
    const id = this.requireOpen();
    return this.api.addKnowledgeFiles({ id, body: { mediaFileIds } }).pipe(tap(() => this.refresh()));
  }

  removeFile(file: KnowledgeFileDto): Observable<void> {
    return this.api.removeKnowledgeFile({ id: file.collectionId, fileId: file.id }).pipe(
      tap(() => {
        this.patchCollection((collection) => ({ ...collection, files: collection.files.filter((shown) => shown.id !== file.id) }));
        this.refresh();
      }),
    );
  }

  cancelIndexing(file: KnowledgeFileDto): Observable<KnowledgeFileDto> {
    return this.api.cancelKnowledgeIndexing({ id: file.collectionId, fileId: file.id }).pipe(
      tap({
        next: (cancelled) => {
          this.putFile(cancelled);
          this.refresh();
        },
        error: () => this.refresh(),
      }),
    );
  }

  /** Re-indexes the files that changed or failed, or every file with `all`. */
  reindex(all: boolean): Observable<KnowledgeFileDto[]> {
    const id = this.requireOpen();
    return this.api.reindexKnowledgeCollection({ id, all }).pipe(
      tap((queued) => {
        for (const file of queued) this.putFile(file);
        this.refresh();
      }),
    );
  }

  // --- Retrieval ---

  /** Searches (the open collection when there is one); the hits land in `hits`. */
  search(query: string, mode: SearchMode = 'auto', limit = SEARCH_LIMIT): Observable<KnowledgeHitDto[]> {
    const body: KnowledgeSearchDto = { query: query.trim(), mode, limit };
    const open = this.collection();
    if (open) body.collectionIds = [open.id];
    const request = ++this.searchRequest;
    this.searching.set(true);
    return this.api.searchKnowledge({ body }).pipe(
      tap({
        next: (hits) => {
          if (request !== this.searchRequest) return;
          this.hits.set(hits);
          this.searching.set(false);
        },
        error: () => {
          if (request === this.searchRequest) this.searching.set(false);
        },
      }),
    );
  }

  clearSearch(): void {
    this.searchRequest++;
    this.searching.set(false);
    this.hits.set(null);
  }

  /** A passage with the end of the one before and the start of the one after. */
  chunk(id: string): Observable<KnowledgeChunkDto> {
    return this.api.getKnowledgeChunk({ id });
  }

  /** The documents of my media library that can be indexed, newest first (`q`: part of the name). */
  documents(q = ''): Observable<MediaFileDto[]> {
    const name = q.trim() || undefined;
    const list = (kind: 'document' | 'text') => this.media.listMediaFiles({ kind, q: name, limit: DOCUMENTS_LIMIT, sort: 'recent' }).pipe(map((page) => page.items));
    return forkJoin([list('document'), list('text')]).pipe(
      map(([documents, texts]) =>
        [...documents, ...texts].filter((file) => INDEXABLE_TYPES.includes(file.mimeType)).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.name.localeCompare(b.name)),
      ),
    );
  }

  // --- Live progress ---

  private onProgress(event: JobProgressEventDto): void {
    if (event.name !== INDEX_JOB) return;
    const collection = this.collection();
    const file = collection?.files.find((shown) => shown.jobId === event.id);
    if (file) {
      if (event.status === 'queued' && file.status === 'pending') this.putFile({ ...file, progress: event.progress, step: event.step ?? file.step });
      else if (event.status === 'running') {
        // Progress only grows: an event that arrives late is not shown over a newer one.
        if (file.status !== 'indexing' || event.progress >= file.progress) this.putFile({ ...file, status: 'indexing', progress: event.progress, step: event.step ?? file.step });
      }
    }
    if (!isFinalJob(event.status)) return;
    // The event does not carry the passages counted: ask for the collection (or the list) again.
    if (collection && (file || collection.files.some(isLive))) this.refresh();
    if (!collection && this.collections().some((shown) => shown.indexingFileCount > 0)) this.load();
  }

  private poll(): void {
    this.ticks++;
    const connected = this.realtime.connected();
    if (!connected || this.ticks % POLL_EVERY_WITH_SOCKET === 0) {
      if (this.indexing()) this.refresh();
      else if (!this.collection() && this.state() === 'ready' && this.collections().some((shown) => shown.indexingFileCount > 0)) this.load();
    }
  }

  private fetchCollection(id: string): void {
    const request = ++this.detailRequest;
    this.api.getKnowledgeCollection({ id }).subscribe({
      next: (collection) => {
        if (request !== this.detailRequest) return;
        this.collection.set(collection);
        this.put(collection);
        this.collectionState.set('ready');
      },
      error: () => {
        if (request === this.detailRequest && this.collectionState() === 'loading') this.collectionState.set('failed');
      },
    });
  }

  /** The collection's new state, in the list and on its page. */
  private put(detail: KnowledgeCollectionDetailDto): void {
    this.collections.update((list) => list.map((shown) => (shown.id === detail.id ? summaryOf(detail) : shown)));
    if (this.collection()?.id === detail.id) this.collection.set(detail);
  }

  private putFile(file: KnowledgeFileDto): void {
    this.patchCollection((collection) => (collection.id === file.collectionId ? { ...collection, files: collection.files.map((shown) => (shown.id === file.id ? file : shown)) } : collection));
  }

  private patchCollection(change: (collection: KnowledgeCollectionDetailDto) => KnowledgeCollectionDetailDto): void {
    const collection = this.collection();
    if (collection) this.collection.set(change(collection));
  }

  private requireOpen(): string {
    const id = this.collection()?.id;
    if (!id) throw new Error('No collection is open');
    return id;
  }
}
