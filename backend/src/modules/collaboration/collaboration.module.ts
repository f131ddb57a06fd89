import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RealtimeModule } from '../../realtime/realtime.module';
import { User } from '../auth/user.entity';
import { CollaborationAccess } from './collaboration-access.service';
import { CollaborationMessagesService } from './collaboration-messages.service';
import { CollaborationProjectsService } from './collaboration-projects.service';
import { CollaborationReads } from './collaboration-reads.service';
import { CollabChannel, CollabMessage, CollabProject, CollabProjectMember } from './collaboration.entities';
import { CollaborationController } from './collaboration.controller';
import { CollaborationGateway } from './collaboration.gateway';

/** Collaboration (issue 27, first slice): projects with roles and a channel, direct messages, threads, mentions, read markers, live over the socket. */
@Module({
  imports: [TypeOrmModule.forFeature([CollabProject, CollabProjectMember, CollabChannel, CollabMessage, User]), RealtimeModule],
  controllers: [CollaborationController],
  providers: [CollaborationAccess, CollaborationReads, CollaborationProjectsService, CollaborationMessagesService, CollaborationGateway],
})
export class CollaborationModule {}
