import type { CatalogToolDto } from '../../api/models';
import type { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';

/** Where "Try in Webox" goes for each kind of integration. */
const TRY_PAGES: Record<NonNullable<CatalogToolDto['webox']>['page'], string> = {
  chat: '/chat',
  image: '/generation/images',
  speech: '/generation/audio',
  music: '/generation/audio',
  video: '/generation/videos',
};

export interface TryLink {
  path: string;
  queryParams: { model: string };
}

/** "Try in Webox": the page that uses the tool, with its first model chosen (`?model=`); null when Webox does not reach it. */
export function tryInWebox(tool: CatalogToolDto): TryLink | null {
  const model = tool.webox?.models[0];
  if (!tool.webox || !model) return null;
  return { path: TRY_PAGES[tool.webox.page], queryParams: { model } };
}

export function categoryKey(category: CatalogToolDto['category']): MessageKey {
  return `catalog.category.${category}`;
}

/** "Freemium · from $20/month", or the tool's own pricing note when there is no monthly price. */
export function priceLabel(tool: CatalogToolDto, i18n: I18nService): string {
  const model = i18n.t(`catalog.pricing.${tool.pricing}`);
  if (tool.entryPriceUsd !== null) {
    const price = new Intl.NumberFormat(i18n.locale(), { style: 'currency', currency: 'USD', maximumFractionDigits: tool.entryPriceUsd % 1 ? 2 : 0 }).format(tool.entryPriceUsd);
    return `${model} · ${i18n.t('catalog.fromPerMonth', { price })}`;
  }
  return tool.pricingNote ? `${model} · ${tool.pricingNote}` : model;
}

/** `4.3` (en) or `4,3` (fr). */
export function formatRating(average: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(average);
}
