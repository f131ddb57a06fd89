import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ParseIdPipe } from '../../../common/parse-id.pipe';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../../common/auth.decorators';
import { PageQueryDto } from '../../../common/pagination';
import { CreateMcpServerDto, McpServerDto, McpServerPageDto, McpToolDto, UpdateMcpServerDto } from './dto/mcp-server.dto';
import { McpService } from './mcp.service';

const uuid = new ParseIdPipe();

@ApiTags('mcp')
@ApiBearerAuth()
@Controller('mcp')
export class McpController {
  constructor(private readonly mcp: McpService) {}

  @Get('servers')
  @ApiOperation({ summary: 'My MCP servers and the ones an admin shares (read-only, marked shared)' })
  listMcpServers(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<McpServerPageDto> {
    return this.mcp.list(user, query);
  }

  @Post('servers')
  @ApiOperation({ summary: 'Add an MCP server (Streamable HTTP); it is checked once, and kept even when the check fails' })
  createMcpServer(@CurrentUser() user: AuthUser, @Body() dto: CreateMcpServerDto): Promise<McpServerDto> {
    return this.mcp.create(user, dto);
  }

  @Get('servers/:id')
  @ApiOperation({ summary: 'One MCP server with its status and tools' })
  getMcpServer(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<McpServerDto> {
    return this.mcp.get(user, id);
  }

  @Patch('servers/:id')
  @ApiOperation({ summary: 'Change one of my MCP servers (a new URL or token is checked again)' })
  updateMcpServer(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UpdateMcpServerDto): Promise<McpServerDto> {
    return this.mcp.update(user, id, dto);
  }

  @Delete('servers/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete one of my MCP servers' })
  deleteMcpServer(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.mcp.delete(user, id);
  }

  @Post('servers/:id/refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Connect to an MCP server now and list its tools: answers its status and tools' })
  refreshMcpServer(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<McpServerDto> {
    return this.mcp.refreshVisible(user, id);
  }

  @Get('tools')
  @ApiOperation({ summary: 'Every tool of my enabled MCP servers and the shared ones, as agents refer to them' })
  listMcpTools(@CurrentUser() user: AuthUser): Promise<McpToolDto[]> {
    return this.mcp.listTools(user);
  }
}
