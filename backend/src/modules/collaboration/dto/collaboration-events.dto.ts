import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { EventPayloads } from '../../../common/contract';
import { SHARED_RESOURCE_KINDS, type SharedResourceKind } from '../../../common/shared-resources';
import { PRESENCE_STATUSES, PROJECT_ROLES, type PresenceStatus, type ProjectRole } from '../collaboration.entities';
import { CollaborationMessageDto, CollaborationNotificationDto, CollaborationPlaceDto, NotificationsReadDto } from './collaboration.dto';
import { SHARE_PERMISSIONS, type SharePermission } from '../../chat/sharing/conversation-grants';

@ApiSchema({ description: 'A chat conversation was shared with me (directly or through a project): it is now in my chat history.' })
export class ConversationSharedClientEventDto {
  conversationId: string;
  title: string;
  sharedById: string;
  sharedByName: string;
  @ApiProperty({ enum: SHARE_PERMISSIONS })
  permission: SharePermission;
}

@ApiSchema({ description: 'Someone is typing in a channel (channelId) or to me in a direct conversation (channelId null, userId the typer).' })
export class CollaborationTypingEventDto {
  @ApiProperty({ type: String, nullable: true })
  channelId: string | null;
  userId: string;
  name: string;
}

@ApiSchema({ description: 'I was mentioned (`@name`) in a message.' })
export class CollaborationMentionEventDto extends CollaborationPlaceDto {
  messageId: string;
  fromUserId: string;
  fromName: string;
  /** The message's first 200 characters. */
  excerpt: string;
}

@ApiSchema({ description: 'My membership of a project changed: added, role changed (role), or removed / project deleted (role null).' })
export class CollaborationMembershipEventDto {
  projectId: string;
  @ApiProperty({ enum: PROJECT_ROLES, nullable: true })
  role: ProjectRole | null;
}

@ApiSchema({ description: 'The presence of a user I collaborate with (or mine, from my other devices) changed.' })
export class CollaborationPresenceEventDto {
  userId: string;
  @ApiProperty({ enum: PRESENCE_STATUSES })
  status: PresenceStatus;
}

@ApiSchema({
  description:
    'A new mention or share notification for me (or a message upgraded to a mention), with my unread count. A plain message is not announced here: its `collaboration.message` packet is the notification (one more unread when I am not its sender).',
})
export class CollaborationNotificationEventDto {
  notification: CollaborationNotificationDto;
  /** My unread notifications. */
  unread: number;
}

export const COLLABORATION_CLIENT_EVENTS = {
  /**
   * A new message (or thread reply) in one of my conversations, sent to every member's devices (the
   * sender's too). For the others it is also their notification of it: one more unread (no
   * `collaboration.notification` follows, unless it mentions them).
   */
  'collaboration.message': CollaborationMessageDto,
  /** A message was edited or deleted. */
  'collaboration.message_changed': CollaborationMessageDto,
  'collaboration.typing': CollaborationTypingEventDto,
  'collaboration.mention': CollaborationMentionEventDto,
  'collaboration.membership': CollaborationMembershipEventDto,
  'collaboration.conversation_shared': ConversationSharedClientEventDto,
  'collaboration.presence': CollaborationPresenceEventDto,
  'collaboration.notification': CollaborationNotificationEventDto,
  /** Notifications were marked read (here or on another device): my unread count now. */
  'collaboration.notifications_read': NotificationsReadDto,
};

declare module '../../../realtime/client-events' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges this area's events into the map
  interface ClientEventMap extends EventPayloads<typeof COLLABORATION_CLIENT_EVENTS> {}
}

@ApiSchema({ description: 'A collaboration message was stored (a domain event on the bus, not a socket event).' })
export class CollaborationMessageSentEventDto extends CollaborationPlaceDto {
  /** Whose event it is, as in every domain event (the activity feed, automation triggers): the sender. */
  userId: string;
  messageId: string;
  senderId: string;
  @ApiProperty({ type: String, nullable: true })
  recipientId: string | null;
  @ApiProperty({ type: String, nullable: true })
  replyToId: string | null;
  /** Every user who receives it (the sender excluded). */
  recipientIds: string[];
  /** ISO 8601. */
  occurredAt: string;
}

@ApiSchema({ description: 'A user was mentioned in a collaboration message (a domain event on the bus).' })
export class CollaborationMentionedEventDto extends CollaborationPlaceDto {
  /** Whose event it is, as in every domain event: the user mentioned. */
  userId: string;
  messageId: string;
  mentionedUserId: string;
  senderId: string;
  /** ISO 8601. */
  occurredAt: string;
}

@ApiSchema({ description: 'A chat conversation was shared with a user (one event per recipient, `userId`; a domain event on the bus). Sharing again with someone who already had it publishes nothing.' })
export class ConversationSharedEventDto {
  /** The recipient. */
  userId: string;
  conversationId: string;
  title: string;
  /** The conversation's owner, who shared it. */
  sharedById: string;
  @ApiProperty({ enum: SHARE_PERMISSIONS })
  permission: SharePermission;
  /** The project it was shared through; null when shared with the user directly. */
  @ApiProperty({ type: String, nullable: true })
  projectId: string | null;
  /** ISO 8601. */
  occurredAt: string;
}

@ApiSchema({ description: 'A member shared one of their media folders, prompts or agents with a project: one event per other member.' })
export class ProjectResourceSharedEventDto {
  /** The member it now reaches (one event per member but the one who shared it). */
  userId: string;
  projectId: string;
  @ApiProperty({ enum: SHARED_RESOURCE_KINDS })
  kind: SharedResourceKind;
  resourceId: string;
  /** The resource's name when it was shared. */
  name: string;
  sharedById: string;
  /** ISO 8601. */
  occurredAt: string;
}

export const COLLABORATION_DOMAIN_EVENTS = {
  'collaboration.message_sent': CollaborationMessageSentEventDto,
  'collaboration.mentioned': CollaborationMentionedEventDto,
  'collaboration.conversation_shared': ConversationSharedEventDto,
  'collaboration.resource_shared': ProjectResourceSharedEventDto,
};

declare module '../../../events/domain-events' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges this area's events into the map
  interface DomainEventMap extends EventPayloads<typeof COLLABORATION_DOMAIN_EVENTS> {}
}
