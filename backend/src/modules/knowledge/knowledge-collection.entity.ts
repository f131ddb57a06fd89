import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A named set of the user's documents, searched together (by an agent, a chat, or the user). */
@Entity('knowledge_collections')
export class KnowledgeCollection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column()
  name: string;

  @Column()
  description: string;

  /** `provider/model` that embeds its passages; null: full-text search only. */
  @Column({ name: 'embedding_model', type: 'varchar', nullable: true })
  embeddingModel: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
