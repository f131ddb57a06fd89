import type { Seed } from '../../database/seeder';
import { syncRows } from '../../database/sync-rows';
import { Prompt } from './prompt.entity';
import { STARTER_PROMPTS } from './starter-prompts';

/**
 * The built-in prompts as `starter-prompts.ts` has them: new ones added, changed ones updated in
 * place (use counts and favourites stay), removed ones deleted. Raise `version` with every change
 * to `STARTER_PROMPTS`.
 */
export const builtInPromptsSeed: Seed = {
  name: 'prompts.built-in',
  version: 1,
  run: (manager) =>
    syncRows(manager, Prompt, {
      key: 'slug',
      rows: STARTER_PROMPTS.map(({ slug, title, body, category, tags }) => ({ slug, title, body, category, tags, ownerId: null, visibility: 'shared' as const, builtIn: true })),
      scope: { builtIn: true },
    }),
};
