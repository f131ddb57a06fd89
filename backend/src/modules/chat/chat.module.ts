import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../../ai/ai.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { MediaModule } from '../media/media.module';
import { ToolsModule } from '../tools/tools.module';
import { ChatMessage } from './chat-message.entity';
import { ChatMessageSpeech } from './chat-message-speech.entity';
import { MessageSpeechService } from './speech/message-speech.service';
import { ChatController } from './chat.controller';
import { Conversation } from './conversation.entity';
import { ConversationsService } from './conversations.service';
import { ChatPreset } from './presets/chat-preset.entity';
import { ChatPresetsController } from './presets/chat-presets.controller';
import { ChatPresetsService } from './presets/chat-presets.service';
import { ChatRepliesService } from './turns/chat-replies.service';
import { ChatTurnsService } from './turns/chat-turns.service';
import { ChatAttachmentsService } from './turns/chat-attachments.service';
import { RealtimeModule } from '../../realtime/realtime.module';
import { ConversationGrants } from './sharing/conversation-grants';
import { ChatWatchGateway } from './sharing/chat-watch.gateway';

@Module({
  imports: [TypeOrmModule.forFeature([Conversation, ChatMessage, ChatMessageSpeech, ChatPreset]), AiModule, ToolsModule, KnowledgeModule, MediaModule, RealtimeModule],
  controllers: [ChatPresetsController, ChatController],
  providers: [ConversationsService, ChatTurnsService, ChatRepliesService, MessageSpeechService, ChatPresetsService, ChatAttachmentsService, ConversationGrants, ChatWatchGateway],
  exports: [ChatTurnsService, ConversationsService, ConversationGrants],
})
export class ChatModule {}
