import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../../common/auth.decorators';

/** What an admin decided for one catalogue model; a model without a row is enabled for every role and is not the default. */
@Entity('model_settings')
export class ModelSetting {
  /** The catalogue id (`provider/model`). */
  @PrimaryColumn({ name: 'model_id', type: 'varchar' })
  modelId: string;

  /** Off: nobody in the workspace may call it. */
  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** The roles it is turned off for (while `enabled`, the others may call it). */
  @Column({ name: 'disabled_roles', type: 'text', array: true, default: () => "'{}'" })
  disabledRoles: Role[];

  /** The workspace's default chat model (one row at most). */
  @Column({ name: 'is_default', type: 'boolean', default: false })
  isDefault: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
