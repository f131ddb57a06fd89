import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AuthUser } from '../../common/auth.decorators';
import { notFound } from '../../common/domain-error';
import { Page, PageQueryDto, skipTake, toPage } from '../../common/pagination';
import { UsersService } from '../auth/users.service';
import { AccessTokenDto, CreateAccessTokenDto, CreatedAccessTokenDto } from './dto/profile.dto';
import { PersonalAccessToken } from './personal-access-token.entity';
import { ProfileErrorCode } from './profile.errors';
import { toAccessTokenDto } from './profile.mapper';

const PREFIX = 'wbx_';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Personal access tokens for the OpenAI-compatible API: shown once, stored hashed, revocable. */
@Injectable()
export class AccessTokensService {
  constructor(
    @InjectRepository(PersonalAccessToken) private readonly tokens: Repository<PersonalAccessToken>,
    private readonly users: UsersService,
  ) {}

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
  }

  /** Revokes every live token of the user (a password change). */
  async revokeAll(user: AuthUser): Promise<void> {
    await this.tokens.update({ ownerId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** The user a presented token belongs to, or null if it is unknown, revoked or expired. */
  async authenticate(token: string): Promise<AuthUser | null> {
    if (!token.startsWith(PREFIX)) return null;
    const row = await this.tokens.findOneBy({ tokenHash: sha256(token) });
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) return null;
    const user = await this.users.getById(row.ownerId).catch(() => null);
    if (!user) return null;
    await this.tokens.update({ id: row.id }, { lastUsedAt: new Date() });
    return { id: user.id, email: user.email, role: user.role, sessionId: `pat:${row.id}` };
  }
}
