import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsString, IsUrl, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../../common/pagination';
import { Optional } from '../../../common/validation';
import { CATALOG_CATEGORIES, PRICING_MODELS, type CatalogCategory, type PricingModel, type WeboxPage } from '../catalog-seed.types';

export const WEBOX_PAGES: readonly WeboxPage[] = ['chat', 'image', 'speech', 'music', 'video'];
export const CATALOG_SORTS = ['relevance', 'name', 'rating', 'price', 'favorites'] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** `?integrated=true` arrives as a string. */
const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CatalogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Words of the name, vendor or description; forgives typos ("midjorney" finds Midjourney)' })
  @Optional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ enum: CATALOG_CATEGORIES })
  @Optional()
  @IsIn(CATALOG_CATEGORIES, { message: `category must be one of ${CATALOG_CATEGORIES.join(', ')}` })
  category?: CatalogCategory;

  @ApiPropertyOptional({ description: 'Only the tools Webox reaches (true) or only the others (false)' })
  @Optional()
  @Transform(booleanQuery)
  @IsBoolean({ message: 'integrated must be true or false' })
  integrated?: boolean;

  @ApiPropertyOptional({ description: 'Only my favourites' })
  @Optional()
  @Transform(booleanQuery)
  @IsBoolean({ message: 'favorites must be true or false' })
  favorites?: boolean;

  @ApiPropertyOptional({ enum: CATALOG_SORTS, description: 'Default: relevance with a search, name without' })
  @Optional()
  @IsIn(CATALOG_SORTS, { message: `sort must be one of ${CATALOG_SORTS.join(', ')}` })
  sort?: CatalogSort;
}

export class WeboxIntegrationDto {
  @ApiProperty({ enum: WEBOX_PAGES })
  @IsIn(WEBOX_PAGES, { message: `webox.page must be one of ${WEBOX_PAGES.join(', ')}` })
  page: WeboxPage;

  /** Model catalogue ids; the first is the one "Try in Webox" chooses. */
  @IsArray()
  @ArrayMaxSize(12)
  @IsString({ each: true })
  @Length(1, 140, { each: true })
  models: string[];
}

export class RatingDto {
  /** Mean of the reviews' stars, one decimal; null without a review. */
  @ApiProperty({ type: Number, nullable: true })
  average: number | null;
  @ApiProperty()
  count: number;
}

export class CatalogToolDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  slug: string;
  @ApiProperty()
  name: string;
  @ApiProperty()
  vendor: string;
  @ApiProperty({ enum: CATALOG_CATEGORIES })
  category: CatalogCategory;
  /** In the request's language (Accept-Language: en, fr). */
  @ApiProperty()
  description: string;
  @ApiProperty()
  website: string;
  @ApiProperty({ enum: PRICING_MODELS })
  pricing: PricingModel;
  /** Cheapest paid plan, US dollars a month; null for none or for pay-as-you-go. */
  @ApiProperty({ type: Number, nullable: true })
  entryPriceUsd: number | null;
  /** In the request's language. */
  @ApiProperty()
  pricingNote: string;
  @ApiProperty()
  publicApi: boolean;
  /** Where "Try in Webox" goes; null when Webox does not reach the tool. */
  @ApiProperty({ type: WeboxIntegrationDto, nullable: true })
  webox: WeboxIntegrationDto | null;
  @ApiProperty()
  builtIn: boolean;
  /** The page the facts were checked against, and the date (YYYY-MM-DD). */
  @ApiProperty()
  source: string;
  @ApiProperty({ type: String, nullable: true })
  checkedOn: string | null;
  @ApiProperty()
  favorite: boolean;
  @ApiProperty({ type: RatingDto })
  rating: RatingDto;
}

export class CatalogToolPageDto extends PageDtoOf(CatalogToolDto) {}

export class CatalogCategoryCountDto {
  @ApiProperty({ enum: CATALOG_CATEGORIES })
  category: CatalogCategory;
  @ApiProperty()
  count: number;
}

export class FavoriteStateDto {
  @ApiProperty()
  favorite: boolean;
}

/** An admin's tool of the workspace. */
export class CatalogToolInputDto {
  @Transform(trim)
  @IsString()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/, { message: 'slug must be 1 to 80 lower-case letters, digits and single dashes' })
  slug: string;

  @Transform(trim)
  @IsString()
  @Length(1, 120, { message: 'name must be 1 to 120 characters' })
  name: string;

  @Transform(trim)
  @IsString()
  @Length(1, 120, { message: 'vendor must be 1 to 120 characters' })
  vendor: string;

  @ApiProperty({ enum: CATALOG_CATEGORIES })
  @IsIn(CATALOG_CATEGORIES, { message: `category must be one of ${CATALOG_CATEGORIES.join(', ')}` })
  category: CatalogCategory;

  @Transform(trim)
  @IsString()
  @Length(1, 1000, { message: 'descriptionEn must be 1 to 1000 characters' })
  descriptionEn: string;

  @Transform(trim)
  @IsString()
  @Length(1, 1000, { message: 'descriptionFr must be 1 to 1000 characters' })
  descriptionFr: string;

  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'website must be an http(s) address' })
  @MaxLength(500)
  website: string;

  @ApiProperty({ enum: PRICING_MODELS })
  @IsIn(PRICING_MODELS, { message: `pricing must be one of ${PRICING_MODELS.join(', ')}` })
  pricing: PricingModel;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @Optional({ nullable: true })
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'entryPriceUsd must be a number with at most 2 decimals' })
  @Min(0)
  @Max(100_000)
  entryPriceUsd?: number | null;

  @Optional()
  @IsString()
  @MaxLength(300)
  pricingNoteEn?: string;

  @Optional()
  @IsString()
  @MaxLength(300)
  pricingNoteFr?: string;

  @IsBoolean()
  publicApi: boolean;

  @ApiPropertyOptional({ type: WeboxIntegrationDto, nullable: true })
  @Optional({ nullable: true })
  @ValidateNested()
  @Type(() => WeboxIntegrationDto)
  webox?: WeboxIntegrationDto | null;
}

export class ReviewInputDto {
  @IsInt({ message: 'rating must be a whole number of stars' })
  @Min(1)
  @Max(5)
  rating: number;

  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000, { message: 'text must be at most 1000 characters' })
  text?: string;
}

export class ReviewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  rating: number;
  @ApiProperty()
  text: string;
  /** The reviewer's display name (their e-mail's local part when they have none). */
  @ApiProperty()
  author: string;
  @ApiProperty()
  mine: boolean;
  @ApiProperty()
  updatedAt: string;
}

export class ReviewPageDto extends PageDtoOf(ReviewDto) {}
