import type { SharedResourceKind } from '../../common/shared-resources';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const PROJECT_ROLES = ['owner', 'editor', 'viewer'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const PRESENCE_STATUSES = ['online', 'away', 'offline'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export const NOTIFICATION_KINDS = ['message', 'mention', 'share', 'project_share'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

@Entity('collab_projects')
export class CollabProject {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  name: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('collab_project_members')
export class CollabProjectMember {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar' })
  role: ProjectRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A project's channel: created with the project, deleted with it. */
@Entity('collab_channels')
export class CollabChannel {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Column()
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A message in a channel (`channelId`) or a direct conversation (`recipientId`); `body` is null once deleted. */
@Entity('collab_messages')
export class CollabMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Its place in the order of every message (bigint, read as a string): what cursors compare. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  /** `c:<channelId>`, or `d:<smaller user id>:<larger user id>` for a direct conversation. */
  @Column({ name: 'conversation_key', type: 'varchar' })
  conversationKey: string;

  @Column({ name: 'channel_id', type: 'uuid', nullable: true })
  channelId: string | null;

  @Column({ name: 'recipient_id', type: 'uuid', nullable: true })
  recipientId: string | null;

  @Column({ name: 'sender_id', type: 'uuid' })
  senderId: string;

  @Column({ name: 'reply_to_id', type: 'uuid', nullable: true })
  replyToId: string | null;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  /** Files of the media library, in the sender's order (emptied when the message is deleted). */
  @Column({ name: 'attachment_ids', type: 'uuid', array: true, default: () => "'{}'" })
  attachmentIds: string[];

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}


/** Something for a user to see: a message in one of their conversations, a mention of them, a conversation shared with them. */
@Entity('collab_notifications')
export class CollabNotification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar' })
  kind: NotificationKind;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId: string | null;

  @Column({ name: 'conversation_key', type: 'varchar', nullable: true })
  conversationKey: string | null;

  @Column({ name: 'channel_id', type: 'uuid', nullable: true })
  channelId: string | null;

  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId: string | null;

  @Column({ name: 'recipient_id', type: 'uuid', nullable: true })
  recipientId: string | null;

  @Column({ name: 'conversation_id', type: 'uuid', nullable: true })
  conversationId: string | null;

  @Column({ type: 'text' })
  excerpt: string;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A media folder, prompt or agent of `sharedBy`, shared with a project: its members read and use it; only its owner changes it. */
@Entity('collab_project_shares')
export class CollabProjectShare {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Column({ type: 'varchar' })
  kind: SharedResourceKind;

  @Column({ name: 'resource_id', type: 'uuid' })
  resourceId: string;

  /** The resource's owner, who shared it. */
  @Column({ name: 'shared_by', type: 'uuid' })
  sharedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
