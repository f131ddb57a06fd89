import { setTimeout as sleep } from 'node:timers/promises';
import Replicate, { type Prediction } from 'replicate';
import { redactUrl } from '../../common/redact';
import { createSafeFetch, type FetchLike } from '../../outbound/ssrf';
import { isUserAimed, type ProviderCredentials } from '../credentials';
import { DEFAULT_MAX_MEDIA_BYTES, readCapped } from './capped-read';
import {
  GeneratedAsset,
  ImageModelProvider,
  ImageRequest,
  MusicModelProvider,
  MusicRequest,
  VideoModelProvider,
  VideoRequest,
} from '../generation-capabilities';
import { catalogueUnitCost } from '../models';
import { ProviderError, toProviderError } from '../provider-error';

/**
 * Replicate-hosted models through the official `replicate` SDK: a prediction is created, polled until it
 * ends (cancelled on Replicate when the caller aborts), then its output file is downloaded.
 */

export interface ReplicateAdapterOptions {
  /** Between two status checks (default 1 s; Replicate's own `wait` uses 500 ms). */
  pollIntervalMs?: number;
  /** Bytes of an output file at most (default 50 MB: AppConfig.providerLimits.maxMediaBytes). */
  maxBytes?: number;
  /** `host`/`host:port` entries output files may be downloaded from although private (AppConfig.fetchAllowlist). */
  allowlist?: readonly string[];
}

type OutputFile = Pick<GeneratedAsset, 'data' | 'mimeType' | 'extension'>;

const PROVIDER = 'replicate' as const;
const DEFAULT_POLL_INTERVAL_MS = 1_000;
const FINAL: ReadonlySet<Prediction['status']> = new Set(['succeeded', 'failed', 'canceled', 'aborted']);

/**
 * Community models run by version, not by name (only "official" models have the by-name endpoint).
 * The pinned version must be checked against the model's page when it is updated.
 */
const PINNED_VERSIONS: Record<string, string> = {
  'meta/musicgen': '671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb',
};

/** The aspect ratios Flux and Stable Diffusion 3.5 accept. */
const ASPECT_RATIOS = ['1:1', '16:9', '21:9', '3:2', '2:3', '4:5', '5:4', '3:4', '4:3', '9:16', '9:21'];

/** A failed prediction's error that blames the input (a refused prompt, a wrong value): retrying will not help. */
const INPUT_FAULT = /nsfw|sensitive|flagged|safety|moderation|invalid|validation|must be|not supported|unsupported|too (long|short|large|small)|out of range/i;

const OUTPUT_TYPES: Record<string, { mimeType: string; extension: string }> = {
  png: { mimeType: 'image/png', extension: 'png' },
  webp: { mimeType: 'image/webp', extension: 'webp' },
  jpg: { mimeType: 'image/jpeg', extension: 'jpg' },
  jpeg: { mimeType: 'image/jpeg', extension: 'jpg' },
  wav: { mimeType: 'audio/wav', extension: 'wav' },
  mp3: { mimeType: 'audio/mpeg', extension: 'mp3' },
  mp4: { mimeType: 'video/mp4', extension: 'mp4' },
};

/** The ratio in `ratios` closest to width:height (compared on a log scale, so 2:1 and 1:2 are as far from 1:1). */
export function nearestAspectRatio(width: number, height: number, ratios: readonly string[] = ASPECT_RATIOS): string {
  const target = Math.log(width / height);
  const distance = (ratio: string) => {
    const [w = 1, h = 1] = ratio.split(':').map(Number);
    return Math.abs(Math.log(w / h) - target);
  };
  return ratios.reduce((best, ratio) => (distance(ratio) < distance(best) ? ratio : best));
}

/** A non-2xx answer of Replicate's API, with its problem `detail`, in the shape toProviderError reads. */
class ReplicateHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function httpError(response: Response): Promise<ReplicateHttpError> {
  const text = await response.text().catch(() => '');
  let detail = text.slice(0, 300);
  try {
    const problem = JSON.parse(text) as { detail?: unknown; title?: unknown };
    detail = String(problem.detail ?? problem.title ?? detail);
  } catch {
    // Not a problem document: keep the text.
  }
  return new ReplicateHttpError(response.status, detail || response.statusText);
}

/**
 * The SDK retries 429s (and 5xx on GET) up to five times with no way to turn it off; our retry layer
 * (ai/retry.ts) decides instead. The SDK reuses the same `init` object for each attempt of one request,
 * so this fetch answers the first attempt and rethrows its failure to the others without calling again.
 */
function fetchWithoutRetries(transport: FetchLike = fetch): typeof fetch {
  const failures = new WeakMap<object, unknown>();
  return async (input, init) => {
    if (init && failures.has(init)) throw failures.get(init);
    try {
      const response = await transport(input, init);
      if (!response.ok) throw await httpError(response);
      return response;
    } catch (error) {
      if (init) failures.set(init, error);
      throw error;
    }
  };
}

/** Creates a prediction, waits for its end, and downloads its (first) output file. */
async function runPrediction(model: string, input: Record<string, unknown>, credentials: ProviderCredentials, signal: AbortSignal, options: ReplicateAdapterOptions): Promise<OutputFile> {
  const replicate = new Replicate({ auth: credentials.apiKey, baseUrl: credentials.baseUrl, fetch: fetchWithoutRetries(credentials.guardedFetch), useFileOutput: false });
  const [name = model, version = PINNED_VERSIONS[model]] = model.split(':');
  let prediction: Prediction | undefined;
  try {
    prediction = await replicate.predictions.create(version ? { version, input, signal } : { model: name, input, signal });
    while (!FINAL.has(prediction.status)) {
      await sleep(options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, undefined, { signal });
      prediction = await replicate.predictions.get(prediction.id, { signal });
    }
  } catch (error) {
    // Stop paying for a run nobody waits for. (An abort during creation leaves no id to cancel.)
    if (signal.aborted && prediction && !FINAL.has(prediction.status)) await cancel(replicate, prediction.id);
    throw toProviderError(PROVIDER, error, signal, credentials);
  }
  if (prediction.status !== 'succeeded') throw predictionError(prediction);
  const url = [prediction.output].flat().find((value): value is string => typeof value === 'string');
  if (!url) throw new ProviderError(PROVIDER, 'unknown', `Replicate: prediction ${prediction.id} succeeded without an output file`);
  return download(url, credentials, signal, options);
}

async function cancel(replicate: Replicate, id: string): Promise<void> {
  await replicate.predictions.cancel(id, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
}

function predictionError(prediction: Prediction): ProviderError {
  if (prediction.status === 'canceled') return new ProviderError(PROVIDER, 'unknown', `Replicate: prediction ${prediction.id} was canceled on Replicate`);
  const reason = typeof prediction.error === 'string' ? prediction.error : prediction.error ? JSON.stringify(prediction.error) : 'no reason given';
  const code = prediction.status === 'failed' && INPUT_FAULT.test(reason) ? 'bad_request' : 'unavailable';
  return new ProviderError(PROVIDER, code, `Replicate: the prediction ${prediction.status === 'failed' ? 'failed' : 'was stopped'}: ${reason.slice(0, 300)}`);
}

/**
 * Output files are public URLs (replicate.delivery); their type comes from the answer, else from
 * the name. The URL is whatever the API answered, so the download goes through the SSRF guard, every
 * redirect checked, and is capped in size. Only a file on the origin of an operator-set base URL
 * (a proxy, the test emulator) may be private: the operator chose that host.
 */
async function download(url: string, credentials: ProviderCredentials, signal: AbortSignal, options: ReplicateAdapterOptions): Promise<OutputFile> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MEDIA_BYTES;
  const operatorOrigin = !isUserAimed(credentials) && credentials.baseUrl !== undefined && sameOrigin(url, credentials.baseUrl);
  const guarded = createSafeFetch({ allowlist: options.allowlist ?? [], allowPrivate: operatorOrigin, maxBytes, timeoutMs: 120_000 });
  try {
    const response = await guarded(url, { signal });
    if (!response.ok) throw new ProviderError(PROVIDER, response.status >= 500 ? 'unavailable' : 'unknown', `Replicate: the output file could not be downloaded (${response.status})`, response.status);
    const data = await readCapped(response.body, maxBytes, PROVIDER, 'the output file');
    const contentType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    const byType = Object.values(OUTPUT_TYPES).find((type) => type.mimeType === contentType);
    const byName = OUTPUT_TYPES[/\.(\w+)$/.exec(new URL(url).pathname)?.[1]?.toLowerCase() ?? ''];
    const type = byType ?? byName;
    if (!type) throw new ProviderError(PROVIDER, 'unknown', `Replicate: the output file has a type Webox does not take (${contentType || redactUrl(url)})`);
    return { data, ...type };
  } catch (error) {
    throw toProviderError(PROVIDER, error, signal, credentials);
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** Flux (black-forest-labs/flux-*) and Stable Diffusion 3.5 (stability-ai/stable-diffusion-3.5-*): one PNG per call. */
export class ReplicateImageAdapter extends ImageModelProvider {
  readonly provider = PROVIDER;

  constructor(private readonly options: ReplicateAdapterOptions = {}) {
    super();
  }

  async generate(request: ImageRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset> {
    const input: Record<string, unknown> = {
      prompt: request.prompt,
      aspect_ratio: nearestAspectRatio(request.width, request.height),
      output_format: 'png',
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(/stable-diffusion/.test(request.model) ? (request.negativePrompt ? { negative_prompt: request.negativePrompt } : {}) : { num_outputs: 1 }),
    };
    const output = await runPrediction(request.model, input, credentials, signal, this.options);
    return { ...output, costUsd: catalogueUnitCost(PROVIDER, request.model, { images: 1 }) };
  }
}

/** MiniMax Video-01 and similar: a clip from a prompt, optionally from a first frame (sent inline as a data URI). */
export class ReplicateVideoAdapter extends VideoModelProvider {
  readonly provider = PROVIDER;

  constructor(private readonly options: ReplicateAdapterOptions = {}) {
    super();
  }

  async render(request: VideoRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset> {
    const input: Record<string, unknown> = {
      prompt: request.prompt,
      prompt_optimizer: true,
      ...(request.startImage ? { first_frame_image: `data:${request.startImage.mimeType};base64,${request.startImage.data.toString('base64')}` } : {}),
    };
    const output = await runPrediction(request.model, input, credentials, signal, this.options);
    return { ...output, costUsd: catalogueUnitCost(PROVIDER, request.model, { seconds: request.durationSeconds }) };
  }
}

/** Meta's MusicGen: a WAV of the asked length (whole seconds) from a prompt. */
export class ReplicateMusicAdapter extends MusicModelProvider {
  readonly provider = PROVIDER;

  constructor(private readonly options: ReplicateAdapterOptions = {}) {
    super();
  }

  async compose(request: MusicRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset> {
    const duration = Math.max(1, Math.round(request.durationSeconds));
    const input = { prompt: request.prompt, duration, model_version: 'stereo-large', output_format: 'wav', normalization_strategy: 'peak' };
    const output = await runPrediction(request.model, input, credentials, signal, this.options);
    return { ...output, costUsd: catalogueUnitCost(PROVIDER, request.model, { seconds: duration }) };
  }
}

/** Verifies a token as it is saved with the cheapest authenticated call: the account it belongs to. */
export async function verifyReplicateKey(credentials: ProviderCredentials, signal: AbortSignal): Promise<void> {
  const replicate = new Replicate({ auth: credentials.apiKey, baseUrl: credentials.baseUrl, fetch: fetchWithoutRetries(credentials.guardedFetch), useFileOutput: false });
  try {
    await replicate.accounts.current({ signal });
  } catch (error) {
    throw toProviderError('replicate', error, signal, credentials);
  }
}
