import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The blog: articles (Markdown, a cover from the author's media library, draft / scheduled /
 * published) and the revisions each save keeps. Search is full text in the article's own language:
 * a generated tsvector with the `english` or `french` configuration (title weighted above the
 * excerpt, the excerpt above the body) and a GIN index; tags have their own GIN index for `@>`.
 */
export class Blog1764483000000 implements MigrationInterface {
  name = 'Blog1764483000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE blog_articles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        author_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        slug varchar(120) NOT NULL UNIQUE,
        title varchar(200) NOT NULL,
        excerpt varchar(500) NOT NULL DEFAULT '',
        body text NOT NULL,
        cover_media_id uuid REFERENCES media_files (id) ON DELETE SET NULL,
        category varchar(60) NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        language varchar(2) NOT NULL CHECK (language IN ('en', 'fr')),
        status varchar(16) NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
        published_at timestamptz,
        reading_minutes integer NOT NULL DEFAULT 1,
        search_document tsvector GENERATED ALWAYS AS (
          CASE WHEN language = 'fr'
            THEN setweight(to_tsvector('french', title), 'A') || setweight(to_tsvector('french', excerpt), 'B') || setweight(to_tsvector('french', body), 'C')
            ELSE setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', excerpt), 'B') || setweight(to_tsvector('english', body), 'C')
          END
        ) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status = 'draft' OR published_at IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX blog_articles_document_idx ON blog_articles USING gin (search_document)`);
    await q.query(`CREATE INDEX blog_articles_tags_idx ON blog_articles USING gin (tags)`);
    await q.query(`CREATE INDEX blog_articles_status_idx ON blog_articles (status, published_at DESC)`);
    await q.query(`CREATE INDEX blog_articles_category_idx ON blog_articles (category, published_at DESC)`);
    await q.query(`CREATE INDEX blog_articles_author_idx ON blog_articles (author_id, updated_at DESC)`);
    await q.query(`
      CREATE TABLE blog_revisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        article_id uuid NOT NULL REFERENCES blog_articles (id) ON DELETE CASCADE,
        replaced_by uuid REFERENCES users (id) ON DELETE SET NULL,
        title varchar(200) NOT NULL,
        excerpt varchar(500) NOT NULL DEFAULT '',
        body text NOT NULL,
        cover_media_id uuid REFERENCES media_files (id) ON DELETE SET NULL,
        category varchar(60) NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        language varchar(2) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX blog_revisions_article_idx ON blog_revisions (article_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE blog_revisions`);
    await q.query(`DROP TABLE blog_articles`);
  }
}
