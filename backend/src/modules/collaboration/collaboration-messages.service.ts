import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AuthUser } from '../../common/auth.decorators';
import { DomainError, withParams } from '../../common/domain-error';
import { SharedThrottlerStorage } from '../../common/throttler-storage';
import { AppConfig } from '../../config/app-config';
import { EventBus } from '../../events/event-bus';
import { RealtimeGateway } from '../../realtime/realtime.gateway';
import type { User } from '../auth/user.entity';
import { MediaService } from '../media/media.service';
import type { MediaFile } from '../media/media-file.entity';
import { CollaborationAccess, type Conversation } from './collaboration-access.service';
import { CollaborationNotificationsService } from './collaboration-notifications.service';
import { CollaborationReads } from './collaboration-reads.service';
import { toCollaboratorDto } from './collaboration-projects.service';
import { CollabMessage } from './collaboration.entities';
import { CollaborationErrorCode as Code } from './collaboration.errors';
import { CollaborationAttachmentDto, CollaborationMessageDto, CollaborationMessagePageDto, DirectConversationDto, EditMessageDto, MessageCursorQueryDto, SendMessageDto } from './dto/collaboration.dto';

/** The most replies one thread lists. */
const MAX_THREAD = 500;

/** Messages in channels and direct conversations: sent, listed by cursor, edited, deleted, read; delivered live. */
@Injectable()
export class CollaborationMessagesService {
  constructor(
    @InjectRepository(CollabMessage) private readonly messages: Repository<CollabMessage>,
    private readonly access: CollaborationAccess,
    private readonly reads: CollaborationReads,
    private readonly realtime: RealtimeGateway,
    private readonly events: EventBus,
    private readonly notifications: CollaborationNotificationsService,
    private readonly throttle: SharedThrottlerStorage,
    private readonly config: AppConfig,
    private readonly media: MediaService,
  ) {}

  /**
   * The one path of a new message, whether it came over HTTP or the socket. Delivery comes first:
   * four round trips (flood gate, access, the insert, then the sender and the audience together)
   * before the emit, and the sender's own read marker (with the notifications it reads) after it.
   * Each await before the emit is a chance to queue behind another message's fan-out (a channel of
   * 1,000 sockets holds the event loop for 15 ms here), so there are as few as the message needs.
   */
  async send(user: AuthUser, dto: SendMessageDto): Promise<CollaborationMessageDto> {
    if (!dto.channelId === !dto.recipientId) throw new DomainError('invalid', Code.MESSAGE_TARGET_REQUIRED, 'Give exactly one of channelId and recipientId');
    await this.floodGate(user.id);
    const conversation = dto.channelId ? await this.access.channel(user.id, dto.channelId.toLowerCase()) : await this.access.direct(user.id, dto.recipientId!.toLowerCase());
    this.mayPost(conversation);
    let replyToId: string | null = null;
    if (dto.replyToId) {
      const parent = await this.messages.findOneBy({ id: dto.replyToId.toLowerCase() });
      if (!parent || parent.conversationKey !== conversation.key) throw new DomainError('invalid', Code.REPLY_OUTSIDE_CONVERSATION, 'replyToId must be a message of the same conversation');
      // A reply to a reply joins the same thread.
      replyToId = parent.replyToId ?? parent.id;
    }
    const attachmentIds = await this.attachable(user, conversation, dto.attachmentIds);
    const message = await this.insert(this.messages.create({ conversationKey: conversation.key, channelId: conversation.channelId, recipientId: conversation.partnerId, senderId: user.id, replyToId, body: dto.text ?? '', attachmentIds, editedAt: null, deletedAt: null }));
    const [[dto_], audience] = await Promise.all([this.toDtos([message], conversation, { fresh: true }), this.access.audience(user.id, conversation)]);
    this.realtime.emitToUsers(audience, 'collaboration.message', dto_!);
    const occurredAt = new Date().toISOString();
    this.events.publish('collaboration.message_sent', {
      userId: user.id,
      messageId: message.id,
      senderId: user.id,
      channelId: conversation.channelId,
      projectId: conversation.projectId,
      recipientId: conversation.partnerId,
      replyToId,
      recipientIds: audience.filter((id) => id !== user.id),
      occurredAt,
    });
    if (await this.reads.markRead(user.id, conversation.key, message.seq)) await this.notifications.readChanged(user.id);
    await this.notifyMentions(user, dto_!, audience, occurredAt);
    return dto_!;
  }

  /** A new message in one statement, with what the database gives it (id, seq, time). */
  private async insert(message: CollabMessage): Promise<CollabMessage> {
    const result = await this.messages.createQueryBuilder().insert().values(message).returning('id, seq, created_at').updateEntity(false).execute();
    const row = result.raw[0] as { id: string; seq: string | number; created_at: Date | string };
    return Object.assign(message, { id: row.id, seq: String(row.seq), createdAt: new Date(row.created_at) });
  }

  channelMessages(user: AuthUser, channelId: string, query: MessageCursorQueryDto): Promise<CollaborationMessagePageDto> {
    return this.access.channel(user.id, channelId).then((conversation) => this.page(conversation, query));
  }

  directMessages(user: AuthUser, partnerId: string, query: MessageCursorQueryDto): Promise<CollaborationMessagePageDto> {
    return this.access.direct(user.id, partnerId).then((conversation) => this.page(conversation, query));
  }

  /** A thread: its replies, oldest first. */
  async replies(user: AuthUser, id: string): Promise<CollaborationMessageDto[]> {
    const { message, conversation } = await this.access.message(user.id, id);
    const rows = await this.messages.find({ where: { replyToId: message.replyToId ?? message.id }, order: { seq: 'ASC' }, take: MAX_THREAD });
    return this.toDtos(rows, conversation);
  }

  async edit(user: AuthUser, id: string, dto: EditMessageDto): Promise<CollaborationMessageDto> {
    const { message, conversation } = await this.authored(user, id);
    if (message.deletedAt) throw new DomainError('conflict', Code.MESSAGE_DELETED, 'A deleted message cannot be edited');
    this.mayPost(conversation);
    await this.messages.update({ id }, { body: dto.text, editedAt: new Date() });
    return this.changed(user, id, conversation);
  }

  /** The message stays in its place, shown as deleted; its text is gone. */
  async delete(user: AuthUser, id: string): Promise<void> {
    const { message, conversation } = await this.authored(user, id);
    if (message.deletedAt) return;
    await this.messages.update({ id }, { body: null, attachmentIds: [], deletedAt: new Date() });
    await this.changed(user, id, conversation);
  }

  async markRead(user: AuthUser, id: string): Promise<void> {
    const { message, conversation } = await this.access.message(user.id, id);
    if (await this.reads.markRead(user.id, conversation.key, message.seq)) await this.notifications.readChanged(user.id);
  }

  /** My direct conversations, most recent first, with what is unread in each. */
  async directConversations(user: AuthUser): Promise<DirectConversationDto[]> {
    const rows: Array<{ key: string }> = await this.messages
      .createQueryBuilder('m')
      .select('m.conversation_key', 'key')
      .where('m.channel_id IS NULL AND (m.sender_id = :me OR m.recipient_id = :me)', { me: user.id })
      .groupBy('m.conversation_key')
      .getRawMany();
    const keys = rows.map((row) => row.key);
    const states = await this.reads.unread(user.id, keys);
    const partners = await this.access.usersById(keys.map((key) => partnerOf(key, user.id)));
    return keys
      .filter((key) => partners.has(partnerOf(key, user.id)))
      .map((key) => {
        const state = states.get(key)!;
        return { user: toCollaboratorDto(partners.get(partnerOf(key, user.id))!), unread: state.unread, lastMessageId: state.lastMessageId, lastMessageAt: state.lastMessageAt! };
      })
      .sort((a, b) => b.lastMessageAt.getTime() - a.lastMessageAt.getTime());
  }

  /** Tells the other members of a conversation that `user` is typing. */
  async typing(user: AuthUser, target: { channelId?: unknown; recipientId?: unknown }): Promise<void> {
    const id = (value: unknown) => (typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value.toLowerCase() : null);
    const channelId = id(target.channelId);
    const recipientId = id(target.recipientId);
    if (!channelId === !recipientId) throw new DomainError('invalid', Code.MESSAGE_TARGET_REQUIRED, 'Give exactly one of channelId and recipientId');
    const conversation = channelId ? await this.access.channel(user.id, channelId) : await this.access.direct(user.id, recipientId!);
    this.mayPost(conversation);
    const me = await this.access.collaborator(user.id);
    const others = (await this.access.audience(user.id, conversation)).filter((userId) => userId !== user.id);
    this.realtime.emitToUsers(others, 'collaboration.typing', { channelId: conversation.channelId, userId: user.id, name: me.name });
  }

  /**
   * At most `WEBOX_COLLAB_FLOOD_LIMIT` messages per window per user, HTTP and socket together,
   * counted in Redis when there is one (every instance shares the count).
   */
  private async floodGate(userId: string): Promise<void> {
    const limit = this.config.collabFloodLimit;
    const window = this.config.collabFloodWindowMs;
    const { totalHits, isBlocked, timeToExpire, timeToBlockExpire } = await this.throttle.increment(`collab:${userId}`, window, limit, 0, 'collab-flood');
    if (!isBlocked && totalHits <= limit) return;
    const retryAfterSeconds = Math.max(1, isBlocked && timeToBlockExpire ? timeToBlockExpire : timeToExpire);
    throw withParams('rate_limited', Code.COLLAB_FLOOD_LIMITED, `At most ${limit} messages every ${window / 1000} s; wait ${retryAfterSeconds} s (see Retry-After)`, { limit, windowSeconds: window / 1000, retryAfterSeconds });
  }

  /**
   * The files a new message may carry: the sender's own. Any other id (unknown, another user's) is a
   * 404 naming it, the same answer for both, so a message does not reveal whether a file exists.
   */
  private async attachable(user: AuthUser, conversation: Conversation, ids: string[] | undefined): Promise<string[]> {
    if (!ids?.length) return [];
    const wanted = ids.map((id) => id.toLowerCase());
    const files = await this.media.anyOwnerByIds(wanted);
    for (const id of wanted) {
      const file = files.get(id);
      if (!file || !(await this.access.mayAttach(user.id, conversation, file))) {
        throw withParams('not_found', Code.COLLAB_ATTACHMENT_NOT_FOUND, `Attachment ${id} is not a file of your media library`, { id });
      }
    }
    return wanted;
  }

  private mayPost(conversation: Conversation): void {
    if (conversation.role === 'viewer') throw new DomainError('forbidden', Code.VIEWER_CANNOT_POST, 'A viewer of the project cannot post in its channel');
  }

  private async authored(user: AuthUser, id: string) {
    const found = await this.access.message(user.id, id);
    if (found.message.senderId !== user.id) throw new DomainError('forbidden', Code.MESSAGE_NOT_YOURS, 'Only its author can change or delete a message');
    return found;
  }

  private async changed(user: AuthUser, id: string, conversation: Conversation): Promise<CollaborationMessageDto> {
    const [dto] = await this.toDtos([(await this.messages.findOneBy({ id }))!], conversation);
    this.realtime.emitToUsers(await this.access.audience(user.id, conversation), 'collaboration.message_changed', dto!);
    return dto!;
  }

  /** Top-level messages: newest first before a cursor (or from the newest), oldest first after one. */
  private async page(conversation: Conversation, query: MessageCursorQueryDto): Promise<CollaborationMessagePageDto> {
    if (query.before && query.after) throw new DomainError('invalid', Code.INVALID_CURSOR, 'Give before or after, not both');
    const builder = this.messages.createQueryBuilder('m').where('m.conversation_key = :key AND m.reply_to_id IS NULL', { key: conversation.key });
    const cursorId = query.before ?? query.after;
    if (cursorId) {
      const cursor = await this.messages.findOneBy({ id: cursorId.toLowerCase() });
      if (!cursor || cursor.conversationKey !== conversation.key) throw new DomainError('invalid', Code.INVALID_CURSOR, 'The cursor is not a message of this conversation');
      builder.andWhere(query.after ? 'm.seq > :seq' : 'm.seq < :seq', { seq: cursor.seq });
    }
    const rows = await builder
      .orderBy('m.seq', query.after ? 'ASC' : 'DESC')
      .take(query.limit + 1)
      .getMany();
    const items = await this.toDtos(rows.slice(0, query.limit), conversation);
    return { items, hasMore: rows.length > query.limit };
  }

  /** `fresh`: messages just written, which have no replies yet (no need to count them). */
  private async toDtos(rows: CollabMessage[], conversation: Conversation, { fresh = false } = {}): Promise<CollaborationMessageDto[]> {
    if (!rows.length) return [];
    const senders = await this.access.usersById(rows.map((row) => row.senderId));
    const parents = fresh ? [] : rows.filter((row) => !row.replyToId).map((row) => row.id);
    const counts: Array<{ id: string; n: string | number }> = parents.length
      ? await this.messages
          .createQueryBuilder('r')
          .select('r.reply_to_id', 'id')
          .addSelect('count(*)', 'n')
          .where({ replyToId: In(parents) })
          .andWhere('r.deleted_at IS NULL')
          .groupBy('r.reply_to_id')
          .getRawMany()
      : [];
    const replyCount = new Map(counts.map(({ id, n }) => [id, Number(n)]));
    const files = await this.media.anyOwnerByIds([...new Set(rows.flatMap((row) => (row.deletedAt ? [] : (row.attachmentIds ?? []))))]);
    const attachmentsOf = (row: CollabMessage) => (row.deletedAt ? [] : (row.attachmentIds ?? []).flatMap((id) => (files.has(id) ? [this.toAttachmentDto(files.get(id)!)] : [])));
    return rows.map((row) => toMessageDto(row, conversation.projectId, senders.get(row.senderId), replyCount.get(row.id) ?? 0, attachmentsOf(row)));
  }

  /** What a reader of the message sees of a file: no library details (folder, origin, hash), links signed for them. */
  private toAttachmentDto(file: MediaFile): CollaborationAttachmentDto {
    const { id, name, mimeType, kind, size, width, height, durationSeconds, contentUrl, thumbnailUrl } = this.media.toDto(file);
    return { id, name, mimeType, kind, size, width, height, durationSeconds, contentUrl, thumbnailUrl };
  }

  /** `@name` (without spaces, or its first word) or `@local-part` of a member's e-mail, the sender aside. */
  private async notifyMentions(user: AuthUser, message: CollaborationMessageDto, audience: string[], occurredAt: string): Promise<void> {
    const tokens = new Set([...(message.text ?? '').matchAll(/(?:^|[^\p{L}\p{N}_.@-])@([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu)].map((match) => match[1]!.toLowerCase().replace(/[._-]+$/, '')));
    if (!tokens.size) return;
    const members = await this.access.usersById(audience.filter((id) => id !== user.id));
    const mentioned = [...members.values()].filter((member) => mentions(tokens, member));
    const excerpt = (message.text ?? '').slice(0, 200);
    for (const member of mentioned) {
      this.realtime.emitToUser(member.id, 'collaboration.mention', { messageId: message.id, channelId: message.channelId, projectId: message.projectId, fromUserId: user.id, fromName: message.senderName, excerpt });
      this.events.publish('collaboration.mentioned', { userId: member.id, messageId: message.id, mentionedUserId: member.id, senderId: user.id, channelId: message.channelId, projectId: message.projectId, occurredAt });
    }
  }
}

function mentions(tokens: Set<string>, user: User): boolean {
  const name = user.name.toLowerCase();
  const candidates = [name.replace(/\s+/g, ''), name.split(/\s+/)[0]!, user.email.toLowerCase().split('@')[0]!];
  return candidates.some((candidate) => candidate && tokens.has(candidate));
}

const partnerOf = (key: string, me: string) => {
  const [, a, b] = key.split(':');
  return a === me ? b! : a!;
};

export function toMessageDto(row: CollabMessage, projectId: string | null, sender: Pick<User, 'name'> | undefined, replyCount: number, attachments: CollaborationAttachmentDto[] = []): CollaborationMessageDto {
  return {
    id: row.id,
    channelId: row.channelId,
    projectId,
    recipientId: row.recipientId,
    senderId: row.senderId,
    senderName: sender?.name ?? '',
    text: row.deletedAt ? null : row.body,
    replyToId: row.replyToId,
    attachments,
    replyCount,
    editedAt: row.editedAt,
    deletedAt: row.deletedAt,
    createdAt: row.createdAt,
  };
}
