import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../../ai/ai.module';
import { ChatModule } from '../chat/chat.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { ToolsModule } from '../tools/tools.module';
import { Agent } from './agent.entity';
import { AgentsController } from './agents.controller';
import { AssistantsController } from './assistants.controller';
import { AgentsService } from './agents.service';

@Module({
  imports: [TypeOrmModule.forFeature([Agent]), AiModule, ChatModule, ToolsModule, KnowledgeModule],
  controllers: [AgentsController, AssistantsController],
  providers: [AgentsService],
  exports: [AgentsService],
})
export class AgentsModule {}
