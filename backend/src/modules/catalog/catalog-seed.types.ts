/** What the catalog knows of one AI tool, as shipped in the repository and loaded by the seeder. */
export const CATALOG_CATEGORIES = [
  'text',
  'image',
  'video',
  'audio-voice',
  'code',
  'productivity',
  'research',
  'automation',
  'design',
  'marketing',
] as const;
export type CatalogCategory = (typeof CATALOG_CATEGORIES)[number];

export const PRICING_MODELS = ['free', 'freemium', 'subscription', 'usage', 'open-source'] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];

/** A fact of a tool that can be checked against the vendor's own pages. */
export const CATALOG_FACTS = ['vendor', 'website', 'description', 'pricing', 'entryPriceUsd', 'pricingNote', 'publicApi'] as const;
export type CatalogFact = (typeof CATALOG_FACTS)[number];

/** The Webox page "Try in Webox" opens, with the model chosen there. */
export type WeboxPage = 'chat' | 'image' | 'speech' | 'music' | 'video';

/** What each page makes: a tool's models must have that capability in the model catalogue. */
export const PAGE_CAPABILITY = { chat: 'chat', image: 'image', speech: 'speech', music: 'music', video: 'video' } as const satisfies Record<WeboxPage, string>;

export interface CatalogToolSeed {
  /** Stable key, lower-case kebab (`midjourney`): the seeder matches existing rows by it. */
  slug: string;
  name: string;
  vendor: string;
  category: CatalogCategory;
  description: { en: string; fr: string };
  /** The tool's own site, https. */
  website: string;
  pricing: PricingModel;
  /** Cheapest paid plan in US dollars per month (usage-priced: null, say it in pricingNote); null when there is none. */
  entryPriceUsd: number | null;
  /** One short line on how it is priced, English and French ("Pro from $20/month; free tier with limits"). */
  pricingNote: { en: string; fr: string };
  /** Whether the vendor offers a public API a developer can call. */
  publicApi: boolean;
  /** Webox models that reach this tool, and the page to open; null when Webox does not integrate it. */
  webox: { page: WeboxPage; models: string[] } | null;
  /** The page the facts were checked against, and when (YYYY-MM-DD): the date the page shows, or the day it was read. */
  source: string;
  checkedOn: string;
  /**
   * Facts kept as they were because no page of the vendor's could confirm them when checked
   * (docs/catalog-facts.md says what was found instead). A data annotation only: the seeder does
   * not store it and no API returns it.
   */
  unverified?: readonly CatalogFact[];
}
