import { asRecord, asString } from './json-value.utils';
import { CONTENT_TYPES, mediaFile, type MediaFormat } from './media-file.generator';
import type { RecordedRequest } from './provider-emulator.types';
import { EmulatorRequestError, type MediaProtocol, type RouteMatch } from './vendor.protocol';

/**
 * ElevenLabs text to speech (`POST /v1/text-to-speech/{voice_id}`, and its `/stream` variant), as
 * `@elevenlabs/elevenlabs-js` 2.x calls it: key in `xi-api-key`, output format in the query, audio bytes back.
 */

const SPEECH = /^\/v1\/text-to-speech\/([^/]+)(\/stream)?$/;
/** Voice ids are 20 letters and digits; anything else is a voice that does not exist. */
const VOICE_ID = /^[A-Za-z0-9]{20}$/;
const DEFAULT_MODEL = 'eleven_multilingual_v2';
const DEFAULT_FORMAT = 'mp3_44100_128';

/** `codec_samplerate[_bitrate]`; the emulator makes mp3, pcm, wav and μ-law at 8 kHz (the telephone's; ElevenLabs also has opus and A-law). */
function formatOf(outputFormat: string): MediaFormat | 'ulaw' {
  const codec = outputFormat.split('_')[0];
  if (codec === 'mp3' || codec === 'pcm' || codec === 'wav') return codec;
  if (outputFormat === 'ulaw_8000') return 'ulaw';
  throw new EmulatorRequestError(`The provider emulator answers speech as mp3_*, pcm_*, wav_* or ulaw_8000, not '${outputFormat}'.`);
}

/** Half a second of a 440 Hz tone as μ-law 8 kHz (G.711), as ElevenLabs' `ulaw_8000` answers. */
function ulawFile(seconds = 0.5): Buffer {
  const count = Math.round(seconds * 8_000);
  const bytes = Buffer.alloc(count);
  for (let index = 0; index < count; index++) {
    let sample = Math.round(3000 * Math.sin((2 * Math.PI * 440 * index) / 8_000));
    const sign = sample < 0 ? 0x80 : 0;
    sample = Math.min(Math.abs(sample), 32_635) + 0x84;
    let exponent = 7;
    for (let mask = 0x4000; (sample & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
    bytes[index] = ~(sign | (exponent << 4) | ((sample >> (exponent + 3)) & 0x0f)) & 0xff;
  }
  return bytes;
}

const STATUSES: Record<number, { status: string; message: string }> = {
  400: { status: 'invalid_request', message: 'The request is invalid.' },
  401: { status: 'invalid_api_key', message: 'Invalid API key' },
  404: { status: 'voice_not_found', message: 'A voice with the voice_id you provided was not found.' },
  429: { status: 'too_many_concurrent_requests', message: 'Too many concurrent requests for your subscription. Please upgrade or try again later.' },
  500: { status: 'internal_server_error', message: 'An internal server error occurred.' },
  503: { status: 'service_unavailable', message: 'The service is temporarily overloaded, please try again later.' },
};

/** `{ detail: { status, message } }`; 422 is FastAPI's validation list `{ detail: [{ loc, msg, type }] }`. */
function errorBody(status: number, message: string | undefined): unknown {
  if (status === 422) return { detail: [{ loc: ['body', 'text'], msg: message ?? 'Field required', type: 'missing' }] };
  const known = STATUSES[status] ?? { status: status >= 500 ? 'internal_server_error' : 'invalid_request', message: `Emulated error ${status}.` };
  return { detail: { status: known.status, message: message ?? known.message } };
}

function parse(request: RecordedRequest, voice: string): { model: string; text: string; format: MediaFormat | 'ulaw' } {
  const body = asRecord(request.body);
  const text = asString(body?.['text']);
  if (text === undefined) throw new EmulatorRequestError('Field required', 422);
  if (!VOICE_ID.test(voice)) throw new EmulatorRequestError(`A voice with voice_id ${voice} does not exist.`, 404);
  return { model: asString(body?.['model_id']) ?? DEFAULT_MODEL, text, format: formatOf(request.query['output_format'] ?? DEFAULT_FORMAT) };
}

export const elevenlabsProtocol: MediaProtocol = {
  vendor: 'elevenlabs',
  matchRoute(method, path, headers): RouteMatch | undefined {
    // `client.models.list()`, the cheap call a key is verified with; OpenAI owns the same path without `xi-api-key`.
    if (method === 'GET' && path === '/v1/models' && headers['xi-api-key'] !== undefined) return { kind: 'account' };
    const speech = SPEECH.exec(path);
    if (method === 'POST' && speech) return { kind: 'speech', params: { voice: decodeURIComponent(speech[1] ?? '') } };
    return undefined;
  },
  inspect(request, route) {
    if (route.kind === 'account') return {};
    const voice = route.params?.['voice'] ?? '';
    const { model, text } = parse(request, voice);
    return { model, prompt: text, voice };
  },
  async answer(request, route) {
    if (route.kind === 'account') return { status: 200, json: [{ model_id: DEFAULT_MODEL, name: 'Eleven Multilingual v2', can_do_text_to_speech: true }] };
    const { text, format } = parse(request, route.params?.['voice'] ?? '');
    const headers = { 'x-character-count': String(text.length) };
    if (format === 'ulaw') return { status: 200, bytes: ulawFile(), contentType: 'audio/basic', headers };
    return { status: 200, bytes: await mediaFile(format), contentType: CONTENT_TYPES[format], headers };
  },
  errorBody,
  responseHeaders: (request) => ({ 'request-id': `emu-el-${request.index}` }),
};
