import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { EventPayloads } from '../../../common/contract';
import { ARTICLE_LANGUAGES, type ArticleLanguage } from '../blog-types';

@ApiSchema({ description: 'An article was published: saved as published, or its scheduled date came.' })
export class BlogPublishedEventDto {
  articleId: string;
  authorId: string;
  slug: string;
  title: string;
  @ApiProperty({ enum: ARTICLE_LANGUAGES })
  language: ArticleLanguage;
  /** ISO 8601. */
  publishedAt: string;
  /** ISO 8601. */
  occurredAt: string;
}

export const BLOG_DOMAIN_EVENTS = { 'blog.published': BlogPublishedEventDto };

declare module '../../../events/domain-events' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges this area's events into the map
  interface DomainEventMap extends EventPayloads<typeof BLOG_DOMAIN_EVENTS> {}
}
