import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import type { S3Settings } from '../config/app-config';
import { assertSafeKey, ByteRange, FileStorage, StoredObject } from './file-storage';

/**
 * Objects in one S3-compatible bucket. Uploads are multipart and streamed (a part in memory at a
 * time), and an upload that fails is aborted, so a half-written object never appears.
 */
export class S3Storage extends FileStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    super();
    this.client = new S3Client({
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.accessKeyId && settings.secretAccessKey ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } } : {}),
      // Checksums "when required" only: the newer default (CRC32 on every request) is not
      // understood by many S3-compatible servers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Readable): Promise<StoredObject> {
    assertSafeKey(key);
    const upload = new Upload({ client: this.client, params: { Bucket: this.settings.bucket, Key: key, Body: body }, queueSize: 2, leavePartsOnError: false });
    // lib-storage keeps reading a source that failed; abort it so the multipart upload is dropped,
    // and report why the source failed rather than the abort.
    let bodyError: unknown;
    const abortOnError = (error: unknown) => {
      bodyError = error;
      void upload.abort().catch(() => undefined);
    };
    body.once('error', abortOnError);
    try {
      await upload.done();
    } catch (error) {
      throw bodyError ?? error;
    } finally {
      body.off('error', abortOnError);
    }
    const size = await this.size(key);
    if (size === undefined) throw new Error(`S3 object ${key} is missing right after its upload`);
    return { key, size };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertSafeKey(key);
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
    return answer.Body as Readable;
  }

  async size(key: string): Promise<number | undefined> {
    assertSafeKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return head.ContentLength;
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  close(): void {
    this.client.destroy();
  }
}
