import { ApiProperty } from '@nestjs/swagger';
import { McpToolDto } from '../mcp/dto/mcp-server.dto';

export class BuiltInToolDto {
  /** What an agent stores to enable it (`calculator`, `web_fetch`, ...). */
  name: string;
  /** What the model is told the tool does. */
  description: string;
  /** The tool's arguments, as a JSON Schema. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  parameters: Record<string, unknown>;
}

/** What the agent editor offers: Webox's own tools, and the MCP tools of the servers the user can use. */
export class ToolCatalogDto {
  @ApiProperty({ type: [BuiltInToolDto] })
  builtIns: BuiltInToolDto[];
  /** From each server's last check; an agent stores a tool's `ref` (`mcp:<serverId>:<toolName>`). */
  @ApiProperty({ type: [McpToolDto] })
  mcp: McpToolDto[];
}
