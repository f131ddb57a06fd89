import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod/v4';

/**
 * A real MCP server, built with the same SDK Webox's client uses, on loopback: the Streamable
 * HTTP transport in stateless mode (a fresh McpServer per request) at `/mcp`.
 *   add {a, b}   -> the sum, as text
 *   echo {text}  -> the text
 *   fail {}      -> an `isError` result
 *   slow {ms}    -> waits, then "done" (stops early when the connection closes)
 *   picture {}   -> a text part and an image part
 */
export interface McpTestServer {
  /** The MCP endpoint, `http://127.0.0.1:<port>/mcp`. */
  url: string;
  port: number;
  /** The Authorization header of every request received (undefined when absent). */
  authorizations: Array<string | undefined>;
  /** Tool calls received, by tool name. */
  calls: string[];
  close(): Promise<void>;
}

export const TINY_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function buildServer(state: McpTestServer): McpServer {
  const server = new McpServer({ name: 'webox-test-mcp', version: '1.0.0' });
  server.registerTool('add', { description: 'Adds two numbers', inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => {
    state.calls.push('add');
    return { content: [{ type: 'text', text: String(a + b) }] };
  });
  server.registerTool('echo', { description: 'Repeats a text', inputSchema: { text: z.string() } }, async ({ text }) => {
    state.calls.push('echo');
    return { content: [{ type: 'text', text }] };
  });
  server.registerTool('fail', { description: 'Always fails' }, async () => {
    state.calls.push('fail');
    return { isError: true, content: [{ type: 'text', text: 'the tool failed on purpose' }] };
  });
  server.registerTool('slow', { description: 'Waits, then answers', inputSchema: { ms: z.number() } }, async ({ ms }, extra) => {
    state.calls.push('slow');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      extra.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return { content: [{ type: 'text', text: 'done' }] };
  });
  server.registerTool('picture', { description: 'Draws a picture' }, async () => {
    state.calls.push('picture');
    return {
      content: [
        { type: 'text', text: 'Here is a picture' },
        { type: 'image', data: TINY_PNG_BASE64, mimeType: 'image/png' },
      ],
    };
  });
  return server;
}

/** Tracks sockets so close() does not wait for kept-alive or never-answered connections. */
async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Starts the test MCP server; with `token`, requests without `Authorization: Bearer <token>` get 401. */
export async function startMcpTestServer(options: { token?: string } = {}): Promise<McpTestServer> {
  const state = { authorizations: [], calls: [] } as unknown as McpTestServer;
  const http = await listen((request, response) => {
    state.authorizations.push(request.headers.authorization);
    if (!request.url?.startsWith('/mcp')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (options.token && request.headers.authorization !== `Bearer ${options.token}`) {
      response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end(JSON.stringify({ error: 'unauthorized' }));
      return;
    }
    const server = buildServer(state);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    void server.connect(transport).then(() => transport.handleRequest(request, response));
  });
  return Object.assign(state, { url: `http://127.0.0.1:${http.port}/mcp`, port: http.port, close: http.close });
}

/** Not an MCP server: a web page (HTML) at `/mcp`, and JSON that is not JSON-RPC at `/json`. */
export async function startNotMcpServer(): Promise<{ htmlUrl: string; jsonUrl: string; close(): Promise<void> }> {
  const http = await listen((request, response) => {
    if (request.url?.startsWith('/json')) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hello: 'world', items: [1, 2, 3] }));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html><body><h1>Welcome to my blog</h1></body></html>');
  });
  const base = `http://127.0.0.1:${http.port}`;
  return { htmlUrl: `${base}/mcp`, jsonUrl: `${base}/json`, close: http.close };
}

/** Accepts connections and never answers: a hung server. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const http = await listen(() => undefined);
  return { url: `http://127.0.0.1:${http.port}/mcp`, close: http.close };
}

/** A loopback URL nobody listens on (a port taken, then freed). */
export async function downUrl(): Promise<string> {
  const http = await listen(() => undefined);
  await http.close();
  return `http://127.0.0.1:${http.port}/mcp`;
}

/**
 * A stdio MCP server, as the command and arguments an admin would enter: Node runs a short
 * script that serves one tool, `shout {text}` -> the text in capitals, over stdin/stdout.
 */
export function stdioServerCommand(): { command: string; args: string[] } {
  const sdk = (path: string) => JSON.stringify(require.resolve(`@modelcontextprotocol/sdk/${path}`));
  const script = [
    `const { McpServer } = require(${sdk('server/mcp.js')});`,
    `const { StdioServerTransport } = require(${sdk('server/stdio.js')});`,
    `const { z } = require(${JSON.stringify(require.resolve('zod'))});`,
    `const s = new McpServer({ name: 'stdio-test', version: '1.0.0' });`,
    `s.registerTool('shout', { description: 'Capitalises a text', inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text: text.toUpperCase() }] }));`,
    `s.connect(new StdioServerTransport());`,
  ].join('\n');
  return { command: process.execPath, args: ['-e', script] };
}
