import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../src/common/auth.decorators';
import { McpService } from '../src/modules/tools/mcp/mcp.service';
import { VENDOR_TOOL_NAME } from '../src/modules/tools/mcp/mcp-tool-name';
import type { ToolContext } from '../src/modules/tools/tool';
import { downUrl, McpTestServer, startMcpTestServer, startNotMcpServer, startSilentServer, stdioServerCommand } from './support/mcp-test-server';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

const TOKEN = 'mcp-secret-token-4242';
const TIMEOUT_MS = 1500;

const authUser = (user: TestUser): AuthUser => ({ id: user.id, email: user.email, role: 'user', sessionId: 'test' });
const context = (user: TestUser, signal = new AbortController().signal): ToolContext => ({ user: authUser(user), signal, collectionIds: [], cite: () => 0 });

describe('MCP servers', () => {
  let app: TestApp;
  let admin: TestUser;
  let user: TestUser;
  let mcp: McpTestServer;
  /** Reached by users through the SSRF guard: its host:port is on the operator's WEBOX_FETCH_ALLOWLIST. */
  let open: McpTestServer;
  let notMcp: Awaited<ReturnType<typeof startNotMcpServer>>;
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  let sharedId: string;

  beforeAll(async () => {
    [mcp, open, notMcp, silent] = await Promise.all([startMcpTestServer({ token: TOKEN }), startMcpTestServer(), startNotMcpServer(), startSilentServer()]);
    app = await startTestApp({ WEBOX_MCP_TIMEOUT_MS: String(TIMEOUT_MS), WEBOX_FETCH_ALLOWLIST: `127.0.0.1:${open.port}` });
    admin = await registerUser(app, 'Admin');
    user = await registerUser(app, 'Ada');
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([mcp.close(), open.close(), notMcp.close(), silent.close()]);
  });

  const service = () => app.app.get(McpService);

  describe('adding servers', () => {
    it('refuses a loopback URL to a user with 400 on url, before any request reaches it', async () => {
      const seen = mcp.authorizations.length;
      const literal = await app.http().post('/api/mcp/servers').set(user.auth).send({ name: 'Mine', url: mcp.url, token: TOKEN }).expect(400);
      expect(literal.body.code).toBe('MCP_URL_BLOCKED');
      expect(literal.body.details).toEqual([{ field: 'url', message: expect.stringContaining('127.0.0.1 is a loopback address') }]);
      // A name for this machine is refused before any lookup (RFC 6761 `localhost`); others by the guard's own lookup.
      const named = await app.http().post('/api/mcp/servers').set(user.auth).send({ name: 'Mine', url: `http://localhost:${mcp.port}/mcp` }).expect(400);
      expect(named.body.details[0]).toMatchObject({ field: 'url', message: expect.stringMatching(/localhost is this machine \(a loopback name\)/) });
      expect(mcp.authorizations.length).toBe(seen);
      const [{ count }] = await app.dataSource.query('SELECT count(*)::int AS count FROM mcp_servers');
      expect(count).toBe(0);
    });

    it('lets an admin share an allow-listed loopback server: checked at once, tools listed, token sent', async () => {
      const created = await app.http().post('/api/admin/mcp-servers').set(admin.auth).send({ name: 'Test tools', url: mcp.url, token: TOKEN, allowlisted: true }).expect(201);
      sharedId = created.body.id;
      expect(created.body).toMatchObject({ name: 'Test tools', transport: 'http', url: mcp.url, shared: true, allowlisted: true, enabled: true, hasToken: true, status: 'ok' });
      expect(created.body.checkedAt).toBeDefined();
      expect(created.body.tools.map((t: { name: string }) => t.name).sort()).toEqual(['add', 'echo', 'fail', 'picture', 'slow']);
      const add = created.body.tools.find((t: { name: string }) => t.name === 'add');
      expect(add).toMatchObject({ description: 'Adds two numbers', inputSchema: { type: 'object', required: ['a', 'b'] } });
      expect(add.inputSchema.$schema).toBeUndefined();
      expect(mcp.authorizations).toContain(`Bearer ${TOKEN}`);
      expect(JSON.stringify(created.body)).not.toContain(TOKEN);
    });

    it('stores the token encrypted and never returns it', async () => {
      const [row] = await app.dataSource.query('SELECT token_encrypted FROM mcp_servers WHERE id = $1', [sharedId]);
      expect(row.token_encrypted).toMatch(/^v1:/);
      expect(row.token_encrypted).not.toContain(TOKEN);
      for (const [path, who] of [
        ['/api/admin/mcp-servers', admin],
        ['/api/mcp/servers', user],
        [`/api/mcp/servers/${sharedId}`, user],
        ['/api/mcp/tools', user],
      ] as const) {
        const response = await app.http().get(path).set(who.auth).expect(200);
        expect(JSON.stringify(response.body)).not.toContain(TOKEN);
      }
    });

    it('lets a user add a server the operator allow-listed, reached through the SSRF guard', async () => {
      const created = await app.http().post('/api/mcp/servers').set(user.auth).send({ name: 'Open tools', url: open.url }).expect(201);
      expect(created.body).toMatchObject({ shared: false, allowlisted: false, hasToken: false, status: 'ok' });
      expect(created.body.tools).toHaveLength(5);
    });

    it('keeps a server that cannot be reached, with status error and the reason', async () => {
      const created = await app.http().post('/api/admin/mcp-servers').set(admin.auth).send({ name: 'Down', url: await downUrl(), allowlisted: true }).expect(201);
      expect(created.body).toMatchObject({ status: 'error', tools: [], lastError: expect.stringMatching(/refused the connection \(is the server running\?\)$/) });
      await app.http().delete(`/api/admin/mcp-servers/${created.body.id}`).set(admin.auth).expect(204);
    });

    it.each([
      ['a web page', () => notMcp.htmlUrl, /did not answer as an MCP server \(it sent text\/html; charset=utf-8\)/],
      ['JSON that is not JSON-RPC', () => notMcp.jsonUrl, /did not answer as an MCP server \(its reply is not MCP JSON-RPC\)/],
      ['a server that never answers', () => silent.url, /did not answer within 1\.5 s$/],
      ['a server refusing a missing token', () => mcp.url, /refused access \(HTTP 401\): check the access token/],
    ])('marks %s as error with a reason a user understands', async (_label, url, reason) => {
      const started = Date.now();
      const created = await app.http().post('/api/admin/mcp-servers').set(admin.auth).send({ name: 'Broken', url: url(), allowlisted: true }).expect(201);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2500);
      expect(created.body.status).toBe('error');
      expect(created.body.lastError).toMatch(reason);
      await app.http().delete(`/api/admin/mcp-servers/${created.body.id}`).set(admin.auth).expect(204);
    });

    it('answers 400 naming the fields', async () => {
      const bad = await app.http().post('/api/mcp/servers').set(user.auth).send({ name: '', url: 'ftp://example.com/mcp' }).expect(400);
      expect(new Set(bad.body.details.map((d: { field: string }) => d.field))).toEqual(new Set(['name', 'url']));
      const missing = await app.http().post('/api/mcp/servers').set(user.auth).send({ name: 'No URL' }).expect(400);
      expect(new Set(missing.body.details.map((d: { field: string }) => d.field))).toEqual(new Set(['url']));
      // Only admins allow-list, and only on shared servers.
      const allowlist = await app.http().post('/api/mcp/servers').set(user.auth).send({ name: 'Sneaky', url: mcp.url, allowlisted: true }).expect(400);
      expect(allowlist.body.details.map((d: { field: string }) => d.field)).toEqual(['allowlisted']);
      const credentials = await app.http().post('/api/mcp/servers').set(user.auth).send({ name: 'Creds', url: `http://me:secret@127.0.0.1:${open.port}/mcp` }).expect(400);
      expect(credentials.body.details).toEqual([{ field: 'url', message: expect.stringContaining('give the credential as token') }]);
      const command = await app.http().post('/api/admin/mcp-servers').set(admin.auth).send({ name: 'Mixed', url: open.url, command: 'ls' }).expect(400);
      expect(command.body.details.map((d: { field: string }) => d.field)).toEqual(['command']);
    });

    it('refuses stdio servers to users (403) and to admins while WEBOX_MCP_STDIO is off (400)', async () => {
      const asUser = await app.http().post('/api/mcp/servers').set(user.auth).send({ name: 'Local', transport: 'stdio' }).expect(403);
      expect(asUser.body.code).toBe('MCP_STDIO_ADMIN_ONLY');
      const asAdmin = await app.http().post('/api/admin/mcp-servers').set(admin.auth).send({ name: 'Local', transport: 'stdio', command: 'node', args: ['server.js'] }).expect(400);
      expect(asAdmin.body).toMatchObject({ code: 'MCP_STDIO_DISABLED', message: expect.stringContaining('WEBOX_MCP_STDIO=true') });
    });

    it('tells an admin that stdio servers are off by default; users and anonymous callers cannot ask', async () => {
      const settings = await app.http().get('/api/admin/mcp-servers/settings').set(admin.auth).expect(200);
      expect(settings.body).toEqual({ stdioEnabled: false, timeoutMs: TIMEOUT_MS });
      await app.http().get('/api/admin/mcp-servers/settings').set(user.auth).expect(403);
      await app.http().get('/api/admin/mcp-servers/settings').expect(401);
    });
  });

  describe('seeing and changing servers', () => {
    it('shows a user their servers and the shared ones (marked shared), and their tools', async () => {
      const list = await app.http().get('/api/mcp/servers').set(user.auth).expect(200);
      expect(list.body).toMatchObject({ total: 2, page: 1, limit: 20 });
      const shared = list.body.items.find((s: { id: string }) => s.id === sharedId);
      expect(shared).toMatchObject({ shared: true, status: 'ok', hasToken: true });
      const one = await app.http().get(`/api/mcp/servers/${sharedId}`).set(user.auth).expect(200);
      expect(one.body.tools).toHaveLength(5);
      const tools = await app.http().get('/api/mcp/tools').set(user.auth).expect(200);
      expect(tools.body).toEqual(
        expect.arrayContaining([
          { ref: `mcp:${sharedId}:add`, serverId: sharedId, serverName: 'Test tools', shared: true, name: 'add', description: 'Adds two numbers', inputSchema: expect.objectContaining({ type: 'object' }) },
          expect.objectContaining({ serverName: 'Open tools', shared: false, name: 'echo' }),
        ]),
      );
      const someone = await registerUser(app);
      const theirs = await app.http().get('/api/mcp/tools').set(someone.auth).expect(200);
      expect(theirs.body.every((t: { serverId: string }) => t.serverId === sharedId)).toBe(true);
    });

    it('keeps shared servers read-only for users (403), refreshable by them', async () => {
      await app.http().patch(`/api/mcp/servers/${sharedId}`).set(user.auth).send({ name: 'Mine now' }).expect(403);
      const removed = await app.http().delete(`/api/mcp/servers/${sharedId}`).set(user.auth).expect(403);
      expect(removed.body.code).toBe('MCP_SERVER_SHARED');
      const refreshed = await app.http().post(`/api/mcp/servers/${sharedId}/refresh`).set(user.auth).expect(200);
      expect(refreshed.body).toMatchObject({ status: 'ok', tools: expect.arrayContaining([expect.objectContaining({ name: 'slow' })]) });
    });

    it("answers 404 for another user's server, on every route", async () => {
      const created = await app.http().post('/api/mcp/servers').set(user.auth).send({ name: 'Private', url: open.url }).expect(201);
      const intruder = await registerUser(app);
      const id = created.body.id;
      await app.http().get(`/api/mcp/servers/${id}`).set(intruder.auth).expect(404);
      await app.http().patch(`/api/mcp/servers/${id}`).set(intruder.auth).send({ name: 'Taken' }).expect(404);
      await app.http().post(`/api/mcp/servers/${id}/refresh`).set(intruder.auth).expect(404);
      await app.http().delete(`/api/mcp/servers/${id}`).set(intruder.auth).expect(404);
      await app.http().get('/api/mcp/servers/not-a-uuid').set(intruder.auth).expect(404);
      const opened = await service().toolsFor(authUser(intruder), [{ serverId: id, toolName: 'add' }], new AbortController().signal);
      expect(opened).toMatchObject({ tools: [], unavailable: [{ tool: `mcp:${id}:add`, reason: 'unknown MCP server' }] });
      await app.http().get(`/api/mcp/servers/${id}`).set(user.auth).expect(200);
      await app.http().delete(`/api/mcp/servers/${id}`).set(user.auth).expect(204);
      await app.http().get(`/api/mcp/servers/${id}`).set(user.auth).expect(404);
    });

    it('changes a server: a URL the guard refuses is a 400, a disabled server leaves the tool list', async () => {
      const created = await app.http().post('/api/mcp/servers').set(user.auth).send({ name: 'Changing', url: open.url }).expect(201);
      const id = created.body.id;
      const blocked = await app.http().patch(`/api/mcp/servers/${id}`).set(user.auth).send({ url: 'http://169.254.169.254/mcp' }).expect(400);
      expect(blocked.body.details[0]).toMatchObject({ field: 'url', message: expect.stringContaining('169.254.169.254 is a link-local address') });
      const renamed = await app.http().patch(`/api/mcp/servers/${id}`).set(user.auth).send({ name: 'Renamed', enabled: false, token: 'a-new-token-1' }).expect(200);
      expect(renamed.body).toMatchObject({ name: 'Renamed', enabled: false, hasToken: true, url: open.url });
      const tools = await app.http().get('/api/mcp/tools').set(user.auth).expect(200);
      expect(tools.body.some((t: { serverId: string }) => t.serverId === id)).toBe(false);
      const opened = await service().toolsFor(authUser(user), [{ serverId: id, toolName: 'add' }], new AbortController().signal);
      expect(opened.unavailable).toEqual([{ tool: `mcp:${id}:add`, reason: 'the MCP server "Renamed" is turned off' }]);
      const cleared = await app.http().patch(`/api/mcp/servers/${id}`).set(user.auth).send({ token: null, enabled: true }).expect(200);
      expect(cleared.body).toMatchObject({ hasToken: false, enabled: true, status: 'ok' });
      await app.http().delete(`/api/mcp/servers/${id}`).set(user.auth).expect(204);
    });

    it('lets an admin change and remove shared servers; users and anonymous callers cannot', async () => {
      await app.http().get('/api/admin/mcp-servers').set(user.auth).expect(403);
      await app.http().post('/api/admin/mcp-servers').set(user.auth).send({ name: 'X', url: open.url }).expect(403);
      await app.http().patch(`/api/admin/mcp-servers/${sharedId}`).set(user.auth).send({ name: 'X' }).expect(403);
      await app.http().delete(`/api/admin/mcp-servers/${sharedId}`).set(user.auth).expect(403);
      await app.http().get('/api/mcp/servers').expect(401);
      await app.http().get('/api/mcp/tools').expect(401);
      await app.http().get('/api/admin/mcp-servers').expect(401);

      const list = await app.http().get('/api/admin/mcp-servers').set(admin.auth).expect(200);
      expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([sharedId]);
      const created = await app.http().post('/api/admin/mcp-servers').set(admin.auth).send({ name: 'Temporary', url: open.url, enabled: false }).expect(201);
      expect(created.body).toMatchObject({ enabled: false, status: 'unknown' });
      // A disabled shared server is hidden from users.
      await app.http().get(`/api/mcp/servers/${created.body.id}`).set(user.auth).expect(404);
      const enabled = await app.http().patch(`/api/admin/mcp-servers/${created.body.id}`).set(admin.auth).send({ enabled: true }).expect(200);
      expect(enabled.body.status).toBe('ok');
      await app.http().get(`/api/mcp/servers/${created.body.id}`).set(user.auth).expect(200);
      await app.http().delete(`/api/admin/mcp-servers/${created.body.id}`).set(admin.auth).expect(204);
      await app.http().delete(`/api/admin/mcp-servers/${created.body.id}`).set(admin.auth).expect(404);
    });
  });

  describe('opening tools for a turn', () => {
    it('opens the chosen tools with vendor-safe names and calls them', async () => {
      const list = await app.http().get('/api/mcp/servers').set(user.auth).expect(200);
      const own = list.body.items.find((s: { name: string }) => s.name === 'Open tools');
      const refs = [
        { serverId: sharedId, toolName: 'add' },
        { serverId: sharedId, toolName: 'picture' },
        { serverId: own.id, toolName: 'add' },
      ];
      const opened = await service().toolsFor(authUser(user), refs, new AbortController().signal);
      try {
        expect(opened.unavailable).toEqual([]);
        expect(opened.tools.map((t) => t.name)).toEqual(['test_tools__add', 'test_tools__picture', 'open_tools__add']);
        for (const tool of opened.tools) expect(tool.name).toMatch(VENDOR_TOOL_NAME);
        const [add, picture, ownAdd] = opened.tools;
        expect(add!.description).toBe('[Test tools] Adds two numbers');
        expect(add!.parameters).toMatchObject({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } });

        const calls = mcp.calls.length;
        expect(await add!.run({ a: 17.5, b: 392 }, context(user))).toEqual({ content: '409.5', summary: '409.5' });
        expect(mcp.calls.slice(calls)).toEqual(['add']);
        expect(mcp.authorizations.at(-1)).toBe(`Bearer ${TOKEN}`);
        // The user's own server, through the SSRF guard's fetch.
        expect(await ownAdd!.run({ a: 2, b: 3 }, context(user))).toEqual({ content: '5', summary: '5' });
        const drawn = await picture!.run({}, context(user));
        expect(drawn.content).toBe('Here is a picture\n[image: image/png, 1 KB]');
        expect(drawn.summary).toBe('Here is a picture');
      } finally {
        await opened.close();
      }
    });

    it('turns an isError result into a thrown error, and stops a call when the signal aborts', async () => {
      const opened = await service().toolsFor(
        authUser(user),
        [
          { serverId: sharedId, toolName: 'fail' },
          { serverId: sharedId, toolName: 'slow' },
        ],
        new AbortController().signal,
      );
      try {
        const [fail, slow] = opened.tools;
        await expect(fail!.run({}, context(user))).rejects.toThrow('the tool failed on purpose');
        const started = Date.now();
        await expect(slow!.run({ ms: 20_000 }, context(user, AbortSignal.timeout(300)))).rejects.toThrow();
        expect(Date.now() - started).toBeLessThan(3000);
        expect(await slow!.run({ ms: 10 }, context(user))).toEqual({ content: 'done', summary: 'done' });
      } finally {
        await opened.close();
      }
    });

    it('lists what cannot be opened with the reason, without throwing, within the timeout', async () => {
      const broken = [];
      for (const [name, url] of [
        ['Down', await downUrl()],
        ['Blog', notMcp.htmlUrl],
        ['Hung', silent.url],
      ]) {
        const created = await app.http().post('/api/admin/mcp-servers').set(admin.auth).send({ name, url, allowlisted: true }).expect(201);
        broken.push(created.body.id as string);
      }
      const unknown = randomUUID();
      const refs = [{ serverId: sharedId, toolName: 'echo' }, { serverId: sharedId, toolName: 'vanished' }, { serverId: unknown, toolName: 'x' }, { serverId: 'not-a-uuid', toolName: 'y' }, ...broken.map((serverId) => ({ serverId, toolName: 'add' }))];
      const started = Date.now();
      const opened = await service().toolsFor(authUser(user), refs, new AbortController().signal);
      try {
        expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2500);
        expect(opened.tools.map((t) => t.name)).toEqual(['test_tools__echo']);
        expect(await opened.tools[0]!.run({ text: 'still here' }, context(user))).toMatchObject({ content: 'still here' });
        const reasons = Object.fromEntries(opened.unavailable.map((u) => [u.tool, u.reason]));
        expect(reasons).toEqual({
          [`mcp:${sharedId}:vanished`]: 'the MCP server "Test tools" no longer has a tool named vanished',
          [`mcp:${unknown}:x`]: 'unknown MCP server',
          'mcp:not-a-uuid:y': 'unknown MCP server',
          [`mcp:${broken[0]}:add`]: expect.stringMatching(/^the MCP server "Down" is unavailable: .* refused the connection/),
          [`mcp:${broken[1]}:add`]: expect.stringMatching(/^the MCP server "Blog" is unavailable: .* did not answer as an MCP server/),
          [`mcp:${broken[2]}:add`]: expect.stringMatching(/^the MCP server "Hung" is unavailable: .* did not answer within 1\.5 s/),
        });
      } finally {
        await opened.close();
      }
      for (const id of broken) await app.http().delete(`/api/admin/mcp-servers/${id}`).set(admin.auth).expect(204);
    });

    it('gives up opening when the turn is stopped', async () => {
      const created = await app.http().post('/api/admin/mcp-servers').set(admin.auth).send({ name: 'Hung', url: silent.url, allowlisted: true, enabled: false }).expect(201);
      // Enabled behind the API's back: enabling through it would check the server first (and wait out the timeout).
      await app.dataSource.query('UPDATE mcp_servers SET enabled = true WHERE id = $1', [created.body.id]);
      const stop = new AbortController();
      setTimeout(() => stop.abort(new Error('the user stopped the turn')), 200);
      const started = Date.now();
      const opened = await service().toolsFor(authUser(user), [{ serverId: created.body.id, toolName: 'add' }], stop.signal);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
      expect(opened.unavailable[0]!.reason).toMatch(/the user stopped the turn/);
      await opened.close();
      await app.http().delete(`/api/admin/mcp-servers/${created.body.id}`).set(admin.auth).expect(204);
    });
  });
});

describe('stdio MCP servers, when the operator allows them', () => {
  let app: TestApp;
  let admin: TestUser;
  let user: TestUser;

  beforeAll(async () => {
    app = await startTestApp({ WEBOX_MCP_STDIO: 'true', WEBOX_MCP_TIMEOUT_MS: '10000' });
    admin = await registerUser(app, 'Admin');
    user = await registerUser(app, 'Ada');
  });
  afterAll(() => app.close());

  it('starts the command, lists its tools, and calls them; users never see the command line', async () => {
    const { command, args } = stdioServerCommand();
    const created = await app.http().post('/api/admin/mcp-servers').set(admin.auth).send({ name: 'Local shout', transport: 'stdio', command, args }).expect(201);
    expect(created.body).toMatchObject({ transport: 'stdio', command, status: 'ok', tools: [expect.objectContaining({ name: 'shout' })] });
    const seen = await app.http().get(`/api/mcp/servers/${created.body.id}`).set(user.auth).expect(200);
    expect(seen.body).toMatchObject({ transport: 'stdio', shared: true });
    expect(seen.body.command).toBeUndefined();
    expect(seen.body.args).toBeUndefined();

    const opened = await app.app.get(McpService).toolsFor(authUser(user), [{ serverId: created.body.id, toolName: 'shout' }], new AbortController().signal);
    try {
      expect(await opened.tools[0]!.run({ text: 'hello' }, context(user))).toEqual({ content: 'HELLO', summary: 'HELLO' });
    } finally {
      await opened.close();
    }
  });

  it('tells an admin that stdio servers are allowed', async () => {
    const settings = await app.http().get('/api/admin/mcp-servers/settings').set(admin.auth).expect(200);
    expect(settings.body).toEqual({ stdioEnabled: true, timeoutMs: 10_000 });
  });

  it('still refuses stdio to users, and reports a command that does not exist', async () => {
    await app.http().post('/api/mcp/servers').set(user.auth).send({ name: 'Mine', transport: 'stdio' }).expect(403);
    const missing = await app.http().post('/api/admin/mcp-servers').set(admin.auth).send({ name: 'Missing', transport: 'stdio', command: 'webox-no-such-command-42' }).expect(201);
    expect(missing.body).toMatchObject({ status: 'error', lastError: 'The command webox-no-such-command-42 was not found on the Webox server' });
  });
});
