import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { retryCall } from '../../ai/retry';
import type { JobContext, JobProcessor } from '../../queue/jobs.service';
import { JobsService } from '../../queue/jobs.service';
import { EventBus } from '../../events/event-bus';
import type { GenerationTab } from './dto/generation-domain-events.dto';
import type { JobName } from '../../queue/job-types';
import { MediaService } from '../media/media.service';
import type { AudioJobInput, GenerationOutput, ImageJobInput, VideoJobInput } from './generation-inputs';
import { asJobError, budgetOf, describeError, fileStem, GenerationTools } from './generation-tools';
import { JobOutputs } from './job-outputs';
import { EbookPipeline } from './pipelines/ebook.pipeline';
import { ShortPipeline } from './pipelines/short.pipeline';

/** The queue processors of the Generation page's five tabs. */
@Injectable()
export class GenerationProcessors implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly tools: GenerationTools,
    private readonly media: MediaService,
    private readonly ebooks: EbookPipeline,
    private readonly shorts: ShortPipeline,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    this.register('generation.image', (job) => this.images(job));
    this.register('generation.audio', (job) => this.audio(job));
    this.register('generation.video', (job) => this.video(job));
    this.register('generation.ebook', (job) => this.ebooks.run(job, this.outputsOf(job, job.payload.textModel.startsWith('local/'))));
    this.register('generation.short', (job) => this.shorts.run(job, this.outputsOf(job, job.payload.textModel.startsWith('local/'))));
  }

  /**
   * Every generation job ends the same way: cancelled → what it made is removed; failed as a
   * whole → the same, with the vendor's reason; otherwise its files and any per-output failures.
   */
  private register<N extends JobName>(name: N, work: (job: JobContext<N>) => Promise<JobOutputs>): void {
    const processor: JobProcessor<N> = async (job) => {
      let outputs: JobOutputs | undefined;
      try {
        outputs = await work(job);
      } catch (error) {
        await this.pendingOutputs.get(job.id)?.discard();
        throw asJobError(error);
      } finally {
        this.pendingOutputs.delete(job.id);
      }
      if (job.signal.aborted) {
        await outputs.discard();
        return undefined;
      }
      return outputs.result();
    };
    this.jobs.register(name, processor, {
      succeeded: (job, output) => {
        const { files = [], failures = [] } = output as Partial<GenerationOutput>;
        if (!job.ownerId) return;
        this.events.publish('generation.completed', {
          userId: job.ownerId,
          jobId: job.id,
          kind: name.slice('generation.'.length) as GenerationTab,
          fileIds: files,
          failedOutputs: failures.length,
          occurredAt: new Date().toISOString(),
        });
      },
    });
  }

  private readonly pendingOutputs = new Map<string, JobOutputs>();

  private outputsOf(job: JobContext, offline: boolean): JobOutputs {
    const outputs = new JobOutputs(this.media, job, offline);
    this.pendingOutputs.set(job.id, outputs);
    return outputs;
  }

  /** Up to four images in parallel; one that fails is reported by its position, the others are kept. */
  private async images(job: JobContext<'generation.image'>): Promise<JobOutputs> {
    const input: ImageJobInput = job.payload;
    const model = this.tools.registry.model(input.model, 'image');
    const outputs = this.outputsOf(job, Boolean(model.offline));
    const [width, height] = input.size.split('x').map(Number) as [number, number];
    const seed = input.seed ?? randomInt(0, 1_000_000);
    let done = 0;
    let lastError: unknown;
    await job.progress(2, `Drawing ${input.count} image${input.count > 1 ? 's' : ''} with ${model.name}`);
    await Promise.all(
      Array.from({ length: input.count }, async (_, index) => {
        try {
          const asset = await this.tools.image(job, model, { prompt: input.prompt, width, height, style: input.style, negativePrompt: input.negativePrompt, seed: seed + index });
          await outputs.save(index, `${fileStem(input.prompt, 'image')}-${index + 1}.${asset.extension}`, asset, { generator: 'image', model: model.id, prompt: input.prompt, size: input.size, seed: seed + index });
        } catch (error) {
          if (job.signal.aborted) return;
          lastError = error;
          outputs.fail(index, `Image ${index + 1} of ${input.count} failed: ${describeError(error)}`);
        }
        done++;
        await job.progress(2 + (96 * done) / input.count, `${done} of ${input.count} image${input.count > 1 ? 's' : ''} done`);
      }),
    );
    if (!outputs.saved && !job.signal.aborted) throw lastError;
    return outputs;
  }

  private async audio(job: JobContext<'generation.audio'>): Promise<JobOutputs> {
    const input: AudioJobInput = job.payload;
    if (input.kind === 'speech') {
      const model = this.tools.registry.model(input.model, 'speech');
      const outputs = this.outputsOf(job, Boolean(model.offline));
      await job.progress(5, `Speaking with ${model.name}`);
      const asset = await this.tools.speech(job, model, { text: input.text, voice: input.voice, language: input.language });
      await job.progress(90, 'Saving the audio');
      await outputs.save(0, `${fileStem(input.text, 'speech')}.${asset.extension}`, asset, { generator: 'speech', model: model.id, prompt: input.text, voice: input.voice });
      return outputs;
    }
    const model = this.tools.registry.model(input.model, 'music');
    const outputs = this.outputsOf(job, Boolean(model.offline));
    await job.progress(5, `Composing with ${model.name}`);
    const session = await this.tools.registry.open(job.ownerId!, model, 'music', budgetOf(job));
    const asset = await retryCall(() => session.adapter.compose({ model: model.vendorModel, prompt: input.prompt, durationSeconds: input.durationSeconds }, session.credentials, job.signal), job.signal);
    await this.tools.charge(job, model, asset);
    await job.progress(90, 'Saving the music');
    await outputs.save(0, `${fileStem(input.prompt, 'music')}.${asset.extension}`, asset, { generator: 'music', model: model.id, prompt: input.prompt, durationSeconds: input.durationSeconds });
    return outputs;
  }

  private async video(job: JobContext<'generation.video'>): Promise<JobOutputs> {
    const input: VideoJobInput = job.payload;
    const model = this.tools.registry.model(input.model, 'video');
    const outputs = this.outputsOf(job, Boolean(model.offline));
    let startImage: { data: Buffer; mimeType: string } | undefined;
    if (input.startImageId) {
      const file = await this.media.owned(job.ownerId!, input.startImageId);
      startImage = { data: await this.media.readAll(file), mimeType: file.mimeType };
    }
    await job.progress(5, `Rendering ${input.durationSeconds} s of video with ${model.name}`);
    const session = await this.tools.registry.open(job.ownerId!, model, 'video', budgetOf(job));
    const asset = await retryCall(
      () => session.adapter.render({ model: model.vendorModel, prompt: input.prompt, durationSeconds: input.durationSeconds, aspectRatio: input.aspectRatio, startImage }, session.credentials, job.signal),
      job.signal,
    );
    await this.tools.charge(job, model, asset);
    await job.progress(90, 'Saving the video');
    await outputs.save(0, `${fileStem(input.prompt, 'video')}.${asset.extension}`, asset, { generator: 'video', model: model.id, prompt: input.prompt, durationSeconds: input.durationSeconds, aspectRatio: input.aspectRatio });
    return outputs;
  }
}
