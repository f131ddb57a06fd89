import { generationKindOf, MODEL_CATALOGUE } from './models';

/**
 * @deprecated The one catalogue is `models.ts`. This flat view of its generation models remains
 * only for `modules/tools/built-in/generate-image.tool.ts`, which another change is moving into the
 * generation area: read `findModel(id, 'image')` / `modelsWith('image')` there, then delete this file.
 */
export const GENERATION_MODELS = MODEL_CATALOGUE.flatMap((model) => {
  const kind = generationKindOf(model);
  return kind ? [{ id: model.id, name: model.name, kind, offline: model.offline, sizes: model.image?.sizes }] : [];
});
