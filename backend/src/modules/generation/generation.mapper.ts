import type { ModelChoice } from '../../ai/model-catalogue.service';
import { type GenerationModel, generationKindOf, modelName } from '../../ai/models';
import { noKeyReason } from '../../ai/provider-error';
import type { UiLanguage } from '../../common/request-language';
import type { Job } from '../../queue/job.entity';
import type { MediaFileDto } from '../media/dto/media.dto';
import type { GenerationJobDto, GenerationJobKind, GenerationModelDto } from './dto/generation.dto';
import type { GenerationOutput } from './generation-inputs';

/** A generation model of the catalogue as the Generation page sees it: its kind's options, flat, and its unit price. */
export function toGenerationModelDto({ model, available }: ModelChoice<GenerationModel>, language: UiLanguage = 'en'): GenerationModelDto {
  return {
    id: model.id,
    provider: model.provider,
    name: modelName(model, language),
    kind: generationKindOf(model)!,
    offline: Boolean(model.offline),
    ...model.image,
    ...model.speech,
    ...model.music,
    ...model.video,
    price: model.price.usd,
    priceUnit: model.price.per,
    available,
    ...(available ? {} : { unavailableReason: noKeyReason(model.provider, language) }),
  };
}

/** What a generation job has made so far (nothing before its first output). */
export const outputOf = (job: Job) => (job.output ?? { files: [], failures: [] }) as unknown as Partial<GenerationOutput>;

/** A generation job with the media files it made (`outputs`: those still in the library). */
export function toGenerationJobDto(job: Job, outputs: MediaFileDto[]): GenerationJobDto {
  const output = outputOf(job);
  return {
    id: job.id,
    kind: job.name.replace('generation.', '') as GenerationJobKind,
    status: job.status,
    progress: job.progress,
    step: job.step,
    input: job.input,
    outputs,
    failures: output.failures ?? [],
    error: job.error,
    costUsd: Number(job.costUsd ?? 0),
    offline: output.offline ?? isOffline(job),
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

/** Before a job has output, whether it will be made offline: its models are all `local/`. */
function isOffline(job: Job): boolean {
  const models = ['model', 'textModel', 'coverModel', 'imageModel', 'speechModel'].map((key) => job.input[key]).filter((value): value is string => typeof value === 'string');
  return models.length > 0 && models.every((model) => model.startsWith('local/'));
}
