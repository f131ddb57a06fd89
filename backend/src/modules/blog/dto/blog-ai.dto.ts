import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { eventContract } from '../../../common/contract';
import type { ErrorCode } from '../../../common/error-codes';
import { Optional } from '../../../common/validation';
import { ARTICLE_LENGTHS, MAX_HEADING_LENGTH, MAX_SECTIONS, type ArticleLength } from '../ai/blog-ai-text';
import { ARTICLE_LANGUAGES, type ArticleLanguage } from '../blog-types';
import { MAX_BODY_LENGTH } from './blog.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim() : item)) : value);

/** What "Write with AI" starts from: a subject, the article's language, the chat model, and optionally a tone and a length. */
export class BlogAiBriefDto {
  /** What the article is about, in the editor's words. */
  @Transform(trim)
  @IsString()
  @Length(1, 500, { message: 'subject must be 1 to 500 characters' })
  subject: string;

  @ApiProperty({ enum: ARTICLE_LANGUAGES })
  @IsIn(ARTICLE_LANGUAGES, { message: `language must be one of ${ARTICLE_LANGUAGES.join(', ')}` })
  language: ArticleLanguage;

  /** A chat model id (GET /api/chat/models), for example `local/webox-mini`. */
  @ApiProperty({ example: 'local/webox-mini' })
  @IsString()
  @Length(1, 200, { message: 'model must be a chat model id' })
  model: string;

  /** How it should sound ("friendly", "formal", ...). */
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 60, { message: 'tone must be 1 to 60 characters' })
  tone?: string;

  @ApiPropertyOptional({ enum: ARTICLE_LENGTHS, default: 'medium', description: 'About 80, 160 or 300 words a section' })
  @Optional()
  @IsIn(ARTICLE_LENGTHS, { message: `length must be one of ${ARTICLE_LENGTHS.join(', ')}` })
  length?: ArticleLength;
}

export class BlogAiOutlineInputDto extends BlogAiBriefDto {}

export class BlogAiCallUsageDto {
  /** The chat model that answered. */
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** US dollars. */
  cost: number;
}

export class BlogAiOutlineDto {
  /** The section headings, in order: edit them before asking for the draft. */
  @ApiProperty({ type: [String] })
  sections: string[];
  usage: BlogAiCallUsageDto;
}

export class BlogAiDraftInputDto extends BlogAiBriefDto {
  /** The outline (as edited): one section is written per heading, in this order. */
  @Transform(trimEach)
  @IsArray()
  @ArrayMinSize(1, { message: 'sections: at least one heading' })
  @ArrayMaxSize(MAX_SECTIONS, { message: `sections: at most ${MAX_SECTIONS}` })
  @IsString({ each: true })
  @Length(1, MAX_HEADING_LENGTH, { each: true, message: `each section heading must be 1 to ${MAX_HEADING_LENGTH} characters` })
  sections: string[];
}

export class BlogAiTitleInputDto extends BlogAiBriefDto {
  /** The article's Markdown as it stands, so the title and excerpt fit it (its first 6,000 characters are read). */
  @Optional()
  @IsString()
  @MaxLength(MAX_BODY_LENGTH, { message: `body must be at most ${MAX_BODY_LENGTH} characters` })
  body?: string;
}

export class BlogAiTitleDto {
  title: string;
  excerpt: string;
  usage: BlogAiCallUsageDto;
}

export class BlogAiCoverInputDto {
  /** What the article is about: the picture illustrates it. */
  @Transform(trim)
  @IsString()
  @Length(1, 500, { message: 'subject must be 1 to 500 characters' })
  subject: string;

  /** The article's title, if it has one yet. */
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(200, { message: 'title must be at most 200 characters' })
  title?: string;

  /** An image model (GET /api/generation/models); the offline `local/webox-draw` when absent. */
  @ApiPropertyOptional({ example: 'local/webox-draw', default: 'local/webox-draw' })
  @Optional()
  @IsString()
  @Length(1, 200, { message: 'model must be an image model id' })
  model?: string;

  /** WIDTHxHEIGHT among the model's sizes; its widest landscape size when absent. */
  @ApiPropertyOptional({ example: '1536x1024' })
  @Optional()
  @Matches(/^\d{2,5}x\d{2,5}$/, { message: 'size must look like 1536x1024' })
  size?: string;
}

@ApiSchema({ description: 'A section starts: its heading (the `delta`s that follow carry its Markdown, heading line included).' })
export class BlogAiSectionEventDto {
  /** Its place in the outline, from 0. */
  index: number;
  heading: string;
}

@ApiSchema({ description: 'Markdown to append to the article.' })
export class BlogAiDeltaEventDto {
  index: number;
  text: string;
}

@ApiSchema({ description: 'Last when every section was written: what the calls cost.' })
export class BlogAiDoneEventDto {
  usage: BlogAiCallUsageDto;
  /** How many sections were written. */
  sections: number;
}

@ApiSchema({ description: 'Last when the draft stopped: the section that failed, and why. What came before it stays written.' })
export class BlogAiErrorEventDto {
  /** The section that failed. */
  index: number;
  @ApiProperty({ allOf: [{ $ref: '#/components/schemas/ErrorCode' }] })
  code: ErrorCode;
  message: string;
  /** The vendor that failed (`openai`, `anthropic`, ...). */
  provider?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  params?: Record<string, string | number>;
  /** The calls made until then. */
  usage: BlogAiCallUsageDto;
}

/** The events of `POST /api/blog/ai/draft`, in the contract as `BlogAiDraftEvent`. */
export const BLOG_AI_DRAFT_STREAM = eventContract('BlogAiDraftEvent', {
  section: BlogAiSectionEventDto,
  delta: BlogAiDeltaEventDto,
  done: BlogAiDoneEventDto,
  error: BlogAiErrorEventDto,
});
