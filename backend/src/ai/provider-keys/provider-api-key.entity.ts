import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const KEY_PROVIDERS = ['openai', 'anthropic', 'google', 'replicate', 'elevenlabs', 'twilio', 'pipedream', 'openai-compatible'] as const;
export type KeyProvider = (typeof KEY_PROVIDERS)[number];

/** A user's credential for one provider. The secret is only ever stored sealed (AES-256-GCM). */
@Entity('provider_api_keys')
export class ProviderApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for a workspace key, set by an admin and used by every user who has none of their own. */
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId: string | null;

  @Column({ type: 'varchar' })
  provider: KeyProvider;

  @Column()
  label: string;

  @Column({ name: 'encrypted_key' })
  encryptedKey: string;

  @Column({ name: 'masked_key' })
  maskedKey: string;

  @Column({ name: 'base_url', type: 'varchar', nullable: true })
  baseUrl: string | null;

  /** A non-secret identifier some providers need next to the secret (Twilio's Account SID). */
  @Column({ name: 'account_id', type: 'varchar', nullable: true })
  accountId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
