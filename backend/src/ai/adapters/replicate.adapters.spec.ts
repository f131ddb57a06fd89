import { setTimeout as sleep } from 'node:timers/promises';
import { never, resetEmulator } from '../../../test/support/adapter-testing';
import { imageFile, startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ProviderCredentials } from '../credentials';
import type { ImageRequest, MusicRequest, VideoRequest } from '../generation-capabilities';
import { ProviderError } from '../provider-error';
import { nearestAspectRatio, ReplicateImageAdapter, ReplicateMusicAdapter, ReplicateVideoAdapter } from './replicate.adapters';

/**
 * Replicate images, video and music through the real `replicate` SDK (create, poll, cancel), against the
 * provider emulator. A refused key, rate limits, server failures on creation, an unreachable server and an
 * abort during creation are the one-call adapter contract's (call-adapters.contract.spec.ts); polling,
 * cancelling and downloading are Replicate's own and stay here.
 */

let emulator: ProviderEmulator;
beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => resetEmulator(emulator));
afterAll(() => emulator.close());

const credentials = (apiKey = 'test-key'): ProviderCredentials => ({ apiKey, baseUrl: emulator.replicateBaseUrl, source: 'environment' });
const options = { pollIntervalMs: 10 };
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const FLUX = 'black-forest-labs/flux-schnell';
const MUSICGEN_VERSION = '671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb';

const images = new ReplicateImageAdapter(options);
const video = new ReplicateVideoAdapter(options);
const music = new ReplicateMusicAdapter(options);
const imageRequest = (overrides: Partial<ImageRequest> = {}): ImageRequest => ({ model: FLUX, prompt: 'a fox in the snow', width: 1344, height: 768, ...overrides });

const paths = () => emulator.requests.map((request) => `${request.method} ${request.path}`);

describe('nearestAspectRatio', () => {
  it.each([
    [1024, 1024, '1:1'],
    [1344, 768, '16:9'],
    [768, 1344, '9:16'],
    [1152, 864, '4:3'],
    [864, 1152, '3:4'],
    [1920, 1080, '16:9'],
    [2560, 1080, '21:9'],
    [1000, 800, '5:4'],
  ])('maps %ix%i to %s', (width, height, ratio) => {
    expect(nearestAspectRatio(width, height)).toBe(ratio);
  });
});

describe('ReplicateImageAdapter', () => {
  it('refuses an output file past the size cap, without reading it whole', async () => {
    const capped = new ReplicateImageAdapter({ ...options, maxBytes: 64 });
    const failure = await capped.generate(imageRequest(), credentials(), never()).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: 'response_too_large', retryable: false });
  });

  it('runs Flux by model name, polls the prediction to its end and downloads the PNG', async () => {
    const asset = await images.generate(imageRequest({ seed: 7 }), credentials(), never());

    expect(asset.data.subarray(0, 8)).toEqual(PNG_MAGIC);
    expect(asset).toMatchObject({ mimeType: 'image/png', extension: 'png', costUsd: 0.003 });
    const id = emulator.predictions[0]?.id;
    // Created `starting`, `processing` at the first check, `succeeded` at the second, then the file.
    expect(paths()).toEqual([
      `POST /v1/models/${FLUX}/predictions`,
      `GET /v1/predictions/${id}`,
      `GET /v1/predictions/${id}`,
      `GET /delivery/replicate/${id}/out-0.png`,
    ]);
    expect(emulator.requests[0]).toMatchObject({ vendor: 'replicate', kind: 'prediction', model: FLUX, prompt: 'a fox in the snow', keySource: 'authorization', keyMatched: true });
    expect(emulator.requests[0]?.body).toEqual({ input: { prompt: 'a fox in the snow', aspect_ratio: '16:9', output_format: 'png', seed: 7, num_outputs: 1 } });
    expect(emulator.predictions[0]).toMatchObject({ status: 'succeeded', checks: 2 });
  });

  it('sends Stable Diffusion 3.5 the negative prompt and the nearest aspect ratio', async () => {
    const asset = await images.generate(imageRequest({ model: 'stability-ai/stable-diffusion-3.5-large', width: 864, height: 1152, negativePrompt: 'blurry' }), credentials(), never());

    expect(asset.data.subarray(0, 8)).toEqual(PNG_MAGIC);
    expect(asset.costUsd).toBe(0.065);
    expect(emulator.requests[0]?.path).toBe('/v1/models/stability-ai/stable-diffusion-3.5-large/predictions');
    expect(emulator.requests[0]?.body).toEqual({ input: { prompt: 'a fox in the snow', aspect_ratio: '3:4', output_format: 'png', negative_prompt: 'blurry' } });
  });

  it('puts Replicate’s own reason for a refused key in the message', async () => {
    const error = await images.generate(imageRequest(), credentials('wrong-key'), never()).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ provider: 'replicate', code: 'invalid_credentials' });
    expect((error as Error).message).toContain('You did not pass a valid authentication token');
  });


  it('fails at once on a 500 while polling, where the SDK alone would retry the GET', async () => {
    emulator.script({ failure: { type: 'status', status: 500 }, match: { kind: 'prediction-status' } });

    const error = await images.generate(imageRequest(), credentials(), never()).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ provider: 'replicate', code: 'unavailable', retryable: true, status: 500 });
    expect(emulator.requests.filter((request) => request.kind === 'prediction-status')).toHaveLength(1);
  });

  it('reports a prediction that failed on the input with the vendor’s reason, as bad_request', async () => {
    const reason = 'NSFW content detected. Try running it again, or try a different prompt.';
    emulator.script({ prediction: { error: reason }, match: { kind: 'prediction' } });

    const error = await images.generate(imageRequest(), credentials(), never()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'replicate', code: 'bad_request', retryable: false });
    expect((error as Error).message).toContain(reason);
    expect(emulator.predictions[0]?.status).toBe('failed');
    expect(emulator.requests.some((request) => request.kind === 'file')).toBe(false);
  });

  it('reports a prediction that failed for another reason as unavailable, retryable', async () => {
    emulator.script({ prediction: { error: 'CUDA out of memory', polls: 1 }, match: { kind: 'prediction' } });

    const error = await images.generate(imageRequest(), credentials(), never()).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ provider: 'replicate', code: 'unavailable', retryable: true });
    expect((error as Error).message).toContain('CUDA out of memory');
  });

  it('cancels the prediction on Replicate and stops polling when aborted', async () => {
    emulator.script({ prediction: { polls: 1_000 }, match: { kind: 'prediction' } });
    const controller = new AbortController();
    const call = images.generate(imageRequest(), credentials(), controller.signal);
    await emulator.waitForRequest(2);

    controller.abort();

    await expect(call).rejects.toMatchObject({ provider: 'replicate', code: 'aborted', retryable: false });
    const [prediction] = emulator.predictions;
    expect(prediction?.status).toBe('canceled');
    const cancels = emulator.requests.filter((request) => request.kind === 'prediction-cancel');
    expect(cancels).toEqual([expect.objectContaining({ method: 'POST', path: `/v1/predictions/${prediction?.id}/cancel`, predictionId: prediction?.id, status: 200 })]);
    const polls = emulator.requests.filter((request) => request.kind === 'prediction-status').length;
    await sleep(100);
    expect(emulator.requests.filter((request) => request.kind === 'prediction-status')).toHaveLength(polls);
  });

  it('maps a failed download of the output to unavailable', async () => {
    emulator.script({ failure: { type: 'status', status: 503 }, match: { kind: 'file' } });

    const error = await images.generate(imageRequest(), credentials(), never()).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ provider: 'replicate', code: 'unavailable', retryable: true, status: 503 });
  });
});

describe('ReplicateVideoAdapter', () => {
  const request = (overrides: Partial<VideoRequest> = {}): VideoRequest => ({ model: 'minimax/video-01', prompt: 'waves on a beach', durationSeconds: 6, aspectRatio: '16:9', ...overrides });

  it('renders an MP4, sending the start image inline as a data URI', async () => {
    const startImage = await imageFile('png', 32, 18);

    const asset = await video.render(request({ startImage: { data: startImage, mimeType: 'image/png' } }), credentials(), never());

    expect(asset.data.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(asset).toMatchObject({ mimeType: 'video/mp4', extension: 'mp4', costUsd: 0.5 });
    expect(emulator.requests[0]).toMatchObject({ path: '/v1/models/minimax/video-01/predictions', model: 'minimax/video-01', prompt: 'waves on a beach' });
    const input = (emulator.requests[0]?.body as { input: Record<string, unknown> }).input;
    expect(input).toMatchObject({ prompt: 'waves on a beach', prompt_optimizer: true });
    expect(input['first_frame_image']).toBe(`data:image/png;base64,${startImage.toString('base64')}`);
  });

  it('sends no first frame when there is no start image', async () => {
    await video.render(request(), credentials(), never());
    expect((emulator.requests[0]?.body as { input: Record<string, unknown> }).input).not.toHaveProperty('first_frame_image');
  });
});

describe('ReplicateMusicAdapter', () => {
  const request = (overrides: Partial<MusicRequest> = {}): MusicRequest => ({ model: 'meta/musicgen', prompt: 'calm lo-fi piano', durationSeconds: 7.6, ...overrides });

  it('runs MusicGen by its pinned version and downloads a WAV of whole seconds, priced per second', async () => {
    const asset = await music.compose(request(), credentials(), never());

    expect(asset.data.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(asset.data.subarray(8, 12).toString('latin1')).toBe('WAVE');
    expect(asset).toMatchObject({ mimeType: 'audio/wav', extension: 'wav' });
    expect(asset.costUsd).toBeCloseTo(8 * 0.005, 10);
    expect(emulator.requests[0]).toMatchObject({ path: '/v1/predictions', model: 'meta/musicgen', prompt: 'calm lo-fi piano' });
    expect(emulator.requests[0]?.body).toEqual({ version: MUSICGEN_VERSION, input: { prompt: 'calm lo-fi piano', duration: 8, model_version: 'stereo-large', output_format: 'wav', normalization_strategy: 'peak' } });
  });

  it('runs a version given in the model name instead of the pinned one', async () => {
    await music.compose(request({ model: `meta/musicgen:${'a'.repeat(64)}` }), credentials(), never());
    expect(emulator.requests[0]?.body).toMatchObject({ version: 'a'.repeat(64) });
  });
});
