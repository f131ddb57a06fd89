import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, namedFields, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { GenerateAudioDto, GenerateEbookDto, GenerateImageDto, GenerateShortDto, GenerateVideoDto, GenerationJobQueryDto } from './dto/generation.dto';
import { GenerationController } from './generation.controller';
import { GenerationService } from './generation.service';
import { GenerationErrorCode } from './generation.errors';
import { QueueErrorCode } from '../../queue/queue.errors';

describe(GenerationController.name, () => {
  const api = controllerSetup(GenerationController, { mocks: [GenerationService] });
  const generation = api.mock(GenerationService);
  const image = { model: 'local/webox-draw', prompt: ' a lighthouse ', size: '1024x1024', count: 2, seed: 7 };
  const video = { model: 'replicate/minimax/video-01', prompt: 'waves', durationSeconds: 6, aspectRatio: '16:9', startImageId: ROUTE_PARAM_ID };
  const speech = { kind: 'speech', model: 'local/webox-voice', text: 'Bonjour', voice: 'fr', language: 'fr-FR' };
  const ebook = { title: 'Tides', subject: 'The sea', chapters: 3, textModel: 'local/webox-mini', coverModel: 'local/webox-draw', formats: ['pdf', 'epub'] };
  const short = { subject: 'Tides', durationSeconds: 30, format: '9:16', voice: 'en', textModel: 'local/webox-mini', imageModel: 'local/webox-draw' };

  describeRouteAccess(api);

  describeValidation(api, [
    {
      handler: 'generateImage',
      body: image,
      wrong: { model: 3, prompt: ' ', size: 'big', count: 5, seed: -1, negativePrompt: 'x'.repeat(2001) },
      calls: [generation.image, api.user, dto(GenerateImageDto, { ...image, prompt: 'a lighthouse' })],
    },
    {
      handler: 'generateVideo',
      body: video,
      wrong: { durationSeconds: 1.5, aspectRatio: '4:3', startImageId: 'nope', prompt: '' },
      calls: [generation.video, api.user, dto(GenerateVideoDto, video)],
    },
    {
      handler: 'generateAudio',
      body: speech,
      wrong: { kind: 'noise', text: '', voice: 3, language: 'French' },
      calls: [generation.audio, api.user, dto(GenerateAudioDto, speech)],
    },
    {
      handler: 'generateEbook',
      body: ebook,
      wrong: { chapters: 31, formats: ['docx'], title: '', subject: '', tone: 'x'.repeat(41), textModel: null },
      calls: [generation.ebook, api.user, dto(GenerateEbookDto, ebook)],
    },
    {
      handler: 'generateShort',
      body: short,
      wrong: { durationSeconds: 10, format: '4:3', voice: null, imageModel: 5, speechModel: 5 },
      calls: [generation.short, api.user, dto(GenerateShortDto, short)],
    },
    {
      handler: 'listGenerationJobs',
      query: { kind: 'image', status: 'failed', limit: '10' },
      wrong: { kind: 'gif', status: 'lost', limit: '0' },
      calls: [generation.list, api.user, dto(GenerationJobQueryDto, { kind: 'image', status: 'failed', page: 1, limit: 10 })],
    },
  ]);

  it('music needs its prompt and duration, speech its text and voice', async () => {
    const music = await api.http().post('/api/generation/audio').set(api.auth.user).send({ kind: 'music', model: 'local/webox-music' }).expect(400);
    expect(namedFields(music.body)).toEqual(['prompt', 'durationSeconds']);
    const voice = await api.http().post('/api/generation/audio').set(api.auth.user).send({ kind: 'speech', model: 'local/webox-voice' }).expect(400);
    expect(namedFields(voice.body)).toEqual(['text', 'voice']);
  });

  it('queues a job with 202 and answers it', async () => {
    generation.image.mockResolvedValue({ id: ROUTE_PARAM_ID, status: 'queued' } as never);
    await api.http().post('/api/generation/image').set(api.auth.user).send(image).expect(202, { id: ROUTE_PARAM_ID, status: 'queued' });
  });

  describe('service errors', () => {
    it('an option the model does not have answers 400 naming the field', async () => {
      generation.image.mockRejectedValue(domainError('invalid', GenerationErrorCode.INVALID_OPTION, 'size: 512x512 is not a size of this model', [{ field: 'size', message: '512x512 is not a size of this model' }]));
      const response = await api.http().post('/api/generation/image').set(api.auth.user).send({ ...image, size: '512x512' }).expect(400);
      expect(response.body).toEqual({ statusCode: 400, code: GenerationErrorCode.INVALID_OPTION, message: 'size: 512x512 is not a size of this model', details: [{ field: 'size', message: '512x512 is not a size of this model' }] });
    });

    it.each([
      ['cancel', 'cancelGenerationJob', QueueErrorCode.JOB_FINISHED],
      ['retry', 'retryGenerationJob', QueueErrorCode.JOB_NOT_RETRYABLE],
    ] as const)('POST /api/generation/jobs/:id/%s of a job in the wrong state answers 409 %s', async (action, _handler, code) => {
      generation[action].mockRejectedValue(domainError('conflict', code));
      const response = await api.http().post(`/api/generation/jobs/${ROUTE_PARAM_ID}/${action}`).set(api.auth.user).expect(409);
      expect(response.body).toMatchObject({ statusCode: 409, code });
      expect(generation[action]).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
    });

    it('a queue that cannot be reached answers 503 QUEUE_UNAVAILABLE', async () => {
      generation.short.mockRejectedValue(domainError('unavailable', QueueErrorCode.QUEUE_UNAVAILABLE));
      const response = await api.http().post('/api/generation/short').set(api.auth.user).send(short).expect(503);
      expect(response.body.code).toBe(QueueErrorCode.QUEUE_UNAVAILABLE);
    });

    it('another user’s job answers 404 JOB_NOT_FOUND', async () => {
      generation.get.mockRejectedValue(domainError('not_found', QueueErrorCode.JOB_NOT_FOUND));
      await api.http().get(`/api/generation/jobs/${ROUTE_PARAM_ID}`).set(api.auth.user).expect(404);
    });
  });
});
