import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Optional } from '../../../common/validation';
import { PageDtoOf, PageQueryDto } from '../../../common/pagination';
import { PROMPT_CATEGORIES, type PromptCategory } from '../starter-prompts';

export const MAX_BODY_CHARS = 20_000;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerTags = ({ value }: { value: unknown }) => (Array.isArray(value) ? [...new Set(value.map((tag) => (typeof tag === 'string' ? tag.trim().toLowerCase() : tag)))] : value);

export class PromptInputDto {
  @IsString()
  @Transform(trim)
  @Length(1, 120, { message: 'title must be 1 to 120 characters' })
  title: string;

  /** The prompt; `{{name}}` marks a variable, `{{name|default}}` an optional one. */
  @IsString()
  @Length(1, MAX_BODY_CHARS, { message: `body must be 1 to ${MAX_BODY_CHARS} characters` })
  body: string;

  @ApiProperty({ enum: PROMPT_CATEGORIES })
  @IsIn(PROMPT_CATEGORIES, { message: `category must be one of ${PROMPT_CATEGORIES.join(', ')}` })
  category: PromptCategory;

  @Optional()
  @Transform(lowerTags)
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} _-]{0,29}$/u, { each: true, message: 'each tag must be 1 to 30 letters, digits, spaces, _ or -' })
  tags?: string[];

  /** `private` (default) or `shared` with every user of the workspace (read-only for them). */
  @ApiPropertyOptional({ enum: ['private', 'shared'] })
  @Optional()
  @IsIn(['private', 'shared'])
  visibility?: 'private' | 'shared';
}

export const PROMPT_SCOPES = ['all', 'mine', 'shared', 'builtin'] as const;
export const PROMPT_SORTS = ['recent', 'popular', 'title'] as const;

export class PromptQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Full-text search over title, body and tags' })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: PROMPT_CATEGORIES })
  @Optional()
  @IsIn(PROMPT_CATEGORIES, { message: `category must be one of ${PROMPT_CATEGORIES.join(', ')}` })
  category?: PromptCategory;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(30)
  tag?: string;

  @ApiPropertyOptional({ description: 'Only my favourites' })
  @Optional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'favorites must be true or false' })
  favorites?: boolean;

  @ApiPropertyOptional({ enum: PROMPT_SCOPES, description: 'all (default): mine, shared and built-in; mine; shared: by others; builtin' })
  @Optional()
  @IsIn(PROMPT_SCOPES, { message: `scope must be one of ${PROMPT_SCOPES.join(', ')}` })
  scope?: (typeof PROMPT_SCOPES)[number];

  @ApiPropertyOptional({ enum: PROMPT_SORTS })
  @Optional()
  @IsIn(PROMPT_SORTS, { message: `sort must be one of ${PROMPT_SORTS.join(', ')}` })
  sort?: (typeof PROMPT_SORTS)[number];
}

export class UsePromptDto {
  /** Values for the variables, by name. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @Optional()
  @IsObject()
  variables?: Record<string, string>;
}

export class PromptVariableDto {
  name: string;
  /** Present when the variable is optional. */
  defaultValue?: string;
  /** What to call the field, when Webox has a name for it in the caller's language (built-in prompts in French); else show `name`. */
  label?: string;
}

export class PromptDto {
  id: string;
  title: string;
  body: string;
  @ApiProperty({ enum: PROMPT_CATEGORIES })
  category: PromptCategory;
  tags: string[];
  @ApiProperty({ enum: ['private', 'shared'] })
  visibility: 'private' | 'shared';
  builtIn: boolean;
  /** The caller owns it (and may change it). */
  mine: boolean;
  favorite: boolean;
  /** How many different users have used it: each counts once, however often they use it. */
  useCount: number;
  @ApiProperty({ type: [PromptVariableDto] })
  variables: PromptVariableDto[];
  createdAt: Date;
  updatedAt: Date;
}

export class PromptPageDto extends PageDtoOf(PromptDto) {}

export class RenderedPromptDto {
  text: string;
  /** How many different users have used the prompt, this use included. */
  useCount: number;
}

export class PromptCategoryCountDto {
  @ApiProperty({ enum: PROMPT_CATEGORIES })
  category: PromptCategory;
  count: number;
}

export class PromptExportDto {
  @ApiProperty({ enum: [1] })
  version: 1;
  exportedAt: Date;
  @ApiProperty({ type: [PromptInputDto] })
  prompts: PromptInputDto[];
}

export class ImportPromptsDto {
  /** Prompts as exported (`{ title, body, category, tags?, visibility? }`), at most 500. */
  @ApiProperty({ type: [PromptInputDto] })
  @IsArray({ message: 'prompts must be a list' })
  @ArrayMaxSize(500)
  prompts: unknown[];
}

export class ImportRefusalDto {
  /** Position in the imported list, from 0. */
  index: number;
  title?: string;
  reason: string;
}

export class ImportResultDto {
  imported: number;
  @ApiProperty({ type: [ImportRefusalDto] })
  refused: ImportRefusalDto[];
}
