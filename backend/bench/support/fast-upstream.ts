/**
 * The vendor of the gateway benchmark: a minimal OpenAI-compatible `/v1/chat/completions` on
 * loopback that answers at once (or after a set first-token delay when streaming), in its own
 * process. The provider emulator records every request and is far slower than a real gateway
 * target under load; this one does the least a server can, so the direct path measures the
 * network and the SDK, and the difference is what Webox adds.
 *
 *   node -r ts-node/register backend/bench/support/fast-upstream.ts   (UPSTREAM_PORT, UPSTREAM_HOST)
 *   PUT /_upstream/settings { firstTokenMs, tokenIntervalMs }   GET /_upstream/stats → { requests: { <api key>: count } }
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { BenchChild, freePort, waitUntilServing } from './child-process';

/** Twelve words; its usage (8 in, 12 out) is what Webox records for each answer. */
export const UPSTREAM_REPLY = 'Webox benchmark reply: twelve short words streamed one by one, then done.';
const WORDS = UPSTREAM_REPLY.split(/(?<= )/);
const USAGE = { prompt_tokens: 8, completion_tokens: WORDS.length, total_tokens: 8 + WORDS.length };

export interface UpstreamSettings {
  /** Streaming only: wait before the first token. */
  firstTokenMs: number;
  /** Streaming only: between tokens (0: the rest at once). */
  tokenIntervalMs: number;
}

export class UpstreamControl {
  constructor(readonly url: string) {}

  get baseUrl(): string {
    return `${this.url}/v1`;
  }

  async set(settings: Partial<UpstreamSettings>): Promise<void> {
    await this.call('PUT', 'settings', settings);
  }

  /** Chat completions received with this API key so far. */
  async requests(apiKey: string): Promise<number> {
    return ((await this.call('GET', 'stats')) as { requests: Record<string, number> }).requests[apiKey] ?? 0;
  }

  private async call(method: string, action: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}/_upstream/${action}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`upstream ${method} ${action} answered ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  }
}

export async function startUpstream(root: string, tempDir: string): Promise<{ child: BenchChild; control: UpstreamControl }> {
  const port = await freePort();
  const tsNode = require.resolve('ts-node/dist/bin.js', { paths: [root] });
  const child = BenchChild.start('fast upstream', process.execPath, [tsNode, '--transpile-only', '-P', 'backend/tsconfig.json', 'backend/bench/support/fast-upstream.ts'], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production', UPSTREAM_PORT: String(port), UPSTREAM_HOST: '127.0.0.1' },
    logFile: join(tempDir, 'upstream.log'),
  });
  const control = new UpstreamControl(`http://127.0.0.1:${port}`);
  await waitUntilServing(`${control.url}/_upstream/stats`, child, 60_000);
  return { child, control };
}

function serve(port: number, host: string): void {
  const settings: UpstreamSettings = { firstTokenMs: 0, tokenIntervalMs: 0 };
  const requests: Record<string, number> = {};
  let sequence = 0;

  const json = (response: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  };

  const stream = (response: ServerResponse, model: string, id: string) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null, usage?: unknown) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;
    let index = 0;
    const next = () => {
      if (response.destroyed) return;
      if (index < WORDS.length) {
        response.write(chunk(index === 0 ? { role: 'assistant', content: WORDS[0] } : { content: WORDS[index] }));
        index++;
        if (settings.tokenIntervalMs > 0) setTimeout(next, settings.tokenIntervalMs);
        else next();
        return;
      }
      response.end(`${chunk({}, 'stop')}${chunk({}, null, USAGE)}data: [DONE]\n\n`);
    };
    if (settings.firstTokenMs > 0) setTimeout(next, settings.firstTokenMs);
    else next();
  };

  const completions = (request: IncomingMessage, response: ServerResponse, raw: string) => {
    const key = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    requests[key] = (requests[key] ?? 0) + 1;
    let body: { model?: string; stream?: boolean };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return json(response, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
    }
    const model = body.model ?? 'unknown';
    const id = `chatcmpl-${++sequence}`;
    if (body.stream) return stream(response, model, id);
    json(response, 200, {
      id,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: UPSTREAM_REPLY }, finish_reason: 'stop' }],
      usage: USAGE,
    });
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (request.url ?? '').split('?')[0];
      if (request.method === 'POST' && path === '/v1/chat/completions') return completions(request, response, raw);
      if (request.method === 'GET' && path === '/_upstream/stats') return json(response, 200, { requests });
      if (request.method === 'PUT' && path === '/_upstream/settings') {
        Object.assign(settings, JSON.parse(raw || '{}') as Partial<UpstreamSettings>);
        return json(response, 200, settings);
      }
      json(response, 404, { error: { message: `no route ${request.method} ${path}`, type: 'invalid_request_error' } });
    });
  });
  // Clients keep connections open between requests, as the SDKs and load tools do.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.listen(port, host, () => console.log(`fast upstream on http://${host}:${port}`));
}

if (require.main === module) serve(Number(process.env['UPSTREAM_PORT'] ?? 0), process.env['UPSTREAM_HOST'] ?? '127.0.0.1');
