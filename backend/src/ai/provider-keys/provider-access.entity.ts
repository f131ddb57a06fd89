import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { KeyProvider } from './provider-api-key.entity';

/** What an admin allows for one provider; a provider without a row allows both. */
@Entity('provider_access')
export class ProviderAccess {
  @PrimaryColumn({ type: 'varchar' })
  provider: KeyProvider;

  /** Users may bring their own key: when off, users' keys of this provider are not used (nor saved). */
  @Column({ name: 'allow_own_keys', type: 'boolean', default: true })
  allowOwnKeys: boolean;

  /** Users may use the workspace's key (the admin's, else the server's environment): when off, a user without a key of their own cannot call the provider. */
  @Column({ name: 'allow_workspace_key', type: 'boolean', default: true })
  allowWorkspaceKey: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
