import { Injectable } from '@nestjs/common';
import { BUILT_IN_TOOL_NAMES, type Tool } from './tool';

/** What every vendor accepts as a function name (the strictest rule of them all). */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * The tools Webox itself offers, by name. The tools module registers its built-ins; other modules
 * register theirs in `onModuleInit` (knowledge registers `knowledge_search`). MCP tools are not
 * here: they are opened per turn, per user.
 */
@Injectable()
export class ToolRegistry {
  private readonly tools = new Map<string, Tool>();

  register(tool: Tool): void {
    if (!TOOL_NAME.test(tool.name)) throw new Error(`Tool name "${tool.name}" must match ${TOOL_NAME}`);
    if (this.tools.has(tool.name)) throw new Error(`A tool named "${tool.name}" is already registered`);
    this.tools.set(tool.name, tool);
  }

  get(name: string): Tool | undefined {
    return this.tools.get(name);
  }

  /** Every registered tool, the built-in names first in their documented order. */
  builtIns(): Tool[] {
    const order = (name: string) => {
      const index = (BUILT_IN_TOOL_NAMES as readonly string[]).indexOf(name);
      return index < 0 ? BUILT_IN_TOOL_NAMES.length : index;
    };
    return [...this.tools.values()].sort((a, b) => order(a.name) - order(b.name) || a.name.localeCompare(b.name));
  }
}
