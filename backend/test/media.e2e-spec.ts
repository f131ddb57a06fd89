import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { FileStorage } from '../src/storage/file-storage';
import { executableBytes, pngOf, videoAndAudio } from './support/media-fixtures';
import { startS3Server, TestS3Server } from './support/s3-server';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Files stored under the local media root (uploads and thumbnails), whatever their owner. */
function storedObjects(app: TestApp): string[] {
  const root = join(app.config.dataDir, 'media');
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

async function waitForPreview(app: TestApp, user: TestUser, id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const file = await app.http().get(`/api/media/files/${id}`).set(user.auth).expect(200);
    if (file.body.previewStatus !== 'pending') return file.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`preview of ${id} still pending`);
}

describe('media library', () => {
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;
  let png: Buffer;

  const upload = (user: TestUser, files: Array<[Buffer, string]>, folderId?: string) => {
    const call = app.http().post(`/api/media/upload${folderId ? `?folderId=${folderId}` : ''}`).set(user.auth);
    for (const [data, filename] of files) call.attach('files', data, { filename });
    return call;
  };

  beforeAll(async () => {
    app = await startTestApp({ WEBOX_MEDIA_MAX_FILE_BYTES: String(2 * 1024 * 1024), WEBOX_MEDIA_QUOTA_BYTES: String(6 * 1024 * 1024) });
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
    png = await pngOf(640, 480);
  });
  afterAll(() => app.close());

  it('uploads several files at once, detects their types from the content and hashes them', async () => {
    const notes = Buffer.from('# Notes\n\nPlain *markdown*.\n');
    const response = await upload(ada, [
      [png, 'holiday.png'],
      [notes, 'notes.md'],
    ]).expect(201);
    expect(response.body).toHaveLength(2);
    const [image, text] = response.body;
    expect(image).toMatchObject({ name: 'holiday.png', mimeType: 'image/png', kind: 'image', size: png.length, sha256: sha256(png), source: 'uploaded', folderId: null, origin: null });
    expect(text).toMatchObject({ name: 'notes.md', mimeType: 'text/markdown', kind: 'text', previewStatus: 'none' });
    expect(image.contentUrl).toMatch(new RegExp(`^/api/media/files/${image.id}/content\\?token=`));

    const ready = await waitForPreview(app, ada, image.id);
    expect(ready).toMatchObject({ previewStatus: 'ready', width: 640, height: 480 });
    const thumbnail = await app.http().get(`/api/media/files/${image.id}/thumbnail`).set(ada.auth).buffer(true).expect(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
    expect(thumbnail.body.subarray(8, 12).toString()).toBe('WEBP');

    const content = await app.http().get(`/api/media/files/${image.id}/content`).set(ada.auth).buffer(true).expect(200);
    expect(Buffer.compare(content.body, png)).toBe(0);
    expect(content.headers).toMatchObject({ 'content-type': 'image/png', 'x-content-type-options': 'nosniff', 'accept-ranges': 'bytes' });
    expect(content.headers['content-disposition']).toMatch(/^inline; filename="holiday.png"/);
    expect(content.headers['content-security-policy']).toContain('sandbox');
  });

  it('serves byte ranges so players can seek, and refuses a range past the end', async () => {
    const [file] = (await upload(ada, [[png, 'ranges.png']]).expect(201)).body;
    const part = await app.http().get(`/api/media/files/${file.id}/content`).set(ada.auth).set('Range', 'bytes=0-9').buffer(true).expect(206);
    expect(part.headers['content-range']).toBe(`bytes 0-9/${png.length}`);
    expect(Buffer.compare(part.body, png.subarray(0, 10))).toBe(0);
    const tail = await app.http().get(`/api/media/files/${file.id}/content`).set(ada.auth).set('Range', 'bytes=-4').buffer(true).expect(206);
    expect(Buffer.compare(tail.body, png.subarray(png.length - 4))).toBe(0);
    const outside = await app.http().get(`/api/media/files/${file.id}/content`).set(ada.auth).set('Range', `bytes=${png.length}-`).expect(416);
    expect(outside.body.code).toBe('RANGE_NOT_SATISFIABLE');
  });

  it('lets img and video tags use the signed links, and nothing else without a token', async () => {
    const [file] = (await upload(ada, [[png, 'linked.png']]).expect(201)).body;
    await app.http().get(file.contentUrl).expect(200);
    await app.http().get(`/api/media/files/${file.id}/content`).expect(401);
    const [, token] = (file.contentUrl as string).split('token=');
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await app.http().get(`/api/media/files/${file.id}/content?token=${forged}`).expect(401);
    // A link for one file does not open another, nor the thumbnail variant.
    const [other] = (await upload(ada, [[png, 'other.png']]).expect(201)).body;
    await app.http().get(`/api/media/files/${other.id}/content?token=${token}`).expect(401);
    await app.http().get(`/api/media/files/${file.id}/thumbnail?token=${token}`).expect(401);
  });

  it('serves what could run script (SVG, HTML) only as an attachment', async () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>');
    const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
    const [image, page] = (await upload(ada, [[svg, 'icon.svg'], [html, 'page.html']]).expect(201)).body;
    expect(image).toMatchObject({ mimeType: 'image/svg+xml', kind: 'image' });
    expect(page).toMatchObject({ mimeType: 'text/html', kind: 'document' });
    for (const file of [image, page]) {
      const served = await app.http().get(`/api/media/files/${file.id}/content`).set(ada.auth).expect(200);
      expect(served.headers['content-disposition']).toMatch(/^attachment;/);
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      expect(served.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
    }
    // The SVG still gets a safe raster thumbnail.
    expect(await waitForPreview(app, ada, image.id)).toMatchObject({ previewStatus: 'ready', width: 10, height: 10 });
  });

  it('makes a poster frame for a video and reads durations and dimensions', async () => {
    const { mp4, wav } = videoAndAudio();
    const [video, audio] = (await upload(ada, [[mp4, 'clip.mp4'], [wav, 'tone.wav']]).expect(201)).body;
    expect(video).toMatchObject({ kind: 'video', mimeType: 'video/mp4' });
    expect(audio).toMatchObject({ kind: 'audio' });
    const videoReady = await waitForPreview(app, ada, video.id);
    expect(videoReady).toMatchObject({ previewStatus: 'ready', width: 320, height: 240 });
    expect(videoReady['durationSeconds']).toBeCloseTo(2, 0);
    await app.http().get(`/api/media/files/${video.id}/thumbnail`).set(ada.auth).expect(200).expect('Content-Type', 'image/webp');
    const audioReady = await waitForPreview(app, ada, audio.id);
    expect(audioReady).toMatchObject({ previewStatus: 'none', width: null });
    expect(audioReady['durationSeconds']).toBeCloseTo(1.5, 1);
    await app.http().get(`/api/media/files/${audio.id}/thumbnail`).set(ada.auth).expect(404);
  }, 60_000);

  it('refuses a file over the size limit with 413 and keeps nothing of it', async () => {
    const before = storedObjects(app).length;
    const big = Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]);
    const response = await upload(ada, [[big, 'huge.png']]).expect(413);
    expect(response.body).toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(response.body.message).toContain('2 MB');
    expect(storedObjects(app).length).toBe(before);
  });

  it('refuses an executable renamed .png with 415, and all of an upload when one file is refused', async () => {
    const before = storedObjects(app).length;
    const count = (await app.http().get('/api/media/files').set(ada.auth).expect(200)).body.total;
    const response = await upload(ada, [
      [png, 'fine.png'],
      [executableBytes(), 'cat.png'],
    ]).expect(415);
    expect(response.body).toMatchObject({ code: 'UNSUPPORTED_TYPE' });
    expect(response.body.message).toContain('cat.png');
    expect(storedObjects(app).length).toBe(before);
    expect((await app.http().get('/api/media/files').set(ada.auth).expect(200)).body.total).toBe(count);
  });

  it('stores hostile names safely', async () => {
    // NUL and control characters cannot appear raw in a header; clients send them encoded (RFC 5987).
    const boundary = 'webox-names';
    const part = (header: string, body: string) => `--${boundary}\r\nContent-Disposition: form-data; name="files"; ${header}\r\nContent-Type: text/plain\r\n\r\n${body}\r\n`;
    const body = [
      part('filename="../../etc/passwd.txt"', 'one'),
      part("filename*=UTF-8''evil%00%01%07name.txt", 'two'),
      part(`filename="${'a'.repeat(500)}.txt"`, 'three'),
      part("filename*=UTF-8''..%2F..%2F%C3%A9t%C3%A9%00.md", 'four'),
    ].join('') + `--${boundary}--\r\n`;
    const [traversal, control, longest, encoded] = (
      await app.http().post('/api/media/upload').set(ada.auth).set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(body).expect(201)
    ).body;
    expect(traversal.name).toBe('passwd.txt');
    expect(control.name).toBe('evilname.txt');
    expect(longest.name).toHaveLength(255);
    expect(longest.name.endsWith('.txt')).toBe(true);
    expect(encoded).toMatchObject({ name: 'été.md', mimeType: 'text/markdown' });
    for (const path of storedObjects(app)) expect(path.startsWith(join(app.config.dataDir, 'media'))).toBe(true);
    const served = await app.http().get(`/api/media/files/${encoded.id}/content`).set(ada.auth).expect(200);
    expect(served.headers['content-disposition']).toBe(`inline; filename="_t_.md"; filename*=UTF-8''%C3%A9t%C3%A9.md`);
    const raw = await app.http().post('/api/media/upload').set(ada.auth).attach('files', Buffer.from('x'), { filename: 'raw\u0001control.txt' }).expect(400);
    expect(raw.body.code).toBe('MALFORMED_UPLOAD');
  });

  it('keeps to the quota and names it', async () => {
    const carol = await registerUser(app, 'Carol');
    const chunk = Buffer.concat([png, Buffer.alloc(1900 * 1024 - png.length, 1)]);
    for (let i = 0; i < 3; i++) await upload(carol, [[chunk, `part-${i}.png`]]).expect(201);
    const refused = await upload(carol, [[chunk, 'one-too-many.png']]).expect(402);
    expect(refused.body).toMatchObject({ statusCode: 402, code: 'QUOTA_EXCEEDED', params: { budget: 'storage', limit: 6 * 1024 * 1024, quotaBytes: 6 * 1024 * 1024 } });
    expect(refused.body.params).not.toHaveProperty('resetsAt');
    expect(refused.body.message).toContain('quota of 6 MB');
    expect(refused.body.message).toContain('does not reset');
    const usage = await app.http().get('/api/media/usage').set(carol.auth).expect(200);
    expect(usage.body).toEqual({ usedBytes: 3 * chunk.length, quotaBytes: 6 * 1024 * 1024, fileCount: 3, maxFileBytes: 2 * 1024 * 1024 });
  });

  it('drops a half-sent upload: no row, no orphan bytes', async () => {
    const dave = await registerUser(app, 'Dave');
    const before = storedObjects(app).length;
    const boundary = 'webox-boundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="partial.png"\r\nContent-Type: image/png\r\n\r\n`);
    await new Promise<void>((resolve) => {
      const url = new URL(app.url);
      const req = httpRequest({ host: url.hostname, port: url.port, path: '/api/media/upload', method: 'POST', headers: { ...dave.auth, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(head.length + 1024 * 1024) } });
      req.on('error', () => resolve());
      req.write(head);
      req.write(Buffer.concat([png, Buffer.alloc(200 * 1024)]));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await app.http().get('/api/media/files').set(dave.auth).expect(200)).body.total).toBe(0);
    expect(storedObjects(app).length).toBe(before);
  });

  it('lists with filters, search, sort and pages', async () => {
    const erin = await registerUser(app, 'Erin');
    const folder = (await app.http().post('/api/media/folders').set(erin.auth).send({ name: 'Reports' }).expect(201)).body;
    await upload(erin, [[Buffer.from('a,b\n1,2\n'), 'zeta.csv']], folder.id).expect(201);
    await upload(erin, [[png, 'alpha.png'], [Buffer.from('{"a":1}'), 'Beta_100%.json']]).expect(201);
    const list = (query: string) => app.http().get(`/api/media/files?${query}`).set(erin.auth).expect(200);
    expect((await list('')).body.total).toBe(3);
    expect((await list(`folderId=${folder.id}`)).body.items.map((f: { name: string }) => f.name)).toEqual(['zeta.csv']);
    expect((await list('folderId=root&sort=name')).body.items.map((f: { name: string }) => f.name)).toEqual(['alpha.png', 'Beta_100%.json']);
    expect((await list('kind=image')).body.items.map((f: { name: string }) => f.name)).toEqual(['alpha.png']);
    expect((await list('source=generated')).body.total).toBe(0);
    expect((await list('q=100%25')).body.items.map((f: { name: string }) => f.name)).toEqual(['Beta_100%.json']);
    expect((await list('q=ZET')).body.total).toBe(1);
    const page = (await list('sort=name&limit=2&page=2')).body;
    expect(page).toMatchObject({ total: 3, page: 2, limit: 2 });
    expect(page.items.map((f: { name: string }) => f.name)).toEqual(['zeta.csv']);
    const bad = await app.http().get('/api/media/files?kind=spreadsheet').set(erin.auth).expect(400);
    expect(JSON.stringify(bad.body)).toContain('kind must be one of');
  });

  it('renames and moves a file, and deleting it removes its bytes and thumbnail', async () => {
    const folder = (await app.http().post('/api/media/folders').set(ada.auth).send({ name: 'Moves' }).expect(201)).body;
    const [file] = (await upload(ada, [[png, 'before.png']]).expect(201)).body;
    await waitForPreview(app, ada, file.id);
    const renamed = await app.http().patch(`/api/media/files/${file.id}`).set(ada.auth).send({ name: 'after.png', folderId: folder.id }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'after.png', folderId: folder.id });
    await app.http().patch(`/api/media/files/${file.id}`).set(ada.auth).send({ name: 'a/b.png' }).expect(400);
    const back = await app.http().patch(`/api/media/files/${file.id}`).set(ada.auth).send({ folderId: null }).expect(200);
    expect(back.body.folderId).toBeNull();

    const storage = app.app.get(FileStorage);
    const row = (await app.dataSource.query('SELECT storage_key, thumbnail_key FROM media_files WHERE id = $1', [file.id]))[0];
    expect(row.thumbnail_key).toBe(`${row.storage_key}.thumb.webp`);
    expect(await storage.size(row.storage_key)).toBe(png.length);
    await app.http().delete(`/api/media/files/${file.id}`).set(ada.auth).expect(204);
    expect(await storage.size(row.storage_key)).toBeUndefined();
    expect(await storage.size(row.thumbnail_key)).toBeUndefined();
    await app.http().get(`/api/media/files/${file.id}`).set(ada.auth).expect(404);
  });

  it('keeps nested folders: no cycles, no silent deletion of content', async () => {
    const make = (name: string, parentId?: string) => app.http().post('/api/media/folders').set(ada.auth).send({ name, ...(parentId ? { parentId } : {}) });
    const top = (await make('Projects').expect(201)).body;
    const child = (await make('2026', top.id).expect(201)).body;
    const grandchild = (await make('Q4', child.id).expect(201)).body;
    expect((await make('projects').expect(409)).body.code).toBe('FOLDER_EXISTS');
    const cycle = await app.http().patch(`/api/media/folders/${top.id}`).set(ada.auth).send({ parentId: grandchild.id }).expect(400);
    expect(cycle.body.code).toBe('FOLDER_CYCLE');
    await app.http().patch(`/api/media/folders/${top.id}`).set(ada.auth).send({ parentId: top.id }).expect(400);
    const renamed = await app.http().patch(`/api/media/folders/${grandchild.id}`).set(ada.auth).send({ name: 'Fourth quarter', parentId: top.id }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Fourth quarter', parentId: top.id });

    const [inside] = (await upload(ada, [[png, 'deep.png']], child.id).expect(201)).body;
    const listed = (await app.http().get('/api/media/folders').set(ada.auth).expect(200)).body;
    expect(listed.find((f: { id: string }) => f.id === child.id)).toMatchObject({ parentId: top.id, fileCount: 1 });

    const refused = await app.http().delete(`/api/media/folders/${top.id}`).set(ada.auth).expect(409);
    expect(refused.body.code).toBe('FOLDER_NOT_EMPTY');
    await app.http().get(`/api/media/files/${inside.id}`).set(ada.auth).expect(200);
    const key = (await app.dataSource.query('SELECT storage_key FROM media_files WHERE id = $1', [inside.id]))[0].storage_key;
    await waitForPreview(app, ada, inside.id);
    await app.http().delete(`/api/media/folders/${top.id}?recursive=true`).set(ada.auth).expect(204);
    await app.http().get(`/api/media/files/${inside.id}`).set(ada.auth).expect(404);
    expect(await app.app.get(FileStorage).size(key)).toBeUndefined();
    const after = (await app.http().get('/api/media/folders').set(ada.auth).expect(200)).body.map((f: { id: string }) => f.id);
    expect(after).not.toEqual(expect.arrayContaining([top.id]));
    expect(after).not.toContain(child.id);
    expect(after).not.toContain(grandchild.id);
    const empty = (await make('Empty').expect(201)).body;
    await app.http().delete(`/api/media/folders/${empty.id}`).set(ada.auth).expect(204);
  });

  it("answers 404 for another user's file, thumbnail and folder", async () => {
    const folder = (await app.http().post('/api/media/folders').set(ada.auth).send({ name: 'Private' }).expect(201)).body;
    const [file] = (await upload(ada, [[png, 'mine.png']], folder.id).expect(201)).body;
    await waitForPreview(app, ada, file.id);
    await app.http().get(`/api/media/files/${file.id}`).set(bob.auth).expect(404);
    await app.http().get(`/api/media/files/${file.id}/content`).set(bob.auth).expect(404);
    await app.http().get(`/api/media/files/${file.id}/thumbnail`).set(bob.auth).expect(404);
    await app.http().patch(`/api/media/files/${file.id}`).set(bob.auth).send({ name: 'stolen.png' }).expect(404);
    await app.http().delete(`/api/media/files/${file.id}`).set(bob.auth).expect(404);
    await app.http().patch(`/api/media/folders/${folder.id}`).set(bob.auth).send({ name: 'Mine now' }).expect(404);
    await app.http().delete(`/api/media/folders/${folder.id}?recursive=true`).set(bob.auth).expect(404);
    await upload(bob, [[png, 'intruder.png']], folder.id).expect(404);
    await app.http().post('/api/media/folders').set(bob.auth).send({ name: 'Sub', parentId: folder.id }).expect(404);
    const [bobs] = (await upload(bob, [[png, 'bob.png']]).expect(201)).body;
    await app.http().patch(`/api/media/files/${bobs.id}`).set(bob.auth).send({ folderId: folder.id }).expect(404);
    expect((await app.http().get('/api/media/files').set(bob.auth).expect(200)).body.items.map((f: { id: string }) => f.id)).toEqual([bobs.id]);
    await app.http().get(`/api/media/files/${file.id}`).set(ada.auth).expect(200);
    await app.http().get('/api/media/files').expect(401);
    await app.http().post('/api/media/upload').attach('files', png, { filename: 'x.png' }).expect(401);
  });

  it('answers 400 to an upload that is not multipart or holds no file', async () => {
    const notMultipart = await app.http().post('/api/media/upload').set(ada.auth).send({ files: [] }).expect(400);
    expect(notMultipart.body.code).toBe('NOT_MULTIPART');
    const noFile = await app.http().post('/api/media/upload').set(ada.auth).field('note', 'nothing attached').expect(400);
    expect(noFile.body.code).toBe('NO_FILES');
    const empty = await upload(ada, [[Buffer.alloc(0), 'empty.txt']]).expect(400);
    expect(empty.body.code).toBe('EMPTY_FILE');
    await app.http().post('/api/media/upload?folderId=nope').set(ada.auth).attach('files', png, { filename: 'x.png' }).expect(400);
  });
});

describe('media library on S3-compatible storage', () => {
  let s3: TestS3Server;
  let app: TestApp;
  let ada: TestUser;

  beforeAll(async () => {
    s3 = await startS3Server();
    app = await startTestApp(s3.env);
    ada = await registerUser(app, 'Ada');
  });
  afterAll(async () => {
    await app?.close();
    await s3?.close();
  });

  it('uploads, previews, serves ranges and deletes through the AWS SDK', async () => {
    const png = await pngOf(200, 100);
    const [file] = (await app.http().post('/api/media/upload').set(ada.auth).attach('files', png, { filename: 'cloud.png' }).expect(201)).body;
    expect(storedObjects(app)).toEqual([]);
    expect(await waitForPreview(app, ada, file.id)).toMatchObject({ previewStatus: 'ready', width: 200, height: 100 });
    const whole = await app.http().get(file.contentUrl).buffer(true).expect(200);
    expect(Buffer.compare(whole.body, png)).toBe(0);
    const part = await app.http().get(`/api/media/files/${file.id}/content`).set(ada.auth).set('Range', 'bytes=1-3').buffer(true).expect(206);
    expect(Buffer.compare(part.body, png.subarray(1, 4))).toBe(0);
    const refused = await app.http().post('/api/media/upload').set(ada.auth).attach('files', executableBytes(), { filename: 'x.png' }).expect(415);
    expect(refused.body.code).toBe('UNSUPPORTED_TYPE');
    const storage = app.app.get(FileStorage);
    expect(storage.kind).toBe('s3');
    const key = (await app.dataSource.query('SELECT storage_key FROM media_files WHERE id = $1', [file.id]))[0].storage_key;
    expect(await storage.size(key)).toBe(png.length);
    await app.http().delete(`/api/media/files/${file.id}`).set(ada.auth).expect(204);
    expect(await storage.size(key)).toBeUndefined();
  });
});
