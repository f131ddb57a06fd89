/** The blog's error codes. */
export enum BlogErrorCode {
  /** No such article, or one the caller may not see (another author's draft answers this too). */
  BLOG_ARTICLE_NOT_FOUND = 'BLOG_ARTICLE_NOT_FOUND',
  BLOG_REVISION_NOT_FOUND = 'BLOG_REVISION_NOT_FOUND',
  /** Another article already has this slug; `params.slug` names it. */
  BLOG_SLUG_TAKEN = 'BLOG_SLUG_TAKEN',
  /** The cover is not an image of the author's media library. */
  BLOG_COVER_NOT_IMAGE = 'BLOG_COVER_NOT_IMAGE',
  /** A scheduled article needs its publication date. */
  BLOG_SCHEDULE_NEEDS_DATE = 'BLOG_SCHEDULE_NEEDS_DATE',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    BlogErrorCode: BlogErrorCode;
  }
}
