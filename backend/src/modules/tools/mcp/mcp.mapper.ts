import type { McpSettings } from '../../../config/app-config';
import type { McpServerDto, McpSettingsDto, McpToolDto } from './dto/mcp-server.dto';
import { displayUrl } from './mcp-connection';
import type { McpServer, McpToolInfo } from './mcp-server.entity';

/** A server as a user sees it, or as an admin does (`forAdmin`: its full URL and command line). */
export function toServerDto(row: McpServer, forAdmin: boolean): McpServerDto {
  return {
    id: row.id,
    name: row.name,
    transport: row.transport,
    // A shared server's URL may carry the admin's key in its query: users see where it is, not how to use it.
    ...(row.url ? { url: forAdmin || row.ownerId !== null ? row.url : displayUrl(row.url) } : {}),
    // A command line may carry secrets (keys in arguments): only admins, who set it, see it.
    ...(forAdmin && row.command ? { command: row.command, args: row.args } : {}),
    shared: row.ownerId === null,
    allowlisted: row.allowlisted,
    enabled: row.enabled,
    hasToken: row.tokenEncrypted !== null,
    status: row.status,
    ...(row.lastError ? { lastError: row.lastError } : {}),
    tools: row.tools,
    ...(row.checkedAt ? { checkedAt: row.checkedAt } : {}),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** One tool of a server, with the reference an agent stores (`mcp:<serverId>:<toolName>`). */
export function toMcpToolDto(server: McpServer, tool: McpToolInfo): McpToolDto {
  return {
    ref: `mcp:${server.id}:${tool.name}`,
    serverId: server.id,
    serverName: server.name,
    shared: server.ownerId === null,
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema,
  };
}

export const toMcpSettingsDto = (settings: McpSettings): McpSettingsDto => ({ stdioEnabled: settings.stdio, timeoutMs: settings.timeoutMs });
