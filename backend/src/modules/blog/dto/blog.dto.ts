import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsIn, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../../common/pagination';
import { Optional } from '../../../common/validation';
import { ARTICLE_LANGUAGES, ARTICLE_STATUSES, type ArticleLanguage, type ArticleStatus } from '../blog-types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim().toLowerCase() : item)) : value);
const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$/;
/** Markdown bodies stay below this many characters. */
export const MAX_BODY_LENGTH = 200_000;

export class ArticleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "Words of the title, excerpt or body, matched in each article's language (stemmed: “tides” finds “tide”)" })
  @Optional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 60, { message: 'category must be 1 to 60 characters' })
  category?: string;

  @Optional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @Length(1, 40, { message: 'tag must be 1 to 40 characters' })
  tag?: string;

  @ApiPropertyOptional({ enum: ARTICLE_LANGUAGES })
  @Optional()
  @IsIn(ARTICLE_LANGUAGES, { message: `language must be one of ${ARTICLE_LANGUAGES.join(', ')}` })
  language?: ArticleLanguage;

  @ApiPropertyOptional({ enum: ARTICLE_STATUSES, description: 'Drafts and scheduled articles: only those the caller may see (their own; an admin, all)' })
  @Optional()
  @IsIn(ARTICLE_STATUSES, { message: `status must be one of ${ARTICLE_STATUSES.join(', ')}` })
  status?: ArticleStatus;

  @ApiPropertyOptional({ description: 'Only the articles I wrote' })
  @Optional()
  @Transform(booleanQuery)
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;
}

/** An article as its editor saves it (the whole article: PUT replaces it). */
export class ArticleInputDto {
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'title must be 1 to 200 characters' })
  title: string;

  /** Derived from the title when absent. */
  @ApiPropertyOptional({ pattern: SLUG_PATTERN.source })
  @Optional()
  @Transform(trim)
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'slug must be 1 to 120 lower-case letters, digits and single dashes' })
  slug?: string;

  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(500, { message: 'excerpt must be at most 500 characters' })
  excerpt?: string;

  /** Markdown. */
  @IsString()
  @Length(1, MAX_BODY_LENGTH, { message: `body must be 1 to ${MAX_BODY_LENGTH} characters` })
  body: string;

  /** An image of the author's media library. */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @Optional({ nullable: true })
  @IsUUID('all', { message: 'coverMediaId must be a media file id' })
  coverMediaId?: string | null;

  @Transform(trim)
  @IsString()
  @Length(1, 60, { message: 'category must be 1 to 60 characters' })
  category: string;

  @Optional()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(12, { message: 'tags: at most 12' })
  @IsString({ each: true })
  @Length(1, 40, { each: true, message: 'each tag must be 1 to 40 characters' })
  tags?: string[];

  @ApiProperty({ enum: ARTICLE_LANGUAGES })
  @IsIn(ARTICLE_LANGUAGES, { message: `language must be one of ${ARTICLE_LANGUAGES.join(', ')}` })
  language: ArticleLanguage;

  @ApiProperty({ enum: ARTICLE_STATUSES, description: 'scheduled needs publishAt; a date already past publishes at once' })
  @IsIn(ARTICLE_STATUSES, { message: `status must be one of ${ARTICLE_STATUSES.join(', ')}` })
  status: ArticleStatus;

  /** When a scheduled article goes out (ISO 8601). */
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @Optional({ nullable: true })
  @IsDateString({ strict: true }, { message: 'publishAt must be an ISO 8601 date and time' })
  publishAt?: string | null;
}

export class ArticleAuthorDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  name: string;
}

export class ArticleSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  slug: string;
  @ApiProperty()
  title: string;
  @ApiProperty()
  excerpt: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  coverMediaId: string | null;
  /** The cover's bytes: the public link of a published article, a short-lived signed link otherwise (author and admins); null without a cover. */
  @ApiProperty({ type: String, nullable: true })
  coverUrl: string | null;
  @ApiProperty()
  category: string;
  @ApiProperty({ type: [String] })
  tags: string[];
  @ApiProperty({ enum: ARTICLE_LANGUAGES })
  language: ArticleLanguage;
  @ApiProperty({ enum: ARTICLE_STATUSES })
  status: ArticleStatus;
  /** ISO 8601; for a scheduled article, when it will go out; null for a draft. */
  @ApiProperty({ type: String, nullable: true })
  publishedAt: string | null;
  @ApiProperty()
  readingMinutes: number;
  @ApiProperty({ type: ArticleAuthorDto })
  author: ArticleAuthorDto;
  /** The page anyone can read without an account (`/blog/{slug}`); null until published. */
  @ApiProperty({ type: String, nullable: true })
  publicUrl: string | null;
  /** Whether the caller may change it (its author, or an admin). */
  @ApiProperty()
  canEdit: boolean;
  @ApiProperty()
  createdAt: string;
  @ApiProperty()
  updatedAt: string;
}

export class ArticleDto extends ArticleSummaryDto {
  /** Markdown (render it sanitised). */
  @ApiProperty()
  body: string;
}

export class ArticlePageDto extends PageDtoOf(ArticleSummaryDto) {}

export class BlogCategoryCountDto {
  @ApiProperty()
  category: string;
  /** Published articles in it. */
  @ApiProperty()
  count: number;
}

export class ArticleRevisionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  title: string;
  @ApiProperty()
  excerpt: string;
  @ApiProperty()
  body: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  coverMediaId: string | null;
  @ApiProperty()
  category: string;
  @ApiProperty({ type: [String] })
  tags: string[];
  @ApiProperty({ enum: ARTICLE_LANGUAGES })
  language: ArticleLanguage;
  /** Who saved over that version (or restored another); empty once their account is gone. */
  @ApiProperty()
  replacedBy: string;
  /** When it was replaced (ISO 8601). */
  @ApiProperty()
  createdAt: string;
}
