import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BudgetGate } from '../../ai/budget-gate';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { CredentialsService } from '../../ai/credentials.service';
import { GenerationRegistry } from '../../ai/generation-registry';
import { ModelCatalogue } from '../../ai/model-catalogue.service';
import type { GeneratedAsset } from '../../ai/generation-capabilities';
import { DurationOptions, findModel, GENERATION_KINDS, GenerationKind, GenerationModel, UNAVAILABLE_GENERATORS, unitCost } from '../../ai/models';
import { ProviderRegistry } from '../../ai/provider-registry';
import { AuthUser } from '../../common/auth.decorators';
import type { UiLanguage } from '../../common/request-language';
import { DomainError, notFound } from '../../common/domain-error';
import { skipTake } from '../../common/pagination';
import { Job } from '../../queue/job.entity';
import type { JobName, JobPayloads } from '../../queue/job-types';
import { JobContext, JobsService } from '../../queue/jobs.service';
import { retryCall } from '../../ai/retry';
import { MediaService } from '../media/media.service';
import {
  GenerateAudioDto,
  GenerateEbookDto,
  GenerateImageDto,
  GenerateShortDto,
  GenerateVideoDto,
  GenerationCatalogDto,
  GenerationJobDto,
  GenerationJobPageDto,
  GenerationJobQueryDto,
} from './dto/generation.dto';
import { BudgetHeld, GENERATION_JOB_NAMES } from './generation-inputs';
import { sceneCountOf } from './pipelines/short.pipeline';
import { fileStem, GenerationTools } from './generation-tools';
import { outputOf, toGenerationJobDto, toGenerationModelDto } from './generation.mapper';
import { QueueErrorCode } from '../../queue/queue.errors';
import { GenerationErrorCode } from './generation.errors';

/** What another area's job asks `makeInJob` for; options left out take the model's first (or `1024x1024`). */
export type InJobGenerationRequest = { outputKey: string; model: string; prompt: string } & (
  | { kind: 'image'; size?: string }
  | { kind: 'speech'; voice?: string }
  | { kind: 'video'; durationSeconds?: number; aspectRatio?: '16:9' | '9:16' | '1:1' }
);

type GenerationJobName = (typeof GENERATION_JOB_NAMES)[number];
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);
/** Characters of narration per second of a short, for its speech estimate (a brisk narrator reads ~15). */
const NARRATION_CHARS_PER_SECOND = 15;

/** What a unit-priced model's output is assumed to cost, from the catalogue's list price (0 for one it does not price). */
const listCost = (modelId: string, amount: { images?: number; seconds?: number; characters?: number }): number => {
  const model = findModel(modelId);
  return model && model.price.per !== 'token' ? unitCost({ price: model.price }, amount) : 0;
};

/**
 * What a generation job is held against the budget for before it is queued: its outputs at the
 * catalogue's list prices. The text an eBook or a short writes is not in it: each of those chat
 * calls reserves its own estimate when it is made, as chat's do (so it counts as a request too).
 */
export function generationEstimate<N extends GenerationJobName>(name: N, input: JobPayloads[N]): number {
  switch (name) {
    case 'generation.image': {
      const image = input as JobPayloads['generation.image'];
      return listCost(image.model, { images: image.count });
    }
    case 'generation.video': {
      const video = input as JobPayloads['generation.video'];
      return listCost(video.model, { seconds: video.durationSeconds });
    }
    case 'generation.audio': {
      const audio = input as JobPayloads['generation.audio'];
      return audio.kind === 'speech' ? listCost(audio.model, { characters: audio.text.length }) : listCost(audio.model, { seconds: audio.durationSeconds });
    }
    case 'generation.ebook':
      return listCost((input as JobPayloads['generation.ebook']).coverModel, { images: 1 });
    default: {
      const short = input as JobPayloads['generation.short'];
      const scenes = sceneCountOf(short.durationSeconds);
      return listCost(short.imageModel, { images: scenes }) + listCost(short.speechModel, { characters: short.durationSeconds * NARRATION_CHARS_PER_SECOND });
    }
  }
}

const invalid = (field: string, message: string) => new DomainError('invalid', GenerationErrorCode.INVALID_OPTION, `${field}: ${message}`, [{ field, message }]);

/**
 * The Generation page's requests: each is checked against what the chosen model can do (a 400
 * naming the field otherwise), then queued as a job whose outputs land in the media library.
 */
@Injectable()
export class GenerationService implements OnModuleInit {
  private readonly logger = new Logger('Generation');

  constructor(
    private readonly jobs: JobsService,
    @InjectRepository(Job) private readonly jobRows: Repository<Job>,
    private readonly registry: GenerationRegistry,
    private readonly chat: ProviderRegistry,
    private readonly credentials: CredentialsService,
    private readonly catalogue: ModelCatalogue,
    private readonly media: MediaService,
    private readonly tools: GenerationTools,
    private readonly budgets: BudgetGate,
  ) {}

  /** A generation job that ends (succeeded, failed, cancelled) gives back the budget hold it was queued with. */
  onModuleInit(): void {
    this.jobs.onJobChange((change) => {
      if (!change.ownerId || !TERMINAL.has(change.status) || !(GENERATION_JOB_NAMES as readonly string[]).includes(change.name)) return;
      void this.releaseHold(change.id, change.ownerId).catch((error: Error) => this.logger.warn(`Budget hold of job ${change.id} not given back: ${error.message}`));
    });
  }

  private async releaseHold(jobId: string, ownerId: string): Promise<void> {
    const job = await this.jobRows.findOne({ select: { id: true, input: true, status: true }, where: { id: jobId } });
    const hold = (job?.input as BudgetHeld | undefined)?.budgetHold;
    // A job retried since (queued again, holding again) keeps its hold.
    if (job && hold && TERMINAL.has(job.status)) await this.budgets.release(ownerId, hold);
  }

  /** The generation models, and the vendors without an API, with the texts Webox writes in `language`. */
  async catalog(user: AuthUser, language: UiLanguage = 'en'): Promise<GenerationCatalogDto> {
    return {
      models: (await this.catalogue.forUser(user.id, ...GENERATION_KINDS)).map((choice) => toGenerationModelDto(choice, language)),
      unavailable: UNAVAILABLE_GENERATORS.map(({ reasonFr, ...vendor }) => ({ ...vendor, reason: language === 'fr' ? reasonFr : vendor.reason })),
    };
  }

  async image(user: AuthUser, dto: GenerateImageDto): Promise<GenerationJobDto> {
    const model = await this.usable(user, dto.model, 'image');
    const { sizes, maxCount, styles, negativePrompt } = model.image;
    if (!sizes.includes(dto.size)) throw invalid('size', `${model.name} makes ${sizes.join(', ')}`);
    const count = dto.count ?? 1;
    if (count > maxCount) throw invalid('count', `${model.name} makes at most ${maxCount} image(s) per job`);
    if (dto.style && !styles?.includes(dto.style)) throw invalid('style', styles?.length ? `${model.name} styles are ${styles.join(', ')}` : `${model.name} has no styles`);
    if (dto.negativePrompt && !negativePrompt) throw invalid('negativePrompt', `${model.name} does not take a negative prompt`);
    return this.enqueue(user, 'generation.image', { model: model.id, prompt: dto.prompt, size: dto.size, count, ...(dto.style ? { style: dto.style } : {}), ...(dto.negativePrompt ? { negativePrompt: dto.negativePrompt } : {}), ...(dto.seed !== undefined ? { seed: dto.seed } : {}) });
  }

  async video(user: AuthUser, dto: GenerateVideoDto): Promise<GenerationJobDto> {
    const model = await this.usable(user, dto.model, 'video');
    this.checkDuration(model, model.video, dto.durationSeconds);
    if (!model.video.aspectRatios.includes(dto.aspectRatio)) throw invalid('aspectRatio', `${model.name} makes ${model.video.aspectRatios.join(', ')}`);
    if (dto.startImageId) {
      if (!model.video.startImage) throw invalid('startImageId', `${model.name} cannot start from an image`);
      const file = await this.media.owned(user.id, dto.startImageId);
      if (file.kind !== 'image' || file.mimeType === 'image/svg+xml') throw invalid('startImageId', 'the start image must be a picture (PNG, JPEG, WebP, ...)');
    }
    return this.enqueue(user, 'generation.video', { model: model.id, prompt: dto.prompt, durationSeconds: dto.durationSeconds, aspectRatio: dto.aspectRatio, ...(dto.startImageId ? { startImageId: dto.startImageId } : {}) });
  }

  async audio(user: AuthUser, dto: GenerateAudioDto): Promise<GenerationJobDto> {
    if (dto.kind === 'speech') {
      const model = await this.usable(user, dto.model, 'speech');
      if (!model.speech.voices.includes(dto.voice!)) throw invalid('voice', `${model.name} voices are ${model.speech.voices.join(', ')}`);
      return this.enqueue(user, 'generation.audio', { kind: 'speech', model: model.id, text: dto.text!, voice: dto.voice!, language: dto.language ?? 'en' });
    }
    const model = await this.usable(user, dto.model, 'music');
    this.checkDuration(model, model.music, dto.durationSeconds!);
    return this.enqueue(user, 'generation.audio', { kind: 'music', model: model.id, prompt: dto.prompt!, durationSeconds: dto.durationSeconds! });
  }

  async ebook(user: AuthUser, dto: GenerateEbookDto): Promise<GenerationJobDto> {
    await this.usableText(user, dto.textModel);
    const cover = await this.usable(user, dto.coverModel, 'image', 'coverModel');
    return this.enqueue(user, 'generation.ebook', {
      title: dto.title,
      subject: dto.subject,
      chapters: dto.chapters,
      tone: dto.tone ?? 'informative',
      language: dto.language ?? 'en',
      textModel: dto.textModel,
      coverModel: cover.id,
      formats: dto.formats,
    });
  }

  async short(user: AuthUser, dto: GenerateShortDto): Promise<GenerationJobDto> {
    await this.usableText(user, dto.textModel);
    const image = await this.usable(user, dto.imageModel, 'image', 'imageModel');
    const speech = await this.usable(user, dto.speechModel ?? 'local/webox-voice', 'speech', 'speechModel');
    if (!speech.speech.voices.includes(dto.voice)) throw invalid('voice', `${speech.name} voices are ${speech.speech.voices.join(', ')}`);
    return this.enqueue(user, 'generation.short', {
      subject: dto.subject,
      durationSeconds: dto.durationSeconds,
      format: dto.format,
      voice: dto.voice,
      language: dto.language ?? 'en',
      textModel: dto.textModel,
      imageModel: image.id,
      speechModel: speech.id,
    });
  }

  /**
   * One image, one spoken text or one video made now, inside another area's job (a workflow
   * step), with the same checks as the Generation page and the options a form would default to.
   * The file lands in the user's media library under `outputKey` (the same key made again
   * replaces it: a step resumed after a crash adds no duplicate); its cost goes to `job` and
   * the usage ledger.
   */
  async makeInJob(user: AuthUser, job: JobContext, request: InJobGenerationRequest): Promise<{ fileId: string; model: string; costUsd: number }> {
    let asset: GeneratedAsset;
    let model: GenerationModel;
    const origin: Record<string, unknown> = {};
    if (request.kind === 'image') {
      const image = await this.usable(user, request.model, 'image', 'model', 'check');
      const size = request.size ?? (image.image.sizes.includes('1024x1024') ? '1024x1024' : image.image.sizes[0]!);
      if (!image.image.sizes.includes(size)) throw invalid('size', `${image.name} makes ${image.image.sizes.join(', ')}`);
      const [width, height] = size.split('x').map(Number) as [number, number];
      asset = await this.tools.image(job, image, { prompt: request.prompt, width, height });
      Object.assign(origin, { size });
      model = image;
    } else if (request.kind === 'speech') {
      const speech = await this.usable(user, request.model, 'speech', 'model', 'check');
      const voice = request.voice ?? speech.speech.voices[0]!;
      if (!speech.speech.voices.includes(voice)) throw invalid('voice', `${speech.name} voices are ${speech.speech.voices.join(', ')}`);
      asset = await this.tools.speech(job, speech, { text: request.prompt, voice });
      Object.assign(origin, { voice });
      model = speech;
    } else {
      const video = await this.usable(user, request.model, 'video', 'model', 'check');
      const durationSeconds = request.durationSeconds ?? video.video.minSeconds;
      this.checkDuration(video, video.video, durationSeconds);
      const aspectRatio = request.aspectRatio ?? video.video.aspectRatios[0]!;
      if (!video.video.aspectRatios.includes(aspectRatio)) throw invalid('aspectRatio', `${video.name} makes ${video.video.aspectRatios.join(', ')}`);
      const session = await this.registry.open(user.id, video, 'video');
      asset = await retryCall(() => session.adapter.render({ model: video.vendorModel, prompt: request.prompt, durationSeconds, aspectRatio }, session.credentials, job.signal), job.signal);
      await this.tools.charge(job, video, asset);
      Object.assign(origin, { durationSeconds, aspectRatio });
      model = video;
    }
    const file = await this.media.saveGenerated(user.id, {
      name: `${fileStem(request.prompt, request.kind)}.${asset.extension}`,
      body: asset.data,
      origin: { generator: request.kind, model: model.id, prompt: request.prompt, ...origin, jobId: job.id, offline: Boolean(model.offline) },
      outputKey: request.outputKey,
    });
    return { fileId: file.id, model: model.id, costUsd: asset.costUsd };
  }

  async list(user: AuthUser, query: GenerationJobQueryDto): Promise<GenerationJobPageDto> {
    const names: readonly JobName[] = query.kind ? [`generation.${query.kind}` as JobName] : GENERATION_JOB_NAMES;
    const [rows, total] = await this.jobRows.findAndCount({
      where: { ownerId: user.id, name: In([...names]), ...(query.status ? { status: query.status } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      ...skipTake(query),
    });
    return { items: await this.toDtos(user.id, rows), total, page: query.page, limit: query.limit };
  }

  async get(user: AuthUser, id: string): Promise<GenerationJobDto> {
    return (await this.toDtos(user.id, [await this.owned(user, id)]))[0]!;
  }

  async cancel(user: AuthUser, id: string): Promise<GenerationJobDto> {
    await this.owned(user, id);
    return (await this.toDtos(user.id, [await this.jobs.cancel(id, user.id)]))[0]!;
  }

  /** A retried job is held against the budget again (a 402 before it is queued again), under the same hold. */
  async retry(user: AuthUser, id: string): Promise<GenerationJobDto> {
    const job = await this.owned(user, id);
    const hold = (job.input as unknown as BudgetHeld).budgetHold;
    const held = hold && ['failed', 'cancelled'].includes(job.status) ? await this.budgets.hold(user.id, hold, generationEstimate(job.name as GenerationJobName, job.input as unknown as JobPayloads[GenerationJobName])) : false;
    try {
      return (await this.toDtos(user.id, [await this.jobs.retry(id, user.id)]))[0]!;
    } catch (error) {
      if (held) await this.budgets.release(user.id, hold!);
      throw error;
    }
  }

  private async owned(user: AuthUser, id: string): Promise<Job> {
    const job = await this.jobRows.findOneBy({ id, ownerId: user.id, name: In([...GENERATION_JOB_NAMES]) });
    if (!job) throw notFound(QueueErrorCode.JOB_NOT_FOUND, 'Job');
    return job;
  }

  /**
   * The model, of this kind, with credentials in reach for the user (checked now, not when the job
   * runs). `budget: 'held'`: the caller holds the job's estimate next (`enqueue`), which is the budget check.
   */
  private async usable<K extends GenerationKind>(user: AuthUser, id: string, kind: K, field = 'model', budget: 'check' | 'held' = 'held'): Promise<GenerationModel<K>> {
    const model = this.registry.model(id, kind, field);
    await this.registry.open(user.id, model, kind, budget);
    return model;
  }

  private async usableText(user: AuthUser, id: string): Promise<void> {
    const model = this.chat.chatModel(id, 'textModel');
    const lookup = await this.credentials.resolve(user.id, model.provider);
    if (!lookup.found) throw new DomainError('invalid', GenerationErrorCode.MISSING_CREDENTIALS, lookup.reason, [{ field: 'textModel', message: lookup.reason }]);
  }

  private checkDuration(model: GenerationModel, { minSeconds, maxSeconds }: DurationOptions, seconds: number): void {
    if (seconds < minSeconds || seconds > maxSeconds) {
      throw invalid('durationSeconds', minSeconds === maxSeconds ? `${model.name} makes ${minSeconds} s only` : `${model.name} makes ${minSeconds} to ${maxSeconds} s`);
    }
  }

  /**
   * Holds the job's estimated cost and one request of the day against the user's budgets (a 402
   * naming the budget, before anything is queued), then queues it with the hold on its row; the
   * hold is given back when the job ends (`onModuleInit`), its real cost counted as it is recorded.
   */
  private async enqueue<N extends GenerationJobName>(user: AuthUser, name: N, input: JobPayloads[N]): Promise<GenerationJobDto> {
    // A full storage quota refuses the job now (402), not when it saves what it made.
    await this.media.assertRoom(user.id);
    const hold = randomUUID();
    const held = await this.budgets.hold(user.id, hold, generationEstimate(name, input));
    try {
      const job = await this.jobs.enqueue(name, held ? { ...input, budgetHold: hold } : input, { ownerId: user.id, maxAttempts: 3 });
      return (await this.toDtos(user.id, [job]))[0]!;
    } catch (error) {
      if (held) await this.budgets.release(user.id, hold);
      throw error;
    }
  }

  private async toDtos(ownerId: string, jobs: Job[]): Promise<GenerationJobDto[]> {
    const files = await this.media.byIds(ownerId, jobs.flatMap((job) => outputOf(job).files ?? []));
    return jobs.map((job) => toGenerationJobDto(job, (outputOf(job).files ?? []).flatMap((id) => (files.has(id) ? [this.media.toDto(files.get(id)!)] : []))));
  }
}
