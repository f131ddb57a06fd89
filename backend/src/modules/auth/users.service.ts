import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import type { Role } from '../../common/auth.decorators';
import type { Admission } from './sign-up/sign-up.service';
import { DomainError, notFound } from '../../common/domain-error';
import { containsPattern } from '../../common/sql-like';
import { Page, PageQueryDto, skipTake, toPage } from '../../common/pagination';
import { Language, Theme, User, UserStatus } from './user.entity';
import { AuthErrorCode } from './auth.errors';

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
}

/** The user rows. Exported so other areas (profile, admin) read and change users through it. */
@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: email.toLowerCase() });
  }

  /** The language of a user's profile (English for an unknown id). */
  async languageOf(id: string): Promise<Language> {
    return (await this.users.findOne({ select: { id: true, language: true }, where: { id } }))?.language ?? 'en';
  }

  async getById(id: string): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound(AuthErrorCode.USER_NOT_FOUND, 'User');
    return user;
  }

  /**
   * `admit` decides the new account's role and status (SignUpService.admit: the setup token, an
   * invitation or the sign-up policy). It runs in the insert's transaction, which holds a lock on
   * the users table: two first sign-ups cannot both become admin, an invitation cannot be spent twice.
   */
  async create(data: NewUser, admit: (tx: EntityManager) => Promise<Admission>): Promise<{ user: User; admission: Admission }> {
    try {
      return await this.users.manager.transaction(async (tx) => {
        await tx.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
        const admission = await admit(tx);
        const user = await tx.save(tx.create(User, { ...data, role: admission.role, status: admission.status, language: 'en', theme: 'system' }));
        await admission.onCreated?.(tx, user);
        return { user, admission };
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw emailTaken();
      throw error;
    }
  }

  /** Accounts for the admin area: a search in e-mail and name, and a status filter. */
  async search(query: PageQueryDto & { q?: string; status?: UserStatus }): Promise<Page<User>> {
    const builder = this.users.createQueryBuilder('u').orderBy('u.created_at', 'ASC').addOrderBy('u.id', 'ASC');
    if (query.status) builder.andWhere('u.status = :status', { status: query.status });
    if (query.q) {
      const like = containsPattern(query.q);
      builder.andWhere('(u.email ILIKE :like OR u.name ILIKE :like)', { like });
    }
    const { skip, take } = skipTake(query);
    return toPage(await builder.skip(skip).take(take).getManyAndCount(), query, (user) => user);
  }

  /**
   * Changes a role or a status, refusing to leave the workspace without an active admin (409).
   * The check and the change share a transaction that locks the users table against a second one.
   */
  async changeAccess(id: string, change: { role?: Role; status?: UserStatus }, allowedFrom?: readonly UserStatus[]): Promise<{ before: User; after: User }> {
    return this.users.manager.transaction(async (tx) => {
      await tx.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
      const before = await tx.findOneBy(User, { id });
      if (!before) throw notFound(AuthErrorCode.USER_NOT_FOUND, 'User');
      if (allowedFrom && change.status && !allowedFrom.includes(before.status)) {
        throw new DomainError('conflict', AuthErrorCode.USER_STATE_CONFLICT, `The account is ${before.status}; it cannot become ${change.status} from there`);
      }
      const after = { ...before, ...change } as User;
      const wasActiveAdmin = before.role === 'admin' && before.status === 'active';
      const staysActiveAdmin = after.role === 'admin' && after.status === 'active';
      if (wasActiveAdmin && !staysActiveAdmin && (await tx.count(User, { where: { role: 'admin', status: 'active' } })) <= 1) {
        throw new DomainError('conflict', AuthErrorCode.LAST_ADMIN, 'This is the last active administrator: make another account admin first');
      }
      await tx.update(User, { id }, change);
      return { before, after };
    });
  }

  async update(id: string, changes: Partial<{ name: string; language: Language; theme: Theme; defaultChatModel: string | null; favoriteModels: string[] }>): Promise<User> {
    const user = await this.getById(id);
    Object.assign(user, changes);
    return this.users.save(user);
  }

  /** Puts away the first-run checklist for good (the first time counts). */
  async dismissOnboarding(id: string): Promise<void> {
    await this.users.update({ id, onboardingDismissedAt: IsNull() }, { onboardingDismissedAt: new Date() });
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash });
  }
}

export const emailTaken = () => new DomainError('conflict', AuthErrorCode.EMAIL_TAKEN, 'An account with this e-mail already exists', [{ field: 'email', message: 'email is already registered' }]);
