import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const KEY_PROVIDERS = ['openai', 'anthropic', 'google', 'replicate', 'elevenlabs', 'twilio', 'pipedream', 'openai-compatible'] as const;
export type KeyProvider = (typeof KEY_PROVIDERS)[number];

/** What the last verification of a key found: `unchecked` where Webox has no call to verify it with. */
export const KEY_STATUSES = ['ok', 'failing', 'unchecked'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

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

  @Column({ type: 'varchar' })
  status: KeyStatus;

  @Column({ name: 'last_checked_at', type: 'timestamptz', nullable: true })
  lastCheckedAt: Date | null;

  /** The vendor's reason when the last verification failed (never the key). */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
