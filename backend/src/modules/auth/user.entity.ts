import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../../common/auth.decorators';

export type Language = 'en' | 'fr';
export type Theme = 'light' | 'dark' | 'system';
/** `pending`: waits for an admin's approval (sign-up policy `approval`); `disabled`: turned off by an admin. Only `active` may sign in. */
export const USER_STATUSES = ['active', 'pending', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased; unique. */
  @Column()
  email: string;

  @Column({ name: 'password_hash' })
  passwordHash: string;

  @Column()
  name: string;

  @Column({ type: 'varchar' })
  role: Role;

  @Column({ type: 'varchar' })
  status: UserStatus;

  @Column({ type: 'varchar' })
  language: Language;

  @Column({ type: 'varchar' })
  theme: Theme;

  /** The model a new chat starts with; null: the chat page chooses (the offline model until a key exists). */
  @Column({ name: 'default_chat_model', type: 'varchar', nullable: true })
  defaultChatModel: string | null;

  /** Chat models shown first in the model picker, in this order. */
  @Column({ name: 'favorite_models', type: 'text', array: true })
  favoriteModels: string[];

  /** When the user put away the home page's first-run checklist. */
  @Column({ name: 'onboarding_dismissed_at', type: 'timestamptz', nullable: true })
  onboardingDismissedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
