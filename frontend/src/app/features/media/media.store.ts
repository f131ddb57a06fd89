import { Injectable, OnDestroy, computed, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import type { ListMediaFiles$Params } from '../../api/fn/media/list-media-files';
import type { MediaFileDto, MediaFolderDto, MediaUsageDto, SharedMediaFolderDto } from '../../api/models';
import { MediaService } from '../../api/services';
import { buildFolderTree, descendantIds, folderPath } from './media-folders';
import type { MediaKind, MediaSource } from '../../shared/media/media-format';

export type MediaSort = NonNullable<ListMediaFiles$Params['sort']>;

/** The folder filter: every file, the files at the top of the library, or a folder's id. */
export const ALL_FILES = 'all';
export const TOP_LEVEL = 'root';

export interface MediaFilters {
  folder: string;
  q: string;
  kind: MediaKind | null;
  source: MediaSource | null;
  sort: MediaSort;
}

export const DEFAULT_MEDIA_FILTERS: MediaFilters = { folder: ALL_FILES, q: '', kind: null, source: null, sort: 'recent' };
export const MEDIA_PAGE_SIZE = 48;
/** Thumbnails are made after the upload: while some are, the list is asked again this often… */
export const PREVIEW_POLL_MS = 2000;
/** …for at most this long. */
export const PREVIEW_POLL_LIMIT_MS = 30_000;
const MAX_LIMIT = 100;

/** The media library's state over the generated client: the folders, a page of files, the storage used. */
@Injectable()
export class MediaStore implements OnDestroy {
  private readonly api = inject(MediaService);

  /** One file by id, wherever it is in the library (for links such as /media?file=<id>). */
  fetchFile(id: string): Observable<MediaFileDto> {
    return this.api.getMediaFile({ id });
  }

  readonly filters = signal<MediaFilters>(DEFAULT_MEDIA_FILTERS);
  readonly files = signal<MediaFileDto[]>([]);
  readonly total = signal(0);
  readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  readonly loadingMore = signal(false);
  readonly folders = signal<MediaFolderDto[]>([]);
  readonly foldersFailed = signal(false);
  readonly usage = signal<MediaUsageDto | null>(null);
  /** Folders other people shared with projects of mine, and every folder below them (read-only). */
  readonly sharedFolders = signal<SharedMediaFolderDto[]>([]);

  readonly tree = computed(() => buildFolderTree(this.folders()));
  /** A shared folder's parent is not in the list: each shared folder is a top of this tree. */
  readonly sharedTree = computed(() => buildFolderTree(this.sharedFolders()));
  /** The selected folder when it is someone else's, shared with me: browsable, not changeable. */
  readonly currentShared = computed(() => this.sharedFolders().find((folder) => folder.id === this.filters().folder) ?? null);
  readonly readOnly = computed(() => this.currentShared() !== null);
  readonly hasMore = computed(() => this.files().length < this.total());
  /** The selected folder, when the filter is one. */
  readonly currentFolder = computed(() => this.folders().find((folder) => folder.id === this.filters().folder) ?? null);
  readonly currentPath = computed(() => {
    const id = this.filters().folder;
    if (this.currentFolder()) return folderPath(this.folders(), id);
    return this.currentShared() ? folderPath(this.sharedFolders(), id) : [];
  });
  /** Where uploads go: the selected folder, else the top of the library. */
  readonly uploadFolderId = computed(() => this.currentFolder()?.id ?? null);
  readonly filtered = computed(() => {
    const filters = this.filters();
    return Boolean(filters.q.trim() || filters.kind || filters.source);
  });

  private request = 0;
  private page = 1;
  /** Which folder lists have loaded: the selected folder is judged once both have (it may be either kind). */
  private readonly foldersKnown = new Set<'mine' | 'shared'>();
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private pollDeadline = 0;

  setFilters(changes: Partial<MediaFilters>): void {
    this.filters.update((filters) => ({ ...filters, ...changes }));
    this.load();
  }

  /** The first page for the current filters. */
  load(): void {
    const request = ++this.request;
    this.page = 1;
    this.state.set('loading');
    this.loadingMore.set(false);
    this.api.listMediaFiles(this.params(1, MEDIA_PAGE_SIZE)).subscribe({
      next: (page) => {
        if (request !== this.request) return;
        this.files.set(page.items);
        this.total.set(page.total);
        this.state.set('ready');
        this.watchPreviews(true);
      },
      error: () => {
        if (request !== this.request) return;
        this.state.set('failed');
        // Unshared, or I left the project: the folder is a 404 now; the refreshed list drops it and shows my files.
        if (this.currentShared()) this.loadShared();
      },
    });
  }

  loadMore(): void {
    if (this.loadingMore() || !this.hasMore()) return;
    const request = this.request;
    this.loadingMore.set(true);
    this.api.listMediaFiles(this.params(this.page + 1, MEDIA_PAGE_SIZE)).subscribe({
      next: (page) => {
        if (request !== this.request) return;
        this.page++;
        const known = new Set(this.files().map((file) => file.id));
        this.files.update((files) => [...files, ...page.items.filter((file) => !known.has(file.id))]);
        this.total.set(page.total);
        this.loadingMore.set(false);
        this.watchPreviews(true);
      },
      error: () => {
        if (request === this.request) this.loadingMore.set(false);
      },
    });
  }

  loadFolders(): void {
    this.api.listMediaFolders().subscribe({
      next: (folders) => {
        this.folders.set(folders);
        this.foldersFailed.set(false);
        this.foldersKnown.add('mine');
        this.dropUnknownFolder();
      },
      error: () => this.foldersFailed.set(true),
    });
  }

  /**
   * The selected folder is neither mine nor shared with me any more (deleted elsewhere, unshared, or
   * a link to one I cannot read): show everything.
   */
  private dropUnknownFolder(): void {
    const selected = this.filters().folder;
    if (selected === ALL_FILES || selected === TOP_LEVEL || this.foldersKnown.size < 2) return;
    if (!this.folders().some((folder) => folder.id === selected) && !this.sharedFolders().some((folder) => folder.id === selected)) this.setFilters({ folder: ALL_FILES });
  }

  loadShared(): void {
    this.api.listSharedMediaFolders().subscribe({
      next: (shared) => {
        this.sharedFolders.set(shared);
        this.foldersKnown.add('shared');
        this.dropUnknownFolder();
      },
      // The section only adds to the page: without it my own library still works.
      error: () => {
        this.sharedFolders.set([]);
        this.foldersKnown.add('shared');
        this.dropUnknownFolder();
      },
    });
  }

  loadUsage(): void {
    this.api.getMediaUsage().subscribe({ next: (usage) => this.usage.set(usage), error: () => undefined });
  }

  /** After uploads: the new files, the folders' counts and the storage used. */
  refreshAll(): void {
    this.load();
    this.loadFolders();
    this.loadUsage();
  }

  renameFile(file: MediaFileDto, name: string): Observable<MediaFileDto> {
    return this.api.updateMediaFile({ id: file.id, body: { name } }).pipe(tap((updated) => this.replaceLocally(updated)));
  }

  moveFile(file: MediaFileDto, folderId: string | null): Observable<MediaFileDto> {
    return this.api.updateMediaFile({ id: file.id, body: { folderId } }).pipe(
      tap((updated) => {
        const folder = this.filters().folder;
        const stillShown = folder === ALL_FILES || (folder === TOP_LEVEL ? updated.folderId === null : updated.folderId === folder);
        if (stillShown) this.replaceLocally(updated);
        else this.removeLocally(updated.id);
        this.loadFolders();
      }),
    );
  }

  deleteFile(file: MediaFileDto): Observable<void> {
    return this.api.deleteMediaFile({ id: file.id }).pipe(
      tap(() => {
        this.removeLocally(file.id);
        this.loadUsage();
        if (file.folderId) this.loadFolders();
      }),
    );
  }

  createFolder(name: string, parentId: string | null): Observable<MediaFolderDto> {
    return this.api.createMediaFolder({ body: { name, parentId } }).pipe(tap((folder) => this.folders.update((folders) => [...folders, folder])));
  }

  renameFolder(folder: MediaFolderDto, name: string): Observable<MediaFolderDto> {
    return this.api.updateMediaFolder({ id: folder.id, body: { name } }).pipe(tap((updated) => this.replaceFolder(updated)));
  }

  moveFolder(folder: MediaFolderDto, parentId: string | null): Observable<MediaFolderDto> {
    return this.api.updateMediaFolder({ id: folder.id, body: { parentId } }).pipe(tap((updated) => this.replaceFolder(updated)));
  }

  /** Without `recursive` the API refuses (409 FOLDER_NOT_EMPTY) a folder that holds anything. */
  deleteFolder(folder: MediaFolderDto, recursive: boolean): Observable<void> {
    const removed = descendantIds(this.folders(), folder.id);
    return this.api.deleteMediaFolder({ id: folder.id, recursive: recursive || undefined }).pipe(
      tap(() => {
        this.folders.update((folders) => folders.filter((entry) => !removed.has(entry.id)));
        if (removed.has(this.filters().folder)) this.setFilters({ folder: ALL_FILES });
        else if (recursive) this.load();
        if (recursive) this.loadUsage();
        this.loadFolders();
      }),
    );
  }

  ngOnDestroy(): void {
    clearTimeout(this.pollTimer);
    this.request++;
  }

  private params(page: number, limit: number): ListMediaFiles$Params {
    const filters = this.filters();
    const params: ListMediaFiles$Params = { page, limit, sort: filters.sort };
    if (filters.folder !== ALL_FILES) params.folderId = filters.folder;
    if (filters.q.trim()) params.q = filters.q.trim();
    if (filters.kind) params.kind = filters.kind;
    if (filters.source) params.source = filters.source;
    return params;
  }

  /**
   * While a shown file's thumbnail is being made, asks for the loaded files again every
   * PREVIEW_POLL_MS, for at most PREVIEW_POLL_LIMIT_MS after the list was (re)loaded.
   */
  private watchPreviews(restart: boolean): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    if (restart) this.pollDeadline = Date.now() + PREVIEW_POLL_LIMIT_MS;
    if (!this.files().some((file) => file.previewStatus === 'pending') || Date.now() >= this.pollDeadline) return;
    this.pollTimer = setTimeout(() => this.refreshPending(), PREVIEW_POLL_MS);
  }

  private refreshPending(): void {
    const request = this.request;
    const limit = Math.min(MAX_LIMIT, Math.max(this.files().length, 1));
    this.api.listMediaFiles(this.params(1, limit)).subscribe({
      next: (page) => {
        if (request !== this.request) return;
        const fresh = new Map(page.items.map((file) => [file.id, file]));
        // Only the pending ones: every answer signs new links, and swapping the others' would reload their pictures.
        this.files.update((files) => files.map((file) => (file.previewStatus === 'pending' ? (fresh.get(file.id) ?? file) : file)));
        this.watchPreviews(false);
      },
      error: () => {
        if (request === this.request) this.watchPreviews(false);
      },
    });
  }

  private replaceLocally(updated: MediaFileDto): void {
    this.files.update((files) => files.map((file) => (file.id === updated.id ? updated : file)));
  }

  private removeLocally(id: string): void {
    const before = this.files().length;
    this.files.update((files) => files.filter((file) => file.id !== id));
    if (this.files().length < before) this.total.update((total) => Math.max(0, total - 1));
  }

  private replaceFolder(updated: MediaFolderDto): void {
    this.folders.update((folders) => folders.map((folder) => (folder.id === updated.id ? updated : folder)));
  }
}
