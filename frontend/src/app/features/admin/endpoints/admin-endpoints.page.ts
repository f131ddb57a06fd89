import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { AdminEndpointDto } from '../../../api/models';
import { AdminService } from '../../../api/services';
import { toApiProblem } from '../../../core/http/api-error';
import { problemMessage } from '../../../core/http/problem-message';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TranslatePipe } from '../../../core/i18n/translate.pipe';
import { confirmAction } from '../../../shared/confirm-dialog/confirm-dialog';
import { EndpointDialog, type EndpointDialogData } from './endpoint-dialog';

/** What the last save's check found, shown above the list until the next one. */
interface CheckResult {
  name: string;
  status: 'ok' | 'skipped';
  listed: string[];
  /** Configured models the endpoint did not list. */
  missing: string[];
}

/**
 * `/admin/endpoints`: the OpenAI-compatible endpoints (Ollama, vLLM, LM Studio, a gateway) whose
 * models every user gets in their model picker, each with its prices. Adding or changing one checks
 * it (its model list, with the key) and says what it found; keys are never shown again.
 */
@Component({
  selector: 'wbx-admin-endpoints-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, TranslatePipe],
  templateUrl: './admin-endpoints.page.html',
  styleUrls: ['../admin-sections.scss', './admin-endpoints.page.scss'],
})
export default class AdminEndpointsPage {
  private readonly api = inject(AdminService);
  private readonly i18n = inject(I18nService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly endpoints = signal<AdminEndpointDto[]>([]);
  protected readonly loaded = signal(false);
  protected readonly lastCheck = signal<CheckResult | null>(null);

  constructor() {
    this.load();
  }

  protected price(value: number): string {
    return value ? new Intl.NumberFormat(this.i18n.locale(), { style: 'currency', currency: 'USD', maximumFractionDigits: 4 }).format(value) : this.i18n.t('admin.endpoints.free');
  }

  protected open(endpoint?: AdminEndpointDto): void {
    this.dialog
      .open<EndpointDialog, EndpointDialogData, AdminEndpointDto>(EndpointDialog, { data: { endpoint }, width: '720px', maxWidth: '96vw', autoFocus: 'first-tabbable' })
      .afterClosed()
      .subscribe((saved) => {
        if (!saved) return;
        const listed = saved.check?.listedModels ?? [];
        this.lastCheck.set({
          name: saved.name,
          status: saved.check?.status ?? 'skipped',
          listed,
          missing: saved.check?.status === 'ok' ? saved.models.map((model) => model.vendorModel).filter((model) => !listed.includes(model)) : [],
        });
        this.snackBar.open(this.i18n.t('admin.endpoints.saved'), undefined, { duration: 3000 });
        this.load();
      });
  }

  protected remove(endpoint: AdminEndpointDto): void {
    confirmAction(this.dialog, {
      title: this.i18n.t('admin.endpoints.deleteTitle', { name: endpoint.name }),
      message: this.i18n.t('admin.endpoints.deleteMessage', { count: endpoint.models.length }),
      confirm: this.i18n.t('common.delete'),
      cancel: this.i18n.t('common.cancel'),
    }).subscribe((confirmed) => {
      if (!confirmed) return;
      this.api.deleteAdminEndpoint({ id: endpoint.id }).subscribe({
        next: () => {
          this.endpoints.update((rows) => rows.filter((row) => row.id !== endpoint.id));
          this.snackBar.open(this.i18n.t('admin.endpoints.deleted'), undefined, { duration: 3000 });
        },
        error: (error: unknown) => this.fail(error),
      });
    });
  }

  private load(): void {
    this.api.listAdminEndpoints().subscribe({
      next: (rows) => {
        this.endpoints.set(rows);
        this.loaded.set(true);
      },
      error: (error: unknown) => {
        this.loaded.set(true);
        this.fail(error);
      },
    });
  }

  private fail(error: unknown): void {
    this.snackBar.open(problemMessage(this.i18n, toApiProblem(error)), undefined, { duration: 6000 });
  }
}
