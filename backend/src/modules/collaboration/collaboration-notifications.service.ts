import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { AuthUser } from '../../common/auth.decorators';
import { notFound } from '../../common/domain-error';
import { PageQueryDto, skipTake } from '../../common/pagination';
import { OnDomainEvent } from '../../events/event-bus';
import type { DomainEventMap } from '../../events/domain-events';
import { RealtimeGateway } from '../../realtime/realtime.gateway';
import { CollaborationAccess } from './collaboration-access.service';
import { CollabNotification, type NotificationKind } from './collaboration.entities';
import { CollaborationErrorCode as Code } from './collaboration.errors';
import type { CollaborationNotificationDto, CollaborationNotificationPageDto, NotificationsReadDto } from './dto/collaboration.dto';

const EXCERPT = 200;

/**
 * Notifications, fed from collaboration's domain events (a message sent, a mention, a conversation
 * shared): stored per recipient, listed newest first, marked read; each new mention or share, and
 * each change of the unread count, is pushed to the user's sockets (every device, every instance).
 * A plain message's notification is not pushed: the `collaboration.message` packet that delivered
 * the message to the same devices is it (the dashboard counts it as one more unread). Pushing it
 * too doubled a message's socket writes — for a channel of 1,000 sockets, 1,000 more writes that
 * held the event loop as long as the message's own (docs/performance.md, "Collaboration delivery").
 */
@Injectable()
export class CollaborationNotificationsService {
  constructor(
    @InjectRepository(CollabNotification) private readonly notifications: Repository<CollabNotification>,
    private readonly access: CollaborationAccess,
    private readonly realtime: RealtimeGateway,
  ) {}

  @OnDomainEvent('collaboration.message_sent')
  async onMessage(event: DomainEventMap['collaboration.message_sent']): Promise<void> {
    await this.record(event.recipientIds, 'message', event.messageId);
  }

  @OnDomainEvent('collaboration.mentioned')
  async onMention(event: DomainEventMap['collaboration.mentioned']): Promise<void> {
    await this.record([event.mentionedUserId], 'mention', event.messageId);
  }

  @OnDomainEvent('collaboration.resource_shared')
  async onResourceShare(event: DomainEventMap['collaboration.resource_shared']): Promise<void> {
    const saved = await this.notifications.save(
      this.notifications.create({ userId: event.userId, kind: 'project_share', actorId: event.sharedById, projectId: event.projectId, conversationId: null, excerpt: event.name.slice(0, EXCERPT) }),
    );
    await this.push([saved.id]);
  }

  @OnDomainEvent('collaboration.conversation_shared')
  async onShare(event: DomainEventMap['collaboration.conversation_shared']): Promise<void> {
    const saved = await this.notifications.save(
      this.notifications.create({ userId: event.userId, kind: 'share', actorId: event.sharedById, projectId: event.projectId, conversationId: event.conversationId, excerpt: event.title.slice(0, EXCERPT) }),
    );
    await this.push([saved.id]);
  }

  async list(user: AuthUser, query: PageQueryDto): Promise<CollaborationNotificationPageDto> {
    const [rows, total] = await this.notifications.findAndCount({ where: { userId: user.id }, order: { createdAt: 'DESC', id: 'DESC' }, ...skipTake(query) });
    return { items: await this.toDtos(rows), total, page: query.page, limit: query.limit, unread: await this.unread(user.id) };
  }

  async markRead(user: AuthUser, id: string): Promise<NotificationsReadDto> {
    const found = await this.notifications.findOneBy({ id, userId: user.id });
    if (!found) throw notFound(Code.NOTIFICATION_NOT_FOUND, 'Notification');
    if (!found.readAt) await this.notifications.update({ id }, { readAt: new Date() });
    return this.readChanged(user.id);
  }

  async markAllRead(user: AuthUser): Promise<NotificationsReadDto> {
    await this.notifications.update({ userId: user.id, readAt: IsNull() }, { readAt: new Date() });
    return this.readChanged(user.id);
  }

  async unread(userId: string): Promise<number> {
    return this.notifications.countBy({ userId, readAt: IsNull() });
  }

  /**
   * One row per user and message: a mention upgrades the message's row (and makes it unread again).
   * Every recipient of a message in one statement, which reads the message itself (a channel's
   * fan-out costs the same for 2 members or 1,000; a message deleted meanwhile notifies no one); a
   * mention is then pushed (three more queries), a plain message not (see above).
   */
  private async record(userIds: readonly string[], kind: NotificationKind, messageId: string): Promise<void> {
    if (!userIds.length) return;
    const rows: Array<{ id: string }> = await this.notifications.query(
      `INSERT INTO collab_notifications (user_id, kind, actor_id, message_id, conversation_key, channel_id, project_id, recipient_id, excerpt)
       SELECT u.id, $2, m.sender_id, m.id, m.conversation_key, m.channel_id, c.project_id, m.recipient_id, left(coalesce(m.body, ''), ${EXCERPT})
         FROM collab_messages m CROSS JOIN unnest($1::uuid[]) AS u(id) LEFT JOIN collab_channels c ON c.id = m.channel_id
        WHERE m.id = $3
       ON CONFLICT (user_id, message_id) WHERE message_id IS NOT NULL
       DO UPDATE SET kind = EXCLUDED.kind, read_at = NULL WHERE EXCLUDED.kind = 'mention' AND collab_notifications.kind <> 'mention'
       RETURNING id`,
      [userIds, kind, messageId],
    );
    if (kind !== 'message') await this.push(rows.map((row) => row.id));
  }

  /** Each new notification to its user's sockets, with that user's unread count. */
  private async push(ids: string[]): Promise<void> {
    if (!ids.length) return;
    const rows = await this.notifications.findBy({ id: In(ids) });
    const notifications = await this.toDtos(rows);
    const counts: Array<{ userId: string; n: string | number }> = await this.notifications.query(
      `SELECT user_id AS "userId", count(*) AS n FROM collab_notifications WHERE user_id = ANY($1::uuid[]) AND read_at IS NULL GROUP BY user_id`,
      [[...new Set(rows.map((row) => row.userId))]],
    );
    const unread = new Map(counts.map(({ userId, n }) => [userId, Number(n)]));
    rows.forEach((row, index) => this.realtime.emitToUser(row.userId, 'collaboration.notification', { notification: notifications[index]!, unread: unread.get(row.userId) ?? 0 }));
  }

  /** The user's unread count, after it changed, to every device (see `CollaborationReads.markRead`). */
  async readChanged(userId: string): Promise<NotificationsReadDto> {
    const unread = await this.unread(userId);
    this.realtime.emitToUser(userId, 'collaboration.notifications_read', { unread });
    return { unread };
  }

  private async toDtos(rows: CollabNotification[]): Promise<CollaborationNotificationDto[]> {
    const actors = await this.access.usersById(rows.map((row) => row.actorId).filter((id): id is string => !!id));
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      actorId: row.actorId,
      actorName: row.actorId ? (actors.get(row.actorId)?.name ?? null) : null,
      messageId: row.messageId,
      channelId: row.channelId,
      projectId: row.projectId,
      conversationId: row.conversationId,
      excerpt: row.excerpt,
      readAt: row.readAt,
      createdAt: row.createdAt,
    }));
  }
}
