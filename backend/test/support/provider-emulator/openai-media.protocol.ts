import { asNumber, asRecord, asString, type JsonRecord } from './json-value.utils';
import type { MultipartBody } from './multipart-body.parser';
import { CONTENT_TYPES, imageFile, mediaFile, type MediaFormat } from './media-file.generator';
import { openaiProtocol } from './openai.protocol';
import type { RecordedRequest, ResolvedBehaviour } from './provider-emulator.types';
import { countWords } from './reply.planner';
import { EmulatorRequestError, type MediaAnswer, type MediaProtocol, type RouteMatch } from './vendor.protocol';

/**
 * OpenAI's Images (`POST /v1/images/generations`) and Speech (`POST /v1/audio/speech`) endpoints, as `openai`
 * 6.x calls them, with the checks the real API makes on sizes, formats and voices. Errors, keys and request
 * ids are the chat routes' own.
 */

const FILE = /^\/delivery\/openai\/([^/]+)$/;

const IMAGE_SIZES: Record<'dall-e-2' | 'dall-e-3' | 'gpt-image', string[]> = {
  'dall-e-2': ['256x256', '512x512', '1024x1024'],
  'dall-e-3': ['1024x1024', '1792x1024', '1024x1792'],
  'gpt-image': ['1024x1024', '1536x1024', '1024x1536', 'auto'],
};

const IMAGE_FORMATS: Record<string, 'png' | 'webp' | 'jpg'> = { png: 'png', webp: 'webp', jpeg: 'jpg' };

const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];
const MAX_SPEECH_INPUT = 4096;
/** What the emulator can make; OpenAI also offers opus, aac and flac. */
const SPEECH_FORMATS: Record<string, MediaFormat> = { mp3: 'mp3', wav: 'wav', pcm: 'pcm' };

const quoted = (values: string[]): string => values.map((value) => `'${value}'`).join(', ');

function family(model: string): keyof typeof IMAGE_SIZES {
  if (model === 'dall-e-2' || model === 'dall-e-3') return model;
  return 'gpt-image';
}

interface ImageCall {
  body: JsonRecord;
  model: string;
  prompt: string;
  size: string;
  count: number;
}

function parseImage(request: RecordedRequest): ImageCall {
  const body = asRecord(request.body);
  const prompt = asString(body?.['prompt']);
  if (!body || !prompt) throw new EmulatorRequestError("Missing required parameter: 'prompt'.");
  const model = asString(body['model']) ?? 'dall-e-2';
  const kind = family(model);
  const size = asString(body['size']) ?? (kind === 'gpt-image' ? 'auto' : '1024x1024');
  if (!IMAGE_SIZES[kind].includes(size)) throw new EmulatorRequestError(`Invalid value: '${size}'. Supported values are: ${quoted(IMAGE_SIZES[kind])}.`);
  const count = asNumber(body['n']) ?? 1;
  if (kind === 'dall-e-3' && count !== 1) throw new EmulatorRequestError('You must provide n=1 for this model.');
  if (kind === 'gpt-image' && body['response_format'] !== undefined) throw new EmulatorRequestError("Unknown parameter: 'response_format'.");
  if (kind !== 'dall-e-3' && body['style'] !== undefined) throw new EmulatorRequestError("Unknown parameter: 'style'.");
  if (body['style'] !== undefined && !['vivid', 'natural'].includes(String(body['style']))) throw new EmulatorRequestError(`Invalid value: '${String(body['style'])}'. Supported values are: 'vivid' and 'natural'.`);
  return { body, model, prompt, size, count };
}

async function imageAnswer(request: RecordedRequest, url: string): Promise<MediaAnswer> {
  const { body, model, prompt, size, count } = parseImage(request);
  const [width = 1024, height = 1024] = size === 'auto' ? [] : size.split('x').map(Number);
  const created = Math.floor(request.receivedAt / 1000);
  if (family(model) === 'gpt-image') {
    // gpt-image models always answer base64, in the asked output format, with token usage.
    const format = IMAGE_FORMATS[asString(body['output_format']) ?? 'png'] ?? 'png';
    const b64 = (await imageFile(format, width, height)).toString('base64');
    const promptTokens = countWords(prompt);
    return {
      status: 200,
      json: {
        created,
        background: 'opaque',
        data: Array.from({ length: count }, () => ({ b64_json: b64 })),
        output_format: asString(body['output_format']) ?? 'png',
        quality: asString(body['quality']) ?? 'medium',
        size: size === 'auto' ? '1024x1024' : size,
        usage: { input_tokens: promptTokens, input_tokens_details: { image_tokens: 0, text_tokens: promptTokens }, output_tokens: 1056 * count, total_tokens: promptTokens + 1056 * count },
      },
    };
  }
  // DALL-E answers URLs unless asked for base64; dall-e-3 says how it rewrote the prompt.
  const base64 = body['response_format'] === 'b64_json';
  const png = base64 ? (await imageFile('png', width, height)).toString('base64') : undefined;
  const data = Array.from({ length: count }, (_, index) => ({
    ...(png ? { b64_json: png } : { url: `${url}/delivery/openai/img-${request.index}-${index}-${width}x${height}.png` }),
    ...(model === 'dall-e-3' ? { revised_prompt: prompt } : {}),
  }));
  return { status: 200, json: { created, data } };
}

interface SpeechCall {
  model: string;
  input: string;
  voice: string;
  format: MediaFormat;
}

function parseSpeech(request: RecordedRequest): SpeechCall {
  const body = asRecord(request.body);
  const model = asString(body?.['model']);
  const input = asString(body?.['input']);
  const voice = asString(body?.['voice']);
  if (!model) throw new EmulatorRequestError("Missing required parameter: 'model'.");
  if (input === undefined) throw new EmulatorRequestError("Missing required parameter: 'input'.");
  if (input.length > MAX_SPEECH_INPUT) throw new EmulatorRequestError(`Invalid 'input': string too long. Expected a string with maximum length ${MAX_SPEECH_INPUT}, but got a string with length ${input.length} instead.`);
  if (!voice) throw new EmulatorRequestError("Missing required parameter: 'voice'.");
  if (!VOICES.includes(voice)) throw new EmulatorRequestError(`Invalid value: '${voice}'. Supported values are: ${quoted(VOICES)}.`);
  const requested = asString(body?.['response_format']) ?? 'mp3';
  const format = SPEECH_FORMATS[requested];
  if (!format) throw new EmulatorRequestError(`The provider emulator answers speech as mp3, wav or pcm, not '${requested}'.`);
  return { model, input, voice, format };
}

const TRANSCRIPTION_MODELS = ['whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe'];
const AUDIO_EXTENSIONS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'];
const MAX_AUDIO_BYTES = 25 * 1024 * 1024;

interface TranscriptionCall {
  model: string;
  bytes: number;
  extension: string;
  language?: string;
  format: 'json' | 'text' | 'verbose_json';
}

/** `POST /v1/audio/transcriptions`: multipart, `file` and `model` required, the format judged from the file's name as OpenAI does. */
function parseTranscription(request: RecordedRequest): TranscriptionCall {
  const body = request.body as Partial<MultipartBody> | undefined;
  if (!body?.multipart) throw new EmulatorRequestError('Transcriptions take multipart/form-data.');
  const model = body.fields?.['model'];
  const file = body.files?.find((part) => part.field === 'file');
  if (!file) throw new EmulatorRequestError("Missing required parameter: 'file'.");
  if (!model) throw new EmulatorRequestError("Missing required parameter: 'model'.");
  if (!TRANSCRIPTION_MODELS.includes(model)) throw new EmulatorRequestError(`Invalid model ${model}. The model must be one of: ${TRANSCRIPTION_MODELS.join(', ')}`);
  const extension = /\.([a-z0-9]+)$/i.exec(file.filename)?.[1]?.toLowerCase() ?? '';
  if (!AUDIO_EXTENSIONS.includes(extension)) throw new EmulatorRequestError(`Invalid file format. Supported formats: ${JSON.stringify(AUDIO_EXTENSIONS)}`);
  if (file.bytes === 0) throw new EmulatorRequestError('Audio file is too short. Minimum audio length is 0.1 seconds.');
  if (file.bytes > MAX_AUDIO_BYTES) throw new EmulatorRequestError(`Maximum content size limit (${MAX_AUDIO_BYTES}) exceeded.`, 413);
  const format = body.fields?.['response_format'] ?? 'json';
  if (format !== 'json' && format !== 'text' && format !== 'verbose_json') throw new EmulatorRequestError(`Invalid value: '${format}'. The emulator answers json, text or verbose_json.`);
  if (format === 'verbose_json' && model !== 'whisper-1') throw new EmulatorRequestError(`response_format 'verbose_json' is not compatible with model '${model}'. Use 'json' or 'text' instead.`);
  const language = body.fields?.['language'];
  return { model, bytes: file.bytes, extension, format, ...(language ? { language } : {}) };
}

/**
 * The transcript: the scripted `reply` when there is one, else a sentence made from what was sent, so
 * the same recording always reads the same. Whisper bills seconds (here one per 16 000 bytes), the
 * gpt-4o models tokens, as the real API reports them.
 */
function transcriptionAnswer(request: RecordedRequest, behaviour: ResolvedBehaviour): MediaAnswer {
  const call = parseTranscription(request);
  const scripted = typeof behaviour.reply === 'function' ? behaviour.reply(request) : behaviour.reply;
  const text = scripted ?? `Transcript of ${call.bytes} bytes of ${call.extension} audio${call.language ? ` in ${call.language}` : ''}.`;
  const seconds = Math.max(1, Math.ceil(call.bytes / 16_000));
  const usage =
    call.model === 'whisper-1'
      ? { type: 'duration', seconds }
      : { type: 'tokens', input_tokens: seconds * 10, input_token_details: { audio_tokens: seconds * 10, text_tokens: 0 }, output_tokens: countWords(text), total_tokens: seconds * 10 + countWords(text) };
  if (call.format === 'text') return { status: 200, bytes: Buffer.from(`${text}\n`), contentType: 'text/plain; charset=utf-8' };
  if (call.format === 'verbose_json') return { status: 200, json: { task: 'transcribe', language: call.language ?? 'english', duration: seconds, text, segments: [], usage } };
  return { status: 200, json: { text, usage } };
}

export const openaiMediaProtocol: MediaProtocol = {
  vendor: 'openai',
  matchRoute(method, path): RouteMatch | undefined {
    if (method === 'POST' && path === '/v1/images/generations') return { kind: 'image' };
    if (method === 'POST' && path === '/v1/audio/speech') return { kind: 'speech' };
    if (method === 'POST' && path === '/v1/audio/transcriptions') return { kind: 'transcription' };
    const file = FILE.exec(path);
    if (method === 'GET' && file) return { kind: 'file', params: { name: file[1] ?? '' }, public: true };
    return undefined;
  },
  inspect(request, route) {
    if (route.kind === 'image') {
      const { model, prompt } = parseImage(request);
      return { model, prompt };
    }
    if (route.kind === 'speech') {
      const { model, input, voice } = parseSpeech(request);
      return { model, prompt: input, voice };
    }
    if (route.kind === 'transcription') {
      const { model, language } = parseTranscription(request);
      return { model, ...(language ? { prompt: language } : {}) };
    }
    if (!/-\d+x\d+\.png$/.test(route.params?.['name'] ?? '')) throw new EmulatorRequestError('Not found.', 404);
    return {};
  },
  async answer(request, route, behaviour, context) {
    if (route.kind === 'image') return imageAnswer(request, context.url);
    if (route.kind === 'transcription') return transcriptionAnswer(request, behaviour);
    if (route.kind === 'speech') {
      const { format } = parseSpeech(request);
      return { status: 200, bytes: await mediaFile(format), contentType: CONTENT_TYPES[format] };
    }
    const [width, height] = (/-(\d+)x(\d+)\.png$/.exec(route.params?.['name'] ?? '') ?? []).slice(1).map(Number);
    return { status: 200, bytes: await imageFile('png', width, height), contentType: 'image/png' };
  },
  errorBody: openaiProtocol.errorBody,
  responseHeaders: openaiProtocol.responseHeaders,
};
