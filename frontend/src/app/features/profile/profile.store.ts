import { Injectable, inject } from '@angular/core';
import { Observable, tap } from 'rxjs';
import type { AccessTokenDto, ApiKeyDto, ChangePasswordDto, CreateAccessTokenDto, CreateOwnApiKeyDto, CreatedAccessTokenDto, UpdateProfileDto, UserDto } from '../../api/models';
import { ProfileService } from '../../api/services';
import { SessionStore } from '../../core/auth/session.store';
import { PagedList } from '../../core/http/paged-list';

export const API_KEYS_PAGE_SIZE = 20;
export const ACCESS_TOKENS_PAGE_SIZE = 20;

/** The profile area's state over the generated client: the user (via the session), the API keys and the personal access tokens. */
@Injectable()
export class ProfileStore {
  private readonly api = inject(ProfileService);
  private readonly session = inject(SessionStore);

  readonly user = this.session.user;
  readonly apiKeys = new PagedList<ApiKeyDto>((page) => this.api.listApiKeys({ page, limit: API_KEYS_PAGE_SIZE }));
  readonly accessTokens = new PagedList<AccessTokenDto>((page) => this.api.listAccessTokens({ page, limit: ACCESS_TOKENS_PAGE_SIZE }));

  updateProfile(changes: UpdateProfileDto): Observable<UserDto> {
    return this.api.updateProfile({ body: changes }).pipe(tap((user) => this.session.setUser(user)));
  }

  changePassword(body: ChangePasswordDto): Observable<void> {
    // The server revokes the personal access tokens with the other sessions.
    return this.api.changePassword({ body }).pipe(tap(() => this.accessTokens.load()));
  }

  /** The server verifies the key with its vendor first: a failing one is refused unless `saveIfFailing`. */
  createApiKey(body: CreateOwnApiKeyDto): Observable<ApiKeyDto> {
    return this.api.createApiKey({ body }).pipe(tap(() => this.apiKeys.load(1)));
  }

  /** Verifies a stored key again; the row shows what was found. */
  checkApiKey(id: string): Observable<ApiKeyDto> {
    return this.api.checkApiKey({ id }).pipe(tap((checked) => this.apiKeys.items.update((keys) => keys.map((key) => (key.id === checked.id ? checked : key)))));
  }

  deleteApiKey(id: string): Observable<void> {
    return this.api.deleteApiKey({ id }).pipe(tap(() => this.apiKeys.reloadAfterRemoval()));
  }

  createAccessToken(body: CreateAccessTokenDto): Observable<CreatedAccessTokenDto> {
    return this.api.createAccessToken({ body }).pipe(tap(() => this.accessTokens.load(1)));
  }

  revokeAccessToken(id: string): Observable<void> {
    return this.api.revokeAccessToken({ id }).pipe(tap(() => this.accessTokens.load()));
  }
}
