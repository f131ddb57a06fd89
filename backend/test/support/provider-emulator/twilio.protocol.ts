import { randomBytes } from 'node:crypto';
import { asRecord, asString } from './json-value.utils';
import type { RecordedRequest } from './provider-emulator.types';
import { EmulatorRequestError, type MediaProtocol, type RouteMatch } from './vendor.protocol';

/**
 * Twilio's REST API (2010-04-01), the calls Webox makes through `twilio` 6.x: fetch the account (how
 * credentials are verified), list and update incoming phone numbers, create calls, start a call's
 * recording. Auth is HTTP Basic (`AccountSid:AuthToken`); the token must be one of the emulator's keys.
 * Bodies are form-encoded, answers JSON in Twilio's snake_case, errors `{ code, message, more_info, status }`.
 */

const BASE = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})/;
const ACCOUNT = new RegExp(`${BASE.source}\\.json$`);
const NUMBERS = new RegExp(`${BASE.source}/IncomingPhoneNumbers\\.json$`);
const NUMBER = new RegExp(`${BASE.source}/IncomingPhoneNumbers/(PN[0-9a-fA-F]{32})\\.json$`);
const CALLS = new RegExp(`${BASE.source}/Calls\\.json$`);
const RECORDINGS = new RegExp(`${BASE.source}/Calls/(CA[0-9a-fA-F]{32})/Recordings\\.json$`);

/** The numbers every emulated account owns (their voice URLs change with updates, per account). */
export const TWILIO_NUMBERS = [
  { sid: 'PN11111111111111111111111111111111', phone_number: '+15005550100', friendly_name: '(500) 555-0100' },
  { sid: 'PN22222222222222222222222222222222', phone_number: '+15005550101', friendly_name: '(500) 555-0101' },
];

const voiceUrls = new Map<string, { voice_url: string; status_callback: string }>();

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

function numberResource(accountSid: string, number: (typeof TWILIO_NUMBERS)[number]) {
  const urls = voiceUrls.get(`${accountSid}/${number.sid}`) ?? { voice_url: '', status_callback: '' };
  return {
    sid: number.sid,
    account_sid: accountSid,
    phone_number: number.phone_number,
    friendly_name: number.friendly_name,
    voice_url: urls.voice_url,
    voice_method: 'POST',
    status_callback: urls.status_callback,
    status_callback_method: 'POST',
    capabilities: { voice: true, sms: true, mms: false, fax: false },
    uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${number.sid}.json`,
  };
}

function errorBody(status: number, message: string | undefined): unknown {
  const code = status === 401 ? 20003 : status === 404 ? 20404 : status === 400 ? 21201 : 20500;
  return { code, message: message ?? (status === 401 ? 'Authenticate' : status === 404 ? 'The requested resource was not found' : 'Emulated error'), more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function field(request: RecordedRequest, name: string): string | undefined {
  return asString(asRecord(request.body)?.[name]);
}

export const twilioProtocol: MediaProtocol = {
  vendor: 'twilio',
  matchRoute(method, path): RouteMatch | undefined {
    const account = ACCOUNT.exec(path);
    if (method === 'GET' && account) return { kind: 'account', params: { account: account[1]! } };
    const numbers = NUMBERS.exec(path);
    if (method === 'GET' && numbers) return { kind: 'numbers', params: { account: numbers[1]! } };
    const number = NUMBER.exec(path);
    if (method === 'POST' && number) return { kind: 'number-update', params: { account: number[1]!, number: number[2]! } };
    const calls = CALLS.exec(path);
    if (method === 'POST' && calls) return { kind: 'call', params: { account: calls[1]! } };
    const recordings = RECORDINGS.exec(path);
    if (method === 'POST' && recordings) return { kind: 'recording', params: { account: recordings[1]!, call: recordings[2]! } };
    return undefined;
  },
  inspect(request, route) {
    if (route.kind === 'call') {
      for (const name of ['To', 'From', 'Url']) if (!field(request, name)) throw new EmulatorRequestError(`Required parameter "${name}" missing.`);
    }
    return {};
  },
  async answer(request, route) {
    const accountSid = route.params?.['account'] ?? '';
    switch (route.kind) {
      case 'account':
        return { status: 200, json: { sid: accountSid, friendly_name: 'Emulated account', status: 'active', type: 'Full', date_created: new Date(0).toUTCString() } };
      case 'numbers':
        return {
          status: 200,
          json: { incoming_phone_numbers: TWILIO_NUMBERS.map((number) => numberResource(accountSid, number)), page: 0, page_size: 50, first_page_uri: null, next_page_uri: null, previous_page_uri: null, uri: request.path, start: 0, end: TWILIO_NUMBERS.length - 1 },
        };
      case 'number-update': {
        const number = TWILIO_NUMBERS.find((candidate) => candidate.sid === route.params?.['number']);
        if (!number) return { status: 404, json: errorBody(404, undefined) };
        voiceUrls.set(`${accountSid}/${number.sid}`, { voice_url: field(request, 'VoiceUrl') ?? '', status_callback: field(request, 'StatusCallback') ?? '' });
        return { status: 200, json: numberResource(accountSid, number) };
      }
      case 'call':
        return {
          status: 201,
          json: { sid: `CA${hex(16)}`, account_sid: accountSid, to: field(request, 'To'), from: field(request, 'From'), status: 'queued', direction: 'outbound-api', date_created: new Date().toUTCString(), price: null, price_unit: 'USD' },
        };
      default:
        return { status: 201, json: { sid: `RE${hex(16)}`, account_sid: accountSid, call_sid: route.params?.['call'], status: 'in-progress', channels: 1, source: 'StartCallRecordingAPI' } };
    }
  },
  errorBody: (status, message) => errorBody(status, message),
  responseHeaders: (request) => ({ 'twilio-request-id': `RQ${String(request.index).padStart(32, '0')}` }),
};
