import { Injectable, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import type { ApiKeyDto, ChangePasswordDto, CreateApiKeyDto, UpdateProfileDto, UserDto } from '../../api/models';
import { ProfileService } from '../../api/services';
import { SessionStore } from '../../core/auth/session.store';

export const API_KEYS_PAGE_SIZE = 20;

/** The profile area's state over the generated client: the user (via the session) and the API keys. */
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
}
