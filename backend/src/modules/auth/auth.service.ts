import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { FindOptionsWhere, In, IsNull, LessThan, Not, Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { AuthUser } from '../../common/auth.decorators';
import { DomainError } from '../../common/domain-error';
import { SessionEvents } from '../../common/session-events';
import { CacheHub, SharedCache } from '../../common/shared-cache';
import { AuthSession, SessionRevokedReason } from './auth-session.entity';
import { AuditAction } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import { AuthSessionDto, LoginDto, RegisterDto, ResetPasswordDto } from './dto/auth.dto';
import { SignUpService } from './sign-up/sign-up.service';
import { RefreshToken } from './refresh-token.entity';
import { toUserDto } from './user.mapper';
import { User } from './user.entity';
import { emailTaken, UsersService } from './users.service';
import { AuthErrorCode } from './auth.errors';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
}

const badCredentials = () => new DomainError('unauthenticated', AuthErrorCode.INVALID_CREDENTIALS, 'Wrong e-mail or password');
const badRefreshToken = () => new DomainError('unauthenticated', AuthErrorCode.INVALID_REFRESH_TOKEN, 'The refresh token is invalid, expired or revoked');

const accountPending = (message: string) => new DomainError('forbidden', AuthErrorCode.ACCOUNT_PENDING, message);
const accountDisabled = () => new DomainError('forbidden', AuthErrorCode.ACCOUNT_DISABLED, 'This account has been disabled by an administrator');

/** Where a sign-in comes from, for the session's list and the audit trail. */
export interface ClientInfo {
  userAgent?: string;
  ip: string | null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Who an open session belongs to; see CacheHub for when a cached answer is trusted. */
type SessionOwner = Omit<AuthUser, 'sessionId'>;
/** An upper bound for a change Redis could not carry to this instance (see CacheHub.invalidate). */
export const AUTH_CACHE_TTL_MS = 30_000;
const AUTH_CACHE_ENTRIES = 20_000;

/** The tags a user's cached identities carry: a change to the account (role, e-mail, removal) drops them all. */
export const userTag = (userId: string) => `user:${userId}`;

@Injectable()
export class AuthService {
  /** Verified when the e-mail is unknown, so both failures take the same time. */
  private readonly decoyHash = argon2.hash(randomBytes(16).toString('hex'), { type: argon2.argon2id });

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    @InjectRepository(AuthSession) private readonly sessions: Repository<AuthSession>,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    private readonly sessionEvents: SessionEvents,
    private readonly cacheHub: CacheHub,
    private readonly signUp: SignUpService,
    private readonly audit: AuditService,
  ) {
    this.openSessions = cacheHub.cache('sessions', { ttlMs: AUTH_CACHE_TTL_MS, maxEntries: AUTH_CACHE_ENTRIES });
  }

  private readonly openSessions: SharedCache<SessionOwner>;

  /**
   * Creates an account as the sign-up policy, an invitation or the setup token allow. An account
   * left waiting for approval gets no session: the answer is the 403 its logins get until then.
   */
  async register(dto: RegisterDto, client: ClientInfo): Promise<AuthSessionDto> {
    if (await this.users.findByEmail(dto.email)) throw emailTaken();
    const passwordHash = await argon2.hash(dto.password, { type: argon2.argon2id });
    const { user, admission } = await this.users.create({ email: dto.email, name: dto.name, passwordHash }, (tx) => this.signUp.admit(tx, dto));
    const who = { id: user.id, email: user.email };
    // The account exists: a trail that cannot be written is logged, not answered as a failed sign-up.
    await this.audit.recordQuietly({ action: AuditAction.SIGN_UP, actor: who, target: who, ip: client.ip, details: { role: user.role, status: user.status, via: admission.via } });
    if (admission.via === 'setup_token') await this.audit.recordQuietly({ action: AuditAction.ADMIN_CLAIMED, actor: who, target: who, ip: client.ip });
    if (user.status === 'pending') throw accountPending('Your account was created and waits for an administrator to approve it; you can sign in once they have');
    return this.startSession(user, client.userAgent);
  }

  async login(dto: LoginDto, client: ClientInfo): Promise<AuthSessionDto> {
    const user = await this.users.findByEmail(dto.email);
    const valid = user ? await argon2.verify(user.passwordHash, dto.password) : await argon2.verify(await this.decoyHash, dto.password).then(() => false);
    if (!user || !valid) {
      await this.audit.recordQuietly({ action: AuditAction.LOGIN_FAILED, target: { id: user?.id ?? null, email: dto.email }, ip: client.ip, details: { reason: user ? 'wrong_password' : 'unknown_email' } });
      throw badCredentials();
    }
    if (user.status !== 'active') {
      const who = { id: user.id, email: user.email };
      const action = user.status === 'disabled' ? AuditAction.DISABLED_ACCOUNT_ATTEMPT : AuditAction.PENDING_ACCOUNT_ATTEMPT;
      await this.audit.recordQuietly({ action, actor: who, target: who, ip: client.ip, details: { via: 'login' } });
      throw user.status === 'disabled' ? accountDisabled() : accountPending('Your account waits for an administrator to approve it');
    }
    return this.startSession(user, client.userAgent);
  }

  /** Sets a new password with an admin's one-time link; every session of the account ends. */
  async resetPassword(dto: ResetPasswordDto, ip: string | null): Promise<void> {
    const userId = await this.signUp.claimPasswordReset(dto.token);
    await this.users.setPasswordHash(userId, await argon2.hash(dto.password, { type: argon2.argon2id }));
    await this.endUserSessions(userId, 'password_reset');
    const user = await this.users.getById(userId);
    await this.audit.record({ action: AuditAction.PASSWORD_RESET_USED, target: { id: user.id, email: user.email }, ip });
  }

  /** Ends every open session of an account (it was disabled, its password reset) and forgets its cached identities everywhere. */
  async endUserSessions(userId: string, reason: SessionRevokedReason): Promise<void> {
    await this.endSessions({ userId, revokedAt: IsNull() }, reason);
    await this.forgetUser(userId);
  }

  /** Drops the account's cached identities (sessions and personal tokens) here and on every instance: its role or status changed. */
  forgetUser(userId: string): Promise<void> {
    return this.cacheHub.invalidate([userTag(userId)]);
  }

  /**
   * Exchanges a refresh token for a new pair. A token that was already exchanged means it was
   * stolen or replayed: the whole session (token family) is revoked.
   */
  async refresh(refreshToken: string, ip: string | null = null): Promise<AuthSessionDto> {
    const stored = await this.refreshTokens.findOneBy({ tokenHash: sha256(refreshToken) });
    if (!stored) throw badRefreshToken();
    const session = await this.sessions.findOne({ where: { id: stored.sessionId }, relations: { user: true } });
    if (!session?.user) throw badRefreshToken();
    const who = { id: session.user.id, email: session.user.email };
    if (session.user.status !== 'active') {
      await this.audit.recordQuietly({ action: AuditAction.DISABLED_ACCOUNT_ATTEMPT, actor: who, target: who, ip, details: { via: 'refresh_token', status: session.user.status } });
      throw badRefreshToken();
    }
    if (session.revokedAt) throw badRefreshToken();
    if (stored.rotatedAt) {
      await this.audit.recordQuietly({ action: AuditAction.REFRESH_TOKEN_REUSED, actor: who, target: who, ip, details: { sessionId: session.id } });
      await this.revokeSession(session.id, 'token_reuse');
      throw new DomainError('unauthenticated', AuthErrorCode.REFRESH_TOKEN_REUSED, 'This refresh token was already used; the session has been revoked');
    }
    if (stored.expiresAt <= new Date()) throw badRefreshToken();
    // Claim the token atomically: of two concurrent refreshes with the same token, one wins.
    const claimed = await this.refreshTokens.update({ id: stored.id, rotatedAt: IsNull() }, { rotatedAt: new Date() });
    if (!claimed.affected) {
      await this.revokeSession(session.id, 'token_reuse');
      throw badRefreshToken();
    }
    await this.sessions.update({ id: session.id }, { lastUsedAt: new Date() });
    return this.issueTokens(session.user, session.id);
  }

  async logout(refreshToken: string): Promise<void> {
    const stored = await this.refreshTokens.findOneBy({ tokenHash: sha256(refreshToken) });
    if (stored) await this.revokeSession(stored.sessionId, 'logout');
  }

  async changePassword(user: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const row = await this.users.getById(user.id);
    if (!(await argon2.verify(row.passwordHash, currentPassword))) {
      throw new DomainError('invalid', AuthErrorCode.WRONG_PASSWORD, 'The current password is wrong', [{ field: 'currentPassword', message: 'currentPassword is wrong' }]);
    }
    await this.users.setPasswordHash(user.id, await argon2.hash(newPassword, { type: argon2.argon2id }));
    await this.endSessions({ userId: user.id, id: Not(user.sessionId), revokedAt: IsNull() }, 'password_changed');
  }

  /**
   * Called for every authenticated request: the session must still be open, and its user exist.
   * Answered from memory after the first request of a session; ending a session drops it at once
   * (endSessions), on every instance.
   */
  async resolveAccessToken(claims: AccessTokenClaims): Promise<AuthUser | null> {
    const cached = this.openSessions.get(claims.sid);
    if (cached) return cached.id === claims.sub ? { ...cached, sessionId: claims.sid } : null;
    const ticket = this.openSessions.ticket();
    // One statement, written out: `findOne` with `relations` sends a `SELECT DISTINCT` first.
    const rows: Array<Pick<User, 'id' | 'email' | 'role'>> = await this.sessions.query(
      `SELECT u.id, u.email, u.role
         FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND u.status = 'active'`,
      [claims.sid, claims.sub],
    );
    const user = rows[0];
    if (!user) return null;
    const owner: SessionOwner = { id: user.id, email: user.email, role: user.role };
    this.openSessions.set(claims.sid, owner, [`session:${claims.sid}`, userTag(user.id)], ticket);
    return { ...owner, sessionId: claims.sid };
  }

  /** Maintenance job: forgets tokens that can no longer be used. Returns how many rows went. */
  async purgeExpiredTokens(now = new Date()): Promise<number> {
    const expired = await this.refreshTokens.delete({ expiresAt: LessThan(now) });
    const cutoff = new Date(now.getTime() - this.config.refreshTokenTtlSeconds * 1000);
    const stale = await this.sessions.delete({ lastUsedAt: LessThan(cutoff) });
    return (expired.affected ?? 0) + (stale.affected ?? 0);
  }

  private async startSession(user: User, userAgent?: string): Promise<AuthSessionDto> {
    const session = await this.sessions.save(this.sessions.create({ userId: user.id, userAgent: userAgent?.slice(0, 300) ?? null, lastUsedAt: new Date() }));
    return this.issueTokens(user, session.id);
  }

  private async issueTokens(user: User, sessionId: string): Promise<AuthSessionDto> {
    const refreshToken = randomBytes(32).toString('base64url');
    await this.refreshTokens.insert({
      sessionId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
    });
    const claims: AccessTokenClaims = { sub: user.id, sid: sessionId };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, refreshToken, expiresIn: this.config.accessTokenTtlSeconds, user: toUserDto(user) };
  }

  private async revokeSession(id: string, reason: SessionRevokedReason): Promise<void> {
    await this.endSessions({ id, revokedAt: IsNull() }, reason);
  }

  /** Revokes the open sessions that match, and tells their holders (open sockets are cut at once). */
  private async endSessions(where: FindOptionsWhere<AuthSession>, reason: SessionRevokedReason): Promise<void> {
    const open = await this.sessions.find({ select: { id: true }, where });
    if (!open.length) return;
    const ids = open.map((session) => session.id);
    await this.sessions.update({ id: In(ids), revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
    await this.cacheHub.invalidate(ids.map((id) => `session:${id}`));
    this.sessionEvents.ended(ids);
  }
}
