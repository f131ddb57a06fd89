import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { DomainError, notFound } from '../../common/domain-error';
import { User } from '../auth/user.entity';
import { MediaService } from '../media/media.service';
import { CollabChannel, CollabMessage, CollabProjectMember, CollabProjectShare, type ProjectRole } from './collaboration.entities';
import { CollaborationErrorCode as Code } from './collaboration.errors';

/** A conversation as its reader reaches it: who is in it (for delivery), and whether the reader may post. */
export interface Conversation {
  key: string;
  channelId: string | null;
  projectId: string | null;
  /** The other user of a direct conversation. */
  partnerId: string | null;
  /** Null in a direct conversation. */
  role: ProjectRole | null;
}

/** Who may see what: every lookup answers 404 for what the caller is not part of. */
@Injectable()
export class CollaborationAccess {
  constructor(
    @InjectRepository(CollabProjectMember) private readonly members: Repository<CollabProjectMember>,
    @InjectRepository(CollabChannel) private readonly channels: Repository<CollabChannel>,
    @InjectRepository(CollabMessage) private readonly messages: Repository<CollabMessage>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(CollabProjectShare) private readonly shares: Repository<CollabProjectShare>,
    private readonly media: MediaService,
  ) {}

  /** My role in a project; 404 when I am not a member. */
  async role(userId: string, projectId: string): Promise<ProjectRole> {
    const member = await this.members.findOneBy({ projectId, userId });
    if (!member) throw notFound(Code.PROJECT_NOT_FOUND, 'Project');
    return member.role;
  }

  async requireOwner(userId: string, projectId: string): Promise<void> {
    if ((await this.role(userId, projectId)) !== 'owner') throw new DomainError('forbidden', Code.PROJECT_OWNER_ONLY, 'Only an owner of the project can do this');
  }

  /** A channel of a project I am a member of, in one read (it is on every message's path). */
  async channel(userId: string, channelId: string): Promise<Conversation> {
    const [found]: Array<{ projectId: string; role: ProjectRole }> = await this.channels.query(
      `SELECT c.project_id AS "projectId", m.role FROM collab_channels c JOIN collab_project_members m ON m.project_id = c.project_id AND m.user_id = $2 WHERE c.id = $1`,
      [channelId, userId],
    );
    if (!found) throw notFound(Code.CHANNEL_NOT_FOUND, 'Channel');
    return { key: `c:${channelId}`, channelId, projectId: found.projectId, partnerId: null, role: found.role };
  }

  async direct(userId: string, partnerId: string): Promise<Conversation> {
    if (partnerId === userId) throw new DomainError('invalid', Code.DIRECT_TO_SELF, 'A direct message goes to another user');
    // Only whether the partner is an active user: a plain read, not the whole account through the ORM (every direct message asks).
    const [active] = await this.users.query(`SELECT 1 FROM users WHERE id = $1 AND status = 'active'`, [partnerId]);
    if (!active) throw notFound(Code.COLLABORATOR_NOT_FOUND, 'User');
    return { key: directKeyOf(userId, partnerId), channelId: null, projectId: null, partnerId, role: null };
  }

  /** A message of one of my conversations, with that conversation. */
  async message(userId: string, messageId: string): Promise<{ message: CollabMessage; conversation: Conversation }> {
    const message = await this.messages.findOneBy({ id: messageId });
    if (!message) throw notFound(Code.COLLAB_MESSAGE_NOT_FOUND, 'Message');
    if (message.channelId) {
      try {
        return { message, conversation: await this.channel(userId, message.channelId) };
      } catch {
        throw notFound(Code.COLLAB_MESSAGE_NOT_FOUND, 'Message');
      }
    }
    const partnerId = message.senderId === userId ? message.recipientId : message.recipientId === userId ? message.senderId : null;
    if (!partnerId) throw notFound(Code.COLLAB_MESSAGE_NOT_FOUND, 'Message');
    return { message, conversation: { key: message.conversationKey, channelId: null, projectId: null, partnerId, role: null } };
  }

  /**
   * Whether a user may attach a file of the media library to a message of this conversation: their
   * own file, or (in a project's channel) a file in a media folder shared with that project or below one.
   */
  async mayAttach(userId: string, conversation: Conversation, file: { ownerId: string; folderId: string | null }): Promise<boolean> {
    if (file.ownerId === userId) return true;
    if (!conversation.projectId || !file.folderId) return false;
    // A shared folder shares its whole subtree (media decides what lies below what).
    const folders = await this.media.folderAncestry(file.folderId);
    return this.shares.existsBy({ projectId: conversation.projectId, kind: 'media_folder', resourceId: In(folders), sharedBy: file.ownerId });
  }

  /** The members of a project. */
  async memberIds(projectId: string): Promise<string[]> {
    return (await this.members.findBy({ projectId })).map((member) => member.userId);
  }

  /** Every user a conversation's messages reach. */
  async audience(userId: string, conversation: Conversation): Promise<string[]> {
    if (!conversation.projectId) return [userId, conversation.partnerId!];
    return this.memberIds(conversation.projectId);
  }

  /** An active user, by id. */
  async collaborator(id: string): Promise<User> {
    const user = await this.users.findOneBy({ id, status: 'active' });
    if (!user) throw notFound(Code.COLLABORATOR_NOT_FOUND, 'User');
    return user;
  }

  /** The people I collaborate with (members of my projects, direct-message partners): who sees my presence. */
  async contactIds(userId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.users.query(
      `SELECT o.user_id AS id FROM collab_project_members o JOIN collab_project_members m ON m.project_id = o.project_id WHERE m.user_id = $1 AND o.user_id <> $1
       UNION
       SELECT CASE WHEN x.sender_id = $1 THEN x.recipient_id ELSE x.sender_id END AS id FROM collab_messages x WHERE x.channel_id IS NULL AND (x.sender_id = $1 OR x.recipient_id = $1)`,
      [userId],
    );
    return rows.map((row) => row.id).filter((id) => id && id !== userId);
  }

  async usersById(ids: string[]): Promise<Map<string, User>> {
    const unique = [...new Set(ids)];
    return new Map(unique.length ? (await this.users.findBy({ id: In(unique) })).map((user) => [user.id, user]) : []);
  }
}

export const directKeyOf = (a: string, b: string) => (a < b ? `d:${a}:${b}` : `d:${b}:${a}`);
