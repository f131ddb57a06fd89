import { Module, OnModuleInit } from '@nestjs/common';
import { CalculatorTool } from './built-in/calculator.tool';
import { CurrentTimeTool } from './built-in/current-time.tool';
import { WebFetchTool } from './built-in/web-fetch.tool';
import { McpModule } from './mcp/mcp.module';
import { ToolRegistry } from './tool-registry';
import { ToolsController } from './tools.controller';
import { ToolsService } from './tools.service';

/**
 * Tools agents act with: the registry, the general built-ins, and each turn's toolbox (MCP tools
 * included). Areas register their own tools in the registry (see `ToolRegistry`).
 */
@Module({
  imports: [McpModule],
  controllers: [ToolsController],
  providers: [ToolRegistry, ToolsService, CalculatorTool, CurrentTimeTool, WebFetchTool],
  exports: [ToolRegistry, ToolsService],
})
export class ToolsModule implements OnModuleInit {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly calculator: CalculatorTool,
    private readonly currentTime: CurrentTimeTool,
    private readonly webFetch: WebFetchTool,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.calculator, { order: 10 });
    this.registry.register(this.currentTime, { order: 20 });
    this.registry.register(this.webFetch, { order: 30 });
  }
}
