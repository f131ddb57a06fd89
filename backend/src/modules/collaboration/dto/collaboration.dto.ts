import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEmail, IsIn, IsInt, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { Optional } from '../../../common/validation';
import { NOTIFICATION_KINDS, PRESENCE_STATUSES, PROJECT_ROLES, type NotificationKind, type PresenceStatus, type ProjectRole } from '../collaboration.entities';
import { PageDtoOf } from '../../../common/pagination';
import { MEDIA_KINDS, type MediaKind } from '../../media/media-types';

export const MAX_MESSAGE_CHARS = 10_000;
/** The most files one message carries. */
export const MAX_MESSAGE_ATTACHMENTS = 10;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const ROLE_MESSAGE = `role must be one of ${PROJECT_ROLES.join(', ')}`;

export class ProjectInputDto {
  @IsString()
  @Transform(trim)
  @Length(1, 80, { message: 'name must be 1 to 80 characters' })
  name: string;
}

export class AddProjectMemberDto {
  /** The e-mail of an existing user of this Webox. */
  @IsString()
  @Transform(trim)
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  @ApiPropertyOptional({ enum: PROJECT_ROLES, default: 'editor' })
  @Optional()
  @IsIn(PROJECT_ROLES, { message: ROLE_MESSAGE })
  role?: ProjectRole;
}

export class ProjectMemberRoleDto {
  @ApiProperty({ enum: PROJECT_ROLES })
  @IsIn(PROJECT_ROLES, { message: ROLE_MESSAGE })
  role: ProjectRole;
}

export class SendMessageDto {
  /** A project's channel; give this or `recipientId`. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'channelId must be an id' })
  channelId?: string;

  /** A user, for a direct message; give this or `channelId`. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'recipientId must be an id' })
  recipientId?: string;

  /**
   * Markdown, 1 to 10,000 characters. `@name` or `@e-mail-local-part` of a member notifies them.
   * May be empty (or absent) when the message carries attachments.
   */
  @ApiPropertyOptional({ maxLength: MAX_MESSAGE_CHARS })
  @ValidateIf((dto: SendMessageDto) => !Array.isArray(dto.attachmentIds) || !dto.attachmentIds.length || (dto.text !== undefined && dto.text !== ''))
  @IsString()
  @Length(1, MAX_MESSAGE_CHARS, { message: `text must be 1 to ${MAX_MESSAGE_CHARS} characters` })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? '' : value))
  text?: string;

  /**
   * Files of the media library to attach (at most 10, in this order): the sender's own, or files of a
   * media folder shared with the channel's project. Every reader of the message can open them.
   */
  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, maxItems: MAX_MESSAGE_ATTACHMENTS })
  @Optional()
  @IsArray({ message: 'attachmentIds must be a list of media file ids' })
  @ArrayMaxSize(MAX_MESSAGE_ATTACHMENTS, { message: `attachmentIds holds at most ${MAX_MESSAGE_ATTACHMENTS} files` })
  @ArrayUnique({ message: 'attachmentIds names a file twice' })
  @IsUUID('all', { each: true, message: 'attachmentIds must be media file ids' })
  attachmentIds?: string[];

  /** The message this one answers, in the same conversation: the reply is listed in its thread. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'replyToId must be an id' })
  replyToId?: string;
}

export class EditMessageDto {
  @IsString()
  @Length(1, MAX_MESSAGE_CHARS, { message: `text must be 1 to ${MAX_MESSAGE_CHARS} characters` })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? '' : value))
  text: string;
}

export class MessageCursorQueryDto {
  /** Older than this message (newest first). */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'before must be a message id' })
  before?: string;

  /** Newer than this message, oldest first: what a client that reconnects missed. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'after must be a message id' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 30 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 30;
}

export class CollaboratorLookupQueryDto {
  @IsString()
  @Transform(trim)
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;
}

export class CollaboratorDto {
  id: string;
  name: string;
  email: string;
}

export class ProjectMemberDto {
  userId: string;
  name: string;
  email: string;
  @ApiProperty({ enum: PROJECT_ROLES })
  role: ProjectRole;
}

export class ProjectSummaryDto {
  id: string;
  name: string;
  /** My role in it. */
  @ApiProperty({ enum: PROJECT_ROLES })
  role: ProjectRole;
  channelId: string;
  memberCount: number;
  /** Messages of others in its channel (thread replies included) after my read marker. */
  unread: number;
  /** The channel's newest message (thread replies included): what to mark read. */
  @ApiProperty({ type: String, nullable: true })
  lastMessageId: string | null;
  createdAt: Date;
}

export class ProjectDto extends ProjectSummaryDto {
  members: ProjectMemberDto[];
}

/** Where a message is: a project's channel, or (both null) a direct conversation. */
export class CollaborationPlaceDto {
  /** The channel, for a channel message. */
  @ApiProperty({ type: String, nullable: true })
  channelId: string | null;
  @ApiProperty({ type: String, nullable: true })
  projectId: string | null;
}

/** A file attached to a message, as every reader of the message sees it. */
export class CollaborationAttachmentDto {
  /** The media file's id. */
  id: string;
  name: string;
  /** Detected from the content when it was uploaded. */
  mimeType: string;
  @ApiProperty({ enum: MEDIA_KINDS })
  kind: MediaKind;
  /** Bytes. */
  size: number;
  @ApiProperty({ type: Number, nullable: true })
  width: number | null;
  @ApiProperty({ type: Number, nullable: true })
  height: number | null;
  @ApiProperty({ type: Number, nullable: true })
  durationSeconds: number | null;
  /** Signed link to the bytes, valid for a few hours, handed only to readers of the message (served as the media library serves files: inline only for safe types, under a sandboxing CSP). */
  contentUrl: string;
  /** Signed link to the thumbnail (images, videos) when there is one. */
  @ApiProperty({ type: String, nullable: true })
  thumbnailUrl: string | null;
}

export class CollaborationMessageDto extends CollaborationPlaceDto {
  id: string;
  /** The other user, for a direct message. */
  @ApiProperty({ type: String, nullable: true })
  recipientId: string | null;
  senderId: string;
  senderName: string;
  /** Markdown as written; null once deleted. */
  @ApiProperty({ type: String, nullable: true })
  text: string | null;
  /** The thread's first message, for a reply. */
  @ApiProperty({ type: String, nullable: true })
  replyToId: string | null;
  /** Its files, in the sender's order (a file deleted from the library since is left out; none once the message is deleted). */
  @ApiProperty({ type: CollaborationAttachmentDto, isArray: true })
  attachments: CollaborationAttachmentDto[];
  /** Replies in its thread (0 for a reply). */
  replyCount: number;
  @ApiProperty({ type: Date, nullable: true })
  editedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  deletedAt: Date | null;
  createdAt: Date;
}

export class CollaborationMessagePageDto {
  @ApiProperty({ type: CollaborationMessageDto, isArray: true })
  items: CollaborationMessageDto[];
  /** More messages beyond the last one (older with `before` or none, newer with `after`). */
  hasMore: boolean;
}

export class DirectConversationDto {
  user: CollaboratorDto;
  unread: number;
  @ApiProperty({ type: String, nullable: true })
  lastMessageId: string | null;
  lastMessageAt: Date;
}

export class PresenceDto {
  userId: string;
  @ApiProperty({ enum: PRESENCE_STATUSES })
  status: PresenceStatus;
}

export class CollaborationNotificationDto {
  id: string;
  /** `message`: a new message in one of my conversations; `mention`: a message that mentions me; `share`: a chat conversation shared with me; `project_share`: a media folder, prompt or agent shared with one of my projects. */
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind: NotificationKind;
  /** Who did it (null once their account is gone). */
  @ApiProperty({ type: String, nullable: true })
  actorId: string | null;
  @ApiProperty({ type: String, nullable: true })
  actorName: string | null;
  @ApiProperty({ type: String, nullable: true })
  messageId: string | null;
  @ApiProperty({ type: String, nullable: true })
  channelId: string | null;
  @ApiProperty({ type: String, nullable: true })
  projectId: string | null;
  /** The chat conversation shared with me (kind `share`). */
  @ApiProperty({ type: String, nullable: true })
  conversationId: string | null;
  /** The message's first 200 characters, the shared conversation's title, or the shared resource's name. */
  excerpt: string;
  @ApiProperty({ type: Date, nullable: true })
  readAt: Date | null;
  createdAt: Date;
}

export class CollaborationNotificationPageDto extends PageDtoOf(CollaborationNotificationDto) {
  /** My unread notifications, all pages together: the sidebar's badge. */
  unread: number;
}

export class NotificationsReadDto {
  /** My unread notifications left. */
  unread: number;
}
