import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ModelSettings } from '../settings/chat-settings';

/** A user's saved chat setup: models, system prompt and sampling, applied to a chat in one step. */
@Entity('chat_presets')
export class ChatPreset {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'text', array: true })
  models: string[];

  @Column({ name: 'system_prompt', type: 'text', nullable: true })
  systemPrompt: string | null;

  @Column({ type: 'real', nullable: true })
  temperature: number | null;

  @Column({ name: 'top_p', type: 'real', nullable: true })
  topP: number | null;

  @Column({ name: 'max_tokens', type: 'integer', nullable: true })
  maxTokens: number | null;

  @Column({ name: 'model_settings', type: 'jsonb', nullable: true })
  modelSettings: Record<string, ModelSettings> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
