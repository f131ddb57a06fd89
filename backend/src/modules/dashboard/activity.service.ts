import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth.decorators';
import { PageQueryDto, skipTake, toPage } from '../../common/pagination';
import { EventBus } from '../../events/event-bus';
import { ActivityEvent } from './activity-event.entity';
import { ACTIVITY_NAME_MAX, activityTimeOf, activityUserOf, summarizeActivity } from './activity-summary';
import type { ActivityPageDto } from './dto/dashboard.dto';

/** The feed keeps a user's events this long... */
export const ACTIVITY_KEEP_DAYS = 90;
/** ...and at most this many of them (the newest). */
export const ACTIVITY_KEEP_PER_USER = 500;

/** A user's rows are pruned on their first event seen by this process, then every this many. */
export const ACTIVITY_PRUNE_EVERY = 50;

/**
 * The activity feed: every domain event whose payload names a user (`userId`) is stored as a row,
 * whatever area published it — the dashboard subscribes to every event on the bus, it knows none
 * by name. An event already older than ACTIVITY_KEEP_DAYS is not stored, and the list never shows
 * older rows; the rows themselves (older than that, or beyond the newest ACTIVITY_KEEP_PER_USER) are
 * deleted every ACTIVITY_PRUNE_EVERY events of a user rather than on each one, so a busy user's
 * events cost one insert each (the cap is soft: up to ACTIVITY_PRUNE_EVERY rows over it per process).
 */
@Injectable()
export class ActivityService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ActivityService.name);
  private unsubscribe?: () => void;
  /** Events recorded per user since this process started, to space out the prunes. */
  private readonly recorded = new Map<string, number>();

  constructor(
    @InjectRepository(ActivityEvent) private readonly events: Repository<ActivityEvent>,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.onEvery((name, payload) => this.record(name, payload));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Stores one event; one without a user, or with a name too long for the column, is skipped. */
  async record(name: string, payload: unknown): Promise<ActivityEvent | null> {
    const userId = activityUserOf(payload);
    if (!userId || !name || name.length > ACTIVITY_NAME_MAX) return null;
    const occurredAt = activityTimeOf(payload);
    if (occurredAt < keptSince()) return null;
    const row = this.events.create({ userId, name, occurredAt, summary: summarizeActivity(payload) });
    try {
      await this.events.insert(row);
    } catch (error) {
      // The user was deleted meanwhile (foreign key): nothing to show anyone.
      this.logger.warn({ err: error, event: name }, 'An activity event could not be stored');
      return null;
    }
    const seen = this.recorded.get(userId) ?? 0;
    this.recorded.set(userId, seen + 1);
    if (seen % ACTIVITY_PRUNE_EVERY === 0) await this.prune(userId);
    return row;
  }

  private async prune(userId: string): Promise<void> {
    await this.events.query(
      `DELETE FROM activity_events
        WHERE user_id = $1
          AND (occurred_at < now() - make_interval(days => $2)
               OR id IN (SELECT id FROM activity_events WHERE user_id = $1 ORDER BY occurred_at DESC OFFSET $3))`,
      [userId, ACTIVITY_KEEP_DAYS, ACTIVITY_KEEP_PER_USER],
    );
  }

  async list(user: AuthUser, query: PageQueryDto): Promise<ActivityPageDto> {
    const found = await this.events.findAndCount({ where: { userId: user.id, occurredAt: MoreThanOrEqual(keptSince()) }, order: { occurredAt: 'DESC', id: 'DESC' }, ...skipTake(query) });
    return toPage(found, query, (row) => ({ id: row.id, name: row.name, occurredAt: row.occurredAt.toISOString(), summary: row.summary }));
  }
}

function keptSince(): Date {
  return new Date(Date.now() - ACTIVITY_KEEP_DAYS * 86_400_000);
}
