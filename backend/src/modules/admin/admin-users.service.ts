import { Injectable } from '@nestjs/common';
import type { Actor, Role } from '../../common/auth.decorators';
import { Page } from '../../common/pagination';
import { UsageService } from '../../ai/usage.service';
import { AuditAction } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { SignUpService } from '../auth/sign-up/sign-up.service';
import { User, UserStatus } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { MediaService } from '../media/media.service';
import { AccessTokensService } from '../profile/access-tokens.service';
import { AdminUserDto, AdminUserQueryDto, PasswordResetLinkDto } from './dto/admin.dto';
import { toAdminUserDto } from './admin.mapper';

const USAGE_WINDOW_MS = 30 * 24 * 3600 * 1000;

/** The admin's hold on accounts: search, roles, approval, disabling (which cuts every way in at once), reset links. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly accessTokens: AccessTokensService,
    private readonly signUp: SignUpService,
    private readonly usage: UsageService,
    private readonly media: MediaService,
    private readonly audit: AuditService,
  ) {}

  async list(query: AdminUserQueryDto): Promise<Page<AdminUserDto>> {
    const page = await this.users.search(query);
    const ids = page.items.map((user) => user.id);
    const [usage, storage] = await Promise.all([this.usage.totalsByOwner(ids, new Date(Date.now() - USAGE_WINDOW_MS)), this.media.storageByOwner(ids)]);
    return { ...page, items: page.items.map((user) => toAdminUserDto(user, usage.get(user.id), storage.get(user.id))) };
  }

  async setRole(actor: Actor, id: string, role: Role): Promise<AdminUserDto> {
    const { before, after } = await this.users.changeAccess(id, { role });
    // Cached identities carry the role: drop them so the next request sees the new one.
    await this.auth.forgetUser(id);
    await this.record(actor, AuditAction.USER_ROLE_CHANGED, after, { from: before.role, to: role });
    return this.one(after);
  }

  async approve(actor: Actor, id: string): Promise<AdminUserDto> {
    return this.setStatus(actor, id, 'active', ['pending'], AuditAction.USER_APPROVED);
  }

  async enable(actor: Actor, id: string): Promise<AdminUserDto> {
    return this.setStatus(actor, id, 'active', ['disabled'], AuditAction.USER_ENABLED);
  }

  /**
   * Disables an account and cuts every way in at once: sessions (and their refresh tokens) end,
   * personal tokens are revoked, cached identities are dropped on every instance, and the
   * account's open sockets are closed.
   */
  async disable(actor: Actor, id: string): Promise<AdminUserDto> {
    const dto = await this.setStatus(actor, id, 'disabled', ['active', 'pending'], AuditAction.USER_DISABLED);
    await this.auth.endUserSessions(id, 'disabled');
    await this.accessTokens.revokeAll({ id });
    return dto;
  }

  async createPasswordReset(actor: Actor, id: string): Promise<PasswordResetLinkDto> {
    const user = await this.users.getById(id);
    const { token, expiresAt } = await this.signUp.createPasswordReset(user.id);
    await this.record(actor, AuditAction.PASSWORD_RESET_CREATED, user, { expiresAt: expiresAt.toISOString() });
    return { token, path: `/reset-password?token=${token}`, expiresAt };
  }

  private async setStatus(actor: Actor, id: string, status: UserStatus, from: readonly UserStatus[], action: AuditAction): Promise<AdminUserDto> {
    const { before, after } = await this.users.changeAccess(id, { status }, from);
    await this.auth.forgetUser(id);
    await this.record(actor, action, after, { from: before.status, to: status });
    return this.one(after);
  }

  private async one(user: User): Promise<AdminUserDto> {
    const [usage, storage] = await Promise.all([this.usage.totalsByOwner([user.id], new Date(Date.now() - USAGE_WINDOW_MS)), this.media.storageByOwner([user.id])]);
    return toAdminUserDto(user, usage.get(user.id), storage.get(user.id));
  }

  private record(actor: Actor, action: AuditAction, target: User, details: Record<string, string>): Promise<void> {
    return this.audit.record({ action, actor, target: { id: target.id, email: target.email }, ip: actor.ip, details });
  }
}
