import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { DashboardStatsDto, MonthStatsDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { formatCost, formatCount } from '../../shared/format/number-format';
import { formatBytes } from '../../shared/media/media-format';

/**
 * This month against last month, as a card says it: `+25 %`, `−40 %` (a real minus sign), `0 %`;
 * `new` when last month had none, null when both are zero (nothing to compare).
 */
export function monthChange(current: number, previous: number, locale: string): { text: string; direction: 'up' | 'down' | 'flat' } | 'new' | null {
  if (previous === 0) return current === 0 ? null : 'new';
  const percent = Math.round(((current - previous) / previous) * 100);
  const number = new Intl.NumberFormat(locale).format(Math.abs(percent));
  // A narrow no-break space before `%` in French, a plain space in English (as the brief writes it).
  const space = locale.toLowerCase().startsWith('fr') ? '\u202f' : ' ';
  if (percent > 0) return { text: `+${number}${space}%`, direction: 'up' };
  if (percent < 0) return { text: `\u2212${number}${space}%`, direction: 'down' };
  return { text: `0${space}%`, direction: 'flat' };
}

export const generationTotal = (month: MonthStatsDto): number => Object.values(month.generations).reduce((sum, count) => sum + count, 0);

interface Card {
  id: string;
  label: MessageKey;
  value: string;
  change: ReturnType<typeof monthChange>;
}

/** The user's figures for this month, each with its change from last month, and storage used of the quota. */
@Component({
  selector: 'wbx-dashboard-figures',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslatePipe],
  template: `
    <ul class="cards" data-testid="figures">
      @for (card of cards(); track card.id) {
        <li class="card" [attr.data-figure]="card.id" data-testid="figure">
          <span class="label">{{ card.label | t }}</span>
          <span class="value" data-testid="figure-value">{{ card.value }}</span>
          @let change = card.change;
          @if (change === 'new') {
            <span class="change up">{{ 'dashboard.figures.new' | t }}</span>
          } @else if (change) {
            <span class="change" [class]="change.direction" [attr.aria-label]="'dashboard.figures.change' | t: { change: change.text }">{{ change.text }}</span>
          } @else {
            <span class="change flat">{{ 'dashboard.figures.noChange' | t }}</span>
          }
        </li>
      }
      <li class="card" data-figure="storage" data-testid="figure">
        <span class="label">{{ 'dashboard.figures.storage' | t }}</span>
        <span class="value" data-testid="figure-value">{{ storage().used }}</span>
        <span class="change flat">{{ 'dashboard.figures.ofQuota' | t: { quota: storage().quota } }}</span>
        <span class="meter" aria-hidden="true"><span class="fill" [style.width.%]="storage().percent"></span></span>
      </li>
    </ul>
  `,
  styles: `
    :host {
      display: block;
    }
    .cards {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
      gap: 12px;
    }
    .card {
      display: flex;
      flex-direction: column;
      gap: 2px;
      min-width: 0;
      padding: 14px 16px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .label {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .value {
      font: var(--mat-sys-headline-small);
      overflow-wrap: anywhere;
    }
    .change {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .change.up {
      color: var(--mat-sys-primary);
    }
    .change.down {
      color: var(--mat-sys-error);
    }
    .meter {
      display: block;
      height: 4px;
      margin-top: 6px;
      border-radius: 2px;
      background: var(--mat-sys-surface-container-highest);
      overflow: hidden;
    }
    .fill {
      display: block;
      height: 100%;
      background: var(--mat-sys-primary);
    }
    @media (max-width: 599px) {
      .cards {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
    }
  `,
})
export class DashboardFigures {
  private readonly i18n = inject(I18nService);
  readonly stats = input.required<DashboardStatsDto>();

  protected readonly cards = computed<Card[]>(() => {
    const { thisMonth: now, lastMonth: before } = this.stats();
    const locale = this.i18n.locale();
    const count = (id: string, label: MessageKey, current: number, previous: number): Card => ({ id, label, value: formatCount(current, locale), change: monthChange(current, previous, locale) });
    return [
      count('conversations', 'dashboard.figures.conversations', now.conversations, before.conversations),
      count('messages', 'dashboard.figures.messages', now.messages, before.messages),
      count('tokens', 'dashboard.figures.tokens', now.tokens, before.tokens),
      { id: 'cost', label: 'dashboard.figures.cost', value: formatCost(now.cost, locale), change: monthChange(now.cost, before.cost, locale) },
      count('generations', 'dashboard.figures.generations', generationTotal(now), generationTotal(before)),
      count('workflowRuns', 'dashboard.figures.workflowRuns', now.workflowRuns, before.workflowRuns),
    ];
  });

  protected readonly storage = computed(() => {
    const { usedBytes, quotaBytes } = this.stats().storage;
    const locale = this.i18n.locale();
    return { used: formatBytes(usedBytes, locale), quota: formatBytes(quotaBytes, locale), percent: quotaBytes > 0 ? Math.min(100, (usedBytes / quotaBytes) * 100) : 0 };
  });
}
