import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { In, IsNull, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Actor, AuthUser } from '../../../common/auth.decorators';
import { AuditAction } from '../../audit/audit-actions';
import { AuditService } from '../../audit/audit.service';
import { DomainError, notFound } from '../../../common/domain-error';
import { Page, PageQueryDto, skipTake, toPage } from '../../../common/pagination';
import { SecretBox } from '../../../common/secret-box';
import { redactUrlsIn } from '../../../common/redact';
import { BlockedUrlError, checkStoredUrl, checkUrl, createSafeFetch, type FetchLike } from '../../../outbound/ssrf';
import { AppConfig } from '../../../config/app-config';
import type { OpenedTools, Tool } from '../tool';
import { CreateMcpServerDto, CreateSharedMcpServerDto, McpServerDto, McpSettingsDto, McpToolDto, UpdateMcpServerDto, UpdateSharedMcpServerDto } from './dto/mcp-server.dto';
import { connectMcp, displayUrl, explainMcpFailure, listMcpTools, type McpDeadline, type McpTarget } from './mcp-connection';
import { McpServer, McpToolInfo } from './mcp-server.entity';
import { vendorToolName } from './mcp-tool-name';
import { toToolOutput } from './mcp-tool-result';
import { CommonErrorCode, ErrorCode } from '../../../common/error-codes';
import { McpErrorCode } from './mcp.errors';
import { toMcpSettingsDto, toMcpToolDto, toServerDto } from './mcp.mapper';

/** One MCP tool an agent chose, as stored: `mcp:<serverId>:<toolName>`. */
export interface McpToolRef {
  serverId: string;
  toolName: string;
}

/** What a check of a server found, ready to store. */
type Check = Pick<McpServer, 'status' | 'lastError' | 'checkedAt'> & { tools?: McpToolInfo[] };

/** A tool call may take long (the turn's own limit bounds it through its signal); this is the backstop. */
const TOOL_CALL_TIMEOUT_MS = 120_000;
/** Each answer of a guarded server, tool results included, is read up to this size. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Bound to the sealed token, so a ciphertext copied to another row does not decrypt. */
const sealContext = (serverId: string) => `mcp-server:${serverId}`;

const fieldProblem = (field: string, message: string, code: ErrorCode = CommonErrorCode.VALIDATION_FAILED) =>
  new DomainError('invalid', code, code === CommonErrorCode.VALIDATION_FAILED ? `Invalid request: ${field}` : message, [{ field, message }]);

/** The SSRF guard refused the server's address: a 400 on `url`, saying who can lift it. */
const urlProblem = (error: BlockedUrlError) => fieldProblem('url', `${error.message} (only an admin can add a private server, as an allow-listed shared one)`, McpErrorCode.MCP_URL_BLOCKED);

/**
 * Model Context Protocol servers: users register their own, admins share some with everyone;
 * Webox lists their tools, and opens them for a chat turn. Every HTTP server is reached through
 * the SSRF guard unless an admin allow-listed it; stdio servers are admin-only and off by default.
 */
@Injectable()
export class McpService {
  private readonly logger = new Logger(McpService.name);
  /** For servers users choose: private addresses refused at every hop (bar the operator's allow-list). */
  private readonly guardedFetch: FetchLike;

  constructor(
    private readonly config: AppConfig,
    private readonly secrets: SecretBox,
    @InjectRepository(McpServer) private readonly servers: Repository<McpServer>,
    private readonly audit: AuditService,
  ) {
    this.guardedFetch = createSafeFetch({ timeoutMs: TOOL_CALL_TIMEOUT_MS, maxBytes: MAX_ANSWER_BYTES, allowlist: config.fetchAllowlist });
  }

  /** How this Webox runs MCP servers, for the admin's form. */
  settings(): McpSettingsDto {
    return toMcpSettingsDto(this.config.mcp);
  }

  // --- A user's servers (and the shared ones, read-only) ---

  async list(user: AuthUser, query: PageQueryDto): Promise<Page<McpServerDto>> {
    const result = await this.servers.findAndCount({ where: this.visibleTo(user), order: { createdAt: 'DESC' }, ...skipTake(query) });
    return toPage(result, query, (row) => toServerDto(row, false));
  }

  async get(user: AuthUser, id: string): Promise<McpServerDto> {
    return toServerDto(await this.findVisible(user, id), false);
  }

  async create(user: AuthUser, dto: CreateMcpServerDto): Promise<McpServerDto> {
    if (dto.transport === 'stdio') {
      throw new DomainError('forbidden', McpErrorCode.MCP_STDIO_ADMIN_ONLY, 'stdio MCP servers run a program on the Webox server: only an admin can add one (Administration → MCP servers)');
    }
    return toServerDto(await this.createRow(user.id, dto), false);
  }

  async update(user: AuthUser, id: string, dto: UpdateMcpServerDto): Promise<McpServerDto> {
    const row = await this.findOwned(user, id);
    return toServerDto(await this.applyChanges(row, dto), false);
  }

  async delete(user: AuthUser, id: string): Promise<void> {
    await this.servers.remove(await this.findOwned(user, id));
  }

  /** Checks a server the user can see now: connects, lists its tools, stores what it found. */
  async refreshVisible(user: AuthUser, id: string): Promise<McpServerDto> {
    return toServerDto(await this.refresh(await this.findVisible(user, id)), false);
  }

  /** Every tool of the user's enabled servers and of the enabled shared ones, from the last check. */
  async listTools(user: AuthUser): Promise<McpToolDto[]> {
    const rows = await this.servers.find({ where: this.visibleTo(user).map((where) => ({ ...where, enabled: true })), order: { name: 'ASC' } });
    return rows.flatMap((server) => server.tools.map((tool) => toMcpToolDto(server, tool)));
  }

  // --- Shared servers (admins) ---

  async listShared(query: PageQueryDto): Promise<Page<McpServerDto>> {
    const result = await this.servers.findAndCount({ where: { ownerId: IsNull() }, order: { createdAt: 'DESC' }, ...skipTake(query) });
    return toPage(result, query, (row) => toServerDto(row, true));
  }

  async createShared(dto: CreateSharedMcpServerDto, actor: Actor): Promise<McpServerDto> {
    const server = toServerDto(await this.createRow(null, dto), true);
    await this.audit.record({ action: AuditAction.MCP_SERVER_CREATED, actor, ip: actor.ip, details: { serverId: server.id, name: server.name, transport: server.transport } });
    return server;
  }

  async updateShared(id: string, dto: UpdateSharedMcpServerDto, actor: Actor): Promise<McpServerDto> {
    const server = toServerDto(await this.applyChanges(await this.findShared(id), dto), true);
    // The fields changed, never their values: a header or an environment variable may hold a secret.
    await this.audit.record({ action: AuditAction.MCP_SERVER_UPDATED, actor, ip: actor.ip, details: { serverId: id, name: server.name, fields: Object.keys(dto).filter((field) => dto[field as keyof typeof dto] !== undefined).sort().join(', ') } });
    return server;
  }

  async deleteShared(id: string, actor: Actor): Promise<void> {
    const row = await this.findShared(id);
    await this.servers.remove(row);
    await this.audit.record({ action: AuditAction.MCP_SERVER_DELETED, actor, ip: actor.ip, details: { serverId: id, name: row.name } });
  }

  async refreshShared(id: string): Promise<McpServerDto> {
    return toServerDto(await this.refresh(await this.findShared(id)), true);
  }

  // --- Checking servers and opening their tools ---

  /**
   * Connects, lists the tools and stores status, tools and time, or the error and why. A server
   * that is down, slow, or not an MCP server ends as `error` with a reason; this never throws
   * for the server's sake.
   */
  async refresh(server: McpServer): Promise<McpServer> {
    const check = await this.check(server);
    Object.assign(server, check);
    // Only the check's columns: an edit saved meanwhile is kept. (TypeORM's deep-partial type cannot
    // follow `Record<string, unknown>` inside jsonb; the value is plain JSON.)
    await this.servers.update(server.id, check as QueryDeepPartialEntity<McpServer>);
    return server;
  }

  /**
   * Opens the chosen MCP tools for one chat turn: one connection per server, all in parallel,
   * each within the MCP timeout. What cannot be opened (an unknown or disabled server, one that
   * fails, a tool it no longer has) is listed in `unavailable` with the reason, so the turn goes
   * on without it. `close()` ends every connection.
   */
  async toolsFor(user: AuthUser, refs: readonly McpToolRef[], signal: AbortSignal): Promise<OpenedTools> {
    const wanted = new Map<string, Set<string>>();
    for (const ref of refs) wanted.set(ref.serverId, (wanted.get(ref.serverId) ?? new Set()).add(ref.toolName));
    const ids = [...wanted.keys()].filter((id) => UUID.test(id));
    const rows = ids.length ? await this.servers.find({ where: this.visibleTo(user).map((where) => ({ ...where, id: In(ids) })) }) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));

    const clients: Client[] = [];
    const unavailable: OpenedTools['unavailable'] = [];
    const opened = await Promise.all(
      [...wanted].map(async ([serverId, toolNames]) => {
        const server = byId.get(serverId);
        const fail = (reason: string) => {
          for (const toolName of toolNames) unavailable.push({ tool: `mcp:${serverId}:${toolName}`, reason });
          return undefined;
        };
        if (!server) return fail('unknown MCP server');
        if (!server.enabled) return fail(`the MCP server "${server.name}" is turned off`);
        try {
          const deadline = { timeoutMs: this.config.mcp.timeoutMs, signal };
          const client = await connectMcp(this.target(server), this.config.version, deadline);
          clients.push(client);
          return { server, client, toolNames, listed: await listMcpTools(client, deadline) };
        } catch (error) {
          return fail(`the MCP server "${server.name}" is unavailable: ${this.explain(error, server)}`);
        }
      }),
    );

    const tools: Tool[] = [];
    const taken = new Set<string>();
    for (const entry of opened) {
      if (!entry) continue;
      for (const toolName of entry.toolNames) {
        const info = entry.listed.find((tool) => tool.name === toolName);
        if (!info) unavailable.push({ tool: `mcp:${entry.server.id}:${toolName}`, reason: `the MCP server "${entry.server.name}" no longer has a tool named ${toolName}` });
        else tools.push(this.toTool(entry.server, entry.client, info, vendorToolName(entry.server.name, info.name, taken)));
      }
    }
    return {
      tools,
      unavailable,
      close: async () => {
        await Promise.allSettled(clients.map((client) => client.close()));
      },
    };
  }

  private toTool(server: McpServer, client: Client, info: McpToolInfo, name: string): Tool {
    return {
      name,
      description: `[${server.name}] ${info.description || info.name}`,
      parameters: info.inputSchema,
      async run(args, context) {
        const result = await client.callTool({ name: info.name, arguments: args }, undefined, { signal: context.signal, timeout: TOOL_CALL_TIMEOUT_MS });
        return toToolOutput(info.name, result);
      },
    };
  }

  private async check(server: McpServer): Promise<Check> {
    return (await this.probe(server)).check;
  }

  /** A check, with the error behind a failed one (to tell the SSRF guard's refusal apart). */
  private async probe(server: McpServer): Promise<{ check: Check; error?: unknown }> {
    const checkedAt = new Date();
    let client: Client | undefined;
    try {
      const deadline: McpDeadline = { timeoutMs: this.config.mcp.timeoutMs };
      client = await connectMcp(this.target(server), this.config.version, deadline);
      const tools = await listMcpTools(client, deadline);
      return { check: { status: 'ok', lastError: null, tools, checkedAt } };
    } catch (error) {
      // The tools of the last good check are kept: a server down for a minute should not empty agents' lists.
      return { check: { status: 'error', lastError: this.explain(error, server), checkedAt }, error };
    } finally {
      await client?.close().catch(() => undefined);
    }
  }

  /** How to reach a server: its token opened, and the guarded fetch unless an admin allow-listed it. */
  private target(server: McpServer): McpTarget {
    if (server.transport === 'stdio') {
      if (!this.config.mcp.stdio) throw new StdioDisabledError();
      return { transport: 'stdio', command: server.command ?? '', args: server.args };
    }
    const token = server.tokenEncrypted ? this.secrets.open(server.tokenEncrypted, sealContext(server.id)) : undefined;
    return { transport: 'http', url: server.url ?? '', ...(token ? { token } : {}), ...(server.allowlisted ? {} : { fetch: this.guardedFetch }) };
  }

  private explain(error: unknown, server: McpServer): string {
    if (error instanceof StdioDisabledError) return error.message;
    const where = server.transport === 'stdio' ? `The command ${server.command ?? ''}` : displayUrl(server.url ?? '');
    // lastError and turn notes reach every user of a shared server, whose URL may carry the admin's key.
    const reason = redactUrlsIn(explainMcpFailure(error, where));
    this.logger.debug(`MCP server ${server.id}: ${reason}`);
    return reason;
  }

  // --- Creating and changing rows ---

  private async createRow(ownerId: string | null, dto: CreateSharedMcpServerDto): Promise<McpServer> {
    const transport = dto.transport ?? 'http';
    const row = this.servers.create({
      id: randomUUID(),
      ownerId,
      name: dto.name,
      transport,
      url: transport === 'http' ? (dto.url ?? null) : null,
      command: null,
      args: [],
      tokenEncrypted: null,
      allowlisted: dto.allowlisted ?? false,
      enabled: dto.enabled ?? true,
      status: 'unknown',
      lastError: null,
      tools: [],
      checkedAt: null,
    });
    if (transport === 'stdio') {
      this.assertStdioAllowed();
      row.command = dto.command ?? null;
      row.args = dto.args ?? [];
    } else if (dto.command !== undefined || dto.args !== undefined) {
      throw fieldProblem('command', 'command and args are for stdio servers only');
    }
    if (transport === 'http' && dto.token) row.tokenEncrypted = this.secrets.seal(dto.token, sealContext(row.id));
    // Checked before the row exists: a URL the guard refuses is a 400, not a stored server in error.
    if (row.enabled) await this.checkBeforeSaving(row);
    else this.assertUrlAllowed(row);
    return this.servers.save(row);
  }

  private async applyChanges(row: McpServer, dto: UpdateSharedMcpServerDto): Promise<McpServer> {
    // What changes how the server is reached (or turns it back on) is checked again before saving.
    const reconnect =
      (dto.url !== undefined && dto.url !== row.url) ||
      dto.token !== undefined ||
      dto.command !== undefined ||
      dto.args !== undefined ||
      (dto.allowlisted !== undefined && dto.allowlisted !== row.allowlisted) ||
      (dto.enabled === true && !row.enabled);
    if (row.transport === 'http' && (dto.command !== undefined || dto.args !== undefined)) {
      throw fieldProblem('command', 'command and args are for stdio servers only');
    }
    if (row.transport === 'stdio') {
      if (dto.url !== undefined || dto.token !== undefined) {
        throw fieldProblem('url', 'url and token are for http servers only');
      }
      if (dto.command !== undefined || dto.args !== undefined) this.assertStdioAllowed();
    }
    if (dto.name !== undefined) row.name = dto.name;
    if (dto.url !== undefined) row.url = dto.url;
    if (dto.token !== undefined) row.tokenEncrypted = dto.token === null ? null : this.secrets.seal(dto.token, sealContext(row.id));
    if (dto.command !== undefined) row.command = dto.command;
    if (dto.args !== undefined) row.args = dto.args;
    if (dto.allowlisted !== undefined) row.allowlisted = dto.allowlisted;
    if (dto.enabled !== undefined) row.enabled = dto.enabled;
    if (reconnect && row.enabled) await this.checkBeforeSaving(row);
    else if (dto.url !== undefined) this.assertUrlAllowed(row);
    return this.servers.save(row);
  }

  /** Connects with the new settings and keeps what it found; the SSRF guard refusing the address is a 400. */
  private async checkBeforeSaving(row: McpServer): Promise<void> {
    this.assertUrlAllowed(row);
    // Names of this machine (`*.localhost`) are refused even where DNS does not resolve them, as for provider base URLs.
    if (row.transport === 'http' && row.url && !row.allowlisted) await checkStoredUrl(row.url, { allowlist: this.config.fetchAllowlist }).catch((error: unknown) => {
      throw error instanceof BlockedUrlError ? urlProblem(error) : error;
    });
    const { check, error } = await this.probe(row);
    if (error instanceof BlockedUrlError) throw urlProblem(error);
    Object.assign(row, check);
  }

  /** Without DNS: a private address written in the URL is refused at once (`checkUrl`). */
  private assertUrlAllowed(row: McpServer): void {
    if (row.transport !== 'http' || !row.url) return;
    const url = new URL(row.url);
    if (url.username || url.password) throw fieldProblem('url', 'url must not contain a user name or password: give the credential as token');
    if (row.allowlisted) return;
    try {
      checkUrl(row.url, { allowlist: this.config.fetchAllowlist });
    } catch (error) {
      if (error instanceof BlockedUrlError) throw urlProblem(error);
      throw error;
    }
  }

  private assertStdioAllowed(): void {
    if (!this.config.mcp.stdio) throw new DomainError('invalid', McpErrorCode.MCP_STDIO_DISABLED, new StdioDisabledError().message);
  }

  // --- Finding rows ---

  /** The user's own servers, and the enabled shared ones. */
  private visibleTo(user: AuthUser) {
    return [{ ownerId: user.id }, { ownerId: IsNull(), enabled: true }];
  }

  private async findVisible(user: AuthUser, id: string): Promise<McpServer> {
    const row = await this.servers.findOne({ where: this.visibleTo(user).map((where) => ({ ...where, id })) });
    if (!row) throw notFound(McpErrorCode.MCP_SERVER_NOT_FOUND, 'MCP server');
    return row;
  }

  /** Shared servers are visible but read-only for users: 403; another user's server: 404. */
  private async findOwned(user: AuthUser, id: string): Promise<McpServer> {
    const row = await this.findVisible(user, id);
    if (row.ownerId !== user.id) throw new DomainError('forbidden', McpErrorCode.MCP_SERVER_SHARED, 'This MCP server is shared by an admin: only admins change it (Administration → MCP servers)');
    return row;
  }

  private async findShared(id: string): Promise<McpServer> {
    const row = await this.servers.findOne({ where: { id, ownerId: IsNull() } });
    if (!row) throw notFound(McpErrorCode.MCP_SERVER_NOT_FOUND, 'MCP server');
    return row;
  }
}

class StdioDisabledError extends Error {
  constructor() {
    super('stdio MCP servers are turned off on this Webox: the operator can allow them with WEBOX_MCP_STDIO=true');
  }
}
