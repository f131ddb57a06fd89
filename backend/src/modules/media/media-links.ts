import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { deriveKey } from '../../common/secret-box';

export type MediaVariant = 'content' | 'thumbnail';

/** How long a link handed to the dashboard stays valid. */
const LINK_TTL_SECONDS = 6 * 3600;

/**
 * Signed links to a file's bytes. `<img>`, `<video>` and `<audio>` cannot send an Authorization
 * header, so the API hands its owner links that carry a short-lived signature instead.
 */
@Injectable()
export class MediaLinks {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = deriveKey(config.secretKey, 'media-links');
  }

  url(fileId: string, variant: MediaVariant, nowSeconds = Math.floor(Date.now() / 1000)): string {
    const expires = nowSeconds + LINK_TTL_SECONDS;
    return `/api/media/files/${fileId}/${variant}?token=${expires}.${this.signature(fileId, variant, expires)}`;
  }

  verify(fileId: string, variant: MediaVariant, token: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return false;
    const expires = Number(match[1]);
    if (expires < nowSeconds) return false;
    const expected = Buffer.from(this.signature(fileId, variant, expires));
    const given = Buffer.from(match[2]);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private signature(fileId: string, variant: MediaVariant, expires: number): string {
    return createHmac('sha256', this.key).update(`${fileId}:${variant}:${expires}`).digest('base64url');
  }
}
