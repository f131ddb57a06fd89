import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsDateString, IsIn, IsUUID } from 'class-validator';
import { Optional } from '../../../common/validation';
import { SHARE_PERMISSIONS, type SharePermission } from '../../chat/sharing/conversation-grants';

/** The most users one request shares with. */
export const MAX_SHARE_USERS = 50;
const PERMISSION_MESSAGE = `permission must be one of ${SHARE_PERMISSIONS.join(', ')}`;

export class ShareConversationDto {
  /** One of my chat conversations. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'conversationId must be an id' })
  conversationId: string;

  /** Users to share it with (existing, active users; not me). Give this and/or `projectId`. */
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_SHARE_USERS })
  @Optional()
  @IsArray({ message: 'userIds must be a list of user ids' })
  @ArrayMaxSize(MAX_SHARE_USERS, { message: `userIds takes at most ${MAX_SHARE_USERS} users` })
  @ArrayUnique({ message: 'userIds must not repeat a user' })
  @IsUUID('all', { each: true, message: 'each of userIds must be an id' })
  userIds?: string[];

  /** A project I am a member of: every member (present and future) gets access. */
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'projectId must be an id' })
  projectId?: string;

  /** `read`: open and watch it; `continue`: also send new turns (on the recipient's own keys and budget). Sharing again with someone changes their permission. */
  @ApiProperty({ enum: SHARE_PERMISSIONS })
  @IsIn(SHARE_PERMISSIONS, { message: PERMISSION_MESSAGE })
  permission: SharePermission;
}

export class SharePermissionDto {
  @ApiProperty({ enum: SHARE_PERMISSIONS })
  @IsIn(SHARE_PERMISSIONS, { message: PERMISSION_MESSAGE })
  permission: SharePermission;
}

export class CreateShareLinkDto {
  /** When the link stops working (ISO 8601, in the future); none: until revoked. */
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @Optional({ nullable: true })
  @IsDateString({}, { message: 'expiresAt must be an ISO 8601 date' })
  expiresAt?: string | null;
}

export class ConversationShareDto {
  id: string;
  conversationId: string;
  /** The user it is shared with; null for a project. */
  @ApiProperty({ type: String, nullable: true })
  userId: string | null;
  /** The project it is shared with; null for a user. */
  @ApiProperty({ type: String, nullable: true })
  projectId: string | null;
  /** The user's or the project's name. */
  name: string;
  /** The user's e-mail; null for a project. */
  @ApiProperty({ type: String, nullable: true })
  email: string | null;
  @ApiProperty({ enum: SHARE_PERMISSIONS })
  permission: SharePermission;
  createdAt: Date;
}

/** A public link as its owner sees it later: the token is shown only when the link is made. */
export class ShareLinkDto {
  @ApiProperty({ type: Date, nullable: true })
  expiresAt: Date | null;
  createdAt: Date;
}

export class CreatedShareLinkDto extends ShareLinkDto {
  /** The token, shown this once (stored hashed): the page is `/shared/{token}`, the data `GET /api/public/conversations/{token}`. */
  token: string;
}

export class ConversationSharesDto {
  conversationId: string;
  @ApiProperty({ type: [ConversationShareDto] })
  shares: ConversationShareDto[];
  /** The public link, if one is active. */
  @ApiProperty({ type: ShareLinkDto, nullable: true })
  link: ShareLinkDto | null;
}

/** A message of a public snapshot: no ids, no costs, no one's e-mail. */
export class PublicMessageDto {
  @ApiProperty({ enum: ['user', 'assistant'] })
  role: 'user' | 'assistant';
  /** `merged` for a turn's merged answer. */
  @ApiProperty({ enum: ['reply', 'merged'] })
  kind: 'reply' | 'merged';
  /** The turn it belongs to (1, 2, ...): replies of one turn are its columns. */
  turn: number;
  /** The model's name, for a reply. */
  @ApiProperty({ type: String, nullable: true })
  modelName: string | null;
  /** Markdown. */
  content: string;
  @ApiProperty({ enum: ['complete', 'error', 'stopped', 'streaming'] })
  status: string;
  createdAt: Date;
}

export class PublicConversationDto {
  title: string;
  createdAt: Date;
  @ApiProperty({ type: [PublicMessageDto] })
  messages: PublicMessageDto[];
}
