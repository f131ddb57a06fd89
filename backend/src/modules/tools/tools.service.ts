import { Injectable, Logger } from '@nestjs/common';
import { AuthUser } from '../../common/auth.decorators';
import { redactUrlsIn } from '../../common/redact';
import { DomainError, FieldProblem } from '../../common/domain-error';
import { AppConfig } from '../../config/app-config';
import { McpService, type McpToolRef } from './mcp/mcp.service';
import { ToolCatalogDto } from './dto/tool-catalog.dto';
import type { OpenedTools, Tool } from './tool';
import { ToolRegistry } from './tool-registry';
import { Toolbox, ToolRunner } from './toolbox';
import { ToolErrorCode } from './tools.errors';
import { toBuiltInToolDto } from './tools.mapper';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `mcp:<serverId>:<toolName>` -> its parts (the tool name may itself hold colons). */
export function parseMcpRef(name: string): McpToolRef | undefined {
  const match = /^mcp:([^:]+):(.+)$/.exec(name);
  return match ? { serverId: match[1]!, toolName: match[2]! } : undefined;
}

/**
 * The tools agents act with: what the agent editor lists, what an agent may save, and the toolbox
 * of one chat turn (built-ins from the registry, MCP tools opened for the turn).
 */
@Injectable()
export class ToolsService {
  private readonly logger = new Logger('Tools');

  constructor(
    private readonly registry: ToolRegistry,
    private readonly mcp: McpService,
    private readonly config: AppConfig,
  ) {}

  async catalog(user: AuthUser): Promise<ToolCatalogDto> {
    return {
      builtIns: this.registry.builtIns().map(toBuiltInToolDto),
      mcp: await this.mcp.listTools(user),
    };
  }

  /**
   * For saving an agent: every name is a built-in tool or an MCP tool of a server the user can
   * see. A 400 names each bad entry (`tools.2`); another user's server reads as unknown.
   */
  async checkSelection(user: AuthUser, names: readonly string[], field: string): Promise<void> {
    const problems: FieldProblem[] = [];
    const visible = new Map<string, Promise<boolean>>();
    for (const [index, name] of names.entries()) {
      const at = `${field}.${index}`;
      if (name.startsWith('mcp:')) {
        const ref = parseMcpRef(name);
        if (!ref) problems.push({ field: at, message: `"${name}" is not an MCP tool reference (mcp:<serverId>:<toolName>)` });
        else {
          if (!visible.has(ref.serverId)) visible.set(ref.serverId, this.canSee(user, ref.serverId));
          if (!(await visible.get(ref.serverId))) problems.push({ field: at, message: `unknown MCP server ${ref.serverId}` });
        }
      } else if (!this.registry.get(name)) {
        problems.push({ field: at, message: `unknown tool "${name}"; the built-in tools are ${this.registry.builtIns().map((tool) => tool.name).join(', ')}` });
      }
    }
    if (problems.length) throw new DomainError('invalid', ToolErrorCode.UNKNOWN_TOOL, `${problems[0]!.field}: ${problems[0]!.message}`, problems);
  }

  /**
   * The toolbox of one chat turn. What cannot be offered (a built-in this server lacks, an MCP
   * server that is down) is listed in `unavailable` and the turn goes on without it.
   */
  async open(user: AuthUser, enabled: readonly string[], signal: AbortSignal): Promise<Toolbox> {
    const tools: Tool[] = [];
    const unavailable: Toolbox['unavailable'] = [];
    const refs: McpToolRef[] = [];
    for (const name of new Set(enabled)) {
      if (name.startsWith('mcp:')) {
        const ref = parseMcpRef(name);
        if (ref) refs.push(ref);
        else unavailable.push({ tool: name, reason: 'not an MCP tool reference' });
        continue;
      }
      const tool = this.registry.get(name);
      if (tool) tools.push(tool);
      else unavailable.push({ tool: name, reason: 'unknown tool' });
    }

    let opened: OpenedTools | undefined;
    if (refs.length) {
      try {
        opened = await this.mcp.toolsFor(user, refs, signal);
      } catch (error) {
        this.logger.warn(`Could not open MCP tools: ${redactUrlsIn((error as Error).message)}`);
        for (const ref of refs) unavailable.push({ tool: `mcp:${ref.serverId}:${ref.toolName}`, reason: 'the MCP tools could not be opened' });
      }
    }
    if (opened) {
      const taken = new Set(tools.map((tool) => tool.name));
      for (const tool of opened.tools) {
        // MCP names are made unique among themselves; a clash with a built-in must not shadow it.
        if (taken.has(tool.name)) unavailable.push({ tool: tool.name, reason: `its name clashes with another tool of this turn` });
        else {
          taken.add(tool.name);
          tools.push(tool);
        }
      }
      unavailable.push(...opened.unavailable);
    }
    return new ToolRunner(tools, unavailable, { timeoutMs: this.config.toolTimeoutMs, logger: this.logger, close: async () => opened?.close() });
  }

  private async canSee(user: AuthUser, serverId: string): Promise<boolean> {
    if (!UUID.test(serverId)) return false;
    try {
      await this.mcp.get(user, serverId);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return false;
      throw error;
    }
  }
}
