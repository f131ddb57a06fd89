import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RealtimeModule } from '../../realtime/realtime.module';
import { User } from '../auth/user.entity';
import { CollaborationAccess } from './collaboration-access.service';
import { CollaborationMessagesService } from './collaboration-messages.service';
import { CollaborationNotificationsService } from './collaboration-notifications.service';
import { CollaborationPresenceService } from './collaboration-presence.service';
import { CollaborationProjectsService } from './collaboration-projects.service';
import { CollaborationReads } from './collaboration-reads.service';
import { CollabChannel, CollabMessage, CollabNotification, CollabProject, CollabProjectMember, CollabProjectShare } from './collaboration.entities';
import { ProjectSharesService } from './project-shares.service';
import { CollaborationController } from './collaboration.controller';
import { CollaborationGateway } from './collaboration.gateway';
import { ChatModule } from '../chat/chat.module';
import { MediaModule } from '../media/media.module';
import { ConversationShare, ConversationShareLink } from './conversation-share.entities';
import { ConversationSharesController } from './conversation-shares.controller';
import { ConversationSharesService } from './conversation-shares.service';
import { PublicConversationsController } from './public-conversations.controller';

/** Collaboration (issue 27): projects with roles and a channel, direct messages, threads, mentions, read markers, presence, notifications, live over the socket (sending too); chat conversations shared with users and projects, and by public link; media folders, prompts and agents shared with projects. */
@Module({
  imports: [TypeOrmModule.forFeature([CollabProject, CollabProjectMember, CollabChannel, CollabMessage, CollabNotification, CollabProjectShare, ConversationShare, ConversationShareLink, User]), RealtimeModule, ChatModule, MediaModule],
  controllers: [CollaborationController, ConversationSharesController, PublicConversationsController],
  providers: [CollaborationAccess, CollaborationReads, CollaborationProjectsService, CollaborationMessagesService, CollaborationNotificationsService, CollaborationPresenceService, CollaborationGateway, ConversationSharesService, ProjectSharesService],
})
export class CollaborationModule {}
