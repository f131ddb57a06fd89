import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { OpenAIAdapter } from './openai.adapter';
import type { ChatChunk } from '../capabilities';
import type { ProviderCredentials } from '../credentials';
import { createProviderFetch } from '../../outbound/provider-fetch';

const MARKER = 'CANARY-7f3a-internal-secret';

/** The adapter as a user's own key with this base URL reaches it (the loopback port allow-listed, so the guard lets the test through). */
async function ask(baseUrl: string): Promise<Error> {
  const guardedFetch = createProviderFetch({ allowlist: [new URL(baseUrl).host], maxBytes: 1024 * 1024, timeoutMs: 2_000 });
  const credentials: ProviderCredentials = { apiKey: 'sk-user', baseUrl, source: 'user', guardedFetch };
  try {
    for await (const chunk of new OpenAIAdapter(3_000).stream({ model: 'gpt-x', messages: [{ role: 'user', content: 'hi' }] }, credentials, new AbortController().signal)) void (chunk as ChatChunk);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the call succeeded');
}

describe('createProviderFetch (a user-aimed base URL)', () => {
  const servers: Array<Server | TcpServer> = [];
  const sockets = new Set<Socket>();
  const listen = async (server: Server | TcpServer) => {
    servers.push(server);
    server.on('connection', (socket: Socket) => sockets.add(socket.on('close', () => sockets.delete(socket))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  };
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('refuses a loopback base URL that is not allow-listed, and nothing connects', async () => {
    let connections = 0;
    const canary = createHttpServer((_req, res) => res.end(MARKER)).on('connection', () => connections++);
    const url = await listen(canary);
    const guarded = createProviderFetch({ allowlist: [], maxBytes: 1024 });
    await expect(guarded(`${url}/chat/completions`, { method: 'POST', body: '{}' })).rejects.toThrow(/loopback address/);
    expect(connections).toBe(0);
  });

  it('gives the SDK an error answer without its body, so the user never reads it', async () => {
    const url = await listen(createHttpServer((_req, res) => res.writeHead(400, 'Bad ' + MARKER, { 'content-type': 'application/json', 'x-internal': MARKER }).end(JSON.stringify({ error: { message: MARKER } }))));
    const error = await ask(url);
    expect(error).toMatchObject({ code: 'bad_request', status: 400 });
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(MARKER);
  });

  it('answers a closed port, a port that is not HTTP and an HTTP server that answers garbage in the same words', async () => {
    const closed = await listen(createTcpServer());
    await new Promise((resolve) => (servers.pop() as TcpServer).close(resolve));
    const notHttp = await listen(createTcpServer((socket) => socket.end(`${MARKER}\r\n`)));
    const garbage = await listen(createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end(`data: {"${MARKER}\n\n`)));
    const messages = await Promise.all([closed, notHttp, garbage].map(async (url) => (await ask(url)).message));
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toBe('OpenAI (the base URL of your key) could not be reached or refused the request');
  });

  it('stops reading an answer past the cap', async () => {
    const url = await listen(createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end(`data: ${'x'.repeat(2 * 1024 * 1024)}\n\n`)));
    expect(await ask(url)).toMatchObject({ code: 'response_too_large' });
  });
});
