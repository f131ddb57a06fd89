import { createHash, randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { findModel, modelName } from '../../ai/models';
import { AuthUser } from '../../common/auth.decorators';
import { DomainError, notFound } from '../../common/domain-error';
import { EventBus } from '../../events/event-bus';
import { conversationRoom } from '../../realtime/client-events';
import { RealtimeGateway } from '../../realtime/realtime.gateway';
import { ConversationsService } from '../chat/conversations.service';
import { ConversationGrant, ConversationGrants, GrantSource, SharePermission } from '../chat/sharing/conversation-grants';
import { CollaborationAccess } from './collaboration-access.service';
import { CollabProject, CollabProjectMember } from './collaboration.entities';
import { CollaborationErrorCode as Code } from './collaboration.errors';
import { ConversationShare, ConversationShareLink } from './conversation-share.entities';
import { ConversationShareDto, ConversationSharesDto, CreatedShareLinkDto, CreateShareLinkDto, PublicConversationDto, ShareConversationDto } from './dto/conversation-share.dto';

/** A public link's token: 256 random bits, base64url (43 characters). */
const TOKEN_BYTES = 32;
export const SHARE_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const RANK: Record<SharePermission, number> = { read: 1, continue: 2 };

/**
 * Chat conversations shared by their owners: with users or a project's members, to read or to
 * continue, live; and public read-only links. The grants it stores are what chat consults (it
 * registers itself as chat's `GrantSource`), so chat never reads these tables.
 */
@Injectable()
export class ConversationSharesService implements GrantSource, OnModuleInit {
  constructor(
    @InjectRepository(ConversationShare) private readonly shares: Repository<ConversationShare>,
    @InjectRepository(ConversationShareLink) private readonly links: Repository<ConversationShareLink>,
    @InjectRepository(CollabProjectMember) private readonly members: Repository<CollabProjectMember>,
    @InjectRepository(CollabProject) private readonly projects: Repository<CollabProject>,
    private readonly access: CollaborationAccess,
    private readonly conversations: ConversationsService,
    private readonly grants: ConversationGrants,
    private readonly realtime: RealtimeGateway,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    this.grants.use(this);
  }

  /** Shares one of my conversations with users and/or a project; sharing again with someone changes their permission. */
  async share(user: AuthUser, dto: ShareConversationDto): Promise<ConversationSharesDto> {
    const userIds = (dto.userIds ?? []).map((id) => id.toLowerCase());
    const projectId = dto.projectId?.toLowerCase();
    if (!userIds.length && !projectId) throw new DomainError('invalid', Code.SHARE_TARGET_REQUIRED, 'Give userIds and/or projectId', [{ field: 'userIds', message: 'userIds or projectId must name someone to share with' }]);
    const conversation = await this.conversations.ownConversation(user, dto.conversationId.toLowerCase());
    for (const [index, id] of userIds.entries()) {
      const field = `userIds.${index}`;
      if (id === user.id) throw new DomainError('invalid', Code.SHARE_WITH_SELF, 'A conversation is shared with other users', [{ field, message: `${field} is you` }]);
      await this.access.collaborator(id).catch(() => {
        throw new DomainError('not_found', Code.COLLABORATOR_NOT_FOUND, `User ${id} not found`, [{ field, message: `${field} is not a user` }]);
      });
    }
    if (projectId) {
      await this.access.role(user.id, projectId).catch(() => {
        throw new DomainError('not_found', Code.PROJECT_NOT_FOUND, `Project ${projectId} not found`, [{ field: 'projectId', message: 'projectId is not a project of yours' }]);
      });
    }
    const targets = [...userIds.map((id) => ({ userId: id, projectId: null })), ...(projectId ? [{ userId: null, projectId }] : [])];
    const before = new Set((await this.recipients(conversation.id)).keys());
    for (const target of targets) {
      const existing = await this.shares.findOneBy({ conversationId: conversation.id, ...(target.userId ? { userId: target.userId } : { projectId: target.projectId! }) });
      if (existing) await this.shares.update({ id: existing.id }, { permission: dto.permission });
      else await this.shares.insert({ conversationId: conversation.id, ownerId: user.id, ...target, permission: dto.permission });
    }
    const occurredAt = new Date().toISOString();
    const me = await this.access.collaborator(user.id);
    const reached = await this.recipients(conversation.id);
    for (const [userId, permission] of reached) {
      if (before.has(userId)) continue;
      this.events.publish('collaboration.conversation_shared', { userId, conversationId: conversation.id, title: conversation.title, sharedById: user.id, permission, projectId: projectId ?? null, occurredAt });
      this.realtime.emitToUser(userId, 'collaboration.conversation_shared', { conversationId: conversation.id, title: conversation.title, sharedById: user.id, sharedByName: me.name, permission });
    }
    return this.list(user, conversation.id);
  }

  /** Who a conversation of mine is shared with, and its public link. */
  async list(user: AuthUser, conversationId: string): Promise<ConversationSharesDto> {
    const conversation = await this.conversations.ownConversation(user, conversationId);
    const rows = await this.shares.find({ where: { conversationId: conversation.id }, order: { createdAt: 'ASC' } });
    const users = await this.access.usersById(rows.flatMap((row) => (row.userId ? [row.userId] : [])));
    const projectIds = rows.flatMap((row) => (row.projectId ? [row.projectId] : []));
    const projects = new Map(projectIds.length ? (await this.projects.findBy({ id: In(projectIds) })).map((p) => [p.id, p]) : []);
    const link = await this.links.findOneBy({ conversationId: conversation.id });
    return {
      conversationId: conversation.id,
      shares: rows.map((row): ConversationShareDto => {
        const person = row.userId ? users.get(row.userId) : undefined;
        return {
          id: row.id,
          conversationId: row.conversationId,
          userId: row.userId,
          projectId: row.projectId,
          name: person?.name ?? projects.get(row.projectId ?? '')?.name ?? '',
          email: person?.email ?? null,
          permission: row.permission,
          createdAt: row.createdAt,
        };
      }),
      link: link && !expired(link) ? { expiresAt: link.expiresAt, createdAt: link.createdAt } : null,
    };
  }

  async changePermission(user: AuthUser, shareId: string, permission: SharePermission): Promise<ConversationSharesDto> {
    const share = await this.ownShare(user, shareId);
    await this.shares.update({ id: share.id }, { permission });
    return this.list(user, share.conversationId);
  }

  /** Unshares at once: the next request of those who lost access is a 404, and their sockets leave the conversation's room. */
  async unshare(user: AuthUser, shareId: string): Promise<void> {
    const share = await this.ownShare(user, shareId);
    const affected = share.userId ? [share.userId] : (await this.members.findBy({ projectId: share.projectId! })).map((m) => m.userId);
    await this.shares.delete({ id: share.id });
    await this.evict(share.conversationId, affected);
  }

  /** The conversations shared with a project: read before its members change (a deleted project's shares go with it). */
  async sharedThrough(projectId: string): Promise<string[]> {
    return (await this.shares.find({ select: { conversationId: true }, where: { projectId } })).map((row) => row.conversationId);
  }

  /** Users who left a project (or whose project is gone) lose what it shared: their sockets leave those conversations' rooms. */
  async projectAccessLost(conversationIds: string[], userIds: string[]): Promise<void> {
    for (const conversationId of conversationIds) await this.evict(conversationId, userIds);
  }

  /** A new public link (replacing the one before, which stops working); its token is in this answer only. */
  async createLink(user: AuthUser, conversationId: string, dto: CreateShareLinkDto): Promise<CreatedShareLinkDto> {
    const conversation = await this.conversations.ownConversation(user, conversationId);
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new DomainError('invalid', Code.SHARE_LINK_EXPIRY_PAST, 'expiresAt must be in the future', [{ field: 'expiresAt', message: 'expiresAt must be in the future' }]);
    }
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const row = await this.links.manager.transaction(async (manager) => {
      await manager.delete(ConversationShareLink, { conversationId: conversation.id });
      return manager.save(manager.create(ConversationShareLink, { conversationId: conversation.id, ownerId: user.id, tokenHash: hashToken(token), expiresAt }));
    });
    return { token, expiresAt: row.expiresAt, createdAt: row.createdAt };
  }

  async revokeLink(user: AuthUser, conversationId: string): Promise<void> {
    const conversation = await this.conversations.ownConversation(user, conversationId);
    const result = await this.links.delete({ conversationId: conversation.id });
    if (!result.affected) throw notFound(Code.SHARE_LINK_NOT_FOUND, 'Share link');
  }

  /** What a public link shows, to anyone: the title and the branch on screen, with the models' names. Revoked or expired: 404. */
  async publicConversation(token: string): Promise<PublicConversationDto> {
    const link = SHARE_TOKEN_SHAPE.test(token) ? await this.links.findOneBy({ tokenHash: hashToken(token) }) : null;
    const snapshot = link && !expired(link) ? await this.conversations.snapshot(link.conversationId) : null;
    if (!snapshot) throw notFound(Code.SHARE_LINK_NOT_FOUND, 'Shared conversation');
    return {
      title: snapshot.conversation.title,
      createdAt: snapshot.conversation.createdAt,
      messages: snapshot.messages.map((message) => {
        const model = message.model ? findModel(message.model) : undefined;
        return {
          role: message.role,
          kind: message.kind ?? 'reply',
          turn: message.turn,
          modelName: message.model ? (model ? modelName(model) : message.model) : null,
          content: message.content,
          status: message.status,
          createdAt: message.createdAt,
        };
      }),
    };
  }

  async grantOf(userId: string, conversationId: string): Promise<ConversationGrant | null> {
    return (await this.grantsFor(userId, conversationId)).get(conversationId) ?? null;
  }

  sharedWith(userId: string): Promise<Map<string, ConversationGrant>> {
    return this.grantsFor(userId);
  }

  isShared(conversationId: string): Promise<boolean> {
    return this.shares.existsBy({ conversationId });
  }

  async names(userIds: string[]): Promise<Map<string, string>> {
    return new Map([...(await this.access.usersById(userIds))].map(([id, user]) => [id, user.name]));
  }

  /** The strongest grant per conversation that `userId` holds, directly or through a project (never on their own conversations). */
  private async grantsFor(userId: string, conversationId?: string): Promise<Map<string, ConversationGrant>> {
    const rows: Array<{ conversation_id: string; permission: SharePermission; owner_id: string; owner_name: string }> = await this.shares.query(
      `SELECT s.conversation_id, s.permission, s.owner_id, u.name AS owner_name
         FROM conversation_shares s JOIN users u ON u.id = s.owner_id
        WHERE s.owner_id <> $1 AND ($2::uuid IS NULL OR s.conversation_id = $2::uuid)
          AND (s.user_id = $1 OR s.project_id IN (SELECT project_id FROM collab_project_members WHERE user_id = $1))`,
      [userId, conversationId ?? null],
    );
    const grants = new Map<string, ConversationGrant>();
    for (const row of rows) {
      const held = grants.get(row.conversation_id);
      if (!held || RANK[row.permission] > RANK[held.permission]) grants.set(row.conversation_id, { permission: row.permission, sharedById: row.owner_id, sharedByName: row.owner_name });
    }
    return grants;
  }

  /** Everyone a conversation reaches besides its owner, with their strongest permission. */
  private async recipients(conversationId: string): Promise<Map<string, SharePermission>> {
    const rows: Array<{ user_id: string; permission: SharePermission }> = await this.shares.query(
      `SELECT coalesce(s.user_id, m.user_id) AS user_id, s.permission
         FROM conversation_shares s LEFT JOIN collab_project_members m ON m.project_id = s.project_id
        WHERE s.conversation_id = $1 AND coalesce(s.user_id, m.user_id) IS NOT NULL AND coalesce(s.user_id, m.user_id) <> s.owner_id`,
      [conversationId],
    );
    const result = new Map<string, SharePermission>();
    for (const row of rows) if (!result.has(row.user_id) || RANK[row.permission] > RANK[result.get(row.user_id)!]) result.set(row.user_id, row.permission);
    return result;
  }

  private async evict(conversationId: string, userIds: string[]): Promise<void> {
    const still = await this.recipients(conversationId);
    const owner = (await this.shares.manager.query(`SELECT owner_id FROM conversations WHERE id = $1`, [conversationId]))[0] as { owner_id: string } | undefined;
    for (const userId of userIds) if (!still.has(userId) && userId !== owner?.owner_id) this.realtime.removeUserFromRoom(userId, conversationRoom(conversationId));
  }

  private async ownShare(user: AuthUser, shareId: string): Promise<ConversationShare> {
    const share = await this.shares.findOneBy({ id: shareId, ownerId: user.id });
    if (!share) throw notFound(Code.SHARE_NOT_FOUND, 'Share');
    return share;
  }
}

const expired = (link: ConversationShareLink) => !!link.expiresAt && link.expiresAt.getTime() <= Date.now();
