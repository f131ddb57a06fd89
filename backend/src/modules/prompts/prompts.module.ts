import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ToolRegistry } from '../tools/tool-registry';
import { ToolsModule } from '../tools/tools.module';
import { PromptFavorite } from './prompt-favorite.entity';
import { PromptLibraryTool } from './prompt-library.tool';
import { Prompt } from './prompt.entity';
import { PromptsController } from './prompts.controller';
import { PromptsService } from './prompts.service';

/** The prompt library, and the `prompt_library` tool. */
@Module({
  imports: [TypeOrmModule.forFeature([Prompt, PromptFavorite]), ToolsModule],
  controllers: [PromptsController],
  providers: [PromptsService, PromptLibraryTool],
  exports: [PromptsService],
})
export class PromptsModule implements OnModuleInit {
  constructor(
    private readonly tools: ToolRegistry,
    private readonly promptLibrary: PromptLibraryTool,
  ) {}

  onModuleInit(): void {
    this.tools.register(this.promptLibrary, { order: 60 });
  }
}
