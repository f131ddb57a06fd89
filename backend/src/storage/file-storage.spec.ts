import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { startS3Server, TestS3Server } from '../../test/support/s3-server';
import { AppConfig } from '../config/app-config';
import { FileStorage } from './file-storage';
import { LocalDiskStorage } from './local-disk.storage';
import { S3Storage } from './s3.storage';

/** The same contract, run against both drivers: local disk, and S3 through the real AWS SDK over HTTP. */
describe.each(['local', 's3'] as const)('FileStorage (%s)', (kind) => {
  let storage: FileStorage;
  let s3: TestS3Server | undefined;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'webox-storage-'));
    if (kind === 's3') {
      s3 = await startS3Server();
      storage = new S3Storage(new AppConfig({ NODE_ENV: 'test', WEBOX_DATA_DIR: root, ...s3.env }).media.s3!);
    } else {
      storage = new LocalDiskStorage(root);
    }
  });

  afterAll(async () => {
    if (storage instanceof S3Storage) storage.close();
    await s3?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('stores a stream and reads it back, whole and by range', async () => {
    const body = 'The quick brown fox jumps over the lazy dog';
    await expect(storage.put('u1/fox', Readable.from([Buffer.from(body.slice(0, 10)), Buffer.from(body.slice(10))]))).resolves.toEqual({ key: 'u1/fox', size: body.length });
    expect(await text(await storage.get('u1/fox'))).toBe(body);
    expect(await text(await storage.get('u1/fox', { start: 4, end: 8 }))).toBe('quick');
    expect(await storage.size('u1/fox')).toBe(body.length);
  });

  it('streams a body of several megabytes (multipart on S3)', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const chunks = function* () {
      for (let i = 0; i < 12; i++) yield chunk;
    };
    expect((await storage.put('u1/large', Readable.from(chunks()))).size).toBe(12 * chunk.length);
    const tail = await storage.get('u1/large', { start: 12 * chunk.length - 3, end: 12 * chunk.length - 1 });
    expect(Buffer.concat(await tail.toArray())).toEqual(Buffer.from([7, 7, 7]));
  });

  it('leaves nothing behind when the body fails half-way', async () => {
    async function* failing() {
      yield Buffer.alloc(6 * 1024 * 1024, 1);
      throw new Error('client went away');
    }
    await expect(storage.put('u1/broken', Readable.from(failing()))).rejects.toThrow();
    expect(await storage.size('u1/broken')).toBeUndefined();
    if (kind === 'local') expect(readdirSync(join(root, 'u1')).filter((name) => name.startsWith('broken'))).toEqual([]);
  });

  it('deletes, and deleting what is gone is not an error', async () => {
    await storage.put('u1/gone', Readable.from([Buffer.from('x')]));
    await storage.delete('u1/gone');
    expect(await storage.size('u1/gone')).toBeUndefined();
    await expect(storage.delete('u1/gone')).resolves.toBeUndefined();
  });

  it('refuses keys that could escape their place', async () => {
    await expect(storage.put('../etc/passwd', Readable.from([Buffer.from('x')]))).rejects.toThrow(/Unsafe storage key/);
    await expect(storage.get('u1/../../x')).rejects.toThrow(/Unsafe storage key/);
  });
});
