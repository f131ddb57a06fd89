import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { McpServerDto } from '../../api/models';
import { MCP_SCOPE, McpServersStore, type McpScope } from './mcp-servers.store';

function server(id: string, options: Partial<McpServerDto> = {}): McpServerDto {
  return { id, name: id, url: `https://${id}.example.com/mcp`, transport: 'http', shared: false, allowlisted: false, enabled: true, hasToken: false, status: 'unknown', tools: [], createdAt: '', updatedAt: '', ...options };
}

describe('McpServersStore', () => {
  let http: HttpTestingController;

  function setUp(scope?: McpScope): McpServersStore {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), McpServersStore, ...(scope ? [{ provide: MCP_SCOPE, useValue: scope }] : [])],
    });
    http = TestBed.inject(HttpTestingController);
    return TestBed.inject(McpServersStore);
  }

  afterEach(() => http.verify());

  it("lists a user's servers and the shared ones, which the user may not change", () => {
    const store = setUp();
    expect(store.scope).toBe('user');
    store.load();
    expect(store.state()).toBe('loading');
    http.expectOne((request) => request.url === '/api/mcp/servers' && request.method === 'GET').flush({ items: [server('mine'), server('team', { shared: true })], total: 2, page: 1, limit: 100 });
    expect(store.state()).toBe('ready');
    expect(store.servers().map((s) => store.canManage(s))).toEqual([true, false]);
  });

  it('sends a user server without an empty token, and never sends the admin fields', () => {
    const store = setUp();
    let created: McpServerDto | undefined;
    store.create({ name: 'Docs', url: 'https://docs.example.com/mcp', allowlisted: true }).subscribe((answer) => (created = answer));
    const request = http.expectOne({ method: 'POST', url: '/api/mcp/servers' });
    expect(request.request.body).toEqual({ name: 'Docs', url: 'https://docs.example.com/mcp' });
    request.flush(server('docs', { status: 'ok', tools: [{ name: 'search', description: 'Searches', inputSchema: {} }] }));
    expect(created?.id).toBe('docs');
    expect(store.servers().map((s) => s.id)).toEqual(['docs']);
  });

  it("leaves the list unchanged when the server's address is refused", () => {
    const store = setUp();
    let code = 0;
    store.create({ name: 'Local', url: 'http://127.0.0.1:9000/mcp', token: 'secret-token' }).subscribe({ error: (error: { status: number }) => (code = error.status) });
    const request = http.expectOne({ method: 'POST', url: '/api/mcp/servers' });
    expect(request.request.body).toEqual({ name: 'Local', url: 'http://127.0.0.1:9000/mcp', token: 'secret-token' });
    request.flush(
      { statusCode: 400, code: 'MCP_URL_BLOCKED', message: '127.0.0.1 is a private address', details: [{ field: 'url', message: '127.0.0.1 is a private address' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    expect(code).toBe(400);
    expect(store.servers()).toEqual([]);
  });

  it('refreshes a server in place and marks it busy meanwhile', () => {
    const store = setUp();
    store.servers.set([server('a'), server('b')]);
    store.refresh('b').subscribe();
    expect(store.busy().has('b')).toBe(true);
    http.expectOne({ method: 'POST', url: '/api/mcp/servers/b/refresh' }).flush(server('b', { status: 'error', lastError: 'Connection refused', checkedAt: '2026-11-26T10:00:00.000Z' }));
    expect(store.busy().has('b')).toBe(false);
    expect(store.servers()[1]).toMatchObject({ status: 'error', lastError: 'Connection refused' });

    store.delete('a').subscribe();
    http.expectOne({ method: 'DELETE', url: '/api/mcp/servers/a' }).flush(null, { status: 204, statusText: 'No Content' });
    expect(store.servers().map((s) => s.id)).toEqual(['b']);
  });

  it('manages the shared servers through the admin API for an admin', () => {
    const store = setUp('admin');
    store.load();
    http.expectOne((request) => request.url === '/api/admin/mcp-servers' && request.method === 'GET').flush({ items: [server('team', { shared: true })], total: 1, page: 1, limit: 100 });
    expect(store.canManage(store.servers()[0]!)).toBe(true);

    store.create({ name: 'Intranet', url: 'http://10.1.2.3/mcp', allowlisted: true }).subscribe();
    const create = http.expectOne({ method: 'POST', url: '/api/admin/mcp-servers' });
    expect(create.request.body).toEqual({ name: 'Intranet', url: 'http://10.1.2.3/mcp', allowlisted: true });
    create.flush(server('intranet', { shared: true, allowlisted: true }));

    store.refresh('team').subscribe();
    http.expectOne({ method: 'POST', url: '/api/admin/mcp-servers/team/refresh' }).flush(server('team', { shared: true, status: 'ok' }));
    store.delete('intranet').subscribe();
    http.expectOne({ method: 'DELETE', url: '/api/admin/mcp-servers/intranet' }).flush(null, { status: 204, statusText: 'No Content' });
    expect(store.servers().map((s) => s.id)).toEqual(['team']);
  });

  it('loads the MCP settings for an admin, and forgets them when they cannot be read', () => {
    const store = setUp('admin');
    expect(store.settings()).toBeNull();
    store.loadSettings();
    http.expectOne({ method: 'GET', url: '/api/admin/mcp-servers/settings' }).flush({ stdioEnabled: true, timeoutMs: 5000 });
    expect(store.settings()).toEqual({ stdioEnabled: true, timeoutMs: 5000 });

    store.loadSettings();
    http.expectOne({ method: 'GET', url: '/api/admin/mcp-servers/settings' }).flush(null, { status: 500, statusText: 'Server Error' });
    expect(store.settings()).toBeNull();
  });

  it('sends a stdio server as it is to the admin API', () => {
    const store = setUp('admin');
    store.create({ name: 'Files', transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/srv/docs'] }).subscribe();
    const create = http.expectOne({ method: 'POST', url: '/api/admin/mcp-servers' });
    expect(create.request.body).toEqual({ name: 'Files', transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/srv/docs'] });
    create.flush(server('files', { shared: true, transport: 'stdio', url: undefined, command: 'npx', args: ['-y'] }));
    expect(store.servers().map((s) => s.id)).toEqual(['files']);
  });
});
