import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { ChartConfiguration } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import type { DashboardUsageDto, GenerationCountsDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { formatCost } from '../../shared/format/number-format';

/** One colour per series, readable on light and dark surfaces. */
export const SERIES_COLORS = ['#4f7bd9', '#e0803a', '#3aa57a', '#b45cc9', '#d9534f', '#8a8f2e', '#2e9bb5', '#7a6a58'];

/** Stacked bars: one dataset per provider, one bar per day, its cost that day (zero where it had none). */
export function costChartData(usage: DashboardUsageDto, locale: string): ChartConfiguration<'bar'>['data'] {
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return {
    labels: usage.days.map((entry) => day.format(new Date(`${entry.date}T00:00:00Z`))),
    datasets: usage.providers.map((provider, index) => ({
      label: provider,
      data: usage.days.map((entry) => entry.byProvider.find((row) => row.provider === provider)?.cost ?? 0),
      backgroundColor: SERIES_COLORS[index % SERIES_COLORS.length],
      stack: 'cost',
    })),
  };
}

export const GENERATION_KINDS = ['image', 'video', 'audio', 'ebook', 'short'] as const satisfies readonly (keyof GenerationCountsDto)[];

/** Cost per day by provider over the range the usage covers (30 days on the dashboard). */
@Component({
  selector: 'wbx-cost-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BaseChartDirective, TranslatePipe],
  template: `
    <div class="chart">
      <canvas baseChart type="bar" [data]="data()" [options]="options()" role="img" [attr.aria-label]="'dashboard.charts.cost.label' | t: { total: total() }" data-testid="cost-chart"></canvas>
    </div>
    @if (!usage().providers.length) {
      <p class="note">{{ 'dashboard.charts.cost.empty' | t }}</p>
    } @else if (total() === zero()) {
      <p class="note">{{ 'dashboard.charts.cost.free' | t }}</p>
    }
  `,
  styleUrl: './dashboard-charts.scss',
})
export class CostChart {
  private readonly i18n = inject(I18nService);
  readonly usage = input.required<DashboardUsageDto>();

  protected readonly data = computed(() => costChartData(this.usage(), this.i18n.locale()));
  protected readonly zero = computed(() => formatCost(0, this.i18n.locale()));
  protected readonly total = computed(() => formatCost(this.usage().days.reduce((sum, day) => sum + day.cost, 0), this.i18n.locale()));
  protected readonly options = computed<ChartConfiguration<'bar'>['options']>(() => {
    const locale = this.i18n.locale();
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
        y: { stacked: true, beginAtZero: true, ticks: { callback: (value) => formatCost(Number(value), locale) } },
      },
      plugins: {
        legend: { display: this.usage().providers.length > 0, position: 'bottom' },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatCost(Number(item.raw), locale)}` } },
      },
    };
  });
}

/** This month's generations by kind. */
@Component({
  selector: 'wbx-generations-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BaseChartDirective, TranslatePipe],
  template: `
    <div class="chart">
      <canvas baseChart type="bar" [data]="data()" [options]="options" role="img" [attr.aria-label]="'dashboard.charts.generations.label' | t: { total: total() }" data-testid="generations-chart"></canvas>
    </div>
    @if (total() === 0) {
      <p class="note">{{ 'dashboard.charts.generations.empty' | t }}</p>
    }
  `,
  styleUrl: './dashboard-charts.scss',
})
export class GenerationsChart {
  private readonly i18n = inject(I18nService);
  readonly generations = input.required<GenerationCountsDto>();

  protected readonly total = computed(() => GENERATION_KINDS.reduce((sum, kind) => sum + this.generations()[kind], 0));
  protected readonly data = computed<ChartConfiguration<'bar'>['data']>(() => {
    // Read so that the labels follow the language.
    this.i18n.language();
    return {
      labels: GENERATION_KINDS.map((kind) => this.i18n.t(`dashboard.generations.${kind}` satisfies MessageKey)),
      datasets: [{ data: GENERATION_KINDS.map((kind) => this.generations()[kind]), backgroundColor: GENERATION_KINDS.map((_, index) => SERIES_COLORS[index]!) }],
    };
  });
  protected readonly options: ChartConfiguration<'bar'>['options'] = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    plugins: { legend: { display: false } },
  };
}
