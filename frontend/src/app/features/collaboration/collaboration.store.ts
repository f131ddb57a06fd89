import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { HttpErrorResponse } from '@angular/common/http';
import { Observable, from, map, mergeMap, of, tap, throwError } from 'rxjs';
import type { CollaborationMessageDto, CollaboratorDto, SendMessageDto, DirectConversationDto, PresenceDto, ProjectDto, ProjectSummaryDto } from '../../api/models';
import { CollaborationService, MediaService } from '../../api/services';
import type { MediaFileDto } from '../../api/models';
import { SessionStore } from '../../core/auth/session.store';
import { RealtimeService } from '../../core/realtime/realtime.service';

export type ProjectRole = ProjectDto['role'];
export type PresenceStatus = PresenceDto['status'];
export const PROJECT_ROLES: readonly ProjectRole[] = ['owner', 'editor', 'viewer'];
export const MESSAGE_PAGE = 30;

/** The conversation on screen: a project's channel, or a direct conversation with one user. */
export type Selection = { kind: 'channel'; projectId: string; channelId: string } | { kind: 'direct'; user: CollaboratorDto };

/** How long a "typing" notice stays without a new one. */
const TYPING_MS = 4000;

/**
 * The Collaboration page's state over the generated client and the socket: projects and direct
 * conversations with their unread counts, the open conversation's messages (oldest first on screen),
 * its thread, who is typing. Live events update it; after a reconnection it asks for what it missed
 * (`after=` its newest message) and merges by id, so nothing shows twice.
 */
@Injectable()
export class CollaborationStore {
  private readonly api = inject(CollaborationService);
  private readonly media = inject(MediaService);
  private readonly realtime = inject(RealtimeService);
  private readonly session = inject(SessionStore);

  readonly projects = signal<ProjectSummaryDto[]>([]);
  readonly directs = signal<DirectConversationDto[]>([]);
  readonly selection = signal<Selection | null>(null);
  readonly project = signal<ProjectDto | null>(null);
  readonly messages = signal<CollaborationMessageDto[]>([]);
  readonly hasOlder = signal(false);
  readonly state = signal<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  readonly thread = signal<{ parent: CollaborationMessageDto; replies: CollaborationMessageDto[] } | null>(null);
  readonly typing = signal<{ userId: string; name: string; until: number }[]>([]);
  /** The latest mention of me, for the page to announce. */
  readonly mention = signal<{ fromName: string; excerpt: string } | null>(null);
  /** Online, away or offline, by user id (me and the people I collaborate with); live. */
  readonly presence = signal<Record<string, PresenceStatus>>({});

  readonly me = computed(() => this.session.user()?.id ?? null);
  readonly canPost = computed(() => this.selection()?.kind === 'direct' || (this.project() !== null && this.project()!.role !== 'viewer'));
  readonly isOwner = computed(() => this.project()?.role === 'owner');
  readonly unreadTotal = computed(() => this.projects().reduce((sum, p) => sum + p.unread, 0) + this.directs().reduce((sum, d) => sum + d.unread, 0));

  private wasConnected = false;
  private request = 0;

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.realtime.on('collaboration.message').pipe(takeUntilDestroyed(destroyRef)).subscribe((message) => this.received(message));
    this.realtime.on('collaboration.message_changed').pipe(takeUntilDestroyed(destroyRef)).subscribe((message) => this.replace(message));
    this.realtime.on('collaboration.membership').pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => {
      this.loadLists();
      const selection = this.selection();
      if (selection?.kind === 'channel' && selection.projectId === event.projectId) {
        if (event.role === null) this.close();
        else this.loadProject(event.projectId);
      }
    });
    this.realtime.on('collaboration.typing').pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => {
      const selection = this.selection();
      const here = selection?.kind === 'channel' ? event.channelId === selection.channelId : selection?.kind === 'direct' && event.channelId === null && event.userId === selection.user.id;
      if (!here) return;
      const until = Date.now() + TYPING_MS;
      this.typing.update((list) => [...list.filter((t) => t.userId !== event.userId && t.until > Date.now()), { userId: event.userId, name: event.name, until }]);
      setTimeout(() => this.typing.update((list) => list.filter((t) => t.until > Date.now())), TYPING_MS + 50);
    });
    this.realtime.on('collaboration.mention').pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => this.mention.set({ fromName: event.fromName, excerpt: event.excerpt }));
    this.realtime.on('collaboration.presence').pipe(takeUntilDestroyed(destroyRef)).subscribe((event) => this.presence.update((all) => ({ ...all, [event.userId]: event.status })));
    // A reconnection: catch up on the open conversation from its newest message.
    effect(() => {
      const connected = this.realtime.connected();
      untracked(() => {
        if (connected && this.wasConnected === false && this.selection()) this.catchUp();
        if (connected) {
          this.loadLists();
          this.loadPresence();
        }
      });
      this.wasConnected = connected;
    });
  }

  loadLists(): void {
    this.api.listProjects().subscribe({ next: (projects) => this.projects.set(projects), error: () => undefined });
    this.api.listDirectConversations().subscribe({ next: (directs) => this.directs.set(directs), error: () => undefined });
  }

  loadPresence(): void {
    this.api.listPresence().subscribe({ next: (list) => this.presence.set(Object.fromEntries(list.map((p) => [p.userId, p.status]))), error: () => undefined });
  }

  presenceOf(userId: string): PresenceStatus {
    return this.presence()[userId] ?? 'offline';
  }

  select(selection: Selection): void {
    this.selection.set(selection);
    this.thread.set(null);
    this.typing.set([]);
    this.messages.set([]);
    this.project.set(null);
    if (selection.kind === 'channel') this.loadProject(selection.projectId);
    this.loadMessages();
  }

  close(): void {
    this.selection.set(null);
    this.project.set(null);
    this.messages.set([]);
    this.thread.set(null);
  }

  /** A project with its members (whose presence is then asked again: a new member's is not known yet). */
  loadProject(id: string): void {
    this.api.getProject({ id }).subscribe({ next: (project) => this.project.set(project), error: () => undefined });
    this.loadPresence();
  }

  private page(cursor: { before?: string; after?: string }) {
    const selection = this.selection()!;
    return selection.kind === 'channel'
      ? this.api.listChannelMessages({ id: selection.channelId, limit: MESSAGE_PAGE, ...cursor })
      : this.api.listDirectMessages({ userId: selection.user.id, limit: MESSAGE_PAGE, ...cursor });
  }

  loadMessages(): void {
    const request = ++this.request;
    this.state.set('loading');
    this.page({}).subscribe({
      next: (page) => {
        if (request !== this.request) return;
        this.messages.set([...page.items].reverse());
        this.hasOlder.set(page.hasMore);
        this.state.set('ready');
        this.markRead();
      },
      error: () => request === this.request && this.state.set('failed'),
    });
  }

  loadOlder(): void {
    const oldest = this.messages()[0];
    if (!oldest) return;
    const request = this.request;
    this.page({ before: oldest.id }).subscribe((page) => {
      if (request !== this.request) return;
      this.merge([...page.items].reverse());
      this.hasOlder.set(page.hasMore);
    });
  }

  /** What arrived while the socket was down, after the newest message on screen. */
  catchUp(): void {
    const newest = this.messages().at(-1);
    if (!newest) return this.loadMessages();
    const request = this.request;
    this.page({ after: newest.id }).subscribe((page) => {
      if (request !== this.request) return;
      this.merge(page.items);
      if (page.hasMore) this.catchUp();
      else this.markRead();
    });
  }

  /**
   * Sends over the socket (`collaboration.send`), or over HTTP when the socket is down. An error
   * acknowledgement fails like the HTTP answer would (same code, message and values); no
   * acknowledgement at all fails without sending again over HTTP (the server may have stored it).
   */
  send(text: string, attachmentIds: string[] = []): Observable<CollaborationMessageDto> {
    const selection = this.selection()!;
    const thread = this.thread();
    const target = selection.kind === 'channel' ? { channelId: selection.channelId } : { recipientId: selection.user.id };
    const body: SendMessageDto = { ...target, text, ...(attachmentIds.length ? { attachmentIds } : {}), ...(thread ? { replyToId: thread.parent.id } : {}) };
    return from(this.realtime.request('collaboration.send', body)).pipe(
      mergeMap((result) => {
        if (!result.sent) return this.api.sendCollaborationMessage({ body });
        const ack = result.ack as { message?: unknown; error?: unknown } | null;
        if (ack?.message && typeof ack.message === 'object') return of(ack.message as CollaborationMessageDto);
        // `{ error, message, details?, params? }`: the HTTP answer's body with the code under another name.
        const problem = ack && typeof ack.error === 'string' ? { ...ack, code: ack.error } : null;
        return throwError(() => new HttpErrorResponse({ status: problem ? 400 : 0, error: problem }));
      }),
      tap((message) => this.received(message)),
    );
  }

  edit(message: CollaborationMessageDto, text: string): Observable<CollaborationMessageDto> {
    return this.api.editCollaborationMessage({ id: message.id, body: { text } }).pipe(tap((changed) => this.replace(changed)));
  }

  remove(message: CollaborationMessageDto): Observable<void> {
    return this.api.deleteCollaborationMessage({ id: message.id }).pipe(tap(() => this.replace({ ...message, text: null, deletedAt: new Date().toISOString() })));
  }

  openThread(parent: CollaborationMessageDto): void {
    this.thread.set({ parent, replies: [] });
    this.api.listMessageReplies({ id: parent.id }).subscribe((replies) => {
      if (this.thread()?.parent.id === parent.id) this.thread.set({ parent, replies });
    });
  }

  closeThread(): void {
    this.thread.set(null);
  }

  notifyTyping(): void {
    const selection = this.selection();
    if (!selection || !this.canPost()) return;
    void this.realtime.send('collaboration.typing', selection.kind === 'channel' ? { channelId: selection.channelId } : { recipientId: selection.user.id });
  }

  createProject(name: string): Observable<ProjectDto> {
    return this.api.createProject({ body: { name } }).pipe(tap(() => this.loadLists()));
  }

  renameProject(name: string): Observable<ProjectDto> {
    return this.api.renameProject({ id: this.project()!.id, body: { name } }).pipe(tap((project) => this.afterProjectChange(project)));
  }

  deleteProject(): Observable<void> {
    return this.api.deleteProject({ id: this.project()!.id }).pipe(tap(() => (this.close(), this.loadLists())));
  }

  addMember(email: string, role: ProjectRole): Observable<ProjectDto> {
    return this.api.addProjectMember({ id: this.project()!.id, body: { email, role } }).pipe(tap((project) => this.afterProjectChange(project)));
  }

  changeRole(userId: string, role: ProjectRole): Observable<ProjectDto> {
    return this.api.changeProjectMemberRole({ id: this.project()!.id, userId, body: { role } }).pipe(tap((project) => this.afterProjectChange(project)));
  }

  removeMember(userId: string): Observable<void> {
    const id = this.project()!.id;
    return this.api.removeProjectMember({ id, userId }).pipe(
      tap(() => {
        if (userId === this.me()) {
          this.close();
          this.loadLists();
        } else this.loadProject(id);
      }),
    );
  }

  /** My newest library files, to attach to a message. */
  libraryFiles(): Observable<MediaFileDto[]> {
    return this.media.listMediaFiles({ limit: 60, sort: 'recent' }).pipe(map((page) => page.items));
  }

  lookup(email: string): Observable<CollaboratorDto> {
    return this.api.lookupCollaborator({ email });
  }

  contacts(): Observable<CollaboratorDto[]> {
    return this.api.listCollaborators();
  }

  private afterProjectChange(project: ProjectDto): void {
    this.project.set(project);
    this.loadLists();
    this.loadPresence();
  }

  private inSelection(message: CollaborationMessageDto): boolean {
    const selection = this.selection();
    if (!selection) return false;
    if (selection.kind === 'channel') return message.channelId === selection.channelId;
    const me = this.me();
    return message.channelId === null && ((message.senderId === me && message.recipientId === selection.user.id) || (message.senderId === selection.user.id && message.recipientId === me));
  }

  private received(message: CollaborationMessageDto): void {
    if (!this.inSelection(message)) {
      this.loadLists();
      return;
    }
    if (message.replyToId) {
      const thread = this.thread();
      if (thread?.parent.id === message.replyToId && !thread.replies.some((r) => r.id === message.id)) this.thread.set({ ...thread, replies: [...thread.replies, message] });
      this.messages.update((list) => list.map((m) => (m.id === message.replyToId && !this.counted.has(message.id) ? (this.counted.add(message.id), { ...m, replyCount: m.replyCount + 1 }) : m)));
    } else this.merge([message]);
    this.typing.update((list) => list.filter((t) => t.userId !== message.senderId));
    if (message.senderId !== this.me()) this.markRead(message.id);
  }

  /** Replies already counted in their parent's `replyCount` (the sender hears its own reply twice: the answer and the socket). */
  private readonly counted = new Set<string>();

  private replace(message: CollaborationMessageDto): void {
    const swap = (list: CollaborationMessageDto[]) => list.map((m) => (m.id === message.id ? { ...message, replyCount: m.replyCount } : m));
    this.messages.update(swap);
    const thread = this.thread();
    if (thread) this.thread.set({ parent: thread.parent.id === message.id ? { ...message, replyCount: thread.parent.replyCount } : thread.parent, replies: swap(thread.replies) });
  }

  /** Adds messages by id (a message seen twice, from the socket and from a page, shows once), in order. */
  private merge(incoming: CollaborationMessageDto[]): void {
    this.messages.update((list) => {
      const byId = new Map(list.map((m) => [m.id, m]));
      for (const message of incoming) byId.set(message.id, { ...message, replyCount: Math.max(message.replyCount, byId.get(message.id)?.replyCount ?? 0) });
      return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    });
  }

  private markRead(id = this.lastId()): void {
    if (!id) return;
    this.api.markCollaborationRead({ id }).subscribe({ next: () => this.loadLists(), error: () => undefined });
  }

  /** The conversation's newest message, thread replies included (what the lists say to mark read). */
  private lastId(): string | null {
    const selection = this.selection();
    const summary = selection?.kind === 'channel' ? this.projects().find((p) => p.channelId === selection.channelId) : this.directs().find((d) => selection?.kind === 'direct' && d.user.id === selection.user.id);
    return summary?.lastMessageId ?? this.messages().at(-1)?.id ?? null;
  }
}
