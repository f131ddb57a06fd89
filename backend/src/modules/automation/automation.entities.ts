import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A user's URL subscribed to domain events of their own. */
@Entity('automation_triggers')
export class AutomationTrigger {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'varchar' })
  url: string;

  @Column({ type: 'text', array: true })
  events: string[];

  @Column({ type: 'boolean' })
  enabled: boolean;

  /** The signing secret (`whsec_…`), sealed with the SecretBox bound to the trigger id; shown once. */
  @Column({ name: 'secret_sealed', type: 'text', select: false })
  secretSealed: string;

  /** Failed attempts since the last success: shown to the owner; the trigger is never turned off for it. */
  @Column({ name: 'consecutive_failures', type: 'int' })
  consecutiveFailures: number;

  @Column({ name: 'last_delivery_at', type: 'timestamptz', nullable: true })
  lastDeliveryAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One event for one trigger: the row is the queue (see AutomationDeliveryWorker). */
@Entity('automation_deliveries')
export class TriggerDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'trigger_id', type: 'uuid' })
  triggerId: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  /** `webhook-id`: the same for every attempt and for a redelivery, so a receiver can drop duplicates. */
  @Column({ name: 'message_id', type: 'varchar' })
  messageId: string;

  @Column({ name: 'event_type', type: 'varchar' })
  eventType: string;

  /** The exact JSON sent (and signed). */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar' })
  status: DeliveryStatus;

  @Column({ type: 'int' })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** Retries stop here (24 hours after the event by default). */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'redelivery_of', type: 'uuid', nullable: true })
  redeliveryOf: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

@Entity('automation_delivery_attempts')
export class DeliveryAttempt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @Column({ type: 'int' })
  attempt: number;

  /** Null when no answer came (refused, timed out, blocked by the outbound guard). */
  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs: number;

  /** The answer's first 1,024 bytes. */
  @Column({ name: 'response_excerpt', type: 'varchar', nullable: true })
  responseExcerpt: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A URL into Webox that runs one of its owner's saved workflows. */
@Entity('automation_hooks')
export class AutomationHook {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ name: 'workflow_id', type: 'uuid' })
  workflowId: string;

  /** SHA-256 (hex) of the secret; the secret itself is shown once. */
  @Column({ name: 'secret_hash', type: 'varchar', select: false })
  secretHash: string;

  /** Its last four characters, to recognise it. */
  @Column({ name: 'secret_hint', type: 'varchar' })
  secretHint: string;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_called_at', type: 'timestamptz', nullable: true })
  lastCalledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('automation_hook_calls')
export class HookCall {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'hook_id', type: 'uuid' })
  hookId: string;

  @Column({ name: 'status_code', type: 'int' })
  statusCode: number;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
