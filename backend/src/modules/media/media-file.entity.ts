import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericAsNumber } from '../../database/column-transformers';
import type { MediaKind } from './media-types';

export type MediaSource = 'uploaded' | 'generated';
export type PreviewStatus = 'pending' | 'ready' | 'none' | 'failed';

/** Where a generated file came from: enough to show it and to make it again. */
export interface MediaOrigin {
  jobId?: string;
  generator: string;
  model?: string;
  prompt?: string;
  /** Made by the offline `local` provider, not by a vendor's model. */
  offline?: boolean;
  [detail: string]: unknown;
}

@Entity('media_files')
export class MediaFile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  /** Null at the top of the library. */
  @Column({ name: 'folder_id', type: 'uuid', nullable: true })
  folderId: string | null;

  /** The name shown to the user, already made safe; never used as a storage path. */
  @Column()
  name: string;

  /** Detected from the content, not taken from the client. */
  @Column({ name: 'mime_type' })
  mimeType: string;

  @Column({ type: 'varchar' })
  kind: MediaKind;

  @Column({ type: 'bigint', transformer: numericAsNumber })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ name: 'storage_key' })
  storageKey: string;

  @Column({ name: 'thumbnail_key', type: 'varchar', nullable: true })
  thumbnailKey: string | null;

  @Column({ type: 'varchar' })
  source: MediaSource;

  @Column({ type: 'jsonb', nullable: true })
  origin: MediaOrigin | null;

  @Column({ type: 'int', nullable: true })
  width: number | null;

  @Column({ type: 'int', nullable: true })
  height: number | null;

  @Column({ name: 'duration_seconds', type: 'real', nullable: true })
  durationSeconds: number | null;

  @Column({ name: 'preview_status', type: 'varchar' })
  previewStatus: PreviewStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
