import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One model an endpoint serves, as the administrator described it. */
export interface EndpointModelRow {
  /** The endpoint's own name for it (`llama3.2`, `Qwen/Qwen2.5-7B-Instruct`). */
  vendorModel: string;
  name: string;
  /** Input plus output tokens; null: 128 000 is assumed. */
  contextTokens: number | null;
  vision: boolean;
  /** US dollars per million input and output tokens (0: free). */
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * An OpenAI-compatible endpoint an administrator added (issue 26 item 4): its models join every
 * user's catalogue as `endpoint/<slug>/<vendorModel>`. It may be on the local network (an admin set it).
 */
@Entity('model_endpoints')
export class ModelEndpoint {
  /** Set by the service before the first save: the sealed key is bound to it. */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  name: string;

  /** Unique; part of its models' ids. */
  @Column({ type: 'varchar', unique: true })
  slug: string;

  @Column({ name: 'base_url', type: 'varchar' })
  baseUrl: string;

  /** The API key sealed with the SecretBox (bound to the row id); null when the endpoint takes none. Never returned. */
  @Column({ name: 'api_key_sealed', type: 'text', nullable: true })
  apiKeySealed: string | null;

  /** The key's last four characters, to recognise it. */
  @Column({ name: 'key_last4', type: 'varchar', nullable: true })
  keyLast4: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  models: EndpointModelRow[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
