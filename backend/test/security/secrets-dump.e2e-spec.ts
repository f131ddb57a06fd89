import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { McpTestServer, startMcpTestServer } from '../support/mcp-test-server';
import { ProviderEmulator, startProviderEmulator } from '../support/provider-emulator';
import { serverUrls } from '../support/test-database';
import { startTestApp, TestApp, testMode, TEST_SETUP_TOKEN } from '../support/test-app';

/**
 * Issue 22: every kind of secret Webox keeps, stored with distinctive random values and used by
 * real requests (chat turns, embeddings, image and speech jobs through the provider emulator, MCP
 * servers, /v1 with a personal access token, refresh, logout, password change); then every row of
 * every table, the queue's Redis keys and every log line (the app at LOG_LEVEL=trace) are searched
 * for each secret: as it is, JSON-escaped, URL-encoded, in base64 (standard and URL-safe, at every
 * alignment) and in hex. What Webox must keep (hashes, sealed values, masked forms) holds none of
 * these.
 */

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** Secrets with characters that URL-encoding and JSON change, so each encoding is a different string. */
const secretOf = (prefix: string) => `${prefix}${hex(16)}+/${hex(4)}`;

/** Each provider of the key store, with what else it needs. */
const PROVIDERS = ['openai', 'anthropic', 'google', 'replicate', 'elevenlabs', 'twilio', 'pipedream', 'openai-compatible'] as const;
type Provider = (typeof PROVIDERS)[number];
const PREFIX: Record<Provider, string> = { openai: 'sk-proj-', anthropic: 'sk-ant-api03-', google: 'AIza', replicate: 'r8_', elevenlabs: 'xi_', twilio: 'twauth', pipedream: 'pd_secret_', 'openai-compatible': 'sk-or-v1-' };

/** The forms a secret could take in a column or a log line. */
export function encodings(secret: string): Array<[form: string, text: string]> {
  const forms: Array<[string, string]> = [
    ['plaintext', secret],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['URL-encoded', encodeURIComponent(secret)],
    ['form-encoded', new URLSearchParams({ s: secret }).toString().slice(2)],
    ['hex', Buffer.from(secret).toString('hex')],
    ['HEX', Buffer.from(secret).toString('hex').toUpperCase()],
  ];
  // In base64 the secret's bytes look different at each of the three alignments a longer text can
  // give them; the inner characters of each are there whatever surrounds them.
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), Buffer.from(secret)]).toString('base64');
    const inner = encoded.slice(4, -4);
    forms.push([`base64 (offset ${shift})`, inner], [`base64url (offset ${shift})`, inner.replace(/\+/g, '-').replace(/\//g, '_')]);
  }
  return forms;
}

/** Where each secret shows, in any of its forms. */
export function findSecrets(text: string, secrets: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [label, secret] of secrets) {
    for (const [form, encoded] of encodings(secret)) if (text.includes(encoded)) found.push(`${label} (${form})`);
  }
  return found;
}

describe('secrets dump (every table, the queue and the logs at trace level)', () => {
  let app: TestApp;
  let emulator: ProviderEmulator;
  let userMcp: McpTestServer;
  let sharedMcp: McpTestServer;
  const logs: string[] = [];
  /** label -> the secret, in clear. */
  const secrets = new Map<string, string>();
  const keep = (label: string, value: string) => {
    secrets.set(label, value);
    return value;
  };
  const userKeys = Object.fromEntries(PROVIDERS.map((p) => [p, keep(`${p} key of a user`, secretOf(PREFIX[p]))])) as Record<Provider, string>;
  const workspaceKeys = Object.fromEntries(PROVIDERS.map((p) => [p, keep(`${p} workspace key`, secretOf(PREFIX[p]))])) as Record<Provider, string>;
  const environmentKeys = { openai: keep('OPENAI_API_KEY', secretOf('sk-env-')), google: keep('GOOGLE_API_KEY', secretOf('AIzaEnv')) };
  /** Refused by the emulator: a vendor's refusal must not echo it into a stored reply. */
  const refusedKey = keep('a key the vendor refuses', secretOf('sk-refused-'));
  const secretKey = keep('WEBOX_SECRET_KEY', hex(32));
  secrets.set('WEBOX_SECRET_KEY (its 32 bytes in base64)', Buffer.from(secretKey, 'hex').toString('base64'));
  const mcpToken = keep('MCP bearer token of a user', secretOf('mcp-user-'));
  const sharedMcpToken = keep('MCP bearer token of a shared server', secretOf('mcp-shared-'));
  const passwords = { admin: keep("the admin's password", `Pw ${hex(8)}+/&1`), ada: keep("Ada's password", `Pw ${hex(8)}+/&2`), bob: keep("Bob's password", `Pw ${hex(8)}+/&3`) };
  const newPassword = keep("Ada's new password", `Pw ${hex(8)}+/&4`);
  const wrongPassword = keep('a wrong password tried at login', `Pw ${hex(8)}+/&5`);
  const madeUpToken = keep('a made-up personal access token', `wbx_${hex(24)}`);
  const pipedreamSecret = keep("Bob's Pipedream OAuth client secret", secretOf('pd_client_'));
  const wrongPipedreamSecret = keep('a Pipedream client secret Pipedream refuses', secretOf('pd_wrong_'));

  /** Secrets the server makes and shows once: access and refresh tokens, the personal access token. */
  function keepIssued(label: string, body: { accessToken?: string; refreshToken?: string; token?: string }) {
    if (body.accessToken) keep(`${label}: access token`, body.accessToken);
    if (body.refreshToken) keep(`${label}: refresh token`, body.refreshToken);
    if (body.token) keep(`${label}: personal access token`, body.token);
  }

  beforeAll(async () => {
    emulator = await startProviderEmulator({ apiKeys: [...Object.values(userKeys), ...Object.values(workspaceKeys), ...Object.values(environmentKeys), pipedreamSecret] });
    [userMcp, sharedMcp] = await Promise.all([startMcpTestServer({ token: mcpToken }), startMcpTestServer({ token: sharedMcpToken })]);
    app = await startTestApp(
      {
        LOG_LEVEL: 'trace',
        LOG_FORMAT: 'json',
        WEBOX_SECRET_KEY: secretKey,
        WEBOX_LOCAL_TOKEN_DELAY_MS: '0',
        // Ada's OpenAI-compatible key points at the emulator, on loopback: allowed for users only through the allow-list.
        WEBOX_FETCH_ALLOWLIST: `127.0.0.1:${userMcp.port},${new URL(emulator.url).host}`,
        OPENAI_API_KEY: environmentKeys.openai,
        OPENAI_BASE_URL: emulator.openaiBaseUrl,
        ANTHROPIC_BASE_URL: emulator.anthropicBaseUrl,
        GOOGLE_API_KEY: environmentKeys.google,
        GOOGLE_BASE_URL: emulator.geminiBaseUrl,
        REPLICATE_BASE_URL: emulator.replicateBaseUrl,
        ELEVENLABS_BASE_URL: emulator.elevenlabsBaseUrl,
        PIPEDREAM_API_BASE_URL: emulator.pipedreamBaseUrl,
      },
      undefined,
      { write: (line: string) => void logs.push(line) },
    );
    const http = () => app.http();
    const ok = async <T>(call: PromiseLike<{ status: number; body: unknown; text: string }>, status = 200): Promise<T> => {
      const response = await call;
      if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${response.text}`);
      return response.body as T;
    };

    // Accounts: passwords at registration, tokens issued.
    // The first account claims the administrator with the setup token, as at a first start.
    const register = async (name: string, email: string, password: string, claim = false) => {
      const session = await ok<{ accessToken: string; refreshToken: string }>(http().post('/api/auth/register').send({ email, password, name, ...(claim ? { setupToken: TEST_SETUP_TOKEN } : {}) }), 201);
      keepIssued(`${name} at registration`, session);
      return { Authorization: `Bearer ${session.accessToken}` };
    };
    const admin = await register('Grace', 'grace@secrets.test', passwords.admin, true);
    let ada = await register('Ada', 'ada@secrets.test', passwords.ada);
    const bob = await register('Bob', 'bob@secrets.test', passwords.bob);

    // Provider keys of every provider: Ada's own, and the workspace's (no Google one: Bob's
    // Gemini turn then uses the environment's key).
    const keyBody = (provider: Provider, key: string) => ({
      provider,
      key,
      ...(provider === 'twilio' ? { accountId: `AC${hex(16)}` } : {}),
      ...(provider === 'openai-compatible' ? { baseUrl: emulator.openaiBaseUrl } : {}),
    });
    for (const provider of PROVIDERS) {
      await ok(http().post('/api/profile/api-keys').set(ada).send(keyBody(provider, userKeys[provider])), 201);
      if (provider !== 'google') await ok(http().post('/api/admin/api-keys').set(admin).send(keyBody(provider, workspaceKeys[provider])), 201);
    }

    // MCP servers with bearer tokens: checked (and so called) at once, then refreshed.
    const server = await ok<{ id: string; status: string }>(http().post('/api/mcp/servers').set(ada).send({ name: 'Mine', url: userMcp.url, token: mcpToken }), 201);
    const shared = await ok<{ id: string; status: string }>(http().post('/api/admin/mcp-servers').set(admin).send({ name: 'Shared', url: sharedMcp.url, token: sharedMcpToken, allowlisted: true }), 201);
    expect([server.status, shared.status]).toEqual(['ok', 'ok']);
    await ok(http().post(`/api/mcp/servers/${server.id}/refresh`).set(ada));

    // Chat turns with Ada's keys (and, for the openai-compatible endpoint, a key the vendor refuses).
    await ok(http().post('/api/chat').set(ada).send({ message: 'Hello', models: ['openai/gpt-5.4', 'anthropic/claude-sonnet-4-6', 'google/gemini-3.5-flash', 'openai-compatible/llama3.2'] }));
    // Bob has no key: the workspace's (OpenAI, Anthropic) and the environment's (Gemini).
    await ok(http().post('/api/chat').set(bob).send({ message: 'Hi', models: ['openai/gpt-5.4', 'anthropic/claude-sonnet-4-6', 'google/gemini-3.5-flash'] }));
    await ok(http().post('/api/profile/api-keys').set(bob).send({ provider: 'openai', key: refusedKey }), 201);
    await ok(http().post('/api/chat').set(bob).send({ message: 'Again', models: ['openai/gpt-5.4'] }));

    // Embeddings, an image on Replicate and speech on ElevenLabs, with Ada's keys.
    const [note] = await ok<Array<{ id: string }>>(http().post('/api/media/upload').set(ada).attach('files', Buffer.from('# Notes\n\nThe keeper counts gulls.\n'), { filename: 'notes.md' }), 201);
    const collection = await ok<{ id: string }>(http().post('/api/knowledge/collections').set(ada).send({ name: 'Notes', embeddingModel: 'openai/text-embedding-3-small' }), 201);
    await ok(http().post(`/api/knowledge/collections/${collection.id}/files`).set(ada).send({ mediaFileIds: [note!.id] }), 202);
    const image = await ok<{ id: string }>(http().post('/api/generation/image').set(ada).send({ model: 'replicate/black-forest-labs/flux-schnell', prompt: 'Gulls', size: '1024x1024' }), 202);
    const speech = await ok<{ id: string }>(http().post('/api/generation/audio').set(ada).send({ kind: 'speech', model: 'elevenlabs/eleven_multilingual_v2', text: 'Gulls', voice: 'Rachel' }), 202);

    // Pipedream: a refused secret, then a connection used to list and deploy (the secret opened and sent to Pipedream).
    const pipedream = { clientId: 'oa_secrets', projectId: 'proj_secrets', environment: 'development' };
    await ok(http().post('/api/automation/connect').set(bob).send({ ...pipedream, clientSecret: wrongPipedreamSecret }), 400);
    await ok(http().post('/api/automation/connect').set(bob).send({ ...pipedream, clientSecret: pipedreamSecret }));
    await ok(http().post('/api/automation/workflows').set(bob).send({ name: 'Gulls' }), 201);
    await ok(http().get('/api/automation/workflows').set(bob));

    // /v1 with a personal access token, and with a made-up one.
    const created = await ok<{ token: string }>(http().post('/api/profile/tokens').set(ada).send({ name: 'laptop' }), 201);
    keepIssued('Ada', created);
    await ok(http().post('/v1/chat/completions').set('Authorization', `Bearer ${created.token}`).send({ model: 'openai/gpt-5.4', messages: [{ role: 'user', content: 'Hi' }] }));
    await ok(http().get('/v1/models').set('Authorization', `Bearer ${madeUpToken}`), 401);

    // Sessions: a wrong password, a login, a refresh, a logout, a password change.
    await ok(http().post('/api/auth/login').send({ email: 'ada@secrets.test', password: wrongPassword }), 401);
    const login = await ok<{ accessToken: string; refreshToken: string }>(http().post('/api/auth/login').send({ email: 'ada@secrets.test', password: passwords.ada }));
    keepIssued('Ada at login', login);
    const refreshed = await ok<{ accessToken: string; refreshToken: string }>(http().post('/api/auth/refresh').send({ refreshToken: login.refreshToken }));
    keepIssued('Ada after a refresh', refreshed);
    // The rotated token, presented again: reuse, which revokes the family (and is logged as a warning).
    await ok(http().post('/api/auth/refresh').send({ refreshToken: login.refreshToken }), 401);
    ada = { Authorization: `Bearer ${refreshed.accessToken}` };
    const second = await ok<{ accessToken: string; refreshToken: string }>(http().post('/api/auth/login').send({ email: 'ada@secrets.test', password: passwords.ada }));
    keepIssued('Ada at a second login', second);
    await ok(http().post('/api/auth/logout').send({ refreshToken: second.refreshToken }), 204);
    const third = await ok<{ accessToken: string; refreshToken: string }>(http().post('/api/auth/login').send({ email: 'ada@secrets.test', password: passwords.ada }));
    keepIssued('Ada at a third login', third);
    ada = { Authorization: `Bearer ${third.accessToken}` };
    await ok(http().post('/api/profile/password').set(ada).send({ currentPassword: passwords.ada, newPassword }), 204);
    await ok(http().post('/api/auth/login').send({ email: 'ada@secrets.test', password: newPassword }));

    // Background work settles before the dump.
    const settled = async (path: string, done: (body: never) => boolean) => {
      for (let i = 0; i < 300; i++) {
        if (done((await ok<never>(http().get(path).set(ada))) as never)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${path} did not settle`);
    };
    await settled(`/api/knowledge/collections/${collection.id}`, (c: { files: Array<{ status: string }> }) => c.files.every((f) => f.status === 'ready'));
    for (const job of [image, speech]) await settled(`/api/generation/jobs/${job.id}`, (j: { status: string }) => j.status === 'succeeded');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await Promise.all([userMcp?.close(), sharedMcp?.close()]);
  });

  it('used every provider key that calls a vendor, and the MCP tokens (the search below is not vacuous)', () => {
    const keysSeen = new Set(emulator.requests.filter((r) => r.keyMatched).map((r) => r.keyIndex));
    const accepted = [...Object.values(userKeys), ...Object.values(workspaceKeys), ...Object.values(environmentKeys)];
    const used = (key: string) => keysSeen.has(accepted.indexOf(key));
    expect(PROVIDERS.filter((p) => !['twilio', 'pipedream', 'openai-compatible'].includes(p) && !used(userKeys[p]))).toEqual([]);
    expect([used(workspaceKeys.openai), used(workspaceKeys.anthropic), used(environmentKeys.google)]).toEqual([true, true, true]);
    expect(emulator.requests.some((r) => r.vendor === 'openai' && !r.keyMatched)).toBe(true);
    expect(userMcp.authorizations).toContain(`Bearer ${mcpToken}`);
    expect(sharedMcp.authorizations).toContain(`Bearer ${sharedMcpToken}`);
    expect(logs.length).toBeGreaterThan(50);
  });

  it('keeps no secret in any row of any table, in clear or encoded', async () => {
    const tables: Array<{ table_name: string }> = await app.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['provider_api_keys', 'mcp_servers', 'personal_access_tokens', 'refresh_tokens', 'users', 'chat_messages', 'jobs']));
    const found: string[] = [];
    let rows = 0;
    for (const { table_name } of tables) {
      const dump: Array<{ row: string }> = await app.dataSource.query(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
      rows += dump.length;
      for (const { row } of dump) found.push(...findSecrets(row, secrets).map((leak) => `${table_name}: ${leak}`));
    }
    expect(rows).toBeGreaterThan(100);
    expect([...new Set(found)]).toEqual([]);
  });

  it('writes no secret to the logs, at trace level', () => {
    const text = logs.join('');
    // The log holds the requests that carried the secrets (an unredacted logger would show them).
    expect(text).toContain('/api/profile/api-keys');
    expect(text).toContain('/api/auth/login');
    expect(findSecrets(text, secrets)).toEqual([]);
  });

  it('keeps no secret in the queue (Redis, server mode)', async () => {
    if (testMode() !== 'server') return;
    const redis = new Redis(serverUrls().redis);
    try {
      const keys = await redis.keys(`${app.config.queuePrefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      const found: string[] = [];
      for (const key of keys) {
        const type = await redis.type(key);
        const values =
          type === 'string' ? [await redis.get(key)] : type === 'hash' ? Object.entries(await redis.hgetall(key)).flat() : type === 'list' ? await redis.lrange(key, 0, -1) : type === 'zset' ? await redis.zrange(key, 0, -1) : type === 'set' ? await redis.smembers(key) : [];
        found.push(...findSecrets(values.join('\n'), secrets).map((leak) => `${key}: ${leak}`));
      }
      expect(found).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
