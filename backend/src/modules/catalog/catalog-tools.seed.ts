import type { Seed } from '../../database/seeder';
import { syncRows } from '../../database/sync-rows';
import { CatalogTool } from './catalog-tool.entity';
import { CATALOG_TOOLS, CATALOG_VERSION } from './catalog-tools.data';

/**
 * The shipped catalog as `catalog-tools.data.ts` has it: new tools added, changed ones updated in
 * place (favourites and reviews stay), removed ones deleted; the workspace's own tools (added by
 * admins) are not touched. Raise `CATALOG_VERSION` with every change to the data.
 */
export const catalogToolsSeed: Seed = {
  name: 'catalog.tools',
  version: CATALOG_VERSION,
  run: (manager) => syncRows(manager, CatalogTool, { key: 'slug', rows: catalogToolRows(), scope: { builtIn: true } }),
};

/** The rows the seeder writes: each shipped tool's facts, column by column (`unverified` stays a data annotation). */
export function catalogToolRows(): Partial<CatalogTool>[] {
  return CATALOG_TOOLS.map((tool) => ({
    slug: tool.slug,
    name: tool.name,
    vendor: tool.vendor,
    category: tool.category,
    descriptionEn: tool.description.en,
    descriptionFr: tool.description.fr,
    website: tool.website,
    pricing: tool.pricing,
    entryPriceUsd: tool.entryPriceUsd,
    pricingNoteEn: tool.pricingNote.en,
    pricingNoteFr: tool.pricingNote.fr,
    publicApi: tool.publicApi,
    weboxPage: tool.webox?.page ?? null,
    weboxModels: tool.webox?.models ?? [],
    source: tool.source,
    checkedOn: tool.checkedOn,
    builtIn: true,
  }));
}
