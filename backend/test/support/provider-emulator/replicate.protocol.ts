import { asNumber, asRecord, asString, type JsonRecord } from './json-value.utils';
import { CONTENT_TYPES, mediaFile, type MediaFormat } from './media-file.generator';
import type { EmulatedPrediction, RecordedRequest } from './provider-emulator.types';
import { EmulatorRequestError, type MediaAnswer, type MediaContext, type MediaProtocol, type RouteMatch } from './vendor.protocol';

/**
 * Replicate's predictions API (https://replicate.com/docs/reference/http), as the `replicate` SDK 1.x calls
 * it: create (by model or by version), poll, cancel; outputs are URLs of files the emulator serves itself.
 */

const DEFAULT_CHECKS_TO_END = 2;
const MODEL_PREDICTIONS = /^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/;
const PREDICTION = /^\/v1\/predictions\/([^/]+)$/;
const CANCEL = /^\/v1\/predictions\/([^/]+)\/cancel$/;
const FILE = /^\/delivery\/replicate\/([^/]+)\/([^/]+)$/;

/** Version ids of community models (run by version, not by name) the emulator knows by name. */
const KNOWN_VERSIONS: Record<string, string> = {
  '671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb': 'meta/musicgen',
};

const ASPECT_RATIOS = ['1:1', '16:9', '21:9', '3:2', '2:3', '4:5', '5:4', '3:4', '4:3', '9:16', '9:21'];
const IMAGE_FORMATS = ['webp', 'jpg', 'png'];

/** The input checks Replicate makes for the models Webox uses (from each model's published schema). */
interface InputRule {
  required?: string[];
  choices?: Record<string, readonly unknown[]>;
  integers?: string[];
  uris?: string[];
}

const INPUT_RULES: Record<string, InputRule> = {
  'black-forest-labs/flux-schnell': { required: ['prompt'], choices: { aspect_ratio: ASPECT_RATIOS, output_format: IMAGE_FORMATS }, integers: ['seed', 'num_outputs'] },
  'stability-ai/stable-diffusion-3.5-large': { required: ['prompt'], choices: { aspect_ratio: ASPECT_RATIOS, output_format: IMAGE_FORMATS }, integers: ['seed'] },
  'minimax/video-01': { required: ['prompt'], uris: ['first_frame_image', 'subject_reference'] },
  'meta/musicgen': {
    choices: { output_format: ['wav', 'mp3'], model_version: ['stereo-melody-large', 'stereo-large', 'melody-large', 'large'], normalization_strategy: ['loudness', 'clip', 'peak', 'rms'] },
    integers: ['duration', 'seed'],
  },
};

const VIDEO_MODEL = /video|minimax|kling|luma|hunyuan|wan-|veo|seedance|ltx/i;
const AUDIO_MODEL = /musicgen|music|audio|riffusion/i;

/** Replicate answers problems as `{ title, detail, status }` (application/problem+json). */
const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  402: 'Insufficient credit',
  403: 'Forbidden',
  404: 'Not found',
  422: 'Input validation failed',
  429: 'Request was throttled',
  500: 'Internal server error',
  503: 'Service unavailable',
};

const DETAILS: Record<number, string> = {
  401: 'You did not pass a valid authentication token',
  402: 'You have insufficient credit to run this model. Go to https://replicate.com/account/billing#billing to purchase credit.',
  404: 'The requested resource could not be found.',
  429: 'Request was throttled. Your rate limit resets in ~1s.',
  500: 'An internal error occurred.',
  503: 'The service is temporarily unavailable.',
};

function errorBody(status: number, message: string | undefined): unknown {
  const title = TITLES[status] ?? (status >= 500 ? 'Internal server error' : 'Bad request');
  return { title, detail: message ?? DETAILS[status] ?? title, status };
}

function validate(model: string, input: JsonRecord): void {
  const rule = INPUT_RULES[model];
  if (!rule) return;
  const problems: string[] = [];
  for (const field of rule.required ?? []) if (input[field] === undefined) problems.push(`- input: ${field} is required`);
  for (const [field, allowed] of Object.entries(rule.choices ?? {})) {
    if (input[field] !== undefined && !allowed.includes(input[field])) problems.push(`- input.${field}: ${field} must be one of the following: ${allowed.map((value) => `"${String(value)}"`).join(', ')}`);
  }
  for (const field of rule.integers ?? []) {
    if (input[field] !== undefined && !Number.isInteger(input[field])) problems.push(`- input.${field}: Invalid type. Expected: integer, given: ${typeof input[field]}`);
  }
  for (const field of rule.uris ?? []) {
    const value = input[field];
    if (value !== undefined && !(typeof value === 'string' && /^(https?:|data:)/.test(value))) problems.push(`- input.${field}: Does not match format 'uri'`);
  }
  if (problems.length) throw new EmulatorRequestError(problems.join('\n'), 422);
}

/** `version` may be a version id, `owner/name` or `owner/name:id`, as the API accepts. */
function fromVersion(version: string): { model: string; version?: string } {
  const [ref, id] = version.includes('/') ? version.split(':') : [undefined, version];
  return { model: ref ?? KNOWN_VERSIONS[version] ?? version, version: id };
}

/** What the model's output file is: the input's `output_format` where the model has one, else by the kind of model. */
function outputFormat(model: string, input: JsonRecord): MediaFormat {
  const requested = asString(input['output_format']);
  const isVideo = VIDEO_MODEL.test(model) || input['first_frame_image'] !== undefined;
  if (!isVideo && (requested === 'wav' || requested === 'mp3')) return requested;
  if (isVideo) return 'mp4';
  if (AUDIO_MODEL.test(model)) return 'wav';
  if (requested === 'png' || requested === 'jpg' || requested === 'webp') return requested;
  return 'webp';
}

/** A small picture with the prediction's aspect ratio. */
function pictureSize(input: Record<string, unknown>): { width: number; height: number } {
  const [width = 1, height = 1] = (asString(input['aspect_ratio']) ?? '1:1').split(':').map(Number);
  return { width: width * 32, height: height * 32 };
}

function iso(epochMs: number | undefined): string | null {
  return epochMs === undefined ? null : new Date(epochMs).toISOString();
}

/** The prediction as the API shows it: the output only once it succeeded. */
function predictionJson(prediction: EmulatedPrediction, url: string): unknown {
  const succeeded = prediction.status === 'succeeded';
  const started = prediction.status !== 'starting';
  return {
    id: prediction.id,
    model: prediction.model,
    version: prediction.version ?? 'hidden',
    input: prediction.input,
    logs: started ? 'Emulated run\n' : '',
    output: succeeded ? (prediction.outputIsList ? prediction.outputUrls : prediction.outputUrls[0]) : null,
    data_removed: false,
    error: prediction.error !== undefined && prediction.status === 'failed' ? prediction.error : null,
    status: prediction.status,
    source: 'api',
    created_at: iso(prediction.createdAt),
    started_at: started ? iso(prediction.createdAt) : null,
    completed_at: iso(prediction.completedAt),
    urls: {
      get: `${url}/v1/predictions/${prediction.id}`,
      cancel: `${url}/v1/predictions/${prediction.id}/cancel`,
      web: `https://replicate.com/p/${prediction.id}`,
    },
    metrics: succeeded ? { predict_time: 0.5, total_time: 0.5 } : {},
  };
}

function findPrediction(route: RouteMatch, context: MediaContext): EmulatedPrediction {
  const prediction = context.predictions.get(route.params?.['id'] ?? '');
  if (!prediction) throw new EmulatorRequestError(DETAILS[404], 404);
  return prediction;
}

/** Model and input of a create request, from the path (`/models/{owner}/{name}/predictions`) or the body's `version`. */
function creation(request: RecordedRequest, route: RouteMatch): { model: string; version?: string; input: JsonRecord } {
  const body = asRecord(request.body);
  const input = asRecord(body?.['input']);
  if (!input) throw new EmulatorRequestError('- input: Invalid type. Expected: object', 422);
  if (route.model) return { model: route.model, input };
  const version = asString(body?.['version']);
  if (!version) throw new EmulatorRequestError('- version: version is required', 422);
  return { ...fromVersion(version), input };
}

export const replicateProtocol: MediaProtocol = {
  vendor: 'replicate',
  matchRoute(method, path): RouteMatch | undefined {
    // `replicate.accounts.current()`, the cheap call a key is verified with.
    if (method === 'GET' && path === '/v1/account') return { kind: 'account' };
    const byModel = MODEL_PREDICTIONS.exec(path);
    if (method === 'POST' && byModel) return { kind: 'prediction', model: `${byModel[1]}/${byModel[2]}` };
    if (method === 'POST' && path === '/v1/predictions') return { kind: 'prediction' };
    const read = PREDICTION.exec(path);
    if (method === 'GET' && read) return { kind: 'prediction-status', params: { id: read[1] ?? '' } };
    const cancel = CANCEL.exec(path);
    if (method === 'POST' && cancel) return { kind: 'prediction-cancel', params: { id: cancel[1] ?? '' } };
    const file = FILE.exec(path);
    if (method === 'GET' && file) return { kind: 'file', params: { id: file[1] ?? '', name: file[2] ?? '' }, public: true };
    return undefined;
  },
  inspect(request, route, context) {
    if (route.kind === 'account') return {};
    if (route.kind === 'prediction') {
      const { model, input } = creation(request, route);
      validate(model, input);
      return { model, prompt: asString(input['prompt']) };
    }
    const prediction = findPrediction(route, context);
    if (route.kind === 'file' && (prediction.status !== 'succeeded' || !prediction.outputUrls.some((url) => url.endsWith(`/${route.params?.['name']}`)))) {
      throw new EmulatorRequestError(DETAILS[404], 404);
    }
    return { model: prediction.model, predictionId: prediction.id, prompt: asString(prediction.input['prompt']) };
  },
  async answer(request, route, behaviour, context): Promise<MediaAnswer> {
    if (route.kind === 'account') return { status: 200, json: { type: 'user', username: 'emulator', name: 'Provider emulator', github_url: null } };
    if (route.kind === 'prediction') {
      const { model, version, input } = creation(request, route);
      const format = outputFormat(model, input);
      const count = Math.max(1, asNumber(input['num_outputs']) ?? 1);
      const outputIsList = /flux/i.test(model) || input['num_outputs'] !== undefined;
      const prediction = context.predictions.create(
        { model, version, input, checksToEnd: behaviour.prediction?.polls ?? DEFAULT_CHECKS_TO_END, error: behaviour.prediction?.error, outputIsList },
        (id) => Array.from({ length: outputIsList ? count : 1 }, (_, index) => `${context.url}/delivery/replicate/${id}/${outputIsList ? `out-${index}` : 'output'}.${format}`),
      );
      // Sync mode (`Prefer: wait`) holds the request until the prediction is over.
      if (/^wait\b/.test(request.headers['prefer'] ?? '')) context.predictions.end(prediction);
      return { status: 201, json: predictionJson(prediction, context.url), logged: { predictionId: prediction.id } };
    }
    const prediction = findPrediction(route, context);
    if (route.kind === 'prediction-status') context.predictions.check(prediction);
    if (route.kind === 'prediction-cancel') context.predictions.cancel(prediction);
    if (route.kind !== 'file') return { status: 200, json: predictionJson(prediction, context.url) };
    const format = (/\.(\w+)$/.exec(route.params?.['name'] ?? '')?.[1] ?? 'png') as MediaFormat;
    return { status: 200, bytes: await mediaFile(format, pictureSize(prediction.input)), contentType: CONTENT_TYPES[format] ?? 'application/octet-stream' };
  },
  errorBody,
  responseHeaders: () => ({}),
};
