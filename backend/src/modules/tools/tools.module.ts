import { Module, OnModuleInit } from '@nestjs/common';
import { GenerationModule } from '../generation/generation.module';
import { PromptsModule } from '../prompts/prompts.module';
import { CalculatorTool } from './built-in/calculator.tool';
import { CurrentTimeTool } from './built-in/current-time.tool';
import { GenerateImageTool } from './built-in/generate-image.tool';
import { PromptLibraryTool } from './built-in/prompt-library.tool';
import { WebFetchTool } from './built-in/web-fetch.tool';
import { McpModule } from './mcp/mcp.module';
import { ToolRegistry } from './tool-registry';
import { ToolsController } from './tools.controller';
import { ToolsService } from './tools.service';

/** Tools agents act with: the registry, the built-ins, and each turn's toolbox (MCP tools included). */
@Module({
  imports: [GenerationModule, PromptsModule, McpModule],
  controllers: [ToolsController],
  providers: [ToolRegistry, ToolsService, CalculatorTool, CurrentTimeTool, WebFetchTool, GenerateImageTool, PromptLibraryTool],
  exports: [ToolRegistry, ToolsService],
})
export class ToolsModule implements OnModuleInit {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly calculator: CalculatorTool,
    private readonly currentTime: CurrentTimeTool,
    private readonly webFetch: WebFetchTool,
    private readonly generateImage: GenerateImageTool,
    private readonly promptLibrary: PromptLibraryTool,
  ) {}

  onModuleInit(): void {
    for (const tool of [this.calculator, this.currentTime, this.webFetch, this.generateImage, this.promptLibrary]) this.registry.register(tool);
  }
}
