import type { ModelChoice } from '../../ai/model-catalogue.service';
import { type GenerationModel, generationKindOf } from '../../ai/models';
import type { GenerationModelDto } from './dto/generation.dto';

/** A generation model of the catalogue as the Generation page sees it: its kind's options, flat, and its unit price. */
export function toGenerationModelDto({ model, available, unavailableReason }: ModelChoice<GenerationModel>): GenerationModelDto {
  return {
    id: model.id,
    provider: model.provider,
    name: model.name,
    kind: generationKindOf(model)!,
    offline: Boolean(model.offline),
    ...model.image,
    ...model.speech,
    ...model.music,
    ...model.video,
    price: model.price.usd,
    priceUnit: model.price.per,
    available,
    ...(unavailableReason ? { unavailableReason } : {}),
  };
}
