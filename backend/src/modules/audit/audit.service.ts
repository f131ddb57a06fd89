import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { containsPattern } from '../../common/sql-like';
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

/**
 * The audit trail: appended to by auth (security events) and admin (every admin action); read by
 * admins. Nothing edits or deletes a line (the table's trigger refuses it too).
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

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
