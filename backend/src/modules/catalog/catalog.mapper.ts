import type { AuthUser } from '../../common/auth.decorators';
import type { UiLanguage } from '../../common/request-language';
import type { CatalogReview } from './catalog-review.entity';
import type { CatalogTool } from './catalog-tool.entity';
import type { CatalogToolDto, RatingDto, ReviewDto } from './dto/catalog.dto';

export function toCatalogToolDto(tool: CatalogTool, language: UiLanguage, favorite: boolean, rating: RatingDto): CatalogToolDto {
  const french = language === 'fr';
  return {
    id: tool.id,
    slug: tool.slug,
    name: tool.name,
    vendor: tool.vendor,
    category: tool.category,
    description: french ? tool.descriptionFr : tool.descriptionEn,
    website: tool.website,
    pricing: tool.pricing,
    entryPriceUsd: tool.entryPriceUsd,
    pricingNote: french ? tool.pricingNoteFr : tool.pricingNoteEn,
    publicApi: tool.publicApi,
    webox: tool.weboxPage ? { page: tool.weboxPage, models: tool.weboxModels } : null,
    builtIn: tool.builtIn,
    source: tool.source,
    checkedOn: tool.checkedOn,
    favorite,
    rating,
  };
}

export function toReviewDto(review: CatalogReview, author: string, reader: AuthUser): ReviewDto {
  return { id: review.id, rating: review.rating, text: review.text, author, mine: review.userId === reader.id, updatedAt: review.updatedAt.toISOString() };
}
