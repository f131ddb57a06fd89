import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { numericAsNumber } from '../../../database/column-transformers';

export const BUDGET_SCOPES = ['default', 'role', 'user'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

/** The limits one scope sets: the workspace's default, a role's, or a user's (`subject`: '', the role, the user id). Null: not set here. */
@Entity('budget_limits')
export class BudgetLimit {
  @PrimaryColumn({ type: 'varchar' })
  scope: BudgetScope;

  @PrimaryColumn({ type: 'varchar' })
  subject: string;

  @Column({ name: 'monthly_cost_usd', type: 'numeric', nullable: true, transformer: numericAsNumber })
  monthlyCostUsd: number | null;

  @Column({ name: 'daily_requests', type: 'int', nullable: true })
  dailyRequests: number | null;

  @Column({ name: 'storage_bytes', type: 'bigint', nullable: true, transformer: numericAsNumber })
  storageBytes: number | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
