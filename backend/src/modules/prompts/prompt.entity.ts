import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { PromptCategory } from './starter-prompts';

export type PromptVisibility = 'private' | 'shared';

@Entity('prompts')
export class Prompt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for the built-in starter prompts. */
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId: string | null;

  /** The built-in prompts' stable key (`seo-article-outline`), by which their seed updates them; null for users' prompts. */
  @Column({ type: 'varchar', nullable: true })
  slug: string | null;

  @Column()
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar' })
  category: PromptCategory;

  @Column({ type: 'text', array: true })
  tags: string[];

  /** `shared`: every user of the workspace can read and duplicate it; only its owner changes it. */
  @Column({ type: 'varchar' })
  visibility: PromptVisibility;

  @Column({ name: 'built_in' })
  builtIn: boolean;

  @Column({ name: 'use_count', type: 'int' })
  useCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
