import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AuthUser } from '../../src/common/auth.decorators';
import { ToolsService } from '../../src/modules/tools/tools.service';
import { startProviderEmulator, type ProviderEmulator } from '../support/provider-emulator';
import { registerUser, startTestApp, type TestApp, type TestUser } from '../support/test-app';

/**
 * The SSRF corpus through every outbound path a user can aim: provider base URLs of each vendor
 * (stored through the API, and written straight into the database past the DTO), Replicate output
 * downloads, `web_fetch` and MCP servers. A canary HTTP server on loopback counts connections and
 * answers a marker: it must see none, and no answer a user gets may carry the marker. Only the
 * operator's targets (environment keys, an admin's workspace keys, WEBOX_FETCH_ALLOWLIST) reach
 * loopback, which is how the provider emulator is used everywhere else.
 */

const CANARY_MARKER = `canary-body-${randomUUID()}`;
const HOP_MARKER = `hop-body-${randomUUID()}`;
const MCP_KEY = `mcp-key-${randomUUID()}`;

interface Listener {
  server: Server;
  port: number;
  connections: number;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listener> {
  const sockets = new Set<Socket>();
  const server = createServer(handler);
  const listener: Listener = {
    server,
    port: 0,
    connections: 0,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  server.on('connection', (socket: Socket) => {
    listener.connections++;
    sockets.add(socket.on('close', () => sockets.delete(socket)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  listener.port = (server.address() as AddressInfo).port;
  return listener;
}

/** Loopback, private, CGNAT, link-local and metadata addresses in every spelling, and names for this machine. */
const corpus = (port: number): string[] => [
  `http://127.0.0.1:${port}/v1`,
  `http://localhost:${port}/v1`,
  `http://[::1]:${port}/v1`,
  `http://0.0.0.0:${port}/v1`,
  'http://10.0.0.7/v1',
  'http://172.16.0.7/v1',
  'http://192.168.1.7/v1',
  'http://169.254.169.254/latest/meta-data/',
  'http://100.64.0.7/v1',
  `http://[::ffff:127.0.0.1]:${port}/v1`,
  `http://[::ffff:7f00:1]:${port}/v1`,
  `http://2130706433:${port}/v1`,
  `http://0177.0.0.1:${port}/v1`,
  `http://0x7f.1:${port}/v1`,
  `http://127.1:${port}/v1`,
  `http://localhost.:${port}/v1`,
  `http://canary.localhost:${port}/v1`,
];

/** The guard's refusal (or, for a name that does not resolve, the lookup's failure, in the user-aimed wording for providers). */
const REFUSED = /does not fetch private networks|could not be reached or refused|could not be found/;

const VENDORS = ['openai', 'anthropic', 'google', 'openai-compatible', 'replicate', 'elevenlabs'] as const;
type Vendor = (typeof VENDORS)[number];

describe('SSRF: every request a user can aim goes through the guard', () => {
  let app: TestApp;
  let emulator: ProviderEmulator;
  let canary: Listener;
  /** Allow-listed (as an operator would allow an intranet host): it redirects everything to the canary. */
  let hop: Listener;
  /** An operator-set Replicate (environment key) whose predictions name the output file chosen here. */
  let replicate: Listener;
  let replicateOutput = '';
  let admin: TestUser;
  let tools: ToolsService;

  const canaryUrl = (path = '/') => `http://127.0.0.1:${canary.port}${path}`;
  const hopUrl = (path = '/') => `http://127.0.0.1:${hop.port}${path}`;

  beforeAll(async () => {
    canary = await listen((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(CANARY_MARKER));
    hop = await listen((_req, res) => res.writeHead(302, { location: canaryUrl('/stolen'), 'content-type': 'text/plain' }).end(HOP_MARKER));
    replicate = await listen((req, res) => {
      req.resume();
      const id = randomUUID();
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id, status: 'succeeded', output: replicateOutput, error: null, urls: {} }));
    });
    emulator = await startProviderEmulator();
    app = await startTestApp({
      WEBOX_LOCAL_TOKEN_DELAY_MS: '0',
      WEBOX_FETCH_ALLOWLIST: `127.0.0.1:${hop.port}`,
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: emulator.openaiBaseUrl,
      REPLICATE_API_TOKEN: 'test-key',
      REPLICATE_BASE_URL: `http://127.0.0.1:${replicate.port}/v1`,
    });
    admin = await registerUser(app, 'Admin');
    tools = app.app.get(ToolsService);
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await Promise.all([canary, hop, replicate].map((listener) => listener?.close()));
  });

  afterEach(() => {
    // Every test ends with the canary untouched, whatever it asserted itself.
    expect(canary.connections).toBe(0);
  });

  const authUser = (user: TestUser): AuthUser => ({ id: user.id, email: user.email, role: 'user', sessionId: randomUUID() });

  /** Stores a key with a harmless base URL, then points it anywhere, past every check of the API (as a bad migration or an old row would). */
  async function keyAimedAt(user: TestUser, provider: Vendor, baseUrl: string): Promise<void> {
    const created = await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider, key: 'sk-user-aimed-1234', baseUrl: 'https://models.invalid/v1' }).expect(201);
    await app.dataSource.query('UPDATE provider_api_keys SET base_url = $1 WHERE owner_id = (SELECT owner_id FROM provider_api_keys WHERE id = $2)', [baseUrl, created.body.id]);
  }

  const CHAT_MODEL: Partial<Record<Vendor, string>> = {
    openai: 'openai/gpt-5.4-mini',
    anthropic: 'anthropic/claude-sonnet-4-6',
    google: 'google/gemini-3.5-flash',
    'openai-compatible': 'openai-compatible/llama3.2',
  };

  /** One chat turn; the whole answer as the user reads it. */
  async function chat(user: TestUser, model: string): Promise<string> {
    const response = await app.http().post('/api/chat').set(user.auth).send({ message: 'hello', models: [model] });
    expect([200, 400, 502]).toContain(response.status);
    return JSON.stringify(response.body);
  }

  /** One generation job, to its end; the job as the user reads it. */
  async function generate(user: TestUser, kind: 'image' | 'audio', body: Record<string, unknown>): Promise<{ status: string; text: string }> {
    const id = (await app.http().post(`/api/generation/${kind}`).set(user.auth).send(body).expect(202)).body.id as string;
    for (let i = 0; i < 300; i++) {
      const job = (await app.http().get(`/api/generation/jobs/${id}`).set(user.auth).expect(200)).body as { status: string };
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return { status: job.status, text: JSON.stringify(job) };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${id} did not finish`);
  }

  async function useProvider(user: TestUser, vendor: Vendor): Promise<string> {
    const model = CHAT_MODEL[vendor];
    if (model) return chat(user, model);
    const job =
      vendor === 'replicate'
        ? await generate(user, 'image', { model: 'replicate/black-forest-labs/flux-schnell', prompt: 'Mountains', size: '1024x1024' })
        : await generate(user, 'audio', { kind: 'speech', model: 'elevenlabs/eleven_multilingual_v2', text: 'Hello there', voice: 'Rachel' });
    expect(job.status).toBe('failed');
    return job.text;
  }

  describe('provider base URLs', () => {
    it.each(VENDORS)('refuses to store a %s key aimed at any corpus address: 400 on baseUrl naming WEBOX_FETCH_ALLOWLIST', async (provider) => {
      const user = await registerUser(app);
      let blocked = 0;
      for (const baseUrl of corpus(canary.port)) {
        const response = await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider, key: 'sk-user-aimed-1234', baseUrl });
        expect({ baseUrl, status: response.status }).toEqual({ baseUrl, status: 400 });
        expect(response.body.details[0].field).toBe('baseUrl');
        // Spellings the URL validator already refuses (`2130706433`, `localhost.`) fail as malformed; the others are the guard's.
        if (response.body.code !== 'VALIDATION_FAILED') {
          expect(response.body.code).toBe('BASE_URL_BLOCKED');
          expect(response.body.details[0].message).toContain('WEBOX_FETCH_ALLOWLIST');
          blocked++;
        }
      }
      expect(blocked).toBeGreaterThanOrEqual(10);
      expect((await app.http().get('/api/profile/api-keys').set(user.auth).expect(200)).body.total).toBe(0);
    });

    it('refuses at use every corpus address written into the database past the API (OpenAI)', async () => {
      const user = await registerUser(app);
      for (const baseUrl of corpus(canary.port)) {
        await keyAimedAt(user, 'openai', baseUrl);
        const seen = await chat(user, 'openai/gpt-5.4-mini');
        expect({ baseUrl, refused: REFUSED.test(seen) }).toEqual({ baseUrl, refused: true });
        expect(seen).not.toContain(CANARY_MARKER);
      }
      expect(emulator.requests).toHaveLength(0);
    }, 180_000);

    it.each(VENDORS)('refuses at use a %s key written into the database with a loopback base URL, and the user reads no upstream body', async (vendor) => {
      const user = await registerUser(app);
      for (const baseUrl of [canaryUrl('/v1'), `http://[::ffff:7f00:1]:${canary.port}/v1`, `http://0x7f.1:${canary.port}/v1`]) {
        await keyAimedAt(user, vendor, baseUrl);
        const seen = await useProvider(user, vendor);
        expect(seen).toMatch(REFUSED);
        expect(seen).not.toContain(CANARY_MARKER);
      }
    }, 120_000);

    it("refuses a redirect from an allow-listed base URL to loopback, and shows none of the first hop's body", async () => {
      const user = await registerUser(app);
      const created = await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'openai', key: 'sk-user-aimed-1234', baseUrl: hopUrl('/v1') }).expect(201);
      expect(created.body.baseUrl).toBe(hopUrl('/v1'));
      const before = hop.connections;
      const seen = await chat(user, 'openai/gpt-5.4-mini');
      expect(hop.connections).toBeGreaterThan(before);
      expect(seen).toMatch(/loopback/);
      expect(seen).not.toContain(HOP_MARKER);
      expect(seen).not.toContain(CANARY_MARKER);
    });

    it('still lets the operator aim at loopback: the environment key and an admin workspace key reach the emulator', async () => {
      const user = await registerUser(app);
      expect(await chat(user, 'openai/gpt-5.4-mini')).toContain('Echo from gpt-5.4-mini');
      await app.http().post('/api/admin/api-keys').set(admin.auth).send({ provider: 'openai-compatible', key: 'test-key', baseUrl: emulator.openaiBaseUrl }).expect(201);
      expect(await chat(user, 'openai-compatible/llama3.2')).toContain('Echo from llama3.2');
      expect(emulator.requests.map((request) => request.vendor)).toEqual(['openai', 'openai']);
    });
  });

  describe('Replicate output downloads', () => {
    it.each([
      ['the canary itself', () => canaryUrl('/output.png')],
      ['an IPv4-mapped spelling of it', () => `http://[::ffff:127.0.0.1]:${canary.port}/output.png`],
      ['a name for this machine', () => `http://localhost:${canary.port}/output.png`],
      ['the cloud metadata service', () => 'http://169.254.169.254/latest/meta-data/output.png'],
      ['an allow-listed host that redirects to the canary', () => hopUrl('/output.png')],
    ])('refuses an output URL pointing at %s (the job fails, naming no body)', async (_label, output) => {
      replicateOutput = output();
      const user = await registerUser(app);
      const job = await generate(user, 'image', { model: 'replicate/black-forest-labs/flux-schnell', prompt: 'Mountains', size: '1024x1024' });
      expect(job.status).toBe('failed');
      expect(job.text).toMatch(REFUSED);
      expect(job.text).not.toContain(CANARY_MARKER);
      expect(job.text).not.toContain(HOP_MARKER);
    });
  });

  describe('web_fetch', () => {
    it('refuses every corpus address and a redirect to loopback, as a result the model reads', async () => {
      const user = await registerUser(app);
      for (const url of [...corpus(canary.port), hopUrl('/page')]) {
        const signal = new AbortController().signal;
        const toolbox = await tools.open(authUser(user), ['web_fetch'], signal);
        try {
          const result = await toolbox.run({ id: randomUUID(), name: 'web_fetch', arguments: { url } }, { user: authUser(user), signal, collectionIds: [], cite: () => 1 });
          const text = JSON.stringify(result);
          expect({ url, refused: REFUSED.test(text) }).toEqual({ url, refused: true });
          expect(text).not.toContain(CANARY_MARKER);
        } finally {
          await toolbox.close();
        }
      }
    });
  });

  describe('MCP servers', () => {
    it('refuses every corpus address to a user with 400 on url', async () => {
      const user = await registerUser(app);
      for (const url of corpus(canary.port)) {
        const response = await app.http().post('/api/mcp/servers').set(user.auth).send({ name: 'Mine', url: url.replace(/\/v1$/, '/mcp') });
        expect({ url, status: response.status }).toEqual({ url, status: 400 });
        expect(response.body.details[0].field).toBe('url');
      }
    });

    it('does not follow a redirect from an allow-listed server to loopback, and shows none of its body', async () => {
      const user = await registerUser(app);
      const response = await app.http().post('/api/mcp/servers').set(user.auth).send({ name: 'Mine', url: hopUrl(`/mcp?key=${MCP_KEY}`) });
      expect([201, 400]).toContain(response.status);
      expect(response.body.status).not.toBe('ok');
      expect(JSON.stringify(response.body)).not.toContain(HOP_MARKER);
    });

    it("keeps a shared server's key out of what users read (lastError)", async () => {
      // A server that starts a session, then answers the tool listing with an error quoting the URL it was called at, key included.
      const echo = await listen((req, res) => {
        if (req.method !== 'POST') return void res.writeHead(405).end();
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          const message = JSON.parse(body || '{}') as { id?: unknown; method?: string; params?: { protocolVersion?: string } };
          if (message.id === undefined) return void res.writeHead(202).end();
          const answer =
            message.method === 'initialize'
              ? { result: { protocolVersion: message.params?.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'echo', version: '1.0.0' } } }
              : { error: { code: -32603, message: `Quota exceeded for http://127.0.0.1:${echo.port}${req.url}` } };
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: message.id, ...answer }));
        });
      });
      try {
        const shared = await app.http().post('/api/admin/mcp-servers').set(admin.auth).send({ name: 'Shared', url: `http://127.0.0.1:${echo.port}/mcp?key=${MCP_KEY}`, allowlisted: true }).expect(201);
        expect(shared.body).toMatchObject({ status: 'error', lastError: expect.stringContaining('Quota exceeded') });
        const user = await registerUser(app);
        const seen = JSON.stringify((await app.http().get(`/api/mcp/servers/${shared.body.id}`).set(user.auth).expect(200)).body);
        expect(seen).toContain('Quota exceeded');
        expect(seen).not.toContain(MCP_KEY);
        expect(JSON.stringify((await app.http().get('/api/mcp/servers').set(user.auth).expect(200)).body)).not.toContain(MCP_KEY);
        await app.http().delete(`/api/admin/mcp-servers/${shared.body.id}`).set(admin.auth).expect(204);
      } finally {
        await echo.close();
      }
    });
  });
});
