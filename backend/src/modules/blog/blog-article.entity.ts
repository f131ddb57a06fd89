import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ArticleLanguage, ArticleStatus } from './blog-types';

/** One article of the blog. `search_document` (a generated tsvector in the article's language) stays in SQL. */
@Entity('blog_articles')
export class BlogArticle {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ type: 'varchar' })
  slug: string;

  @Column({ type: 'varchar' })
  title: string;

  @Column({ type: 'varchar' })
  excerpt: string;

  /** Markdown. */
  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'cover_media_id', type: 'uuid', nullable: true })
  coverMediaId: string | null;

  @Column({ type: 'varchar' })
  category: string;

  @Column({ type: 'text', array: true })
  tags: string[];

  @Column({ type: 'varchar' })
  language: ArticleLanguage;

  @Column({ type: 'varchar' })
  status: ArticleStatus;

  /** When it was (or, scheduled, will be) published; null for a draft. */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'reading_minutes', type: 'int' })
  readingMinutes: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
