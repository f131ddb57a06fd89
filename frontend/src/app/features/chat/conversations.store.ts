import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subject, catchError, map, of, switchMap, tap } from 'rxjs';
import type { ExportConversation$Json$Params } from '../../api/fn/chat/export-conversation-json';
import type { ConversationDto } from '../../api/models';
import { ChatService } from '../../api/services';
import { filenameFromHeaders, saveBlob } from '../../core/http/download';

export const CONVERSATIONS_PAGE_SIZE = 30;
export type ExportFormat = ExportConversation$Json$Params['format'];
export const EXPORT_FORMATS: readonly ExportFormat[] = ['markdown', 'json', 'pdf'];
const EXTENSIONS: Record<ExportFormat, string> = { markdown: 'md', json: 'json', pdf: 'pdf' };

interface ListRequest {
  q: string;
  page: number;
}

/** The conversation list of the chat page: search, paging, rename, pin, delete and export, over the generated client. */
@Injectable()
export class ConversationsStore {
  private readonly api = inject(ChatService);
  private readonly requests = new Subject<ListRequest>();

  readonly items = signal<ConversationDto[]>([]);
  readonly total = signal(0);
  readonly query = signal('');
  readonly loading = signal(false);
  readonly failed = signal(false);
  private page = 1;

  constructor() {
    // The latest request wins: typing fast never shows the results of an older search.
    this.requests
      .pipe(
        switchMap((request) =>
          this.api.listConversations({ page: request.page, limit: CONVERSATIONS_PAGE_SIZE, ...(request.q ? { q: request.q } : {}) }).pipe(
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

  loadMore(): void {
    if (this.items().length < this.total()) this.load(this.page + 1);
  }

  rename(conversation: ConversationDto, title: string): Observable<ConversationDto> {
    return this.api.updateConversation({ id: conversation.id, body: { title } }).pipe(tap((updated) => this.replace(updated)));
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
    this.requests.next({ q: this.query(), page });
  }

  private replace(updated: ConversationDto): void {
    this.items.update((items) => items.map((item) => (item.id === updated.id ? updated : item)));
  }
}
