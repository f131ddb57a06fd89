import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('catalog_favorites')
export class CatalogFavorite {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'tool_id', type: 'uuid' })
  toolId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
