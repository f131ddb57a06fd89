import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../../ai/ai.module';
import { MediaModule } from '../media/media.module';
import { ToolRegistry } from '../tools/tool-registry';
import { ToolsModule } from '../tools/tools.module';
import { ChunkIndex } from './chunk-index';
import { KnowledgeChunk } from './knowledge-chunk.entity';
import { KnowledgeCollection } from './knowledge-collection.entity';
import { KnowledgeFile } from './knowledge-file.entity';
import { KnowledgeIndexProcessor } from './knowledge-index.processor';
import { KnowledgeSearchTool } from './knowledge-search.tool';
import { KnowledgeController } from './knowledge.controller';
import { KnowledgeService } from './knowledge.service';

/** Knowledge collections of the user's documents: indexing, search, and the `knowledge_search` tool. */
@Module({
  imports: [TypeOrmModule.forFeature([KnowledgeCollection, KnowledgeFile, KnowledgeChunk]), AiModule, MediaModule, ToolsModule],
  controllers: [KnowledgeController],
  providers: [KnowledgeService, ChunkIndex, KnowledgeIndexProcessor, KnowledgeSearchTool],
  exports: [KnowledgeService, KnowledgeSearchTool],
})
export class KnowledgeModule implements OnModuleInit {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly searchTool: KnowledgeSearchTool,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.searchTool, { order: 40 });
  }
}
