import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { findModel, modelsWith } from '../../ai/models';
import type { Tool, ToolContext, ToolOutput } from '../tools/tool';
import type { GenerationJobDto } from './dto/generation.dto';
import { GenerationService } from './generation.service';

/** The offline image model: works with no key, so the tool works on every installation. */
export const DEFAULT_IMAGE_MODEL = modelsWith('image').find((model) => model.offline)!.id;
const WAIT_MS = 60_000;
const POLL_MS = 500;

/** Where the dashboard opens a file of the media library. */
export const mediaLink = (fileId: string) => `/media?file=${fileId}`;

/**
 * Makes an image as the Generation page does (a job of the user's, its file in their media
 * library), and waits a bounded time for it: a slow vendor leaves the job running, and the model
 * says where the picture will appear.
 */
@Injectable()
export class GenerateImageTool implements Tool {
  readonly name = 'generate_image';
  readonly description = `Creates an image from a text description and saves it in the user's media library. Describe the subject, style, composition and colours in the prompt. Returns the media file id and a link the user can open; if the image takes long, returns the job id instead. Default model: ${DEFAULT_IMAGE_MODEL} (offline); others as listed by the Generation page, e.g. openai/gpt-image-1 when the user has a key.`;
  readonly parameters = {
    type: 'object',
    properties: {
      prompt: { type: 'string', minLength: 1, maxLength: 4000, description: 'What the image shows' },
      model: { type: 'string', maxLength: 120, description: `An image model id; ${DEFAULT_IMAGE_MODEL} when omitted` },
    },
    required: ['prompt'],
    additionalProperties: false,
  };
  /** Waits up to a minute for the job, plus the time to queue it. */
  readonly timeoutMs = WAIT_MS + 30_000;

  constructor(private readonly generation: GenerationService) {}

  async run(args: Record<string, unknown>, context: ToolContext): Promise<ToolOutput> {
    const modelId = typeof args['model'] === 'string' && args['model'].trim() ? args['model'].trim() : DEFAULT_IMAGE_MODEL;
    const model = findModel(modelId, 'image');
    const sizes = model?.image.sizes;
    const size = sizes?.includes('1024x1024') ? '1024x1024' : (sizes?.[0] ?? '1024x1024');
    // An unknown model or a missing key is refused here, by the same checks as the Generation page.
    const queued = await this.generation.image(context.user, { model: modelId, prompt: String(args['prompt']).trim(), size, count: 1 });
    const job = await this.waitFor(queued, context);
    if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`The image job ${job.id} ${job.status}${job.error ? `: ${job.error}` : ''}`);
    if (job.status !== 'succeeded') {
      const content = { status: job.status, jobId: job.id, model: modelId, progress: job.progress, note: 'The image is still being made; it will appear in the media library (/media) when the job is done.' };
      return { content: JSON.stringify(content), summary: `Image job still ${job.status} (${job.progress}%)`, summaryKey: 'imageJobPending', params: { progress: job.progress }, jobIds: [job.id] };
    }
    const images = job.outputs.map((file) => ({ fileId: file.id, name: file.name, link: mediaLink(file.id) }));
    const content = { status: 'succeeded', jobId: job.id, model: modelId, offline: job.offline, images };
    return {
      content: JSON.stringify(content),
      summary: `Made ${images.length === 1 ? 'an image' : `${images.length} images`} with ${model?.name ?? modelId}`,
      summaryKey: 'imagesMade',
      params: { count: images.length, model: model?.name ?? modelId },
      mediaFileIds: images.map((image) => image.fileId),
      jobIds: [job.id],
    };
  }

  private async waitFor(queued: GenerationJobDto, context: ToolContext): Promise<GenerationJobDto> {
    const deadline = Date.now() + WAIT_MS;
    let job = queued;
    while (!['succeeded', 'failed', 'cancelled'].includes(job.status) && Date.now() < deadline) {
      await sleep(POLL_MS, undefined, { signal: context.signal });
      job = await this.generation.get(context.user, job.id);
    }
    return job;
  }
}
