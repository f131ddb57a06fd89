import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { DomainError, notFound } from '../../common/domain-error';
import { Page, PageQueryDto, skipTake, toPage } from '../../common/pagination';
import { UserDto } from './dto/auth.dto';
import { toUserDto } from './user.mapper';
import { Language, Theme, User } from './user.entity';
import { AuthErrorCode } from './auth.errors';

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
}

/** The user rows. Exported so other areas (profile, admin) read and change users through it. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly config: AppConfig,
  ) {}

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
   * The first account becomes admin, unless WEBOX_ADMIN_EMAIL names the admin. The count and the
   * insert share a transaction holding a lock, so two first sign-ups cannot both become admin.
   */
  async create(data: NewUser): Promise<User> {
    try {
      return await this.users.manager.transaction(async (tx) => {
        await tx.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
        const isFirst = (await tx.count(User)) === 0;
        const role = this.config.adminEmail ? (data.email === this.config.adminEmail ? 'admin' : 'user') : isFirst ? 'admin' : 'user';
        return tx.save(tx.create(User, { ...data, role, language: 'en', theme: 'system' }));
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw emailTaken();
      throw error;
    }
  }

  async list(query: PageQueryDto): Promise<Page<UserDto>> {
    const result = await this.users.findAndCount({ order: { createdAt: 'ASC' }, ...skipTake(query) });
    return toPage(result, query, toUserDto);
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
