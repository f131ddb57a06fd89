import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SharedResources } from '../../common/shared-resources';
import { Seeder } from '../../database/seeder';
import { ToolRegistry } from '../tools/tool-registry';
import { ToolsModule } from '../tools/tools.module';
import { builtInPromptsSeed } from './built-in-prompts.seed';
import { PromptFavorite } from './prompt-favorite.entity';
import { PromptLibraryTool } from './prompt-library.tool';
import { Prompt } from './prompt.entity';
import { PromptsController } from './prompts.controller';
import { PromptsService } from './prompts.service';

/** The prompt library with its built-in prompts, and the `prompt_library` tool. */
@Module({
  imports: [TypeOrmModule.forFeature([Prompt, PromptFavorite]), ToolsModule],
  controllers: [PromptsController],
  providers: [PromptsService, PromptLibraryTool],
  exports: [PromptsService],
})
export class PromptsModule implements OnModuleInit {
  constructor(
    private readonly seeder: Seeder,
    private readonly tools: ToolRegistry,
    private readonly promptLibrary: PromptLibraryTool,
    private readonly shared: SharedResources,
    private readonly prompts: PromptsService,
  ) {}

  onModuleInit(): void {
    this.seeder.register(builtInPromptsSeed);
    this.tools.register(this.promptLibrary, { order: 60 });
    this.shared.registerKind({ kind: 'prompt', find: (ids) => this.prompts.shareable(ids) });
  }
}
