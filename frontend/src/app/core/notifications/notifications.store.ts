import { DestroyRef, Injectable, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { CollaborationMessageDto, CollaborationNotificationDto } from '../../api/models';
import { CollaborationService } from '../../api/services';
import { SessionStore } from '../auth/session.store';
import { RealtimeService } from '../realtime/realtime.service';

export const NOTIFICATION_PAGE = 20;

/** The id of a notification known from its message's live packet (the server's row id comes with the next load). */
const LIVE_PREFIX = 'message:';
const EXCERPT = 200;

/** A new message from someone else, as the notification the server stored for it. */
function notificationOf(message: CollaborationMessageDto): CollaborationNotificationDto {
  return {
    id: `${LIVE_PREFIX}${message.id}`,
    kind: 'message',
    actorId: message.senderId,
    actorName: message.senderName,
    messageId: message.id,
    channelId: message.channelId,
    projectId: message.projectId,
    conversationId: null,
    excerpt: (message.text ?? '').slice(0, EXCERPT),
    readAt: null,
    createdAt: message.createdAt,
  };
}

/**
 * Collaboration's notifications (unread messages, mentions, shares): the sidebar's badge and the
 * Collaboration page's list. The count and the newest ones come from the API whenever the socket
 * (re)connects; afterwards the server pushes each new mention or share and each change of the count
 * (marked read here or on another device). A plain message is not pushed as a notification: its
 * live `collaboration.message` packet is one (one more unread), which spares the server a second
 * write per device for every message.
 */
@Injectable({ providedIn: 'root' })
export class NotificationsStore {
  private readonly api = inject(CollaborationService);
  private readonly realtime = inject(RealtimeService);

  readonly unread = signal(0);
  readonly items = signal<CollaborationNotificationDto[]>([]);
  readonly hasMore = signal(false);
  private page = 1;

  constructor() {
    const destroyRef = inject(DestroyRef);
    const session = inject(SessionStore);
    this.realtime
      .on('collaboration.message')
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe((message) => {
        if (message.senderId === session.user()?.id || this.items().some((n) => n.messageId === message.id)) return;
        this.unread.update((count) => count + 1);
        this.items.update((list) => [notificationOf(message), ...list]);
      });
    this.realtime
      .on('collaboration.notification')
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(({ notification, unread }) => {
        this.unread.set(unread);
        // A mention replaces the message's own notification (one per message, as stored).
        this.items.update((list) => [notification, ...list.filter((n) => n.id !== notification.id && !(notification.messageId && n.messageId === notification.messageId))]);
      });
    this.realtime
      .on('collaboration.notifications_read')
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(({ unread }) => {
        this.unread.set(unread);
        // Read elsewhere (another device, or the conversation opened): the list says so when next loaded.
        if (unread === 0) this.items.update((list) => list.map((n) => (n.readAt ? n : { ...n, readAt: new Date().toISOString() })));
      });
    effect(() => {
      if (this.realtime.connected()) untracked(() => this.load());
    });
  }

  /** The first page again, with the count. */
  load(): void {
    this.page = 1;
    this.api.listNotifications({ page: 1, limit: NOTIFICATION_PAGE }).subscribe({
      next: (page) => {
        this.items.set(page.items);
        this.unread.set(page.unread);
        this.hasMore.set(page.page * page.limit < page.total);
      },
      error: () => undefined,
    });
  }

  loadMore(): void {
    const next = this.page + 1;
    this.api.listNotifications({ page: next, limit: NOTIFICATION_PAGE }).subscribe({
      next: (page) => {
        this.page = next;
        const seen = new Set(this.items().map((n) => n.id));
        this.items.update((list) => [...list, ...page.items.filter((n) => !seen.has(n.id))]);
        this.unread.set(page.unread);
        this.hasMore.set(page.page * page.limit < page.total);
      },
      error: () => undefined,
    });
  }

  markRead(notification: CollaborationNotificationDto): void {
    if (notification.readAt) return;
    if (notification.id.startsWith(LIVE_PREFIX)) {
      // Known from the live message only: reading the conversation up to it reads its notification (the count follows by `notifications_read`).
      this.api.markCollaborationRead({ id: notification.messageId! }).subscribe({
        next: () => this.items.update((list) => list.map((n) => (n.id === notification.id ? { ...n, readAt: new Date().toISOString() } : n))),
        error: () => undefined,
      });
      return;
    }
    this.api.markNotificationRead({ id: notification.id }).subscribe({
      next: ({ unread }) => {
        this.unread.set(unread);
        this.items.update((list) => list.map((n) => (n.id === notification.id ? { ...n, readAt: new Date().toISOString() } : n)));
      },
      error: () => undefined,
    });
  }

  markAllRead(): void {
    this.api.markAllNotificationsRead().subscribe({
      next: ({ unread }) => {
        this.unread.set(unread);
        this.items.update((list) => list.map((n) => (n.readAt ? n : { ...n, readAt: new Date().toISOString() })));
      },
      error: () => undefined,
    });
  }
}
