import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What the feed shows of an event: scalar facts taken from its payload (ids, title, kind, status, counts). */
export type ActivitySummary = Record<string, string | number | boolean | null>;

/** One domain event that named a user, as the dashboard's activity feed keeps it. */
@Entity('activity_events')
export class ActivityEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The domain event's name (`chat.completed`, `generation.completed`...). */
  @Column({ type: 'varchar' })
  name: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'jsonb' })
  summary: ActivitySummary;
}
