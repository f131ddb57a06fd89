import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The dashboard's files as the real application serves them (`frontend-assets.ts`, unit-tested
 * beside it): a build with the variants the frontend's precompress step writes.
 */
describe('dashboard files', () => {
  let app: TestApp;
  const frontendDir = mkdtempSync(join(tmpdir(), 'webox-frontend-'));
  const html = '<!doctype html><title>Webox</title><wbx-root></wbx-root><script src="main-5GQVO3EO.js" type="module"></script>';
  const script = `export const text = ${JSON.stringify('webox '.repeat(500))};\n`;
  for (const [name, text] of [['index.html', html], ['main-5GQVO3EO.js', script]]) {
    writeFileSync(join(frontendDir, name), text);
    writeFileSync(join(frontendDir, `${name}.br`), brotliCompressSync(text));
    writeFileSync(join(frontendDir, `${name}.gz`), gzipSync(text));
  }

  beforeAll(async () => {
    app = await startTestApp({ WEBOX_FRONTEND_DIR: frontendDir });
  });
  afterAll(async () => {
    await app.close();
    rmSync(frontendDir, { recursive: true, force: true });
  });

  it('answers a hashed script in brotli, cached for good, under the CSP', async () => {
    const response = await app.http().get('/main-5GQVO3EO.js').set('Accept-Encoding', 'gzip, deflate, br').expect(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['vary']).toBe('Accept-Encoding');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.text).toBe(script);
  });

  it('answers gzip to a client without brotli, and 304 to a revalidation', async () => {
    const first = await app.http().get('/main-5GQVO3EO.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(first.headers['content-encoding']).toBe('gzip');
    await app.http().get('/main-5GQVO3EO.js').set('Accept-Encoding', 'gzip').set('If-None-Match', first.headers['etag']!).expect(304);
  });

  it('answers index.html for app routes, compressed and revalidated', async () => {
    const response = await app.http().get('/chat').set('Accept-Encoding', 'br').expect(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.text).toBe(html);
  });

  it('leaves the API and the socket path to their own handlers', async () => {
    const health = await app.http().get('/api/health').set('Accept-Encoding', 'br, gzip').expect(200);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.headers['content-type']).toContain('application/json');
    const unknown = await app.http().get('/api/main-5GQVO3EO.js').expect(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    const v1 = await app.http().get('/v1/main-5GQVO3EO.js');
    expect(v1.headers['content-encoding']).toBeUndefined();
    expect(v1.text).not.toBe(script);
  });
});
