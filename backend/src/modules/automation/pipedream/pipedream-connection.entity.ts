import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const PIPEDREAM_ENVIRONMENTS = ['production', 'development'] as const;
export type PipedreamEnvironment = (typeof PIPEDREAM_ENVIRONMENTS)[number];

/** A user's Pipedream connection (one per user): the OAuth client and the Connect project Webox acts in. */
@Entity('pipedream_connections')
export class PipedreamConnection {
  @PrimaryColumn({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ name: 'client_id', type: 'varchar' })
  clientId: string;

  @Column({ name: 'project_id', type: 'varchar' })
  projectId: string;

  @Column({ type: 'varchar' })
  environment: PipedreamEnvironment;

  /** The OAuth client secret, sealed with the SecretBox bound to the owner id; never answered. */
  @Column({ name: 'client_secret_sealed', type: 'text', select: false })
  clientSecretSealed: string;

  /** When Pipedream last accepted the credentials. */
  @Column({ name: 'checked_at', type: 'timestamptz' })
  checkedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
