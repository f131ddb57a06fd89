import { Injectable, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import type { ApiKeyDto, CreateOwnApiKeyDto, ProviderAccessDto, UpdateProviderAccessDto } from '../../../api/models';
import { AdminService } from '../../../api/services';
import { PagedList } from '../../../core/http/paged-list';

export const WORKSPACE_KEYS_PAGE_SIZE = 20;

/** The workspace's provider keys and the two switches per provider, over the generated client. */
@Injectable()
export class WorkspaceKeysStore {
  private readonly api = inject(AdminService);

  readonly keys = new PagedList<ApiKeyDto>((page) => this.api.listWorkspaceApiKeys({ page, limit: WORKSPACE_KEYS_PAGE_SIZE }));
  readonly access = signal<ProviderAccessDto[]>([]);

  loadAccess(): void {
    this.api.listProviderAccess().subscribe({ next: (rows) => this.access.set(rows), error: () => this.access.set([]) });
  }

  setAccess(provider: ProviderAccessDto['provider'], body: UpdateProviderAccessDto): Observable<ProviderAccessDto> {
    return this.api.setProviderAccess({ provider, body }).pipe(tap((row) => this.access.update((rows) => rows.map((shown) => (shown.provider === row.provider ? row : shown)))));
  }

  createKey(body: CreateOwnApiKeyDto): Observable<ApiKeyDto> {
    return this.api.createWorkspaceApiKey({ body }).pipe(tap(() => this.refresh()));
  }

  deleteKey(id: string): Observable<void> {
    return this.api.deleteWorkspaceApiKey({ id }).pipe(tap(() => this.refresh()));
  }

  /** The list, and the switches' key counts (and each key's `allowed`) with it. */
  refresh(): void {
    this.keys.load(1);
    this.loadAccess();
  }
}
