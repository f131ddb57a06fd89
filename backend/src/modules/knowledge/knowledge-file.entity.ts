import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type KnowledgeFileStatus = 'pending' | 'indexing' | 'ready' | 'failed';
export const KNOWLEDGE_FILE_STATUSES: readonly KnowledgeFileStatus[] = ['pending', 'indexing', 'ready', 'failed'];

/** A media-library file in a collection, and where its indexing stands. */
@Entity('knowledge_files')
export class KnowledgeFile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'collection_id', type: 'uuid' })
  collectionId: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ name: 'media_file_id', type: 'uuid' })
  mediaFileId: string;

  @Column({ type: 'varchar' })
  status: KnowledgeFileStatus;

  /** Why the last indexing failed; its earlier passages, if any, are still searched. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'smallint' })
  progress: number;

  /** The current step, in words ("Embedding 3/12"). */
  @Column({ type: 'varchar', nullable: true })
  step: string | null;

  @Column({ name: 'chunk_count', type: 'int' })
  chunkCount: number;

  /** The media file's sha256 when its passages were stored: a different one means they are stale. */
  @Column({ name: 'indexed_sha256', type: 'char', length: 64, nullable: true })
  indexedSha256: string | null;

  /** The indexing job that may write this file's passages; an older job that is still running may not. */
  @Column({ name: 'job_id', type: 'uuid', nullable: true })
  jobId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
