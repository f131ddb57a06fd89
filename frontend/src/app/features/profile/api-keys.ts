import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { filter, Observable, switchMap } from 'rxjs';
import type { ApiKeyDto, CreateOwnApiKeyDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { ListState } from '../../shared/list-state/list-state';
import { ApiKeyForm } from '../../shared/api-keys/api-key-form';
import { providerName } from '../../shared/api-keys/api-key-providers';
import { API_KEYS_PAGE_SIZE, ProfileStore } from './profile.store';
import { problemMessage } from '../../core/http/problem-message';

/** The stored provider keys, masked, with delete; and the form to add one. */
@Component({
  selector: 'wbx-api-keys',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatTableModule, MatButtonModule, MatIconModule, MatTooltipModule, MatPaginatorModule, TranslatePipe, ApiKeyForm, ListState],
  templateUrl: './api-keys.html',
  styleUrls: ['../../shared/styles/section.scss', './api-keys.scss'],
})
export class ApiKeys {
  private readonly store = inject(ProfileStore);
  private readonly i18n = inject(I18nService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly columns = ['provider', 'label', 'maskedKey', 'status', 'baseUrl', 'createdAt', 'actions'];
  /** The key being checked again. */
  protected readonly checking = signal<string | null>(null);
  protected readonly list = this.store.apiKeys;
  protected readonly keys = this.list.items;
  protected readonly total = this.list.total;
  protected readonly page = this.list.page;
  protected readonly pageSize = API_KEYS_PAGE_SIZE;
  protected readonly locale = this.i18n.locale;
  protected readonly save = (body: CreateOwnApiKeyDto): Observable<ApiKeyDto> => this.store.createApiKey(body);

  constructor() {
    this.list.load(1);
  }

  protected providerLabel(provider: string): string {
    const key = providerName(provider);
    return key ? this.i18n.t(key) : provider;
  }

  protected statusLabel(status: ApiKeyDto['status']): MessageKey {
    return `apiKeys.status.${status}`;
  }

  protected changePage(event: PageEvent): void {
    this.list.load(event.pageIndex + 1);
  }

  protected onCreated(apiKey: ApiKeyDto): void {
    this.snackBar.open(this.i18n.t(apiKey.status === 'failing' ? 'apiKeys.addedFailing' : 'apiKeys.added'), undefined, { duration: 3000 });
  }

  /** "Check again": one more call to the vendor with the stored key; the row shows the result. */
  protected checkAgain(apiKey: ApiKeyDto): void {
    if (this.checking()) return;
    this.checking.set(apiKey.id);
    this.store.checkApiKey(apiKey.id).subscribe({
      next: (checked) => {
        this.checking.set(null);
        this.snackBar.open(this.i18n.t(`apiKeys.checked.${checked.status}`), undefined, { duration: 4000 });
      },
      error: (error: unknown) => {
        this.checking.set(null);
        this.snackBar.open(problemMessage(this.i18n, toApiProblem(error)), undefined, { duration: 6000 });
      },
    });
  }

  protected remove(apiKey: ApiKeyDto): void {
    confirmAction(this.dialog, {
      title: this.i18n.t('apiKeys.delete.title'),
      message: this.i18n.t('apiKeys.delete.message', {
        provider: this.providerLabel(apiKey.provider),
        label: apiKey.label || '—',
        maskedKey: apiKey.maskedKey,
      }),
      confirm: this.i18n.t('common.delete'),
      cancel: this.i18n.t('common.cancel'),
    })
      .pipe(
        filter(Boolean),
        switchMap(() => this.store.deleteApiKey(apiKey.id)),
      )
      .subscribe({
        next: () => this.snackBar.open(this.i18n.t('apiKeys.deleted'), undefined, { duration: 3000 }),
        error: (error: unknown) => this.snackBar.open(problemMessage(this.i18n, toApiProblem(error)), undefined, { duration: 6000 }),
      });
  }
}
