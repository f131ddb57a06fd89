import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('conversations')
export class Conversation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column()
  title: string;

  @Column()
  pinned: boolean;

  /** The agent the conversation is held with, if any (its name kept as it was then). */
  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId: string | null;

  @Column({ name: 'agent_name', type: 'varchar', nullable: true })
  agentName: string | null;

  /** Sent as the system message on every turn (an agent's context); null for a plain chat. */
  @Column({ name: 'system_prompt', type: 'text', nullable: true })
  systemPrompt: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
