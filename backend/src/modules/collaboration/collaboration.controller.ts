import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { PageQueryDto } from '../../common/pagination';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { CollaborationMessagesService } from './collaboration-messages.service';
import { CollaborationNotificationsService } from './collaboration-notifications.service';
import { CollaborationPresenceService } from './collaboration-presence.service';
import { CollaborationProjectsService } from './collaboration-projects.service';
import { ProjectShareDto, ShareWithProjectDto } from './dto/project-share.dto';
import { ProjectSharesService } from './project-shares.service';
import {
  AddProjectMemberDto,
  CollaborationMessageDto,
  CollaborationMessagePageDto,
  CollaborationNotificationPageDto,
  CollaboratorDto,
  CollaboratorLookupQueryDto,
  DirectConversationDto,
  EditMessageDto,
  MessageCursorQueryDto,
  NotificationsReadDto,
  PresenceDto,
  ProjectDto,
  ProjectInputDto,
  ProjectMemberRoleDto,
  ProjectSummaryDto,
  SendMessageDto,
} from './dto/collaboration.dto';

const uuid = new ParseIdPipe();

@ApiTags('collaboration')
@ApiBearerAuth()
@Controller('collaboration')
export class CollaborationController {
  constructor(
    private readonly projects: CollaborationProjectsService,
    private readonly messages: CollaborationMessagesService,
    private readonly presence: CollaborationPresenceService,
    private readonly notifications: CollaborationNotificationsService,
    private readonly shares: ProjectSharesService,
  ) {}

  @Get('projects')
  @ApiOperation({ summary: 'The projects I am a member of, with my role and what is unread in each channel' })
  listProjects(@CurrentUser() user: AuthUser): Promise<ProjectSummaryDto[]> {
    return this.projects.list(user);
  }

  @Post('projects')
  @ApiOperation({ summary: 'Create a project (I own it) with its channel' })
  createProject(@CurrentUser() user: AuthUser, @Body() dto: ProjectInputDto): Promise<ProjectDto> {
    return this.projects.create(user, dto);
  }

  @Get('projects/:id')
  @ApiOperation({ summary: 'A project of mine with its members' })
  getProject(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ProjectDto> {
    return this.projects.get(user, id);
  }

  @Patch('projects/:id')
  @ApiOperation({ summary: 'Rename a project (owners)' })
  renameProject(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: ProjectInputDto): Promise<ProjectDto> {
    return this.projects.rename(user, id, dto);
  }

  @Delete('projects/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a project with its channel and messages (owners)' })
  deleteProject(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.projects.delete(user, id);
  }

  @Post('projects/:id/members')
  @ApiOperation({ summary: 'Add an existing user, by e-mail, with a role (owners)' })
  addProjectMember(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: AddProjectMemberDto): Promise<ProjectDto> {
    return this.projects.addMember(user, id, dto);
  }

  @Patch('projects/:id/members/:userId')
  @ApiOperation({ summary: "Change a member's role (owners; a project keeps one owner)" })
  changeProjectMemberRole(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('userId', uuid) userId: string, @Body() dto: ProjectMemberRoleDto): Promise<ProjectDto> {
    return this.projects.changeRole(user, id, userId, dto.role);
  }

  @Delete('projects/:id/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a member (owners), or leave the project (my own id)' })
  removeProjectMember(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('userId', uuid) userId: string): Promise<void> {
    return this.projects.removeMember(user, id, userId);
  }

  @Get('projects/:id/shares')
  @ApiOperation({ summary: 'The media folders, prompts and agents shared with a project of mine' })
  listProjectShares(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ProjectShareDto[]> {
    return this.shares.list(user, id);
  }

  @Post('projects/:id/shares')
  @ApiOperation({ summary: 'Share one of my media folders, prompts or agents with a project (owners and editors; members read and use it)' })
  shareWithProject(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: ShareWithProjectDto): Promise<ProjectShareDto> {
    return this.shares.share(user, id, dto);
  }

  @Delete('projects/:id/shares/:shareId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Unshare (who shared it, or an owner of the project): members lose access at once' })
  unshareFromProject(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('shareId', uuid) shareId: string): Promise<void> {
    return this.shares.unshare(user, id, shareId);
  }

  @Get('contacts')
  @ApiOperation({ summary: 'People I share a project or a direct conversation with' })
  listCollaborators(@CurrentUser() user: AuthUser): Promise<CollaboratorDto[]> {
    return this.projects.contacts(user);
  }

  @Get('contacts/lookup')
  @ApiOperation({ summary: 'Find a user by exact e-mail address, to write to them' })
  lookupCollaborator(@CurrentUser() user: AuthUser, @Query() query: CollaboratorLookupQueryDto): Promise<CollaboratorDto> {
    return this.projects.lookup(user, query.email);
  }

  @Post('messages')
  @ApiOperation({ summary: 'Send a message to a channel or a user (Markdown), optionally as a reply in a thread' })
  @ApiTooManyRequestsResponse({ description: 'More messages than the flood limit allows (COLLAB_FLOOD_LIMITED); see Retry-After' })
  sendCollaborationMessage(@CurrentUser() user: AuthUser, @Body() dto: SendMessageDto): Promise<CollaborationMessageDto> {
    return this.messages.send(user, dto);
  }

  @Get('channels/:id/messages')
  @ApiOperation({ summary: "A channel's messages (threads aside): newest first, or oldest first after a cursor" })
  listChannelMessages(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: MessageCursorQueryDto): Promise<CollaborationMessagePageDto> {
    return this.messages.channelMessages(user, id, query);
  }

  @Get('direct')
  @ApiOperation({ summary: 'My direct conversations, most recent first, with what is unread' })
  listDirectConversations(@CurrentUser() user: AuthUser): Promise<DirectConversationDto[]> {
    return this.messages.directConversations(user);
  }

  @Get('direct/:userId/messages')
  @ApiOperation({ summary: 'My direct messages with a user (threads aside): newest first, or oldest first after a cursor' })
  listDirectMessages(@CurrentUser() user: AuthUser, @Param('userId', uuid) userId: string, @Query() query: MessageCursorQueryDto): Promise<CollaborationMessagePageDto> {
    return this.messages.directMessages(user, userId, query);
  }

  @Get('messages/:id/replies')
  @ApiOperation({ summary: "A message's thread: its replies, oldest first" })
  listMessageReplies(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<CollaborationMessageDto[]> {
    return this.messages.replies(user, id);
  }

  @Patch('messages/:id')
  @ApiOperation({ summary: 'Edit my message (shown as edited)' })
  editCollaborationMessage(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: EditMessageDto): Promise<CollaborationMessageDto> {
    return this.messages.edit(user, id, dto);
  }

  @Delete('messages/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete my message (shown as deleted, its text gone)' })
  deleteCollaborationMessage(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.messages.delete(user, id);
  }

  @Post('messages/:id/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Mark its conversation read up to this message' })
  markCollaborationRead(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.messages.markRead(user, id);
  }

  @Get('presence')
  @ApiOperation({ summary: 'The presence (online, away, offline) of me and the people I collaborate with' })
  listPresence(@CurrentUser() user: AuthUser): Promise<PresenceDto[]> {
    return this.presence.list(user.id);
  }

  @Get('notifications')
  @ApiOperation({ summary: 'My notifications (messages, mentions, shares), newest first, with my unread count' })
  listNotifications(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<CollaborationNotificationPageDto> {
    return this.notifications.list(user, query);
  }

  @Post('notifications/read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  markAllNotificationsRead(@CurrentUser() user: AuthUser): Promise<NotificationsReadDto> {
    return this.notifications.markAllRead(user);
  }

  @Post('notifications/:id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark a notification of mine read' })
  markNotificationRead(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<NotificationsReadDto> {
    return this.notifications.markRead(user, id);
  }
}
