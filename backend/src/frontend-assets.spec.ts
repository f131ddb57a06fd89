import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { acceptedEncodings, cacheControlFor, frontendAssets, IMMUTABLE, REVALIDATE } from './frontend-assets';

describe('frontendAssets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webox-assets-'));
  const script = `console.log(${JSON.stringify('webox '.repeat(400))});\n`;
  const html = '<!doctype html><title>Webox</title><wbx-root></wbx-root>';
  const app = express();
  app.use(frontendAssets(dir, (path) => path.startsWith('/api/')));
  app.use((_request, response) => response.status(404).send('not found'));

  // A build as the frontend's precompress step leaves it: variants beside the compressible files.
  const withVariants = (path: string, text: string) => {
    writeFileSync(join(dir, path), text);
    writeFileSync(join(dir, `${path}.br`), brotliCompressSync(text));
    writeFileSync(join(dir, `${path}.gz`), gzipSync(text));
  };
  withVariants('main-5GQVO3EO.js', script);
  withVariants('styles-CTARMTW7.css', 'body { margin: 0 }'.repeat(50));
  withVariants('index.html', html);
  mkdirSync(join(dir, 'media'));
  writeFileSync(join(dir, 'media', 'roboto-latin-400-normal-LOX3CHMS.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, '.secret'), 'no');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // supertest (superagent) decodes gzip and brotli bodies itself: read the bytes on the wire instead.
  let server: Server;
  beforeAll(() => new Promise<void>((done) => (server = app.listen(0, '127.0.0.1', () => done()))));
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
  const raw = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((done, fail) => {
      const { port } = server.address() as AddressInfo;
      get({ host: '127.0.0.1', port, path, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      }).on('error', fail);
    });

  it('answers brotli when accepted, with the original type, Vary and immutable caching for a hashed file', async () => {
    const response = await raw('/main-5GQVO3EO.js', { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['vary']).toBe('Accept-Encoding');
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
    expect(brotliDecompressSync(response.body).toString()).toBe(script);
  });

  it('answers gzip when brotli is not accepted, and the plain file when nothing is', async () => {
    const gzip = await raw('/styles-CTARMTW7.css', { 'Accept-Encoding': 'gzip, br;q=0' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(gunzipSync(gzip.body).toString()).toContain('margin');

    const plain = await raw('/main-5GQVO3EO.js', { 'Accept-Encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(script);
  });

  it('gives each encoding its own ETag and answers 304 to a matching If-None-Match', async () => {
    const br = await request(app).get('/main-5GQVO3EO.js').set('Accept-Encoding', 'br').expect(200);
    const gzip = await request(app).get('/main-5GQVO3EO.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(br.headers['etag']).toBeDefined();
    expect(br.headers['etag']).not.toBe(gzip.headers['etag']);
    const notModified = await request(app).get('/main-5GQVO3EO.js').set('Accept-Encoding', 'br').set('If-None-Match', br.headers['etag']!).expect(304);
    expect(notModified.headers['content-encoding']).toBeUndefined();
    expect(notModified.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('answers ranges on the bytes it sends, and 416 for a range past the end', async () => {
    const whole = brotliCompressSync(script);
    const range = await raw('/main-5GQVO3EO.js', { 'Accept-Encoding': 'br', Range: 'bytes=0-9' });
    expect(range.status).toBe(206);
    expect(range.headers['content-range']).toBe(`bytes 0-9/${whole.length}`);
    expect(range.headers['content-encoding']).toBe('br');
    expect(range.body.equals(whole.subarray(0, 10))).toBe(true);
    const beyond = await request(app).get('/main-5GQVO3EO.js').set('Accept-Encoding', 'br').set('Range', `bytes=${whole.length + 10}-`).expect(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${whole.length}`);
  });

  it('serves HEAD like GET without a body', async () => {
    const response = await request(app).head('/main-5GQVO3EO.js').set('Accept-Encoding', 'br').expect(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-length']).toBe(String(brotliCompressSync(script).length));
  });

  it('caches hashed media for good and unhashed files with revalidation, without Vary when there is no variant', async () => {
    const font = await request(app).get('/media/roboto-latin-400-normal-LOX3CHMS.woff2').set('Accept-Encoding', 'br').expect(200);
    expect(font.headers['cache-control']).toBe(IMMUTABLE);
    expect(font.headers['content-type']).toBe('font/woff2');
    expect(font.headers['content-encoding']).toBeUndefined();
    expect(font.headers['vary']).toBeUndefined();
    const icon = await request(app).get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe(REVALIDATE);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
  });

  it('answers index.html, compressed and no-cache, for app routes (GET only)', async () => {
    const route = await raw('/chat/123', { 'Accept-Encoding': 'br' });
    expect(route.status).toBe(200);
    expect(route.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(route.headers['content-encoding']).toBe('br');
    expect(route.headers['cache-control']).toBe(REVALIDATE);
    expect(brotliDecompressSync(route.body).toString()).toBe(html);
    const direct = await request(app).get('/index.html').expect(200);
    expect(direct.headers['cache-control']).toBe(REVALIDATE);
    expect(direct.text).toBe(html);
    await request(app).post('/chat/123').expect(404);
  });

  it('leaves API paths alone and never serves dotfiles or paths outside the build', async () => {
    await request(app).get('/api/health').expect(404, 'not found');
    const dotfile = await request(app).get('/.secret').expect(200);
    expect(dotfile.text).toBe(html);
    for (const path of ['/..%2fetc%2fpasswd', '/media/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd']) {
      const response = await request(app).get(path).expect(200);
      expect(response.text).toBe(html);
    }
  });

  it('asks for a build when there is none', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'webox-assets-empty-'));
    const bare = express().use(frontendAssets(empty, () => false));
    const response = await request(bare).get('/').expect(404);
    expect(response.text).toContain('The dashboard is not built');
    rmSync(empty, { recursive: true, force: true });
  });
});

describe('acceptedEncodings and cacheControlFor', () => {
  it('reads q-values and the wildcard', () => {
    expect([...acceptedEncodings('gzip, deflate, br, zstd')]).toEqual(['gzip', 'deflate', 'br', 'zstd']);
    expect([...acceptedEncodings('br;q=0, gzip;q=0.5')]).toEqual(['gzip']);
    expect([...acceptedEncodings('*')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('*, br;q=0')]).toEqual(['gzip']);
    expect(acceptedEncodings(undefined).size).toBe(0);
  });

  it('recognises the names of Angular output hashing only', () => {
    expect(cacheControlFor('/x/main-5GQVO3EO.js')).toBe(IMMUTABLE);
    expect(cacheControlFor('/x/chunk-D5AKO7IO.js')).toBe(IMMUTABLE);
    expect(cacheControlFor('/x/media/material-symbols-outlined-URT2MO6R.woff2')).toBe(IMMUTABLE);
    expect(cacheControlFor('/x/index.html')).toBe(REVALIDATE);
    expect(cacheControlFor('/x/favicon.svg')).toBe(REVALIDATE);
    expect(cacheControlFor('/x/main.js')).toBe(REVALIDATE);
  });
});
