import { RealtimeService } from '../../core/realtime/realtime.service';
import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subject, catchError, map, of, switchMap, tap } from 'rxjs';
import type { ExportConversation$Json$Params } from '../../api/fn/chat/export-conversation-json';
import type { ConversationDto, ConversationFolderDto } from '../../api/models';
import { ChatService } from '../../api/services';
import { SessionStore } from '../../core/auth/session.store';
import { filenameFromHeaders, saveBlob } from '../../core/http/download';

export const CONVERSATIONS_PAGE_SIZE = 30;
export type ExportFormat = ExportConversation$Json$Params['format'];
export const EXPORT_FORMATS: readonly ExportFormat[] = ['markdown', 'json', 'pdf'];
const EXTENSIONS: Record<ExportFormat, string> = { markdown: 'md', json: 'json', pdf: 'pdf' };

interface ListRequest {
  q: string;
  archived: boolean;
  folder: string | null;
  page: number;
}

/** What changed in the list that a page showing the conversation must follow. */
export interface ConversationChange {
  kind: 'renamed' | 'deleted';
  conversation: ConversationDto;
}

/**
 * The user's conversations, shared by the shell's sidebar and the chat page's drawer: search,
 * the archived view, a folder filter, paging; rename, pin, archive, move to a folder, delete and
 * export, over the generated client.
 */
@Injectable({ providedIn: 'root' })
export class ConversationsStore {
  private readonly api = inject(ChatService);
  private readonly requests = new Subject<ListRequest>();
  private readonly changed = new Subject<ConversationChange>();

  readonly items = signal<ConversationDto[]>([]);
  readonly total = signal(0);
  readonly query = signal('');
  /** The archived conversations instead of the others. */
  readonly archived = signal(false);
  /** Only this folder's conversations; null: every folder and none. */
  readonly folder = signal<string | null>(null);
  readonly folders = signal<ConversationFolderDto[]>([]);
  readonly loading = signal(false);
  readonly failed = signal(false);
  /** Renamed and deleted conversations, for the page that shows one. */
  readonly changes = this.changed.asObservable();
  private page = 1;

  constructor() {
    // Whoever signs in gets their own list, unfiltered; signed out, nothing of the last user stays.
    const session = inject(SessionStore);
    const userId = computed(() => session.user()?.id ?? null);
    let shownFor: string | null = null;
    effect(() => {
      const id = userId();
      if (id === shownFor) return;
      shownFor = id;
      untracked(() => (id ? this.reset() : this.clear()));
    });
    // A conversation shared with me appears in my list at once.
    inject(RealtimeService)
      .on('collaboration.conversation_shared')
      .subscribe(() => {
        if (shownFor) this.refresh();
      });
    // The latest request wins: typing fast never shows the results of an older search.
    this.requests
      .pipe(
        switchMap((request) =>
          this.api.listConversations({
            page: request.page,
            limit: CONVERSATIONS_PAGE_SIZE,
            archived: request.archived,
            ...(request.q ? { q: request.q } : {}),
            ...(request.folder ? { folder: request.folder } : {}),
          }).pipe(
            map((result) => ({ request, result })),
            catchError(() => of({ request, result: null })),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(({ request, result }) => {
        this.loading.set(false);
        if (!result) {
          this.failed.set(true);
          return;
        }
        this.failed.set(false);
        this.page = request.page;
        this.total.set(result.total);
        this.items.update((items) => (request.page === 1 ? result.items : [...items, ...result.items.filter((item) => !items.some((known) => known.id === item.id))]));
      });
  }

  /** Searches titles and messages (the page debounces typing); an empty query lists everything. */
  search(query: string): void {
    this.query.set(query.trim());
    this.load(1);
  }

  /** The first page again, for the current query (after a turn, a rename, a pin). */
  refresh(): void {
    this.load(1);
  }

  /** Everything from scratch: no search, no filter (a new session). */
  reset(): void {
    this.clear();
    this.refresh();
    this.loadFolders();
  }

  private clear(): void {
    this.query.set('');
    this.archived.set(false);
    this.folder.set(null);
    this.items.set([]);
    this.total.set(0);
    this.folders.set([]);
  }

  showArchived(archived: boolean): void {
    this.archived.set(archived);
    this.load(1);
  }

  filterFolder(folder: string | null): void {
    this.folder.set(folder);
    this.load(1);
  }

  loadFolders(): void {
    this.api.listConversationFolders().subscribe({ next: (folders) => this.folders.set(folders), error: () => undefined });
  }

  loadMore(): void {
    if (this.items().length < this.total()) this.load(this.page + 1);
  }

  rename(conversation: ConversationDto, title: string): Observable<ConversationDto> {
    return this.api.updateConversation({ id: conversation.id, body: { title } }).pipe(
      tap((updated) => {
        this.replace(updated);
        this.changed.next({ kind: 'renamed', conversation: updated });
      }),
    );
  }

  /** Archived conversations leave the everyday list (and come back to it when unarchived). */
  setArchived(conversation: ConversationDto, archived: boolean): Observable<ConversationDto> {
    return this.api.updateConversation({ id: conversation.id, body: { archived } }).pipe(tap(() => this.afterMove()));
  }

  /** Files the conversation in a folder (named anew or existing); null takes it out of its folder. */
  moveToFolder(conversation: ConversationDto, folder: string | null): Observable<ConversationDto> {
    return this.api.updateConversation({ id: conversation.id, body: { folder } }).pipe(tap(() => this.afterMove()));
  }

  setPinned(conversation: ConversationDto, pinned: boolean): Observable<ConversationDto> {
    // Pinned conversations come first: the order changes, so the list is fetched again.
    return this.api.updateConversation({ id: conversation.id, body: { pinned } }).pipe(
      tap((updated) => {
        this.replace(updated);
        this.refresh();
      }),
    );
  }

  remove(conversation: ConversationDto): Observable<void> {
    return this.api.deleteConversation({ id: conversation.id }).pipe(
      tap(() => {
        this.items.update((items) => items.filter((item) => item.id !== conversation.id));
        this.total.update((total) => Math.max(0, total - 1));
        if (conversation.folder) this.loadFolders();
        this.changed.next({ kind: 'deleted', conversation });
      }),
    );
  }

  /** Downloads the conversation in one format, named as the server says (or after its title). */
  export(conversation: ConversationDto, format: ExportFormat): Observable<void> {
    const params = { id: conversation.id, format };
    const download = format === 'pdf' ? this.api.exportConversation$Pdf$Response(params) : format === 'json' ? this.api.exportConversation$Json$Response(params) : this.api.exportConversation$Markdown$Response(params);
    return download.pipe(
      map((response) => {
        const fallback = `${conversation.title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'conversation'}.${EXTENSIONS[format]}`;
        saveBlob(response.body, filenameFromHeaders(response.headers) ?? fallback);
      }),
    );
  }

  private load(page: number): void {
    this.loading.set(true);
    this.requests.next({ q: this.query(), archived: this.archived(), folder: this.folder(), page });
  }

  /** A conversation left the view or changed folder: the list and the folders' counts again. */
  private afterMove(): void {
    this.refresh();
    this.loadFolders();
  }

  private replace(updated: ConversationDto): void {
    this.items.update((items) => items.map((item) => (item.id === updated.id ? updated : item)));
  }
}
