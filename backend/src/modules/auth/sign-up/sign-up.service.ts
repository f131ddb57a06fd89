import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import type { Role } from '../../../common/auth.decorators';
import { DomainError, notFound } from '../../../common/domain-error';
import { Page, PageQueryDto, skipTake, toPage } from '../../../common/pagination';
import { AppConfig, RegistrationPolicy } from '../../../config/app-config';
import { AuthErrorCode } from '../auth.errors';
import { RegisterDto } from '../dto/auth.dto';
import { User, UserStatus } from '../user.entity';
import { Invitation } from './invitation.entity';
import { PasswordReset } from './password-reset.entity';
import { WorkspaceSetting } from './workspace-setting.entity';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

const REGISTRATION_KEY = 'registration';
const SETUP_TOKENS_KEY = 'setup_tokens';
const DAY_MS = 24 * 3600 * 1000;
/** How long an admin's password-reset link works. */
export const PASSWORD_RESET_TTL_MS = DAY_MS;

/** How a new account is let in: its role and status, and what to do once its row exists (in the same transaction). */
export interface Admission {
  role: Role;
  status: UserStatus;
  via: 'setup_token' | 'invitation' | 'policy';
  policy: RegistrationPolicy | null;
  onCreated?: (tx: EntityManager, user: User) => Promise<void>;
}

export interface RegistrationState {
  policy: RegistrationPolicy;
  /** Where the policy comes from: an admin's setting, WEBOX_REGISTRATION, or the default. */
  source: 'setting' | 'environment' | 'default';
}

/**
 * Who may create an account, and how: the sign-up policy, the first administrator's setup token,
 * invitations and admins' password-reset links.
 */
@Injectable()
export class SignUpService implements OnApplicationBootstrap {
  private readonly logger = new Logger('SignUp');

  constructor(
    private readonly config: AppConfig,
    @InjectRepository(WorkspaceSetting) private readonly settings: Repository<WorkspaceSetting>,
    @InjectRepository(Invitation) private readonly invitations: Repository<Invitation>,
    @InjectRepository(PasswordReset) private readonly resets: Repository<PasswordReset>,
  ) {}

  /**
   * No administrator yet: a setup token is what claims the account. WEBOX_SETUP_TOKEN names one;
   * otherwise one is made at every start until an admin exists, its hash kept with the others
   * (any instance's printed token works), and printed in the log.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'worker') return;
    if (await this.settings.manager.count(User, { where: { role: 'admin' } })) return;
    if (this.config.setupToken) {
      this.logger.log('No administrator yet: register with the setup token set in WEBOX_SETUP_TOKEN to become one');
      return;
    }
    const token = newToken();
    await this.settings.query(
      `INSERT INTO workspace_settings (key, value) VALUES ($1, $2::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = workspace_settings.value || $2::jsonb, updated_at = now()`,
      [SETUP_TOKENS_KEY, JSON.stringify([sha256(token)])],
    );
    this.logger.warn(`No administrator yet. To become one, open /register?setup=${token} (or register with setupToken "${token}")`);
  }

  async registration(manager: EntityManager = this.settings.manager): Promise<RegistrationState> {
    const row = await manager.findOneBy(WorkspaceSetting, { key: REGISTRATION_KEY });
    if (row) return { policy: row.value as RegistrationPolicy, source: 'setting' };
    if (this.config.registration) return { policy: this.config.registration, source: 'environment' };
    const adminExists = (await manager.count(User, { where: { role: 'admin' } })) > 0;
    return { policy: adminExists ? 'approval' : 'open', source: 'default' };
  }

  async setRegistration(policy: RegistrationPolicy): Promise<RegistrationState> {
    await this.settings.upsert({ key: REGISTRATION_KEY, value: policy }, ['key']);
    return { policy, source: 'setting' };
  }

  /**
   * Decides, inside the sign-up's transaction (which holds the users table's lock), how this
   * account is let in: the setup token makes the first admin, an invitation lets in with its role,
   * else the policy decides. Throws when it is not let in at all.
   */
  async admit(tx: EntityManager, dto: RegisterDto): Promise<Admission> {
    if (dto.setupToken) return this.admitWithSetupToken(tx, dto);
    if (dto.invitationToken) return this.admitWithInvitation(tx, dto, dto.invitationToken);
    const { policy } = await this.registration(tx);
    if (policy === 'invite') throw new DomainError('forbidden', AuthErrorCode.REGISTRATION_INVITE_ONLY, 'Sign-up needs an invitation from an administrator');
    if (policy === 'closed') throw new DomainError('forbidden', AuthErrorCode.REGISTRATION_CLOSED, 'Sign-up is closed; ask an administrator');
    return { role: 'user', status: policy === 'approval' ? 'pending' : 'active', via: 'policy', policy };
  }

  async createInvitation(createdBy: string, input: { email?: string; role: Role; expiresInDays: number }): Promise<{ invitation: Invitation; token: string }> {
    const token = newToken();
    const invitation = await this.invitations.save(
      this.invitations.create({ tokenHash: sha256(token), email: input.email ?? null, role: input.role, createdBy, expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS) }),
    );
    return { invitation, token };
  }

  async listInvitations(query: PageQueryDto): Promise<Page<Invitation>> {
    return toPage(await this.invitations.findAndCount({ order: { createdAt: 'DESC' }, ...skipTake(query) }), query, (row) => row);
  }

  /**
   * Withdraws an invitation so its link answers 410; revoking it again changes nothing. A used one
   * cannot be withdrawn (410: the account exists; disable it instead).
   */
  async revokeInvitation(id: string): Promise<Invitation> {
    const invitation = await this.invitations.findOneBy({ id });
    if (!invitation) throw notFound(AuthErrorCode.INVITATION_NOT_FOUND, 'Invitation');
    if (invitation.revokedAt) return invitation;
    // Only an unused one, even when the link is being used at this very moment.
    const revoked = await this.invitations.update({ id, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!revoked.affected) {
      const now = await this.invitations.findOneByOrFail({ id });
      if (now.usedAt) throw new DomainError('gone', AuthErrorCode.INVITATION_USED, 'This invitation was used already: disable the account it created instead');
      return now;
    }
    return this.invitations.findOneByOrFail({ id });
  }

  async createPasswordReset(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_MS);
    await this.resets.insert({ userId, tokenHash: sha256(token), expiresAt });
    return { token, expiresAt };
  }

  /** Spends a reset link (once, even under two concurrent uses) and returns whose password it resets. */
  async claimPasswordReset(token: string): Promise<string> {
    const reset = await this.resets.findOneBy({ tokenHash: sha256(token) });
    if (!reset) throw notFound(AuthErrorCode.PASSWORD_RESET_NOT_FOUND, 'Password reset link');
    const gone = () => new DomainError('gone', AuthErrorCode.PASSWORD_RESET_GONE, 'This password reset link was used already or has expired; ask an administrator for a new one');
    if (reset.usedAt || reset.expiresAt <= new Date()) throw gone();
    const claimed = await this.resets.update({ id: reset.id, usedAt: IsNull(), expiresAt: MoreThan(new Date()) }, { usedAt: new Date() });
    if (!claimed.affected) throw gone();
    return reset.userId;
  }

  private async admitWithSetupToken(tx: EntityManager, dto: RegisterDto): Promise<Admission> {
    if (await tx.count(User, { where: { role: 'admin' } })) {
      throw new DomainError('gone', AuthErrorCode.SETUP_TOKEN_USED, 'An administrator exists already: the setup token is spent');
    }
    const hash = sha256(dto.setupToken!);
    const stored = ((await tx.findOneBy(WorkspaceSetting, { key: SETUP_TOKENS_KEY }))?.value as string[] | undefined) ?? [];
    const valid = (this.config.setupToken !== undefined && sha256(this.config.setupToken) === hash) || stored.includes(hash);
    const wrong = (message: string) => new DomainError('forbidden', AuthErrorCode.INVALID_SETUP_TOKEN, message, [{ field: 'setupToken', message }]);
    if (!valid) throw wrong('setupToken is not the setup token of this server (see its log)');
    if (this.config.adminEmail && dto.email !== this.config.adminEmail) throw wrong('setupToken claims the admin account only for the address in WEBOX_ADMIN_EMAIL');
    return { role: 'admin', status: 'active', via: 'setup_token', policy: null, onCreated: (manager) => manager.delete(WorkspaceSetting, { key: SETUP_TOKENS_KEY }).then(() => undefined) };
  }

  private async admitWithInvitation(tx: EntityManager, dto: RegisterDto, token: string): Promise<Admission> {
    const invitation = await tx.findOneBy(Invitation, { tokenHash: sha256(token) });
    if (!invitation) throw notFound(AuthErrorCode.INVITATION_NOT_FOUND, 'Invitation');
    if (invitation.usedAt) throw new DomainError('gone', AuthErrorCode.INVITATION_USED, 'This invitation was used already; ask an administrator for a new one');
    if (invitation.revokedAt) throw new DomainError('gone', AuthErrorCode.INVITATION_REVOKED, 'An administrator revoked this invitation; ask an administrator for a new one');
    if (invitation.expiresAt <= new Date()) throw new DomainError('gone', AuthErrorCode.INVITATION_EXPIRED, 'This invitation has expired; ask an administrator for a new one');
    if (invitation.email && invitation.email !== dto.email) {
      throw new DomainError('invalid', AuthErrorCode.INVITATION_NOT_FOUND, 'This invitation is for another e-mail address', [{ field: 'email', message: 'email is not the invited address' }]);
    }
    return {
      role: invitation.role,
      status: 'active',
      via: 'invitation',
      policy: null,
      onCreated: async (manager, user) => {
        // Spent only if still open: a concurrent use or a revocation since it was read undoes this sign-up.
        const spent = await manager.update(Invitation, { id: invitation.id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: new Date(), usedBy: user.id });
        if (!spent.affected) throw new DomainError('gone', AuthErrorCode.INVITATION_USED, 'This invitation was used or revoked meanwhile; ask an administrator for a new one');
      },
    };
  }
}
