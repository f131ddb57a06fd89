import { Injectable } from '@nestjs/common';
import type { Tool } from './tool';

/** What every vendor accepts as a function name (the strictest rule of them all). */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Where `GET /api/tools` lists a tool among the built-ins: lower first, ties by name, tools without
 * one last. The tools module's own take 10-30; each area takes the next free ten (knowledge 40,
 * generation 50, prompts 60), so the list keeps its order whatever order modules start in.
 */
export interface ToolListing {
  order?: number;
}

/**
 * The tools Webox itself offers, by name. The tools module registers its built-ins; an area
 * registers its own in `onModuleInit` (knowledge `knowledge_search`, generation `generate_image`,
 * prompts `prompt_library`), so this module knows the interface and not the areas. MCP tools are
 * not here: they are opened per turn, per user.
 */
@Injectable()
export class ToolRegistry {
  private readonly tools = new Map<string, { tool: Tool; order: number }>();

  register(tool: Tool, listing: ToolListing = {}): void {
    if (!TOOL_NAME.test(tool.name)) throw new Error(`Tool name "${tool.name}" must match ${TOOL_NAME}`);
    if (this.tools.has(tool.name)) throw new Error(`A tool named "${tool.name}" is already registered`);
    this.tools.set(tool.name, { tool, order: listing.order ?? Number.MAX_SAFE_INTEGER });
  }

  get(name: string): Tool | undefined {
    return this.tools.get(name)?.tool;
  }

  /** Every registered tool, in listing order. */
  builtIns(): Tool[] {
    return [...this.tools.values()].sort((a, b) => a.order - b.order || a.tool.name.localeCompare(b.tool.name)).map((entry) => entry.tool);
  }
}
