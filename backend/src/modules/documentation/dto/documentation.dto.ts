import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length } from 'class-validator';
import { Optional } from '../../../common/validation';
import { GUIDE_LANGUAGES, GUIDE_TABS, type GuideLanguage, type GuideTab } from '../guides';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class DocumentationLanguageQueryDto {
  @ApiPropertyOptional({ enum: GUIDE_LANGUAGES, description: 'The language of the guides; default: the request’s Accept-Language (en, fr), else en' })
  @Optional()
  @IsIn(GUIDE_LANGUAGES, { message: `lang must be one of ${GUIDE_LANGUAGES.join(', ')}` })
  lang?: GuideLanguage;
}

export class DocumentationSearchQueryDto extends DocumentationLanguageQueryDto {
  @ApiProperty({ description: 'Words to find in the guides (the last one may be the start of a word)', minLength: 1, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  q: string;
}

export class GuideSummaryDto {
  /** The guide's slug: its page is `GET /api/documentation/{slug}`. */
  slug: string;
  title: string;
  @ApiProperty({ enum: GUIDE_TABS })
  tab: GuideTab;
  /** Its place in its tab (ascending). */
  order: number;
  summary: string;
  /** The dashboard area it documents (that area's page links to it), or null. */
  @ApiProperty({ type: String, nullable: true })
  area: string | null;
}

export class GuideTabDto {
  @ApiProperty({ enum: GUIDE_TABS })
  tab: GuideTab;
  guides: GuideSummaryDto[];
}

export class DocumentationTreeDto {
  @ApiProperty({ enum: GUIDE_LANGUAGES })
  lang: GuideLanguage;
  /** Getting started, Guides, FAQ — in that order (the API tab is `GET /api/documentation/api`). */
  tabs: GuideTabDto[];
}

export class GuideHeadingDto {
  /** 2 or 3. */
  level: number;
  text: string;
  /** The anchor of the heading: the page gives its `##`/`###` headings these ids, in order. */
  id: string;
}

export class GuidePageDto extends GuideSummaryDto {
  @ApiProperty({ enum: GUIDE_LANGUAGES })
  lang: GuideLanguage;
  /** The guide in Markdown (links to other guides are relative: `./chat.md`, `./api.md#post-api-chat`). */
  markdown: string;
  /** Its table of contents. */
  headings: GuideHeadingDto[];
}

export class GuideSearchHitDto {
  slug: string;
  title: string;
  @ApiProperty({ enum: GUIDE_TABS })
  tab: GuideTab;
  /** The section of the best match, or null for the guide's introduction. */
  @ApiProperty({ type: String, nullable: true })
  heading: string | null;
  /** That section's anchor, or null. */
  @ApiProperty({ type: String, nullable: true })
  anchor: string | null;
  /** Plain text around the match. */
  snippet: string;
  score: number;
}

export class GuideSearchResultDto {
  @ApiProperty({ enum: GUIDE_LANGUAGES })
  lang: GuideLanguage;
  /** The best 20 guides at most, best first (one hit per guide). */
  items: GuideSearchHitDto[];
}

export class ApiParameterDto {
  name: string;
  /** `path`, `query` or `header`. */
  in: string;
  required: boolean;
  @ApiProperty({ type: String, nullable: true })
  description: string | null;
  /** `string`, `number`, `string[]`, or an enum's values (`a | b`). */
  type: string;
}

export class ApiOperationDto {
  /** Its anchor in the API tab (`get-api-chat-history`). */
  anchor: string;
  method: string;
  path: string;
  @ApiProperty({ type: String, nullable: true })
  operationId: string | null;
  summary: string;
  /** Needs a bearer token (an access token; a personal access token on /v1). */
  authenticated: boolean;
  @ApiProperty({ type: [ApiParameterDto] })
  parameters: ApiParameterDto[];
  @ApiProperty({ type: String, nullable: true })
  requestContentType: string | null;
  /** An example body from its schema (indented JSON, or curl `-F` fields for multipart), or null. */
  @ApiProperty({ type: String, nullable: true })
  requestExample: string | null;
  /** The status codes it documents. */
  statuses: string[];
}

export class ApiGroupDto {
  /** The area (the operation's first tag). */
  tag: string;
  @ApiProperty({ type: String, nullable: true })
  description: string | null;
  @ApiProperty({ type: [ApiOperationDto] })
  operations: ApiOperationDto[];
}

export class ApiReferenceDto {
  title: string;
  version: string;
  /** The Swagger UI, where every operation can be tried. */
  swaggerUrl: string;
  /** The contract itself. */
  openapiUrl: string;
  operationCount: number;
  @ApiProperty({ type: [ApiGroupDto] })
  groups: ApiGroupDto[];
}
