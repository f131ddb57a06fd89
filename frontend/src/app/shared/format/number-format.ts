import { Pipe, PipeTransform, inject } from '@angular/core';
import { I18nService } from '../../core/i18n/i18n.service';

/** `$0.0012` (en) or `0,0012 $US` (fr): four decimals under a dollar, where chat costs live. */
export function formatCost(cost: number, locale: string): string {
  if (cost > 0 && cost < 0.0001) return `< ${formatCost(0.0001, locale)}`;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: cost < 1 ? 4 : 2 }).format(cost);
}

/** `320 ms`, `2.4 s`, `1 min 05 s`. */
export function formatDuration(ms: number, locale: string): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(ms / 1000)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

export function formatCount(count: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(count);
}

/** A price per million tokens: `$1.75`, `$0.05`. */
export function formatPrice(price: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 0, maximumFractionDigits: 3 }).format(price);
}

/** `{{ reply.cost | cost }}` in the current language. */
@Pipe({ name: 'cost', pure: false })
export class CostPipe implements PipeTransform {
  private readonly i18n = inject(I18nService);
  transform(cost: number): string {
    return formatCost(cost, this.i18n.locale());
  }
}

/** `{{ reply.durationMs | duration }}` in the current language. */
@Pipe({ name: 'duration', pure: false })
export class DurationPipe implements PipeTransform {
  private readonly i18n = inject(I18nService);
  transform(ms: number): string {
    return formatDuration(ms, this.i18n.locale());
  }
}

/** `{{ tokens | count }}` in the current language. */
@Pipe({ name: 'count', pure: false })
export class CountPipe implements PipeTransform {
  private readonly i18n = inject(I18nService);
  transform(count: number): string {
    return formatCount(count, this.i18n.locale());
  }
}
