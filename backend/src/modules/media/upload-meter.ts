import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { DomainError, withParams } from '../../common/domain-error';
import { ALLOWED_DESCRIPTION, DetectedType, detectType, SNIFF_BYTES } from './media-types';
import { MediaErrorCode, storageQuotaExceeded } from './media.errors';

export interface UploadLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Bytes this file may take before the owner's quota is exceeded. */
  remainingQuota: number;
  quotaBytes: number;
}

/**
 * Sits between an incoming file and storage: holds back the first bytes until the type is known
 * from them, hashes and counts everything, and fails the stream (so storage discards what it
 * wrote) as soon as the file is of a refused type, too large, or over the quota.
 */
export class UploadMeter extends Transform {
  size = 0;
  type: DetectedType | undefined;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;

  constructor(
    readonly fileName: string,
    private readonly limits: UploadLimits,
  ) {
    super();
  }

  get sha256(): string {
    return this.hash.copy().digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    const refusal = this.checkSize();
    if (refusal) return done(refusal);
    if (this.type) return done(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return done();
    this.releaseHead().then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    if (this.type) return done();
    if (this.size === 0) return done(withParams('invalid', MediaErrorCode.EMPTY_FILE, `"${this.fileName}" is empty`, { name: this.fileName }));
    this.releaseHead().then(() => done(), done);
  }

  private checkSize(): DomainError | undefined {
    if (this.size > this.limits.maxBytes) {
      return withParams('too_large', MediaErrorCode.FILE_TOO_LARGE, `"${this.fileName}" is larger than the ${formatBytes(this.limits.maxBytes)} limit per file`, { name: this.fileName, limitBytes: this.limits.maxBytes });
    }
    if (this.size > this.limits.remainingQuota) {
      return storageQuotaExceeded(`"${this.fileName}" does not fit`, this.limits.quotaBytes, formatBytes(this.limits.quotaBytes), { name: this.fileName });
    }
    return undefined;
  }

  private async releaseHead(): Promise<void> {
    const head = Buffer.concat(this.head);
    this.type = await detectType(head.subarray(0, SNIFF_BYTES), this.fileName);
    if (!this.type) throw withParams('unsupported', MediaErrorCode.UNSUPPORTED_TYPE, `"${this.fileName}" is not an accepted type: its content is not one of ${ALLOWED_DESCRIPTION}`, { name: this.fileName });
    this.head = [];
    this.push(head);
  }
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
