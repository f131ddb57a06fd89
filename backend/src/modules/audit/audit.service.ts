import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { containsPattern } from '../../common/sql-like';
import { AppConfig } from '../../config/app-config';
import { Page, toPage } from '../../common/pagination';
import { AuditAction } from './audit-actions';
import { AuditEvent } from './audit-event.entity';
import { AuditEventDto, AuditQueryDto } from './dto/audit.dto';
import { toAuditEventDto } from './audit.mapper';

export interface AuditRecord {
  action: AuditAction;
  actor?: { id: string; email: string } | null;
  /** The account acted on; `id` null for an address that has no account (a failed login). */
  target?: { id: string | null; email: string } | null;
  ip?: string | null;
  details?: Record<string, string | number | boolean | null>;
}

/** A run of the same event from one source: its first line is written, the others only counted. */
interface Burst {
  first: AuditRecord;
  firstAt: Date;
  repeats: number;
  timer: NodeJS.Timeout;
}

/** Most sources followed at once; past it, new sources share one burst per action (still counted, never dropped). */
const MAX_BURSTS = 1_000;

/**
 * The audit trail: appended to by auth (security events) and admin (every admin action); read by
 * admins. Nothing edits or deletes a line (the table's trigger refuses it too).
 */
@Injectable()
export class AuditService implements OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly bursts = new Map<string, Burst>();

  constructor(
    @InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>,
    private readonly config: AppConfig,
  ) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.events.insert({
      action: entry.action,
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      targetId: entry.target?.id ?? null,
      targetEmail: entry.target?.email ?? null,
      ip: entry.ip?.slice(0, 64) ?? null,
      details: entry.details ?? {},
    });
  }

  /** For events on a path that must not fail because the trail could not be written (a failed login still answers 401). */
  recordQuietly(entry: AuditRecord): Promise<void> {
    return this.record(entry).catch((error: Error) => this.logger.error(`Audit event ${entry.action} not written: ${error.message}`));
  }

  /**
   * For events anyone can cause at will (a forged webhook): the first of a source (`key`, e.g. the
   * address) is written at once, as `recordQuietly` would; the same event from that source within
   * the next WEBOX_AUDIT_COALESCE_SECONDS is only counted, and the count is written as one more line
   * when the window ends (`details.repeats`, `details.firstAt`, `details.windowSeconds`). A flood is
   * at most two writes per source and window, per process; nothing is lost (the trail is
   * append-only, so the first line is never rewritten; the last window is written at shutdown).
   */
  recordCoalesced(entry: AuditRecord, key: string): Promise<void> {
    let burstKey = `${entry.action}\u0000${key}`;
    if (!this.bursts.has(burstKey) && this.bursts.size >= MAX_BURSTS) burstKey = `${entry.action}\u0000*`;
    const burst = this.bursts.get(burstKey);
    if (burst) {
      burst.repeats++;
      return Promise.resolve();
    }
    const timer = setTimeout(() => void this.closeBurst(burstKey), this.config.auditCoalesceSeconds * 1000);
    timer.unref();
    this.bursts.set(burstKey, { first: entry, firstAt: new Date(), repeats: 0, timer });
    return this.recordQuietly(entry);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.bursts.keys()].map((key) => this.closeBurst(key)));
  }

  private async closeBurst(key: string): Promise<void> {
    const burst = this.bursts.get(key);
    if (!burst) return;
    this.bursts.delete(key);
    clearTimeout(burst.timer);
    if (!burst.repeats) return;
    await this.recordQuietly({
      ...burst.first,
      ...(key.endsWith('\u0000*') ? { ip: null } : {}),
      details: { ...burst.first.details, repeats: burst.repeats, firstAt: burst.firstAt.toISOString(), windowSeconds: this.config.auditCoalesceSeconds },
    });
  }

  async search(query: AuditQueryDto): Promise<Page<AuditEventDto>> {
    const builder = this.events.createQueryBuilder('e').orderBy('e.created_at', 'DESC').addOrderBy('e.id', 'DESC');
    if (query.action) builder.andWhere('e.action = :action', { action: query.action });
    if (query.userId) builder.andWhere('(e.actor_id = :userId OR e.target_id = :userId)', { userId: query.userId });
    if (query.q) {
      const like = containsPattern(query.q);
      builder.andWhere(
        new Brackets((or) => or.where('e.actor_email ILIKE :like', { like }).orWhere('e.target_email ILIKE :like', { like }).orWhere('e.ip ILIKE :like', { like }).orWhere('e.action ILIKE :like', { like })),
      );
    }
    const result = await builder.skip((query.page - 1) * query.limit).take(query.limit).getManyAndCount();
    return toPage(result, query, toAuditEventDto);
  }
}
