import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AuthUser } from '../../common/auth.decorators';
import { notFound } from '../../common/domain-error';
import { Page, PageQueryDto, skipTake, toPage } from '../../common/pagination';
import { CacheHub, SharedCache } from '../../common/shared-cache';
import { AUTH_CACHE_TTL_MS, userTag } from '../auth/auth.service';
import { AccessTokenDto, CreateAccessTokenDto, CreatedAccessTokenDto } from './dto/profile.dto';
import { PersonalAccessToken } from './personal-access-token.entity';
import { ProfileErrorCode } from './profile.errors';
import { toAccessTokenDto } from './profile.mapper';

const PREFIX = 'wbx_';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** `last_used_at` is a day-to-day hint ("used 3 minutes ago"), not a log: written at most this often per token. */
const LAST_USED_EVERY_MS = 60_000;

interface LiveToken {
  tokenId: string;
  user: AuthUser;
  expiresAt: number | null;
  lastUsedWritten: number;
}

const tokenTag = (id: string) => `pat:${id}`;
const tokensOfTag = (userId: string) => `pats-of:${userId}`;

/** Personal access tokens for the OpenAI-compatible API: shown once, stored hashed, revocable. */
@Injectable()
export class AccessTokensService {
  private readonly logger = new Logger('AccessTokens');
  private readonly live: SharedCache<LiveToken>;

  constructor(
    @InjectRepository(PersonalAccessToken) private readonly tokens: Repository<PersonalAccessToken>,
    private readonly cacheHub: CacheHub,
  ) {
    this.live = cacheHub.cache('access-tokens', { ttlMs: AUTH_CACHE_TTL_MS, maxEntries: 20_000 });
  }

  async list(user: AuthUser, query: PageQueryDto): Promise<Page<AccessTokenDto>> {
    return toPage(await this.tokens.findAndCount({ where: { ownerId: user.id }, order: { createdAt: 'DESC' }, ...skipTake(query) }), query, toAccessTokenDto);
  }

  async create(user: AuthUser, dto: CreateAccessTokenDto): Promise<CreatedAccessTokenDto> {
    const token = PREFIX + randomBytes(32).toString('base64url');
    const row = await this.tokens.save(
      this.tokens.create({
        ownerId: user.id,
        name: dto.name,
        tokenHash: sha256(token),
        tokenHint: `${PREFIX}…${token.slice(-4)}`,
        expiresAt: dto.expiresInDays ? new Date(Date.now() + dto.expiresInDays * 24 * 3600 * 1000) : null,
      }),
    );
    return { ...toAccessTokenDto(row), token };
  }

  async revoke(user: AuthUser, id: string): Promise<void> {
    const result = await this.tokens.update({ id, ownerId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) throw notFound(ProfileErrorCode.ACCESS_TOKEN_NOT_FOUND, 'Access token');
    await this.cacheHub.invalidate([tokenTag(id)]);
  }

  /** Revokes every live token of the user (a password change, the account disabled). */
  async revokeAll(user: Pick<AuthUser, 'id'>): Promise<void> {
    await this.tokens.update({ ownerId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.cacheHub.invalidate([tokensOfTag(user.id)]);
  }

  /**
   * The user a presented token belongs to, or null if it is unknown, revoked or expired. Answered
   * from memory after the token's first request; revoking drops it at once, on every instance.
   */
  async authenticate(token: string): Promise<AuthUser | null> {
    if (!token.startsWith(PREFIX)) return null;
    const hash = sha256(token);
    const now = Date.now();
    let live = this.live.get(hash);
    if (!live) {
      const ticket = this.live.ticket();
      const rows: Array<{ id: string; expiresAt: Date | null; userId: string; email: string; role: AuthUser['role'] }> = await this.tokens.query(
        `SELECT t.id, t.expires_at AS "expiresAt", u.id AS "userId", u.email, u.role
           FROM personal_access_tokens t JOIN users u ON u.id = t.owner_id
          WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.status = 'active'`,
        [hash],
      );
      const row = rows[0];
      if (!row) return null;
      live = { tokenId: row.id, user: { id: row.userId, email: row.email, role: row.role, sessionId: `pat:${row.id}` }, expiresAt: row.expiresAt?.getTime() ?? null, lastUsedWritten: 0 };
      this.live.set(hash, live, [tokenTag(row.id), tokensOfTag(row.userId), userTag(row.userId)], ticket);
    }
    if (live.expiresAt !== null && live.expiresAt <= now) return null;
    if (now - live.lastUsedWritten >= LAST_USED_EVERY_MS) {
      live.lastUsedWritten = now;
      // Off the request's path: one UPDATE per token per minute, not one per request on a row every request locks.
      this.tokens.update({ id: live.tokenId }, { lastUsedAt: new Date(now) }).catch((error: Error) => this.logger.warn(`last_used_at of a token not written: ${error.message}`));
    }
    return live.user;
  }
}
