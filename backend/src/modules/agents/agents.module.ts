import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../../ai/ai.module';
import { SharedResources } from '../../common/shared-resources';
import { Seeder } from '../../database/seeder';
import { ChatModule } from '../chat/chat.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { ToolsModule } from '../tools/tools.module';
import { Agent } from './agent.entity';
import { AgentsController } from './agents.controller';
import { AssistantsController } from './assistants.controller';
import { AgentsService } from './agents.service';
import { builtInAgentsSeed } from './built-in-agents.seed';

@Module({
  imports: [TypeOrmModule.forFeature([Agent]), AiModule, ChatModule, ToolsModule, KnowledgeModule],
  controllers: [AgentsController, AssistantsController],
  providers: [AgentsService],
  exports: [AgentsService],
})
export class AgentsModule implements OnModuleInit {
  constructor(
    private readonly seeder: Seeder,
    private readonly shared: SharedResources,
    private readonly agents: AgentsService,
  ) {}

  onModuleInit(): void {
    this.seeder.register(builtInAgentsSeed);
    this.shared.registerKind({ kind: 'agent', find: (ids) => this.agents.shareable(ids) });
  }
}
