import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../../ai/ai.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { MediaModule } from '../media/media.module';
import { ToolsModule } from '../tools/tools.module';
import { ChatMessage } from './chat-message.entity';
import { ChatController } from './chat.controller';
import { Conversation } from './conversation.entity';
import { ConversationsService } from './conversations.service';
import { ChatRepliesService } from './turns/chat-replies.service';
import { ChatTurnsService } from './turns/chat-turns.service';
import { ChatAttachmentsService } from './turns/chat-attachments.service';

@Module({
  imports: [TypeOrmModule.forFeature([Conversation, ChatMessage]), AiModule, ToolsModule, KnowledgeModule, MediaModule],
  controllers: [ChatController],
  providers: [ConversationsService, ChatTurnsService, ChatRepliesService, ChatAttachmentsService],
  exports: [ChatTurnsService],
})
export class ChatModule {}
