import { lookup } from 'node:dns/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { gzipSync } from 'node:zlib';
import { BlockedUrlError, checkStoredUrl, checkUrl, createSafeFetch, FetchError, FetchLimitError, OutboundPool, parseAllowlistEntry, safeFetch } from './ssrf';

interface TestServer {
  url: string;
  port: number;
  /** host:port, for the allow-list. */
  entry: string;
  /** Requests seen, with their bodies. */
  seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  /** Resolves when the server saw a response's connection close before the response ended. */
  closedEarly: Promise<void>;
  close(): Promise<void>;
}

/** A loopback HTTP server: the only kind of target a test can reach, and one the guard refuses unless allow-listed. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<TestServer> {
  const seen: TestServer['seen'] = [];
  let markClosed!: () => void;
  const closedEarly = new Promise<void>((resolve) => (markClosed = resolve));
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.on('close', () => {
        if (!res.writableFinished) markClosed();
      });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    entry: `127.0.0.1:${port}`,
    seen,
    closedEarly,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const page = (html: string) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
};

describe('safeFetch: refused targets', () => {
  it.each([
    ['http://127.0.0.1', '127.0.0.1 is a loopback address: Webox does not fetch private networks'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1 is ::ffff:7f00:1, which carries 127.0.0.1, a loopback address: Webox does not fetch private networks'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address: Webox does not fetch private networks'],
    ['http://2130706433/', '127.0.0.1 is a loopback address: Webox does not fetch private networks'],
    ['http://0x7f.1/', '127.0.0.1 is a loopback address'],
    ['http://127.1:8080/', '127.0.0.1 is a loopback address'],
    ['http://017700000001/', '127.0.0.1 is a loopback address'],
    ['http://[::1]:3000/', '::1 is a loopback address'],
    ['http://10.0.0.5/', '10.0.0.5 is a private network address'],
    ['http://192.168.1.1/', '192.168.1.1 is a private network address'],
    ['http://172.20.0.1/', '172.20.0.1 is a private network address'],
    ['http://100.100.100.200/', '100.100.100.200 is a shared (carrier-grade NAT) address'],
    ['http://0.0.0.0:3000/', '0.0.0.0 is an unspecified ("this network") address'],
    ['http://[fd00::1]/', 'fd00::1 is a unique local (private network) address'],
    ['http://[fe80::1]/', 'fe80::1 is a link-local address'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'which carries 169.254.169.254, a link-local address'],
    ['http://224.0.0.1/', '224.0.0.1 is a multicast address'],
    ['http://255.255.255.255/', '255.255.255.255 is the broadcast address'],
  ])('%s', async (url, message) => {
    const attempt = safeFetch(url);
    await expect(attempt).rejects.toBeInstanceOf(BlockedUrlError);
    await expect(attempt).rejects.toThrow(message);
  });

  it.each(['localhost', 'LocalHost.', 'ollama.localhost'])('refuses the loopback name %s without a lookup', async (name) => {
    const attempt = safeFetch(`http://${name}:9/`);
    await expect(attempt).rejects.toBeInstanceOf(BlockedUrlError);
    await expect(attempt).rejects.toThrow(/^[a-z.]*localhost is this machine \(a loopback name\): Webox does not fetch private networks$/);
    expect(() => checkUrl(`http://${name}/`)).toThrow(BlockedUrlError);
  });

  it("resolves names and refuses one that points to a private address (this machine's own name)", async () => {
    // Debian maps the machine's name to a local address in /etc/hosts (127.0.1.1, or the container's private address).
    const name = hostname().toLowerCase();
    const [{ address }] = await lookup(name, { all: true });
    const attempt = safeFetch(`http://${name}:9/`);
    await expect(attempt).rejects.toBeInstanceOf(BlockedUrlError);
    await expect(attempt).rejects.toThrow(`${name} resolves to ${address}`);
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/', 'gopher://127.0.0.1:6379/_INFO', 'data:text/plain,hi', 'not a url'])('refuses %s before any connection', async (url) => {
    await expect(safeFetch(url)).rejects.toBeInstanceOf(BlockedUrlError);
  });

  it('checkUrl refuses address literals without a lookup, and lets names through to the connection check', () => {
    expect(() => checkUrl('http://127.0.0.1/')).toThrow(BlockedUrlError);
    expect(checkUrl('https://example.com/a').host).toBe('example.com');
    expect(checkUrl('http://127.0.0.1:8080/', { allowlist: ['127.0.0.1:8080'] }).port).toBe('8080');
  });

  it('reads allow-list entries as the URL parser reads hosts', () => {
    expect(parseAllowlistEntry('LOCALHOST:8080')).toEqual({ host: 'localhost', port: 8080 });
    expect(parseAllowlistEntry('intranet.example')).toEqual({ host: 'intranet.example' });
    expect(parseAllowlistEntry('[::1]:3000')).toEqual({ host: '::1', port: 3000 });
    expect(parseAllowlistEntry('::ffff:127.0.0.1')).toEqual({ host: '::ffff:7f00:1' });
    expect(parseAllowlistEntry('2130706433:80')).toEqual({ host: '127.0.0.1', port: 80 });
    expect(parseAllowlistEntry('host:99999')).toBeUndefined();
  });
});

describe('checkStoredUrl (a URL a user stores, to be called later)', () => {
  it.each(['http://127.1:8080/v1', 'http://localhost:11434/v1', 'http://localhost.:11434/v1', 'http://ollama.localhost/v1', 'http://[::ffff:7f00:1]/v1', 'http://169.254.169.254/'])('refuses %s', async (url) => {
    await expect(checkStoredUrl(url)).rejects.toBeInstanceOf(BlockedUrlError);
  });

  it('lets through a name that does not resolve (the connection checks it again) and an allow-listed host', async () => {
    await expect(checkStoredUrl('https://models.invalid/v1')).resolves.toBeInstanceOf(URL);
    await expect(checkStoredUrl('http://localhost:11434/v1', { allowlist: ['localhost:11434'] })).resolves.toBeInstanceOf(URL);
  });
});

describe('safeFetch against loopback servers', () => {
  const servers: TestServer[] = [];
  const start = async (handler: Parameters<typeof serve>[0]) => {
    const server = await serve(handler);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('refuses a loopback server that is not allow-listed, and reaches it when it is (exactly that port)', async () => {
    const server = await start(page('<title>Hi</title>'));
    await expect(safeFetch(server.url)).rejects.toBeInstanceOf(BlockedUrlError);
    await expect(safeFetch(server.url, { allowlist: [`127.0.0.1:${server.port + 1}`] })).rejects.toBeInstanceOf(BlockedUrlError);
    const fetched = await safeFetch(`${server.url}/a?b=1`, { allowlist: [server.entry] });
    expect(fetched).toMatchObject({ url: `${server.url}/a?b=1`, status: 200, contentType: 'text/html', charset: 'utf-8', truncated: false });
    expect(fetched.body.toString()).toBe('<title>Hi</title>');
    expect(server.seen).toHaveLength(1);
  });

  it('an outbound pool keeps sockets between requests of its policy, still refuses what the policy refuses, and serves no other policy', async () => {
    const sockets = new Set<unknown>();
    const server = await start((req, res) => {
      sockets.add(req.socket);
      res.end('ok');
    });
    const pool = new OutboundPool({ allowlist: [server.entry] });
    try {
      for (let i = 0; i < 3; i++) expect((await safeFetch(server.url, { method: 'POST', body: '{}', allowlist: [server.entry], pool })).status).toBe(200);
      expect(sockets.size).toBe(1);
      await expect(safeFetch('http://127.0.0.2:9/', { allowlist: [server.entry], pool })).rejects.toBeInstanceOf(BlockedUrlError);
      await expect(safeFetch(server.url, { pool })).rejects.toThrow('An outbound pool serves one address policy only');
    } finally {
      pool.close();
    }
    // Without a pool, a socket per request.
    await safeFetch(server.url, { allowlist: [server.entry] });
    await safeFetch(server.url, { allowlist: [server.entry] });
    expect(sockets.size).toBe(3);
  });

  it('follows redirects within the allow-list, re-checking every hop', async () => {
    const target = await start(page('landed'));
    const hop = await start((req, res) => {
      if (req.url === '/final') return page('hop done')(req, res);
      res.writeHead(302, { location: req.url === '/private' ? 'http://169.254.169.254/latest/meta-data/' : req.url === '/other-port' ? `${target.url}/x` : '/final' });
      res.end();
    });
    const fetched = await safeFetch(`${hop.url}/start`, { allowlist: [hop.entry] });
    expect(fetched.url).toBe(`${hop.url}/final`);
    expect(fetched.body.toString()).toBe('hop done');

    const toMetadata = safeFetch(`${hop.url}/private`, { allowlist: [hop.entry] });
    await expect(toMetadata).rejects.toBeInstanceOf(BlockedUrlError);
    await expect(toMetadata).rejects.toThrow('169.254.169.254 is a link-local address');

    // Same loopback address, another port: not on the allow-list, so the hop is refused.
    await expect(safeFetch(`${hop.url}/other-port`, { allowlist: [hop.entry] })).rejects.toThrow('127.0.0.1 is a loopback address');
    expect(target.seen).toHaveLength(0);
  });

  it('refuses a redirect to a name that resolves privately, and to a non-http scheme', async () => {
    const hop = await start((req, res) => {
      res.writeHead(301, { location: req.url === '/file' ? 'file:///etc/passwd' : `http://localhost:${(req.socket.address() as AddressInfo).port}/` });
      res.end();
    });
    await expect(safeFetch(`${hop.url}/name`, { allowlist: [hop.entry] })).rejects.toThrow(/^localhost is this machine \(a loopback name\)/);
    await expect(safeFetch(`${hop.url}/file`, { allowlist: [hop.entry] })).rejects.toThrow(/redirects to a URL that is not fetched: file URLs are not fetched/);
  });

  it('stops after 5 redirects', async () => {
    const loop = await start((req, res) => {
      res.writeHead(307, { location: `/n${Number(req.url!.slice(2) || 0) + 1}` });
      res.end();
    });
    const attempt = safeFetch(`${loop.url}/n0`, { allowlist: [loop.entry] });
    await expect(attempt).rejects.toBeInstanceOf(FetchLimitError);
    await expect(attempt).rejects.toThrow('redirected more than 5 times');
    expect(loop.seen).toHaveLength(6);
  });

  it('cuts an endless body at the size cap and closes the connection instead of draining it', async () => {
    const endless = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const fetched = await safeFetch(endless.url, { allowlist: [endless.entry] });
    expect(fetched.truncated).toBe(true);
    expect(fetched.body.length).toBe(2 * 1024 * 1024);
    await endless.closedEarly;

    const small = await safeFetch(endless.url, { allowlist: [endless.entry], maxBytes: 1000 });
    expect(small).toMatchObject({ truncated: true });
    expect(small.body.length).toBe(1000);
  });

  it('gives up on a server that does not answer, or answers too slowly, at the time cap', async () => {
    const silent = await start(() => undefined);
    const started = Date.now();
    const attempt = safeFetch(silent.url, { allowlist: [silent.entry], timeoutMs: 300 });
    await expect(attempt).rejects.toBeInstanceOf(FetchLimitError);
    await expect(attempt).rejects.toThrow(`127.0.0.1:${silent.port} did not answer within 0.3 s`);
    expect(Date.now() - started).toBeLessThan(2000);

    const trickle = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
    });
    const slow = safeFetch(trickle.url, { allowlist: [trickle.entry], timeoutMs: 400 });
    await expect(slow).rejects.toMatchObject({ limit: 'time' });
    await trickle.closedEarly;
  });

  it('stops when the caller aborts', async () => {
    const silent = await start(() => undefined);
    const controller = new AbortController();
    const attempt = safeFetch(silent.url, { allowlist: [silent.entry], signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by the user')), 50);
    await expect(attempt).rejects.toThrow('stopped by the user');
  });

  it('refuses content types it was not asked to read, before reading the body', async () => {
    const pdf = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end('%PDF-1.7');
    });
    const attempt = safeFetch(pdf.url, { allowlist: [pdf.entry], contentTypes: ['text/html', 'text/*'] });
    await expect(attempt).rejects.toMatchObject({ limit: 'content-type' });
    await expect(attempt).rejects.toThrow('is application/pdf, which is not read here');
    await expect(safeFetch(pdf.url, { allowlist: [pdf.entry], contentTypes: ['application/pdf'] })).resolves.toMatchObject({ contentType: 'application/pdf' });
  });

  it('decodes gzip bodies and reports a refused connection plainly', async () => {
    const gzip = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(gzipSync('zipped text'));
    });
    expect((await safeFetch(gzip.url, { allowlist: [gzip.entry] })).body.toString()).toBe('zipped text');
    const port = gzip.port;
    await gzip.close();
    servers.splice(servers.indexOf(gzip), 1);
    const refused = safeFetch(`http://127.0.0.1:${port}/`, { allowlist: [`127.0.0.1:${port}`] });
    await expect(refused).rejects.toBeInstanceOf(FetchError);
    await expect(refused).rejects.toThrow(`127.0.0.1:${port} refused the connection`);
  });

  it('allowPrivate reaches private hosts (admin-configured servers)', async () => {
    const server = await start(page('ok'));
    expect((await safeFetch(server.url, { allowPrivate: true })).status).toBe(200);
  });

  it('allowLocalNetwork reaches loopback and private hosts (an admin’s endpoints) but never link-local or metadata addresses', async () => {
    const server = await start(page('ok'));
    expect((await safeFetch(server.url, { allowLocalNetwork: true })).status).toBe(200);
    expect((await createSafeFetch({ allowLocalNetwork: true })(`http://localhost:${server.port}/`)).status).toBe(200);
    await expect(safeFetch(server.url)).rejects.toBeInstanceOf(BlockedUrlError);
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[fe80::1]/', 'http://[::ffff:169.254.169.254]/', 'http://100.100.100.200/', 'http://[fd00:ec2::254]/']) {
      expect(() => checkUrl(url, { allowLocalNetwork: true })).toThrow(BlockedUrlError);
      await expect(safeFetch(url, { allowLocalNetwork: true })).rejects.toBeInstanceOf(BlockedUrlError);
    }
    expect(checkUrl('http://192.168.1.20:11434/v1', { allowLocalNetwork: true }).host).toBe('192.168.1.20:11434');
    expect((await checkStoredUrl('http://localhost:11434/v1', { allowLocalNetwork: true })).hostname).toBe('localhost');
    await expect(checkStoredUrl('http://localhost:11434/v1')).rejects.toBeInstanceOf(BlockedUrlError);
  });
});

describe('createSafeFetch', () => {
  const servers: TestServer[] = [];
  const start = async (handler: Parameters<typeof serve>[0]) => {
    const server = await serve(handler);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('refuses private targets like safeFetch', async () => {
    const guarded = createSafeFetch();
    await expect(guarded('http://127.0.0.1:1/mcp', { method: 'POST', body: '{}' })).rejects.toBeInstanceOf(BlockedUrlError);
    await expect(guarded('http://[::ffff:169.254.169.254]/')).rejects.toThrow('link-local');
  });

  it('sends POST bodies and headers, and answers a Response', async () => {
    const echo = await start((req, res, body) => {
      res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'abc' });
      res.end(JSON.stringify({ method: req.method, body, auth: req.headers['authorization'] }));
    });
    const guarded = createSafeFetch({ allowlist: [echo.entry] });
    const response = await guarded(new URL(`${echo.url}/mcp`), { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0"}' });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${echo.url}/mcp`);
    expect(response.headers.get('mcp-session-id')).toBe('abc');
    expect(await response.json()).toEqual({ method: 'POST', body: '{"jsonrpc":"2.0"}', auth: 'Bearer t' });
  });

  it('streams server-sent events as they come', async () => {
    let finish!: () => void;
    const sse = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: message\ndata: {"n":1}\n\n');
      finish = () => res.end('event: message\ndata: {"n":2}\n\n');
    });
    const response = await createSafeFetch({ allowlist: [sse.entry], timeoutMs: 500 })(sse.url, { headers: { accept: 'text/event-stream' } });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('event: message\ndata: {"n":1}\n\n');
    // Longer than timeoutMs: the cap covers waiting for the headers, not a stream that is alive.
    await new Promise((resolve) => setTimeout(resolve, 700));
    finish();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('event: message\ndata: {"n":2}\n\n');
  });

  it('stops a stream when the caller aborts, and fails one that outgrows maxBytes', async () => {
    const endless = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const timer = setInterval(() => res.write(`data: ${'x'.repeat(1000)}\n\n`), 5);
      res.on('close', () => clearInterval(timer));
    });
    const controller = new AbortController();
    const response = await createSafeFetch({ allowlist: [endless.entry] })(endless.url, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort(new Error('turn stopped'));
    await expect((async () => {
      for (;;) if ((await reader.read()).done) return;
    })()).rejects.toThrow('turn stopped');
    await endless.closedEarly;

    const capped = await createSafeFetch({ allowlist: [endless.entry], maxBytes: 20_000 })(endless.url);
    await expect(capped.text()).rejects.toThrow(FetchLimitError);
  });

  it('times out waiting for headers', async () => {
    const silent = await start(() => undefined);
    await expect(createSafeFetch({ allowlist: [silent.entry], timeoutMs: 200 })(silent.url)).rejects.toMatchObject({ limit: 'time' });
  });

  it('follows redirects like fetch: 307 keeps the POST body, 303 turns into GET, credentials stay with their origin', async () => {
    const other = await start((req, res, body) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, body, auth: req.headers['authorization'] ?? null }));
    });
    const hop = await start((req, res, body) => {
      if (req.url === '/final') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, body, auth: req.headers['authorization'] ?? null }));
        return;
      }
      res.writeHead(req.url === '/see-other' ? 303 : 307, { location: req.url === '/away' ? `${other.url}/x` : '/final' });
      res.end();
    });
    const guarded = createSafeFetch({ allowlist: [hop.entry, other.entry] });
    const init = { method: 'POST', headers: { authorization: 'Bearer secret' }, body: 'payload' };
    expect(await (await guarded(`${hop.url}/keep`, init)).json()).toEqual({ method: 'POST', body: 'payload', auth: 'Bearer secret' });
    expect(await (await guarded(`${hop.url}/see-other`, init)).json()).toEqual({ method: 'GET', body: '', auth: 'Bearer secret' });
    const away = await guarded(`${hop.url}/away`, init);
    expect(away.redirected).toBe(true);
    expect(await away.json()).toEqual({ method: 'POST', body: 'payload', auth: null });
    const manual = await guarded(`${hop.url}/keep`, { ...init, redirect: 'manual' });
    expect(manual.status).toBe(307);
  });
});
