import JSZip from 'jszip';
import type { ChildProcess } from 'node:child_process';
import { io, Socket } from 'socket.io-client';
import sharp from 'sharp';
import { extractText, getDocumentProxy } from 'unpdf';
import { probeBytes } from '../src/rendering/ffmpeg';
import { pngOf } from './support/media-fixtures';
import { startProviderEmulator, type ProviderEmulator } from './support/provider-emulator';
import { registerUser, startTestApp, TestApp, testMode, TestUser } from './support/test-app';
import { startWorkerProcess } from './support/worker-process';

interface JobBody {
  id: string;
  kind: string;
  status: string;
  progress: number;
  step: string | null;
  outputs: Array<{ id: string; name: string; mimeType: string; kind: string; source: string; origin: Record<string, unknown>; sha256: string; contentUrl: string }>;
  failures: Array<{ index: number; message: string }>;
  error: string | null;
  costUsd: number;
  offline: boolean;
}

describe('generation (offline local provider)', () => {
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;

  const post = (user: TestUser, kind: string, body: Record<string, unknown>) => app.http().post(`/api/generation/${kind}`).set(user.auth).send(body);
  const job = async (user: TestUser, id: string) => (await app.http().get(`/api/generation/jobs/${id}`).set(user.auth).expect(200)).body as JobBody;
  const bytes = async (url: string) => (await app.http().get(url).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  }).expect(200)).body as Buffer;

  async function finished(user: TestUser, id: string, timeoutMs = 60_000): Promise<JobBody> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await job(user, id);
      if (['succeeded', 'failed', 'cancelled'].includes(current.status)) return current;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${current.status} (${current.step})`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  beforeAll(async () => {
    app = await startTestApp();
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
  });
  afterAll(() => app.close());

  it('lists what each model supports, and says which vendors have no public API', async () => {
    const catalog = (await app.http().get('/api/generation/models').set(ada.auth).expect(200)).body;
    const draw = catalog.models.find((m: { id: string }) => m.id === 'local/webox-draw');
    expect(draw).toMatchObject({ kind: 'image', offline: true, available: true, maxCount: 4 });
    expect(catalog.models.map((m: { kind: string }) => m.kind)).toEqual(expect.arrayContaining(['image', 'speech', 'music', 'video']));
    expect(catalog.unavailable.map((u: { name: string }) => u.name)).toEqual(expect.arrayContaining(['Midjourney', 'Suno', 'Udio', 'Pika']));
  });

  it('makes images as a job, with progress over the WebSocket, into the media library, labelled offline', async () => {
    const socket: Socket = io(app.url, { path: '/socket.io', auth: { token: ada.accessToken }, transports: ['websocket'], reconnection: false });
    const events: Array<{ id: string; status: string; progress: number; step: string | null }> = [];
    socket.on('job.progress', (event) => events.push(event));
    await new Promise<void>((resolve, reject) => socket.on('connect', () => resolve()).on('connect_error', reject));
    try {
      const accepted = await post(ada, 'image', { model: 'local/webox-draw', prompt: 'A red fox in the snow', size: '512x512', count: 2, seed: 42, style: 'vivid' }).expect(202);
      expect(accepted.body).toMatchObject({ kind: 'image', status: 'queued', offline: true });
      const done = await finished(ada, accepted.body.id);
      expect(done).toMatchObject({ status: 'succeeded', progress: 100, failures: [], costUsd: 0, offline: true });
      expect(done.outputs).toHaveLength(2);
      for (const output of done.outputs) {
        expect(output).toMatchObject({ kind: 'image', mimeType: 'image/png', source: 'generated', origin: { generator: 'image', model: 'local/webox-draw', offline: true, jobId: done.id } });
        expect(await sharp(await bytes(output.contentUrl)).metadata()).toMatchObject({ format: 'png', width: 512, height: 512 });
      }
      const seen = events.filter((event) => event.id === done.id);
      expect(seen.some((event) => event.step?.includes('of 2 images done'))).toBe(true);
      expect(seen.at(-1)).toMatchObject({ status: 'succeeded', progress: 100 });
    } finally {
      socket.close();
    }
    const library = (await app.http().get('/api/media/files?source=generated&kind=image').set(ada.auth).expect(200)).body;
    expect(library.total).toBeGreaterThanOrEqual(2);
  });

  it('draws the same picture for the same prompt and seed', async () => {
    const make = async () => (await finished(ada, (await post(ada, 'image', { model: 'local/webox-draw', prompt: 'Lighthouse', size: '512x512', seed: 7 }).expect(202)).body.id)).outputs[0]!.sha256;
    expect(await make()).toBe(await make());
  });

  it('answers 400 naming the field for what a model cannot do', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['image', { model: 'nobody/nothing', prompt: 'x', size: '512x512' }, 'model'],
      ['image', { model: 'local/webox-voice', prompt: 'x', size: '512x512' }, 'model'],
      ['image', { model: 'local/webox-draw', prompt: 'x', size: '333x333' }, 'size'],
      ['image', { model: 'local/webox-draw', prompt: '   ', size: '512x512' }, 'prompt'],
      ['image', { model: 'local/webox-draw', prompt: 'x', size: '512x512', count: 5 }, 'count'],
      ['image', { model: 'local/webox-draw', prompt: 'x', size: '512x512', negativePrompt: 'blur' }, 'negativePrompt'],
      ['image', { model: 'local/webox-draw', prompt: 'x', size: '512x512', style: 'cubist' }, 'style'],
      ['video', { model: 'local/webox-slideshow', prompt: 'x', durationSeconds: 500, aspectRatio: '16:9' }, 'durationSeconds'],
      ['video', { model: 'local/webox-slideshow', prompt: 'x', durationSeconds: 5, aspectRatio: '4:3' }, 'aspectRatio'],
      ['audio', { kind: 'speech', model: 'local/webox-voice', voice: 'neutral' }, 'text'],
      ['audio', { kind: 'speech', model: 'local/webox-voice', text: 'hi', voice: 'opera' }, 'voice'],
      ['audio', { kind: 'music', model: 'local/webox-music', prompt: 'jazz', durationSeconds: 900 }, 'durationSeconds'],
      ['ebook', { title: 'T', subject: 'S', chapters: 31, textModel: 'local/webox-mini', coverModel: 'local/webox-draw', formats: ['pdf'] }, 'chapters'],
      ['ebook', { title: 'T', subject: 'S', chapters: 3, textModel: 'local/webox-mini', coverModel: 'local/webox-draw', formats: ['doc'] }, 'formats'],
      ['ebook', { title: 'T', subject: 'S', chapters: 3, textModel: 'nobody/writer', coverModel: 'local/webox-draw', formats: ['pdf'] }, 'textModel'],
      ['short', { subject: 'S', durationSeconds: 10, format: '9:16', voice: 'neutral', textModel: 'local/webox-mini', imageModel: 'local/webox-draw' }, 'durationSeconds'],
      ['short', { subject: 'S', durationSeconds: 20, format: '9:16', voice: 'neutral', textModel: 'local/webox-mini', imageModel: 'local/webox-music' }, 'imageModel'],
    ];
    for (const [kind, body, field] of cases) {
      const response = await post(ada, kind, body);
      expect({ kind, field, status: response.status }).toEqual({ kind, field, status: 400 });
      expect(JSON.stringify(response.body.details ?? response.body.message)).toContain(field);
    }
  });

  it('speaks and composes audio files of the asked length', async () => {
    const speech = await finished(ada, (await post(ada, 'audio', { kind: 'speech', model: 'local/webox-voice', text: 'Bonjour et bienvenue dans Webox.', voice: 'calm', language: 'fr' }).expect(202)).body.id);
    expect(speech.outputs[0]).toMatchObject({ kind: 'audio', mimeType: 'audio/wav', origin: { generator: 'speech', offline: true } });
    const spoken = await probeBytes(await bytes(speech.outputs[0]!.contentUrl));
    expect(spoken).toMatchObject({ hasAudio: true, audioCodec: 'pcm_s16le' });
    expect(spoken.durationSeconds).toBeGreaterThan(1);
    expect(spoken.durationSeconds).toBeLessThan(6);
    const music = await finished(ada, (await post(ada, 'audio', { kind: 'music', model: 'local/webox-music', prompt: 'calm piano', durationSeconds: 6 }).expect(202)).body.id);
    expect((await probeBytes(await bytes(music.outputs[0]!.contentUrl))).durationSeconds).toBeCloseTo(6, 0);
  });

  it('makes a video from a start image of the library, and refuses one of another user', async () => {
    const [picture] = (await app.http().post('/api/media/upload').set(ada.auth).attach('files', await pngOf(400, 300), { filename: 'start.png' }).expect(201)).body;
    await post(bob, 'video', { model: 'local/webox-slideshow', prompt: 'x', durationSeconds: 3, aspectRatio: '1:1', startImageId: picture.id }).expect(404);
    const done = await finished(ada, (await post(ada, 'video', { model: 'local/webox-slideshow', prompt: 'Clouds drifting', durationSeconds: 3, aspectRatio: '1:1', startImageId: picture.id }).expect(202)).body.id);
    expect(done.outputs[0]).toMatchObject({ kind: 'video', mimeType: 'video/mp4' });
    const facts = await probeBytes(await bytes(done.outputs[0]!.contentUrl));
    expect(facts).toMatchObject({ width: 960, height: 960, hasVideo: true, videoCodec: 'h264' });
    expect(Math.abs(facts.durationSeconds! - 3)).toBeLessThanOrEqual(0.3);
  }, 60_000);

  it('writes an eBook chapter by chapter and assembles a PDF and a valid EPUB 3', async () => {
    const accepted = await post(ada, 'ebook', { title: 'Tending Bees', subject: 'beekeeping for beginners', chapters: 3, tone: 'friendly', language: 'en', textModel: 'local/webox-mini', coverModel: 'local/webox-draw', formats: ['pdf', 'epub'] }).expect(202);
    const done = await finished(ada, accepted.body.id);
    expect(done).toMatchObject({ status: 'succeeded', offline: true, failures: [] });
    const [pdf, epub] = done.outputs;
    expect(pdf).toMatchObject({ name: 'tending-bees.pdf', mimeType: 'application/pdf', origin: { generator: 'ebook', chapters: 3, offline: true } });
    expect(epub).toMatchObject({ name: 'tending-bees.epub', mimeType: 'application/epub+zip' });
    const document = await getDocumentProxy(new Uint8Array(await bytes(pdf!.contentUrl)));
    const { text } = await extractText(document, { mergePages: true });
    expect(text).toContain('Tending Bees');
    expect(text).toContain('Contents');
    for (const title of ['Why beekeeping for beginners matters', 'The essentials of beekeeping for beginners', 'A short history of beekeeping for beginners']) expect(text).toContain(title);
    const zip = await JSZip.loadAsync(await app.http().get(epub!.contentUrl).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).then((r) => r.body as Buffer));
    expect(Object.keys(zip.files)[0]).toBe('mimetype');
    expect(await zip.file('mimetype')!.async('string')).toBe('application/epub+zip');
    expect(await zip.file('META-INF/container.xml')!.async('string')).toContain('OEBPS/content.opf');
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    expect(opf).toContain('<dc:title>Tending Bees</dc:title>');
    expect(opf).toContain('properties="cover-image"');
    expect(opf).toContain('properties="nav"');
    expect(await zip.file('OEBPS/nav.xhtml')!.async('string')).toContain('chapter-3.xhtml');
    expect(await zip.file('OEBPS/chapter-2.xhtml')!.async('string')).toMatch(/<h1>.+<\/h1>/);
    expect(await zip.file('OEBPS/title.xhtml')!.async('string')).toContain('Written offline');
  }, 60_000);

  it('assembles a captioned, voiced short video of the asked format and duration', async () => {
    const accepted = await post(ada, 'short', { subject: 'morning stretches', durationSeconds: 15, format: '9:16', voice: 'bright', textModel: 'local/webox-mini', imageModel: 'local/webox-draw' }).expect(202);
    const done = await finished(ada, accepted.body.id, 120_000);
    expect(done).toMatchObject({ status: 'succeeded', offline: true });
    expect(done.outputs[0]).toMatchObject({ mimeType: 'video/mp4', origin: { generator: 'short', scenes: 3, format: '9:16' } });
    const facts = await probeBytes(await bytes(done.outputs[0]!.contentUrl));
    expect(facts).toMatchObject({ width: 720, height: 1280, hasVideo: true, hasAudio: true, videoCodec: 'h264', audioCodec: 'aac' });
    expect(Math.abs(facts.durationSeconds! - 15)).toBeLessThanOrEqual(1.5);
  }, 150_000);

  it('cancels a running job and removes what it made, runs it again on retry; finished jobs answer 409', async () => {
    const accepted = await post(ada, 'video', { model: 'local/webox-slideshow', prompt: 'A long slow pan', durationSeconds: 12, aspectRatio: '1:1' }).expect(202);
    for (let i = 0; i < 200 && (await job(ada, accepted.body.id)).status !== 'running'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    const cancelled = await app.http().post(`/api/generation/jobs/${accepted.body.id}/cancel`).set(ada.auth).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await job(ada, accepted.body.id)).toMatchObject({ status: 'cancelled', outputs: [] });
    const again = await app.http().post(`/api/generation/jobs/${accepted.body.id}/cancel`).set(ada.auth).expect(409);
    expect(again.body.code).toBe('JOB_FINISHED');
    const fromJob = async () => (await app.http().get('/api/media/files?kind=video&limit=100').set(ada.auth).expect(200)).body.items.filter((file: { origin: { jobId?: string } }) => file.origin?.jobId === accepted.body.id);
    expect(await fromJob()).toEqual([]);

    const retried = await app.http().post(`/api/generation/jobs/${accepted.body.id}/retry`).set(ada.auth).expect(200);
    expect(retried.body).toMatchObject({ status: 'queued', progress: 0, error: null });
    const done = await finished(ada, accepted.body.id);
    expect(done).toMatchObject({ status: 'succeeded' });
    expect(done.outputs).toHaveLength(1);
    expect(await fromJob()).toHaveLength(1);
    expect((await app.http().post(`/api/generation/jobs/${done.id}/cancel`).set(ada.auth).expect(409)).body.code).toBe('JOB_FINISHED');
    expect((await app.http().post(`/api/generation/jobs/${done.id}/retry`).set(ada.auth).expect(409)).body.code).toBe('JOB_NOT_RETRYABLE');
  }, 90_000);

  it("lists my jobs only, and answers 404 for another user's job", async () => {
    const mine = await post(ada, 'image', { model: 'local/webox-draw', prompt: 'mine', size: '512x512' }).expect(202);
    await finished(ada, mine.body.id);
    await app.http().get(`/api/generation/jobs/${mine.body.id}`).set(bob.auth).expect(404);
    await app.http().post(`/api/generation/jobs/${mine.body.id}/cancel`).set(bob.auth).expect(404);
    await app.http().post(`/api/generation/jobs/${mine.body.id}/retry`).set(bob.auth).expect(404);
    expect((await app.http().get('/api/generation/jobs').set(bob.auth).expect(200)).body.total).toBe(0);
    const images = (await app.http().get('/api/generation/jobs?kind=image&status=succeeded').set(ada.auth).expect(200)).body;
    expect(images.items.every((j: JobBody) => j.kind === 'image' && j.status === 'succeeded')).toBe(true);
    expect(JSON.stringify((await app.http().get('/api/generation/jobs?kind=poem').set(ada.auth).expect(400)).body)).toContain('kind must be one of');
    await app.http().get('/api/generation/jobs').expect(401);
  });
});

if (testMode() === 'server') {
  describe('a worker killed in the middle of a job (Bull on Redis)', () => {
    let api: TestApp;
    const workers: ChildProcess[] = [];

    function startWorker(): ChildProcess {
      const worker = startWorkerProcess(api);
      workers.push(worker);
      return worker;
    }

    beforeAll(async () => {
      api = await startTestApp({ WEBOX_ROLE: 'api', WEBOX_QUEUE_LOCK_MS: '2000' });
    });
    afterAll(async () => {
      for (const worker of workers) worker.kill('SIGKILL');
      await api.close();
    });

    it('is picked up again by another worker and finished once, with no duplicate media', async () => {
      const user = await registerUser(api);
      const first = startWorker();
      const accepted = await api.http().post('/api/generation/short').set(user.auth).send({ subject: 'resilient systems', durationSeconds: 15, format: '1:1', voice: 'neutral', textModel: 'local/webox-mini', imageModel: 'local/webox-draw' }).expect(202);
      const get = async () => (await api.http().get(`/api/generation/jobs/${accepted.body.id}`).set(user.auth).expect(200)).body as JobBody;
      let state = await get();
      for (let i = 0; i < 600 && !(state.status === 'running' && state.progress >= 10); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        state = await get();
      }
      expect(state).toMatchObject({ status: 'running' });
      first.kill('SIGKILL');
      startWorker();
      for (let i = 0; i < 1200 && !['succeeded', 'failed'].includes(state.status); i++) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        state = await get();
      }
      expect(state).toMatchObject({ status: 'succeeded' });
      expect(state.outputs).toHaveLength(1);
      const files = (await api.http().get('/api/media/files?kind=video').set(user.auth).expect(200)).body.items;
      expect(files.filter((file: { origin: { jobId?: string } }) => file.origin?.jobId === accepted.body.id)).toHaveLength(1);
    }, 240_000);
  });
}

describe('generation through vendor adapters (provider emulator)', () => {
  let emulator: ProviderEmulator;
  let app: TestApp;
  let ada: TestUser;

  const post = (kind: string, body: Record<string, unknown>) => app.http().post(`/api/generation/${kind}`).set(ada.auth).send(body).expect(202);
  async function finished(id: string): Promise<JobBody> {
    for (let i = 0; i < 600; i++) {
      const current = (await app.http().get(`/api/generation/jobs/${id}`).set(ada.auth).expect(200)).body as JobBody;
      if (['succeeded', 'failed', 'cancelled'].includes(current.status)) return current;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${id} did not finish`);
  }

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: emulator.openaiBaseUrl,
      REPLICATE_API_TOKEN: 'test-key',
      REPLICATE_BASE_URL: emulator.replicateBaseUrl,
      ELEVENLABS_API_KEY: 'test-key',
      ELEVENLABS_BASE_URL: emulator.elevenlabsBaseUrl,
    });
    ada = await registerUser(app, 'Ada');
  });
  afterEach(() => emulator.reset());
  afterAll(async () => {
    await app.close();
    await emulator.close();
  });

  it('makes OpenAI images and records their cost on the job and in the usage ledger', async () => {
    const done = await finished((await post('image', { model: 'openai/gpt-image-1', prompt: 'A lighthouse', size: '1024x1024', count: 2 })).body.id);
    expect(done).toMatchObject({ status: 'succeeded', offline: false, failures: [] });
    expect(done.outputs).toHaveLength(2);
    expect(done.outputs[0]).toMatchObject({ mimeType: 'image/png', origin: { model: 'openai/gpt-image-1', offline: false } });
    expect(done.costUsd).toBeCloseTo(0.08, 5);
    const imageRequests = emulator.requests.filter((request) => request.kind === 'image');
    expect(imageRequests).toHaveLength(2);
    expect(imageRequests[0]).toMatchObject({ model: 'gpt-image-1', prompt: 'A lighthouse' });
    const usage = (await app.http().get('/api/chat/usage').set(ada.auth).expect(200)).body;
    expect(usage.byModel).toEqual(expect.arrayContaining([expect.objectContaining({ model: 'openai/gpt-image-1', calls: 2, cost: expect.closeTo(0.08, 5) })]));
  });

  it('says which of four images failed when the vendor refuses one, and keeps the other three', async () => {
    emulator.script({ prediction: { error: 'NSFW content detected in image' }, match: { vendor: 'replicate', kind: 'prediction' } });
    const done = await finished((await post('image', { model: 'replicate/black-forest-labs/flux-schnell', prompt: 'Mountains', size: '1024x1024', count: 4 })).body.id);
    expect(done.status).toBe('succeeded');
    expect(done.outputs).toHaveLength(3);
    expect(done.failures).toHaveLength(1);
    expect(done.failures[0]!.message).toMatch(/^Image [1-4] of 4 failed: .*NSFW content detected/);
  }, 60_000);

  it('retries a transient vendor error, and fails the job with the vendor reason when it persists', async () => {
    emulator.script({ failure: { type: 'status', status: 500 }, match: { vendor: 'openai', kind: 'image' } });
    const recovered = await finished((await post('image', { model: 'openai/dall-e-3', prompt: 'Once', size: '1024x1024' })).body.id);
    expect(recovered).toMatchObject({ status: 'succeeded', failures: [] });
    expect(emulator.requests.filter((request) => request.kind === 'image')).toHaveLength(2);

    emulator.setBehaviour({ failure: { type: 'status', status: 401 } });
    const refused = await finished((await post('image', { model: 'openai/dall-e-3', prompt: 'Never', size: '1024x1024' })).body.id);
    expect(refused).toMatchObject({ status: 'failed', outputs: [] });
    expect(refused.error).toMatch(/OpenAI refused the API key \(401\)/);
  }, 60_000);

  it('speaks with ElevenLabs and OpenAI voices', async () => {
    const eleven = await finished((await post('audio', { kind: 'speech', model: 'elevenlabs/eleven_multilingual_v2', text: 'Hello there', voice: 'Rachel' })).body.id);
    expect(eleven.outputs[0]).toMatchObject({ kind: 'audio', mimeType: 'audio/mpeg', origin: { model: 'elevenlabs/eleven_multilingual_v2' } });
    const openai = await finished((await post('audio', { kind: 'speech', model: 'openai/tts-1', text: 'Hello again', voice: 'nova' })).body.id);
    expect(openai.outputs[0]).toMatchObject({ kind: 'audio', mimeType: 'audio/mpeg' });
    expect(emulator.requests.filter((request) => request.kind === 'speech').map((request) => request.voice)).toEqual(expect.arrayContaining(['21m00Tcm4TlvDq8ikWAM', 'nova']));
  });

  it('makes music and video on Replicate', async () => {
    const music = await finished((await post('audio', { kind: 'music', model: 'replicate/meta/musicgen', prompt: 'lo-fi beat', durationSeconds: 8 })).body.id);
    expect(music).toMatchObject({ status: 'succeeded' });
    expect(music.outputs[0]).toMatchObject({ kind: 'audio' });
    const video = await finished((await post('video', { model: 'replicate/minimax/video-01', prompt: 'Waves', durationSeconds: 6, aspectRatio: '16:9' })).body.id);
    expect(video.outputs[0]).toMatchObject({ kind: 'video', mimeType: 'video/mp4' });
    expect(video.costUsd).toBeGreaterThan(0);
  }, 60_000);
});
