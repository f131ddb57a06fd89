import type * as ClientModule from '@modelcontextprotocol/sdk/client/index.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type * as StdioModule from '@modelcontextprotocol/sdk/client/stdio.js';
import type * as HttpModule from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type * as TypesModule from '@modelcontextprotocol/sdk/types.js';
import { FetchError } from '../../../outbound/ssrf';
import type { McpToolInfo } from './mcp-server.entity';

interface McpSdk {
  Client: typeof ClientModule.Client;
  StdioClientTransport: typeof StdioModule.StdioClientTransport;
  StreamableHTTPClientTransport: typeof HttpModule.StreamableHTTPClientTransport;
  StreamableHTTPError: typeof HttpModule.StreamableHTTPError;
  McpError: typeof TypesModule.McpError;
  ErrorCode: typeof TypesModule.ErrorCode;
}

/** The MCP SDK, loaded on the first connection: at start-up it was the slowest module to load, for servers most users never add. */
let loadedSdk: McpSdk | undefined;
function mcpSdk(): McpSdk {
  /* eslint-disable @typescript-eslint/no-require-imports */
  loadedSdk ??= {
    ...(require('@modelcontextprotocol/sdk/client/index.js') as typeof ClientModule),
    ...(require('@modelcontextprotocol/sdk/client/stdio.js') as typeof StdioModule),
    ...(require('@modelcontextprotocol/sdk/client/streamableHttp.js') as typeof HttpModule),
    ...(require('@modelcontextprotocol/sdk/types.js') as typeof TypesModule),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loadedSdk;
}

/** Where and how to reach one server, with its token already opened. */
export type McpTarget =
  | { transport: 'http'; url: string; token?: string; /** Unset: the platform's own fetch (admin-allow-listed servers). */ fetch?: FetchLike }
  | { transport: 'stdio'; command: string; args: string[] };

export interface McpDeadline {
  timeoutMs: number;
  /** The caller giving up (the user stopped the turn). */
  signal?: AbortSignal;
}

/** A server that did not answer in time (raised by Webox, not by the server). */
export class McpTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`did not answer within ${timeoutMs / 1000} s`);
    this.name = 'McpTimeoutError';
  }
}

const MAX_TOOL_PAGES = 10;
const MAX_TOOLS = 200;
const MAX_DESCRIPTION_CHARS = 2_000;

/**
 * Runs `work` until `deadline`; past it (or when the caller aborts), `giveUp` closes the
 * connection, which aborts the requests still in flight, and the promise rejects.
 */
async function withDeadline<T>(work: Promise<T>, deadline: McpDeadline, giveUp: () => Promise<void>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_resolve, reject) => {
    const fail = (error: unknown) => {
      void giveUp().catch(() => undefined);
      reject(error);
    };
    timer = setTimeout(() => fail(new McpTimeoutError(deadline.timeoutMs)), deadline.timeoutMs);
    onAbort = () => fail(deadline.signal?.reason ?? new Error('aborted'));
    if (deadline.signal?.aborted) onAbort();
    else deadline.signal?.addEventListener('abort', onAbort, { once: true });
  });
  work.catch(() => undefined); // settles after a give-up: already answered
  try {
    return await Promise.race([work, stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) deadline.signal?.removeEventListener('abort', onAbort);
  }
}

function transportFor(target: McpTarget): Transport {
  const { StdioClientTransport, StreamableHTTPClientTransport } = mcpSdk();
  if (target.transport === 'stdio') {
    // The SDK gives the child only a safe subset of the environment (PATH, HOME, ...), never Webox's secrets.
    return new StdioClientTransport({ command: target.command, args: target.args, stderr: 'ignore' });
  }
  return new StreamableHTTPClientTransport(new URL(target.url), {
    ...(target.token ? { requestInit: { headers: { Authorization: `Bearer ${target.token}` } } } : {}),
    ...(target.fetch ? { fetch: target.fetch } : {}),
  });
}

/** Connects and runs the MCP handshake, within the deadline. Close the client when done. */
export async function connectMcp(target: McpTarget, clientVersion: string, deadline: McpDeadline): Promise<Client> {
  const client = new (mcpSdk().Client)({ name: 'webox', version: clientVersion });
  await withDeadline(client.connect(transportFor(target), { timeout: deadline.timeoutMs, signal: deadline.signal }), deadline, () => client.close());
  return client;
}

function toToolInfo(tool: { name: string; description?: string; inputSchema: Record<string, unknown> }): McpToolInfo {
  const description = (tool.description ?? '').slice(0, MAX_DESCRIPTION_CHARS);
  // `$schema` names a dialect (draft-07, 2020-12) that vendors and the argument validator may not
  // know; the keywords are what matter. Vendors want an object at the top, whatever the server says.
  const { $schema: _dialect, ...schema } = tool.inputSchema ?? {};
  return { name: tool.name, description, inputSchema: { ...schema, type: 'object' } };
}

/** Every tool the server lists (following its pages, within bounds), within the deadline. */
export async function listMcpTools(client: Client, deadline: McpDeadline): Promise<McpToolInfo[]> {
  const list = async () => {
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_TOOL_PAGES && tools.length < MAX_TOOLS; page++) {
      const result = await client.listTools(cursor ? { cursor } : undefined, { timeout: deadline.timeoutMs, signal: deadline.signal });
      tools.push(...result.tools.map(toToolInfo));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return tools.slice(0, MAX_TOOLS);
  };
  return withDeadline(list(), deadline, () => client.close());
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'refused the connection (is the server running?)',
  ECONNRESET: 'closed the connection',
  ENOTFOUND: 'has a host name that does not resolve',
  EAI_AGAIN: 'has a host name that could not be resolved right now',
  EHOSTUNREACH: 'is unreachable from Webox',
  ENETUNREACH: 'is unreachable from Webox',
  ETIMEDOUT: 'did not accept the connection in time',
  CERT_HAS_EXPIRED: 'has an expired TLS certificate',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'has a self-signed TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'has a self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'has a TLS certificate that cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'has a TLS certificate for another host name',
  ENOENT: 'was not found on the Webox server',
  EACCES: 'may not be run (permission denied)',
};

const errorCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

function httpStatusReason(status: number, message: string): string {
  if (status === 401 || status === 403) return `refused access (HTTP ${status}): check the access token`;
  if (status === 404 || status === 405) return `answered HTTP ${status}: check that the URL is the server's MCP endpoint (often ending in /mcp)`;
  if (status === -1) {
    const type = /Unexpected content type: (.*)$/.exec(message)?.[1];
    return `did not answer as an MCP server (it sent ${type && type !== 'null' ? type : 'no content type'}): check that the URL is its MCP endpoint`;
  }
  return `answered HTTP ${status}`;
}

/**
 * Why a server could not be used, in words a user understands: what is stored as the server's
 * last error and shown beside its tools. `where` names the server (its URL without credentials).
 */
export function explainMcpFailure(error: unknown, where: string): string {
  // The SSRF guard's errors already name the host and say why ("10.0.0.1 is a private network address: ...").
  if (error instanceof FetchError) return error.message;
  const reason = (() => {
    if (error instanceof McpTimeoutError) return error.message;
    // Without the SDK loaded, no error can be one of its own.
    const sdk = loadedSdk;
    if (sdk && error instanceof sdk.StreamableHTTPError) return httpStatusReason(error.code ?? 0, error.message);
    if (sdk && error instanceof sdk.McpError) {
      if (error.code === sdk.ErrorCode.RequestTimeout) return 'did not answer in time';
      if (error.code === sdk.ErrorCode.ConnectionClosed) return 'closed the connection';
      return `answered with an MCP error: ${error.message.replace(/^MCP error -?\d+: /, '')}`;
    }
    if (error instanceof Error && (error.name === 'ZodError' || error instanceof SyntaxError)) {
      return 'did not answer as an MCP server (its reply is not MCP JSON-RPC): check that the URL is its MCP endpoint';
    }
    const code = errorCode(error) ?? errorCode((error as { cause?: unknown } | undefined)?.cause);
    if (code && NETWORK_ERRORS[code]) return NETWORK_ERRORS[code];
    const message = error instanceof Error ? error.message : String(error);
    return `failed: ${message.slice(0, 300)}`;
  })();
  return `${where} ${reason}`;
}

/** A server's URL as shown in messages: no credentials, no query string. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'the server URL';
  }
}
