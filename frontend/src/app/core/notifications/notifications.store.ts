import { DestroyRef, Injectable, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { CollaborationNotificationDto } from '../../api/models';
import { CollaborationService } from '../../api/services';
import { RealtimeService } from '../realtime/realtime.service';

export const NOTIFICATION_PAGE = 20;

/**
 * Collaboration's notifications (unread messages, mentions, shares): the sidebar's badge and the
 * Collaboration page's list. The count and the newest ones come from the API whenever the socket
 * (re)connects; afterwards the server pushes each new notification and each change of the count
 * (marked read here or on another device).
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
    this.realtime
      .on('collaboration.notification')
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(({ notification, unread }) => {
        this.unread.set(unread);
        this.items.update((list) => [notification, ...list.filter((n) => n.id !== notification.id)]);
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
