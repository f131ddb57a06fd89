import { CurrencyPipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { firstValueFrom } from 'rxjs';
import type { BudgetLimitsDto, BudgetsDto, Role, UsageReportDto } from '../../api/models';
import { AdminService } from '../../api/services';
import { toApiProblem } from '../../core/http/api-error';
import { problemMessage } from '../../core/http/problem-message';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { formatBytes } from '../../shared/media/media-format';
import { adminLabels } from './admin-labels';
import { ROLES } from './admin.store';

const MB = 1024 * 1024;
/** A rule of the table: the default, a role's or a user's. */
interface BudgetRow {
  scope: 'default' | 'role' | 'user';
  /** The role, or the user's id. */
  subject: string;
  label: string;
  limits: BudgetLimitsDto;
}

/** `/admin/budgets`: budgets and quotas (default, per role, per user) and the usage report with its chart and CSV. */
@Component({
  selector: 'wbx-admin-budgets-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CurrencyPipe, DecimalPipe, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, MatTableModule, TranslatePipe],
  templateUrl: './admin-budgets.page.html',
  styleUrls: ['./admin-sections.scss', './admin-budgets.page.scss'],
})
export default class AdminBudgetsPage {
  private readonly api = inject(AdminService);
  private readonly i18n = inject(I18nService);
  protected readonly locale = this.i18n.locale;
  protected readonly labels = adminLabels;
  protected readonly roles = ROLES;

  protected readonly budgets = signal<BudgetsDto | null>(null);
  protected readonly budgetError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    target: ['default'],
    email: [''],
    // Number inputs: Angular gives a number, or null when empty.
    monthlyCostUsd: [null as number | null],
    dailyRequests: [null as number | null],
    storageMb: [null as number | null],
  });
  protected readonly target = signal('default');
  protected readonly rows = computed<BudgetRow[]>(() => {
    const budgets = this.budgets();
    if (!budgets) return [];
    return [
      { scope: 'default', subject: '', label: this.i18n.t('admin.budgets.default'), limits: budgets.default },
      ...budgets.roles.map((rule) => ({ scope: 'role' as const, subject: rule.role, label: this.i18n.t(this.labels.role(rule.role)), limits: rule })),
      ...budgets.users.map((rule) => ({ scope: 'user' as const, subject: rule.userId, label: rule.email, limits: rule })),
    ];
  });
  protected readonly ruleColumns = ['label', 'monthlyCostUsd', 'dailyRequests', 'storageBytes', 'actions'];

  protected readonly period = inject(FormBuilder).nonNullable.group({ from: [monthStart()], to: [today()] });
  protected readonly report = signal<UsageReportDto | null>(null);
  protected readonly reportError = signal<string | null>(null);
  protected readonly reportColumns = ['email', 'model', 'calls', 'inputTokens', 'outputTokens', 'cost'];
  /** The chart: cost per user over the period, the costliest first (at most 12 bars). */
  protected readonly bars = computed(() => {
    const rows = this.report()?.rows ?? [];
    const byUser = new Map<string, number>();
    for (const row of rows) byUser.set(row.email || row.userId, (byUser.get(row.email || row.userId) ?? 0) + row.cost);
    const sorted = [...byUser].sort((a, b) => b[1] - a[1]).slice(0, 12);
    const max = Math.max(...sorted.map(([, cost]) => cost), 0);
    return sorted.map(([who, cost]) => ({ who, cost, percent: max > 0 ? Math.max(1, Math.round((cost / max) * 100)) : 0 }));
  });

  constructor() {
    void this.loadBudgets();
    void this.loadReport();
  }

  protected bytes(value: number | null): string {
    return value === null ? '—' : formatBytes(value, this.locale());
  }

  protected edit(row: BudgetRow): void {
    const target = row.scope === 'default' ? 'default' : row.scope === 'role' ? `role:${row.subject}` : 'user';
    this.target.set(target);
    this.form.setValue({
      target,
      email: row.scope === 'user' ? row.label : '',
      monthlyCostUsd: row.limits.monthlyCostUsd,
      dailyRequests: row.limits.dailyRequests,
      storageMb: row.limits.storageBytes === null ? null : Math.round(row.limits.storageBytes / MB),
    });
  }

  protected async save(): Promise<void> {
    const { target, email, monthlyCostUsd, dailyRequests, storageMb } = this.form.getRawValue();
    const number = (value: number | string | null) => (value === null || value === '' ? null : Number(value));
    const storage = number(storageMb);
    const body = { monthlyCostUsd: number(monthlyCostUsd), dailyRequests: number(dailyRequests), storageBytes: storage === null ? null : Math.round(storage * MB) };
    await this.run(async () => {
      if (target === 'default') return firstValueFrom(this.api.setDefaultBudget({ body }));
      if (target.startsWith('role:')) return firstValueFrom(this.api.setRoleBudget({ role: target.slice(5) as Role, body }));
      const id = await this.userId(email);
      return id ? firstValueFrom(this.api.setUserBudget({ id, body })) : null;
    });
  }

  protected async remove(row: BudgetRow): Promise<void> {
    await this.run(() =>
      row.scope === 'role' ? firstValueFrom(this.api.deleteRoleBudget({ role: row.subject as Role })) : row.scope === 'user' ? firstValueFrom(this.api.deleteUserBudget({ id: row.subject })) : firstValueFrom(this.api.setDefaultBudget({ body: {} })),
    );
  }

  protected async loadReport(): Promise<void> {
    this.reportError.set(null);
    try {
      this.report.set(await firstValueFrom(this.api.getUsageReport(this.range())));
    } catch (error) {
      this.reportError.set(problemMessage(this.i18n, toApiProblem(error)));
    }
  }

  protected async exportCsv(): Promise<void> {
    this.reportError.set(null);
    try {
      const response = await firstValueFrom(this.api.exportUsageReport$Response(this.range()));
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'webox-usage.csv';
      const url = URL.createObjectURL(response.body);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this.reportError.set(problemMessage(this.i18n, toApiProblem(error)));
    }
  }

  private range(): { from?: string; to?: string } {
    const { from, to } = this.period.getRawValue();
    return { ...(from ? { from: new Date(`${from}T00:00:00Z`).toISOString() } : {}), ...(to ? { to: new Date(`${to}T23:59:59.999Z`).toISOString() } : {}) };
  }

  private async loadBudgets(): Promise<void> {
    await this.run(() => firstValueFrom(this.api.listBudgets()));
  }

  private async userId(email: string): Promise<string | null> {
    const address = email.trim().toLowerCase();
    const page = await firstValueFrom(this.api.listUsers({ q: address, limit: 20 }));
    const user = page.items.find((item) => item.email.toLowerCase() === address);
    if (!user) this.budgetError.set(this.i18n.t('admin.budgets.noSuchUser', { email: address }));
    return user?.id ?? null;
  }

  private async run(call: () => Promise<BudgetsDto | null>): Promise<void> {
    this.saving.set(true);
    this.budgetError.set(null);
    try {
      const budgets = await call();
      if (budgets) this.budgets.set(budgets);
    } catch (error) {
      this.budgetError.set(problemMessage(this.i18n, toApiProblem(error)));
    } finally {
      this.saving.set(false);
    }
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function monthStart(): string {
  return `${new Date().toISOString().slice(0, 7)}-01`;
}
