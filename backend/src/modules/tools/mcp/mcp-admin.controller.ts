import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ParseIdPipe } from '../../../common/parse-id.pipe';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '../../../common/auth.decorators';
import { PageQueryDto } from '../../../common/pagination';
import { CreateSharedMcpServerDto, McpServerDto, McpServerPageDto, McpSettingsDto, UpdateSharedMcpServerDto } from './dto/mcp-server.dto';
import { McpService } from './mcp.service';

const uuid = new ParseIdPipe();

/** MCP servers an admin shares with every user: may be allow-listed (private addresses) or stdio. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/mcp-servers')
export class McpAdminController {
  constructor(private readonly mcp: McpService) {}

  @Get()
  @ApiOperation({ summary: 'MCP servers shared with every user (admins only)' })
  listSharedMcpServers(@Query() query: PageQueryDto): Promise<McpServerPageDto> {
    return this.mcp.listShared(query);
  }

  // Before the `:id` routes, so `settings` is never read as an id.
  @Get('settings')
  @ApiOperation({ summary: 'How this Webox runs MCP servers: whether stdio servers are allowed, and the connection timeout (admins only)' })
  getMcpSettings(): McpSettingsDto {
    return this.mcp.settings();
  }

  @Post()
  @ApiOperation({ summary: 'Share an MCP server with every user: http (optionally allow-listed) or stdio (when WEBOX_MCP_STDIO is on)' })
  createSharedMcpServer(@CurrentActor() actor: Actor, @Body() dto: CreateSharedMcpServerDto): Promise<McpServerDto> {
    return this.mcp.createShared(dto, actor);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a shared MCP server' })
  updateSharedMcpServer(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() dto: UpdateSharedMcpServerDto): Promise<McpServerDto> {
    return this.mcp.updateShared(id, dto, actor);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a shared MCP server' })
  deleteSharedMcpServer(@CurrentActor() actor: Actor, @Param('id', uuid) id: string): Promise<void> {
    return this.mcp.deleteShared(id, actor);
  }

  @Post(':id/refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Connect to a shared MCP server now (also a disabled one) and list its tools' })
  refreshSharedMcpServer(@Param('id', uuid) id: string): Promise<McpServerDto> {
    return this.mcp.refreshShared(id);
  }
}
