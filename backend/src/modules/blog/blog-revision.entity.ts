import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ArticleLanguage } from './blog-types';

/** An article as it was before a save (or a restore) replaced it. */
@Entity('blog_revisions')
export class BlogRevision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'article_id', type: 'uuid' })
  articleId: string;

  /** Who saved over this version (null once their account is gone). */
  @Column({ name: 'replaced_by', type: 'uuid', nullable: true })
  replacedBy: string | null;

  @Column({ type: 'varchar' })
  title: string;

  @Column({ type: 'varchar' })
  excerpt: string;

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
