import { Injectable, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import type { AccessTokenDto, ApiKeyDto, ChangePasswordDto, CreateAccessTokenDto, CreateApiKeyDto, CreatedAccessTokenDto, UpdateProfileDto, UserDto } from '../../api/models';
import { ProfileService } from '../../api/services';
import { SessionStore } from '../../core/auth/session.store';

export const API_KEYS_PAGE_SIZE = 20;
export const ACCESS_TOKENS_PAGE_SIZE = 20;

/** The profile area's state over the generated client: the user (via the session), the API keys and the personal access tokens. */
@Injectable()
export class ProfileStore {
  private readonly api = inject(ProfileService);
  private readonly session = inject(SessionStore);

  readonly user = this.session.user;
  readonly apiKeys = signal<ApiKeyDto[]>([]);
  readonly apiKeysTotal = signal(0);
  readonly apiKeysPage = signal(1);
  readonly apiKeysLoading = signal(false);
  readonly apiKeysFailed = signal(false);
  readonly accessTokens = signal<AccessTokenDto[]>([]);
  readonly accessTokensTotal = signal(0);
  readonly accessTokensPage = signal(1);
  readonly accessTokensLoading = signal(false);
  readonly accessTokensFailed = signal(false);

  updateProfile(changes: UpdateProfileDto): Observable<UserDto> {
    return this.api.updateProfile({ body: changes }).pipe(tap((user) => this.session.setUser(user)));
  }

  changePassword(body: ChangePasswordDto): Observable<void> {
    return this.api.changePassword({ body });
  }

  loadApiKeys(page = this.apiKeysPage()): void {
    this.apiKeysLoading.set(true);
    this.apiKeysFailed.set(false);
    this.api.listApiKeys({ page, limit: API_KEYS_PAGE_SIZE }).subscribe({
      next: (result) => {
        this.apiKeys.set(result.items);
        this.apiKeysTotal.set(result.total);
        this.apiKeysPage.set(result.page);
        this.apiKeysLoading.set(false);
      },
      error: () => {
        this.apiKeysFailed.set(true);
        this.apiKeysLoading.set(false);
      },
    });
  }

  createApiKey(body: CreateApiKeyDto): Observable<ApiKeyDto> {
    return this.api.createApiKey({ body }).pipe(tap(() => this.loadApiKeys(1)));
  }

  deleteApiKey(id: string): Observable<void> {
    return this.api.deleteApiKey({ id }).pipe(
      tap(() => {
        // The last key of a later page: go back one page.
        const page = this.apiKeys().length === 1 && this.apiKeysPage() > 1 ? this.apiKeysPage() - 1 : this.apiKeysPage();
        this.loadApiKeys(page);
      }),
    );
  }

  loadAccessTokens(page = this.accessTokensPage()): void {
    this.accessTokensLoading.set(true);
    this.accessTokensFailed.set(false);
    this.api.listAccessTokens({ page, limit: ACCESS_TOKENS_PAGE_SIZE }).subscribe({
      next: (result) => {
        this.accessTokens.set(result.items);
        this.accessTokensTotal.set(result.total);
        this.accessTokensPage.set(result.page);
        this.accessTokensLoading.set(false);
      },
      error: () => {
        this.accessTokensFailed.set(true);
        this.accessTokensLoading.set(false);
      },
    });
  }

  createAccessToken(body: CreateAccessTokenDto): Observable<CreatedAccessTokenDto> {
    return this.api.createAccessToken({ body }).pipe(tap(() => this.loadAccessTokens(1)));
  }

  revokeAccessToken(id: string): Observable<void> {
    return this.api.revokeAccessToken({ id }).pipe(tap(() => this.loadAccessTokens()));
  }
}
