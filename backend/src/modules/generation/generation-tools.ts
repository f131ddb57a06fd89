import { Injectable } from '@nestjs/common';
import type { ChatMessage } from '../../ai/capabilities';
import type { GeneratedAsset } from '../../ai/generation-capabilities';
import { GenerationRegistry } from '../../ai/generation-registry';
import type { GenerationModel } from '../../ai/models';
import { ProviderError } from '../../ai/provider-error';
import { ProviderRegistry } from '../../ai/provider-registry';
import { retryCall } from '../../ai/retry';
import { UsageService } from '../../ai/usage.service';
import { DomainError } from '../../common/domain-error';
import { PermanentJobError } from '../../queue/queue-driver';
import type { JobContext } from '../../queue/jobs.service';

/** What the generation pipelines share: calling models with retries, and charging what they cost. */
@Injectable()
export class GenerationTools {
  constructor(
    readonly registry: GenerationRegistry,
    private readonly chat: ProviderRegistry,
    private readonly usage: UsageService,
  ) {}

  /** Adds a vendor's charge to the job and to the owner's usage ledger. */
  async charge(job: JobContext, model: GenerationModel, asset: GeneratedAsset): Promise<void> {
    await job.addCost(asset.costUsd);
    await this.usage.recordCost(job.ownerId!, model.provider, model.id, asset.costUsd);
  }

  /** One image from an image model, retried on transient errors, and charged. */
  async image(job: JobContext, model: GenerationModel<'image'>, request: { prompt: string; width: number; height: number; style?: string; negativePrompt?: string; seed?: number }): Promise<GeneratedAsset> {
    const session = await this.registry.open(job.ownerId!, model, 'image', budgetOf(job));
    const asset = await retryCall(() => session.adapter.generate({ model: model.vendorModel, ...request }, session.credentials, job.signal), job.signal);
    await this.charge(job, model, asset);
    return asset;
  }

  async speech(job: JobContext, model: GenerationModel<'speech'>, request: { text: string; voice: string; language?: string }): Promise<GeneratedAsset> {
    const session = await this.registry.open(job.ownerId!, model, 'speech', budgetOf(job));
    const asset = await retryCall(() => session.adapter.synthesize({ model: model.vendorModel, ...request }, session.credentials, job.signal), job.signal);
    await this.charge(job, model, asset);
    return asset;
  }

  /** A chat model's whole answer (for outlines, chapters, scripts), its tokens charged to the job. */
  async write(job: JobContext, modelId: string, messages: ChatMessage[]): Promise<string> {
    const session = await this.chat.openChat(job.ownerId!, modelId);
    let text = '';
    for await (const chunk of session.stream({ messages, maxOutputTokens: 4000 }, job.signal)) {
      if (chunk.type === 'text') text += chunk.text;
      else if (chunk.type === 'usage') await job.addCost(await this.usage.record(job.ownerId!, 'generation', session.model, chunk.usage));
    }
    return text.trim();
  }

  /** The size of the model closest in shape to the wanted aspect ratio. */
  static closestSize(model: GenerationModel<'image'>, ratio: number): { width: number; height: number } {
    const sizes = model.image.sizes.map((size) => size.split('x').map(Number) as [number, number]);
    const [width, height] = sizes.reduce((best, size) => (Math.abs(Math.log(size[0] / size[1] / ratio)) < Math.abs(Math.log(best[0] / best[1] / ratio)) ? size : best));
    return { width, height };
  }
}

/** Whether a job's calls were paid for by a budget hold taken when it was asked for (`GenerationService`), or must be checked. */
export function budgetOf(job: JobContext): 'check' | 'held' {
  return (job.payload as { budgetHold?: string }).budgetHold ? 'held' : 'check';
}

/** How a pipeline's failure ends the job: a vendor's permanent refusal or bad input is not retried. */
export function asJobError(error: unknown): Error {
  if (error instanceof ProviderError) return error.retryable ? error : new PermanentJobError(error.message);
  if (error instanceof DomainError) return new PermanentJobError(error.message);
  return error instanceof Error ? error : new Error(String(error));
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A short file-name stem from free text. */
export function fileStem(text: string, fallback: string): string {
  const stem = text.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').toLowerCase().slice(0, 40);
  return stem || fallback;
}
