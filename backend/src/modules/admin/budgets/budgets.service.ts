import { statfs } from 'node:fs/promises';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BudgetGate, BudgetLimits } from '../../../ai/budget-gate';
import { Actor, AuthUser, Role } from '../../../common/auth.decorators';
import { CommonErrorCode } from '../../../common/error-codes';
import { DomainError } from '../../../common/domain-error';
import { CacheHub, SharedCache } from '../../../common/shared-cache';
import { AppConfig } from '../../../config/app-config';
import { AuditAction } from '../../audit/audit-actions';
import { AuditService } from '../../audit/audit.service';
import { userTag } from '../../auth/auth.service';
import { UsersService } from '../../auth/users.service';
import { MediaService } from '../../media/media.service';
import { BudgetLimit, BudgetScope } from './budget-limit.entity';
import { toBudgetLimitsDto, toBudgetsDto } from './budgets.mapper';
import { BudgetsDto, MyBudgetDto, SetBudgetLimitsDto } from './dto/budgets.dto';

/** Every cached entry of limits carries it: a change of any budget drops them all (they are few and cheap to read again). */
const BUDGETS_TAG = 'budgets';
const WARN_AT = 0.8;

/**
 * Budgets and quotas (issue 26): the admin's rules (a default, per role, per user) and the lookup
 * the AI layer's `BudgetGate` enforces them with. The limits of a user are read in one query and
 * then kept in a `SharedCache` (dropped on every instance when a budget or the user's role changes),
 * so the hot path reads no row for them.
 */
@Injectable()
export class BudgetsService implements OnModuleInit {
  private readonly logger = new Logger('Budgets');
  private readonly cache: SharedCache<BudgetLimits>;

  constructor(
    @InjectRepository(BudgetLimit) private readonly limits: Repository<BudgetLimit>,
    private readonly gate: BudgetGate,
    private readonly users: UsersService,
    private readonly media: MediaService,
    private readonly audit: AuditService,
    private readonly hub: CacheHub,
    private readonly config: AppConfig,
  ) {
    this.cache = hub.cache('budget-limits', { ttlMs: 30_000, maxEntries: 10_000 });
  }

  onModuleInit(): void {
    this.gate.useLimits((userId) => this.limitsOf(userId));
    this.gate.onRefusal((refusal) => {
      this.audit
        .record({ action: AuditAction.BUDGET_REFUSED, target: { id: refusal.userId, email: '' }, details: { budget: refusal.budget, limit: refusal.limit, resetsAt: refusal.resetsAt || null } })
        .catch((error: Error) => this.logger.warn(`Budget refusal not audited: ${error.message}`));
    });
  }

  /** The limits in force for a user: each one from their own rule, else their role's, else the default. */
  async limitsOf(userId: string): Promise<BudgetLimits> {
    const cached = this.cache.get(userId);
    if (cached) return cached;
    const ticket = this.cache.ticket();
    const rows: BudgetLimit[] = await this.limits
      .createQueryBuilder('b')
      .where(`b.scope = 'default'`)
      .orWhere(`b.scope = 'user' AND b.subject = :userId`, { userId })
      .orWhere(`b.scope = 'role' AND b.subject = (SELECT u.role FROM users u WHERE u.id = CAST(:userId AS uuid))`, { userId })
      .getMany();
    const order: BudgetScope[] = ['user', 'role', 'default'];
    const ranked = order.flatMap((scope) => rows.filter((row) => row.scope === scope));
    const pick = <K extends keyof BudgetLimits>(key: K): BudgetLimits[K] => ranked.find((row) => row[key] !== null)?.[key] ?? null;
    const limits = { monthlyCostUsd: pick('monthlyCostUsd'), dailyRequests: pick('dailyRequests'), storageBytes: pick('storageBytes') };
    this.cache.set(userId, limits, [BUDGETS_TAG, userTag(userId)], ticket);
    return limits;
  }

  async list(): Promise<BudgetsDto> {
    const rows = await this.limits.find({ order: { scope: 'ASC', subject: 'ASC' } });
    const userIds = rows.filter((row) => row.scope === 'user').map((row) => row.subject);
    const emails = new Map<string, string>();
    for (const id of userIds) emails.set(id, (await this.users.getById(id).catch(() => null))?.email ?? '');
    return toBudgetsDto(rows, emails);
  }

  setDefault(actor: Actor, dto: SetBudgetLimitsDto): Promise<BudgetsDto> {
    return this.set(actor, 'default', '', dto);
  }

  setRole(actor: Actor, role: Role, dto: SetBudgetLimitsDto): Promise<BudgetsDto> {
    return this.set(actor, 'role', role, dto);
  }

  async setUser(actor: Actor, userId: string, dto: SetBudgetLimitsDto): Promise<BudgetsDto> {
    await this.users.getById(userId);
    return this.set(actor, 'user', userId, dto);
  }

  async remove(actor: Actor, scope: 'role' | 'user', subject: string): Promise<BudgetsDto> {
    if (scope === 'user') await this.users.getById(subject);
    await this.limits.delete({ scope, subject });
    await this.changed(actor, scope, subject, null);
    return this.list();
  }

  /** The caller's budgets and their use; `warnings` lists those at 80 % or more. */
  async mine(user: AuthUser): Promise<MyBudgetDto> {
    const [usage, storage] = await Promise.all([this.gate.usageOf(user.id), this.media.storageByOwner([user.id])]);
    const storageUsedBytes = storage.get(user.id) ?? 0;
    const { limits } = usage;
    const near = (used: number, limit: number | null) => limit !== null && used >= WARN_AT * limit;
    const warnings = [
      ...(near(usage.monthCostUsd, limits.monthlyCostUsd) ? (['monthlyCost'] as const) : []),
      ...(near(usage.dayRequests, limits.dailyRequests) ? (['dailyRequests'] as const) : []),
      ...(near(storageUsedBytes, limits.storageBytes) ? (['storage'] as const) : []),
    ];
    return {
      limits: toBudgetLimitsDto(limits),
      monthCostUsd: Math.round(usage.monthCostUsd * 1e6) / 1e6,
      dayRequests: usage.dayRequests,
      storageUsedBytes,
      monthResetsAt: new Date(usage.monthResetsAt),
      dayResetsAt: new Date(usage.dayResetsAt),
      warnings,
    };
  }

  private async set(actor: Actor, scope: BudgetScope, subject: string, dto: SetBudgetLimitsDto): Promise<BudgetsDto> {
    if (dto.storageBytes !== undefined && dto.storageBytes !== null) await this.checkDisk(dto.storageBytes);
    const row = { scope, subject, monthlyCostUsd: dto.monthlyCostUsd ?? null, dailyRequests: dto.dailyRequests ?? null, storageBytes: dto.storageBytes ?? null };
    await this.limits.upsert(row, ['scope', 'subject']);
    await this.changed(actor, scope, subject, row);
    return this.list();
  }

  private async changed(actor: Actor, scope: BudgetScope, subject: string, row: Pick<BudgetLimit, 'monthlyCostUsd' | 'dailyRequests' | 'storageBytes'> | null): Promise<void> {
    await this.hub.invalidate([BUDGETS_TAG]);
    await this.audit.record({
      action: AuditAction.BUDGET_CHANGED,
      actor,
      ip: actor.ip,
      details: { scope, subject: subject || null, removed: row === null, monthlyCostUsd: row?.monthlyCostUsd ?? null, dailyRequests: row?.dailyRequests ?? null, storageBytes: row?.storageBytes ?? null },
    });
  }

  /** A quota bigger than the disk that holds the data directory cannot be kept: 400 naming the field. */
  private async checkDisk(bytes: number): Promise<void> {
    const disk = await statfs(this.config.dataDir).catch(() => null);
    const size = disk ? disk.blocks * disk.bsize : Number.POSITIVE_INFINITY;
    if (bytes > size) {
      throw new DomainError('invalid', CommonErrorCode.VALIDATION_FAILED, `storageBytes (${bytes}) is more than the disk holds (${size} bytes)`, [{ field: 'storageBytes', message: `storageBytes must be at most the disk's size (${size} bytes)` }], { diskBytes: size });
    }
  }
}
