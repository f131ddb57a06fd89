import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A workspace-wide setting an admin changes at run time (`registration`: the sign-up policy), and the pending setup tokens. */
@Entity('workspace_settings')
export class WorkspaceSetting {
  @PrimaryColumn({ type: 'varchar' })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
