import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numericAsNumber } from '../database/column-transformers';

export type UsageSource = 'chat' | 'api' | 'generation' | 'knowledge' | 'combinations' | 'voice';

/** One paid model call: who, which model, how many tokens, what it cost (USD). */
@Entity('usage_records')
export class UsageRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ type: 'varchar' })
  source: UsageSource;

  @Column()
  provider: string;

  @Column()
  model: string;

  @Column({ name: 'input_tokens', type: 'int' })
  inputTokens: number;

  @Column({ name: 'output_tokens', type: 'int' })
  outputTokens: number;

  @Column({ type: 'numeric', transformer: numericAsNumber })
  cost: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
