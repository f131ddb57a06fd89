import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { CostPipe, CountPipe, DurationPipe } from '../../shared/format/number-format';
import type { ReplyView } from '../../shared/chat/chat-turns';

/** What a reply cost and how fast it came: time to first token, duration, tokens in and out, cost in US dollars. */
@Component({
  selector: 'wbx-reply-metrics',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, MatTooltipModule, TranslatePipe, CostPipe, CountPipe, DurationPipe],
  template: `
    @let r = reply();
    @if (r.ttftMs !== null) {
      <span class="metric" data-metric="ttft" [matTooltip]="'chat.metrics.ttftHelp' | t">
        <mat-icon aria-hidden="true">bolt</mat-icon>
        <span class="wbx-visually-hidden">{{ 'chat.metrics.ttft' | t }}</span> {{ r.ttftMs | duration }}
      </span>
    }
    @if (r.durationMs !== null) {
      <span class="metric" data-metric="duration" [matTooltip]="'chat.metrics.durationHelp' | t">
        <mat-icon aria-hidden="true">timer</mat-icon>
        <span class="wbx-visually-hidden">{{ 'chat.metrics.duration' | t }}</span> {{ r.durationMs | duration }}
      </span>
    }
    @if (r.inputTokens !== null && r.outputTokens !== null) {
      <span class="metric" data-metric="tokens" [matTooltip]="'chat.metrics.tokensHelp' | t">
        <mat-icon aria-hidden="true">token</mat-icon>
        {{ 'chat.metrics.tokens' | t: { input: (r.inputTokens | count), output: (r.outputTokens | count) } }}
      </span>
    }
    @if (r.cost !== null) {
      <span class="metric" data-metric="cost" [matTooltip]="'chat.metrics.costHelp' | t">
        <mat-icon aria-hidden="true">payments</mat-icon>
        <span class="wbx-visually-hidden">{{ 'chat.metrics.cost' | t }}</span> {{ r.cost | cost }}
      </span>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    :host:empty {
      display: none;
    }
    .metric {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      white-space: nowrap;
    }
    mat-icon {
      font-size: 16px;
      width: 16px;
      height: 16px;
    }
  `,
})
export class ReplyMetrics {
  readonly reply = input.required<ReplyView>();
}
