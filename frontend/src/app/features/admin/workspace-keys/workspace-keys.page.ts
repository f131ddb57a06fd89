import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { filter, Observable, switchMap } from 'rxjs';
import type { ApiKeyDto, CreateOwnApiKeyDto, ProviderAccessDto } from '../../../api/models';
import { toApiProblem } from '../../../core/http/api-error';
import { problemMessage } from '../../../core/http/problem-message';
import { I18nService } from '../../../core/i18n/i18n.service';
import type { MessageKey } from '../../../core/i18n/messages.en';
import { TranslatePipe } from '../../../core/i18n/translate.pipe';
import { confirmAction } from '../../../shared/confirm-dialog/confirm-dialog';
import { ListState } from '../../../shared/list-state/list-state';
import { ApiKeyForm } from '../../../shared/api-keys/api-key-form';
import { providerName } from '../../../shared/api-keys/api-key-providers';
import { WORKSPACE_KEYS_PAGE_SIZE, WorkspaceKeysStore } from './workspace-keys.store';

type Switch = 'allowOwnKeys' | 'allowWorkspaceKey';

/** `/admin/keys`: the workspace's provider keys (checked on save, shown masked) and, per provider, what users may use. */
@Component({
  selector: 'wbx-workspace-keys-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatButtonModule, MatIconModule, MatPaginatorModule, MatSlideToggleModule, MatTableModule, TranslatePipe, ListState, ApiKeyForm],
  providers: [WorkspaceKeysStore],
  templateUrl: './workspace-keys.page.html',
  styleUrls: ['../admin-sections.scss', './workspace-keys.page.scss'],
})
export default class WorkspaceKeysPage {
  private readonly store = inject(WorkspaceKeysStore);
  private readonly i18n = inject(I18nService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly access = this.store.access;
  protected readonly keys = this.store.keys;
  protected readonly pageSize = WORKSPACE_KEYS_PAGE_SIZE;
  protected readonly locale = this.i18n.locale;
  protected readonly accessColumns = ['provider', 'count', 'allowOwnKeys', 'allowWorkspaceKey'];
  protected readonly keyColumns = ['provider', 'label', 'maskedKey', 'status', 'createdAt', 'actions'];
  /** The key the next saved one replaces (deleted once the new one is stored). */
  protected readonly replacing = signal<ApiKeyDto | null>(null);
  protected readonly saving = signal<string | null>(null);
  protected readonly save = (body: CreateOwnApiKeyDto): Observable<ApiKeyDto> => this.store.createKey(body);

  constructor() {
    this.store.refresh();
  }

  protected providerLabel(provider: string): string {
    const key = providerName(provider);
    return key ? this.i18n.t(key) : provider;
  }

  protected statusLabel(status: ApiKeyDto['status']): MessageKey {
    return `apiKeys.status.${status}`;
  }

  protected toggle(row: ProviderAccessDto, which: Switch, on: boolean): void {
    this.saving.set(row.provider);
    this.store.setAccess(row.provider, { [which]: on }).subscribe({
      next: () => {
        this.saving.set(null);
        this.snackBar.open(this.i18n.t('admin.keys.saved'), undefined, { duration: 3000 });
        this.keys.load(this.keys.page());
      },
      error: (error: unknown) => {
        this.saving.set(null);
        this.store.loadAccess();
        this.snackBar.open(problemMessage(this.i18n, toApiProblem(error)), undefined, { duration: 6000 });
      },
    });
  }

  protected onCreated(): void {
    const old = this.replacing();
    if (!old) {
      this.snackBar.open(this.i18n.t('admin.keys.added'), undefined, { duration: 3000 });
      return;
    }
    this.replacing.set(null);
    this.store.deleteKey(old.id).subscribe({
      next: () => this.snackBar.open(this.i18n.t('admin.keys.replaced'), undefined, { duration: 3000 }),
      error: (error: unknown) => this.snackBar.open(problemMessage(this.i18n, toApiProblem(error)), undefined, { duration: 6000 }),
    });
  }

  protected remove(apiKey: ApiKeyDto): void {
    confirmAction(this.dialog, {
      title: this.i18n.t('apiKeys.delete.title'),
      message: this.i18n.t('apiKeys.delete.message', { provider: this.providerLabel(apiKey.provider), label: apiKey.label || '—', maskedKey: apiKey.maskedKey }),
      confirm: this.i18n.t('common.delete'),
      cancel: this.i18n.t('common.cancel'),
    })
      .pipe(
        filter(Boolean),
        switchMap(() => this.store.deleteKey(apiKey.id)),
      )
      .subscribe({
        next: () => this.snackBar.open(this.i18n.t('apiKeys.deleted'), undefined, { duration: 3000 }),
        error: (error: unknown) => this.snackBar.open(problemMessage(this.i18n, toApiProblem(error)), undefined, { duration: 6000 }),
      });
  }

  protected changePage(event: PageEvent): void {
    this.keys.load(event.pageIndex + 1);
  }
}
