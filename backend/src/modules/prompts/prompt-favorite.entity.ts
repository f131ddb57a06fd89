import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('prompt_favorites')
export class PromptFavorite {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'prompt_id', type: 'uuid' })
  promptId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
