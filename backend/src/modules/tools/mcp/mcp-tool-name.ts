/** What every vendor accepts as a function name (OpenAI, Anthropic and Gemini agree on this). */
export const VENDOR_TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

const MAX_NAME = 64;
/** Keeps room for the tool's own name, which is what the model reads first. */
const MAX_SERVER_SLUG = 24;

function slug(text: string, max: number): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // é -> e rather than nothing
    .replace(/[^a-zA-Z0-9_-]+/g, '_')
    .replace(/_+/g, '_')
    // The trailing run is matched from its first character only: `[_-]+$` alone retries a long
    // `_-_-…` run that does not end the name from each of its characters (a server picks its names).
    .replace(/^[_-]+|(?<![_-])[_-]+$/g, '')
    .slice(0, max)
    .replace(/[_-]+$/, '');
}

/**
 * The name a model calls an MCP tool by: `<server-slug>__<tool>`, vendor-safe and cut to 64
 * characters. Two servers may both have a `search` tool, and a cut may make two names equal, so
 * a name already in `taken` gets a `_2`, `_3`, ... suffix; the name returned is added to `taken`.
 */
export function vendorToolName(serverName: string, toolName: string, taken: Set<string>): string {
  const server = slug(serverName.toLowerCase(), MAX_SERVER_SLUG) || 'mcp';
  const tool = slug(toolName, MAX_NAME) || 'tool';
  const base = `${server}__${tool}`.slice(0, MAX_NAME);
  let name = base;
  for (let n = 2; taken.has(name); n++) {
    const suffix = `_${n}`;
    name = `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
  }
  taken.add(name);
  return name;
}
