import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, IsUrl, Length, MaxLength, ValidateIf } from 'class-validator';
import { Optional } from '../../../../common/validation';
import { PageDtoOf } from '../../../../common/pagination';
import type { McpServerStatus, McpTransport } from '../mcp-server.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const MCP_TRANSPORTS = ['http', 'stdio'] as const;
const MCP_STATUSES = ['unknown', 'ok', 'error'] as const;

export class CreateMcpServerDto {
  @IsString()
  @Transform(trim)
  @Length(1, 80, { message: 'name must be 1 to 80 characters' })
  name: string;

  /** `http` (default): a Streamable HTTP endpoint. `stdio`: a program Webox starts (admins only, when enabled). */
  @ApiPropertyOptional({ enum: MCP_TRANSPORTS })
  @Optional()
  @IsIn(MCP_TRANSPORTS, { message: `transport must be one of ${MCP_TRANSPORTS.join(', ')}` })
  transport?: McpTransport;

  /** The server's MCP endpoint, e.g. `https://mcp.example.com/mcp`. Required for http servers. */
  @ValidateIf((dto: CreateMcpServerDto) => dto.transport !== 'stdio' || dto.url !== undefined)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url?: string;

  /** Sent as `Authorization: Bearer <token>`; stored encrypted and never shown again. */
  @Optional()
  @IsString()
  @Length(1, 4000, { message: 'token must be 1 to 4000 characters' })
  token?: string;

  /** Off: agents cannot use its tools (default on). */
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateMcpServerDto {
  @Optional()
  @IsString()
  @Transform(trim)
  @Length(1, 80, { message: 'name must be 1 to 80 characters' })
  name?: string;

  @Optional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url?: string;

  /** A new token; `null` removes it. */
  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((dto: UpdateMcpServerDto) => dto.token !== null && dto.token !== undefined)
  @IsString()
  @Length(1, 4000, { message: 'token must be 1 to 4000 characters' })
  token?: string | null;

  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

/** What an admin may also set on a shared server. */
export class CreateSharedMcpServerDto extends CreateMcpServerDto {
  /** Skip the SSRF guard for this server (an intranet or loopback server the admin trusts). */
  @Optional()
  @IsBoolean()
  allowlisted?: boolean;

  /** The program to start, for stdio servers (e.g. `npx`). */
  @ValidateIf((dto: CreateSharedMcpServerDto) => dto.transport === 'stdio' || dto.command !== undefined)
  @IsString()
  @Length(1, 500, { message: 'command must be 1 to 500 characters' })
  command?: string;

  /** Its arguments, for stdio servers. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  args?: string[];
}

export class UpdateSharedMcpServerDto extends UpdateMcpServerDto {
  @Optional()
  @IsBoolean()
  allowlisted?: boolean;

  @Optional()
  @IsString()
  @Length(1, 500, { message: 'command must be 1 to 500 characters' })
  command?: string;

  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  args?: string[];
}

export class McpToolInfoDto {
  name: string;
  description: string;
  /** JSON Schema of the tool's arguments. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  inputSchema: Record<string, unknown>;
}

export class McpServerDto {
  id: string;
  name: string;
  @ApiProperty({ enum: MCP_TRANSPORTS })
  transport: McpTransport;
  url?: string;
  /** For stdio servers, shown to admins only. */
  command?: string;
  args?: string[];
  /** Shared by an admin with every user: read-only for users. */
  shared: boolean;
  /** Reached without the SSRF guard (set by an admin). */
  allowlisted: boolean;
  enabled: boolean;
  /** A token is stored (it is never shown). */
  hasToken: boolean;
  /** `unknown` until first checked; `error` with `lastError` when the last check failed. */
  @ApiProperty({ enum: MCP_STATUSES })
  status: McpServerStatus;
  lastError?: string;
  /** The tools at the last successful check. */
  @ApiProperty({ type: [McpToolInfoDto] })
  tools: McpToolInfoDto[];
  checkedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export class McpServerPageDto extends PageDtoOf(McpServerDto) {}

/** A tool an agent may enable, as `ref` in its tool list. */
export class McpToolDto {
  /** `mcp:<serverId>:<toolName>`: what an agent stores. */
  ref: string;
  serverId: string;
  serverName: string;
  shared: boolean;
  name: string;
  description: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  inputSchema: Record<string, unknown>;
}

/** How this Webox runs MCP servers, set by its operator: what the admin page may offer. */
export class McpSettingsDto {
  /** Admins may add stdio servers (`WEBOX_MCP_STDIO=true`). */
  stdioEnabled: boolean;
  /** Connecting to a server and listing its tools are each bounded by this (`WEBOX_MCP_TIMEOUT_MS`). */
  timeoutMs: number;
}
