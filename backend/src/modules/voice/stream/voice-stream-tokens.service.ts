import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { deriveKey } from '../../../common/secret-box';
import { AppConfig } from '../../../config/app-config';
import { TwilioConnectionsService } from '../twilio-connections.service';

/** Where Twilio opens a call's Media Stream: `/api/voice/stream/{callId}` (Twilio's stream URL takes no query string). */
export const STREAM_PATH = '/api/voice/stream';
/** How long a call token stays good: Twilio connects the stream within a second or two of reading the TwiML. */
const CALL_TOKEN_TTL_SECONDS = 120;

/**
 * The two locks on a call's Media Stream: Twilio's X-Twilio-Signature on the WebSocket upgrade (over
 * the wss URL, with the owner's Auth Token), and a short-lived call token (HMAC of call id and expiry
 * under a key derived from WEBOX_SECRET_KEY) that the TwiML hands Twilio as a `<Parameter>`.
 */
@Injectable()
export class VoiceStreamTokensService {
  private readonly key: Buffer;

  constructor(
    private readonly connections: TwilioConnectionsService,
    config: AppConfig,
  ) {
    this.key = deriveKey(config.secretKey, 'voice-stream');
  }

  /** The wss URL of a call's stream, from WEBOX_PUBLIC_URL (https → wss), else the origin the webhook came to. */
  streamUrl(callId: string, origin: string): string {
    let base: string;
    try {
      base = this.connections.publicBase();
    } catch {
      base = origin;
    }
    return `${base.replace(/^http/, 'ws')}${STREAM_PATH}/${callId}`;
  }

  callToken(callId: string, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + CALL_TOKEN_TTL_SECONDS;
    return `${expires}.${this.sign(callId, expires)}`;
  }

  verifyCallToken(callId: string, token: string | undefined): boolean {
    const [expiresText, signature] = (token ?? '').split('.');
    const expires = Number(expiresText);
    if (!signature || !Number.isInteger(expires) || expires * 1000 < Date.now()) return false;
    const expected = Buffer.from(this.sign(callId, expires));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Twilio signs the wss URL it opens (no parameters) with the Auth Token of the account the call is on. */
  async verifySignature(ownerId: string, url: string, signature: string | undefined): Promise<boolean> {
    if (!signature) return false;
    const credentials = await this.connections.findFor(ownerId);
    return !!credentials && twilio.validateRequest(credentials.authToken, signature, url, {});
  }

  private sign(callId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${callId}.${expires}`).digest('base64url');
  }
}
