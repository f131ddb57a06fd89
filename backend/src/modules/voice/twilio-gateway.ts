import { Injectable } from '@nestjs/common';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

type RequestOptions<TData> = RequestClient.RequestOptions<TData>;
type RequestResponse<TData> = Awaited<ReturnType<RequestClient['request']>> & { body: TData };
import { DomainError } from '../../common/domain-error';
import { AppConfig } from '../../config/app-config';
import { VoiceErrorCode } from './voice.errors';

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

export interface TwilioIncomingNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  voiceUrl: string | null;
}

/** How long one Twilio REST call may take. */
const TWILIO_TIMEOUT_MS = 10_000;

/**
 * twilio-node's own HTTP client, pointed at another base URL: the SDK builds `https://api.twilio.com/...`
 * (plus `edge`/`region`, which only change the host name inside twilio.com), then hands every request to
 * its `httpClient` (`BaseTwilio.request`); this one swaps the origin for the configured base (an HTTP
 * proxy, or the provider emulator in tests) and keeps the path, query, auth and body the SDK made.
 */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: TWILIO_TIMEOUT_MS });
  }

  override request<TData>(opts: RequestOptions<TData>): Promise<RequestResponse<TData>> {
    const uri = new URL(opts.uri);
    return super.request<TData>({ ...opts, uri: `${this.baseUrl}${uri.pathname}${uri.search}` });
  }
}

/** The Twilio REST calls Webox makes, through the official SDK, with failures mapped to voice's error codes. */
@Injectable()
export class TwilioGateway {
  constructor(private readonly config: AppConfig) {}

  client(credentials: TwilioCredentials): twilio.Twilio {
    const base = this.config.voice.twilioApiBaseUrl;
    return twilio(credentials.accountSid, credentials.authToken, {
      ...(base ? { httpClient: new BaseUrlRequestClient(base) } : { timeout: TWILIO_TIMEOUT_MS }),
      autoRetry: false,
    });
  }

  /** Fetches the account with the credentials: a 400 naming them when Twilio refuses them. */
  async verify(credentials: TwilioCredentials): Promise<void> {
    await this.call(() => this.client(credentials).api.v2010.accounts(credentials.accountSid).fetch(), true);
  }

  async listNumbers(credentials: TwilioCredentials): Promise<TwilioIncomingNumber[]> {
    const numbers = await this.call(() => this.client(credentials).incomingPhoneNumbers.list({ limit: 1000 }));
    return numbers.map((number) => ({ sid: number.sid, phoneNumber: number.phoneNumber, friendlyName: number.friendlyName, voiceUrl: number.voiceUrl || null }));
  }

  async connectNumber(credentials: TwilioCredentials, sid: string, voiceUrl: string, statusCallback: string): Promise<TwilioIncomingNumber> {
    const number = await this.call(() => this.client(credentials).incomingPhoneNumbers(sid).update({ voiceUrl, voiceMethod: 'POST', statusCallback, statusCallbackMethod: 'POST' }), false, sid);
    return { sid: number.sid, phoneNumber: number.phoneNumber, friendlyName: number.friendlyName, voiceUrl: number.voiceUrl || null };
  }

  async placeCall(credentials: TwilioCredentials, call: { to: string; from: string; url: string; statusCallback: string; record: boolean; recordingStatusCallback: string }): Promise<{ sid: string; status: string }> {
    const created = await this.call(() =>
      this.client(credentials).calls.create({
        to: call.to,
        from: call.from,
        url: call.url,
        method: 'POST',
        statusCallback: call.statusCallback,
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['completed'],
        ...(call.record ? { record: true, recordingStatusCallback: call.recordingStatusCallback, recordingStatusCallbackMethod: 'POST' } : {}),
      }),
    );
    return { sid: created.sid, status: created.status };
  }

  /** Starts recording an answered call (inbound calls: outbound ones are recorded from `calls.create`). */
  async startRecording(credentials: TwilioCredentials, callSid: string, recordingStatusCallback: string): Promise<void> {
    await this.call(() => this.client(credentials).calls(callSid).recordings.create({ recordingStatusCallback, recordingStatusCallbackMethod: 'POST' }));
  }

  private async call<T>(request: () => Promise<T>, verifying = false, numberSid?: string): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (status === 401 || status === 403) {
        const message = verifying ? 'Twilio refused this Account SID and Auth Token' : 'Twilio refused the stored Account SID and Auth Token: connect the account again';
        throw new DomainError('invalid', VoiceErrorCode.VOICE_TWILIO_CREDENTIALS_REJECTED, message, verifying ? [{ field: 'authToken', message }] : undefined);
      }
      if (status === 404 && numberSid) throw new DomainError('not_found', VoiceErrorCode.VOICE_NUMBER_NOT_FOUND, `The Twilio account has no incoming number ${numberSid}`);
      const reason = error instanceof Error ? error.message : String(error);
      throw new DomainError('provider', VoiceErrorCode.VOICE_TWILIO_FAILED, `Twilio failed: ${reason.slice(0, 300)}`, undefined, { provider: 'twilio' });
    }
  }
}
