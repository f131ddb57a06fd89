import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { MyBudgetDto } from '../../api/models';
import { ProfileService } from '../../api/services';
import { I18nService } from '../../core/i18n/i18n.service';
import { formatBytes } from '../media/media-format';

/**
 * The warning shown once a budget is used at 80 % or more (issue 26): which budget, how much of it
 * is used, and when it resets. Reads `GET /api/profile/budget` when shown and whenever `refreshKey`
 * changes (the chat page passes its number of turns).
 */
@Component({
  selector: 'wbx-budget-notice',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule],
  template: `
    @for (line of lines(); track line) {
      <div class="notice" role="status" data-testid="budget-notice">
        <mat-icon aria-hidden="true">warning</mat-icon>
        <span>{{ line }}</span>
      </div>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .notice {
      display: flex;
      gap: 8px;
      align-items: center;
      padding: 8px 12px;
      border-radius: 12px;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
  `,
})
export class BudgetNotice {
  private readonly api = inject(ProfileService);
  private readonly i18n = inject(I18nService);
  readonly refreshKey = input<unknown>(null);
  private readonly budget = signal<MyBudgetDto | null>(null);

  protected readonly lines = computed(() => {
    const budget = this.budget();
    if (!budget) return [];
    const locale = this.i18n.locale();
    const when = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const money = (value: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 }).format(value);
    return budget.warnings.map((name) => {
      if (name === 'monthlyCost') return this.i18n.t('budget.warning.monthlyCost', { used: money(budget.monthCostUsd), limit: money(budget.limits.monthlyCostUsd ?? 0), resetsAt: when(budget.monthResetsAt) });
      if (name === 'dailyRequests') return this.i18n.t('budget.warning.dailyRequests', { used: budget.dayRequests, limit: budget.limits.dailyRequests ?? 0, resetsAt: when(budget.dayResetsAt) });
      return this.i18n.t('budget.warning.storage', { used: formatBytes(budget.storageUsedBytes, locale), limit: formatBytes(budget.limits.storageBytes ?? 0, locale) });
    });
  });

  constructor() {
    effect(() => {
      this.refreshKey();
      this.api.getMyBudget().subscribe({ next: (budget) => this.budget.set(budget), error: () => this.budget.set(null) });
    });
  }
}
