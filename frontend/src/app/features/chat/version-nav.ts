import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { versionPlace } from '../../shared/chat/chat-turns';

/** `< 2/3 >` between the versions of a message (a question's edits, a reply's regenerations); nothing when there is one. */
@Component({
  selector: 'wbx-version-nav',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, TranslatePipe],
  template: `
    @if (place(); as p) {
      <nav class="versions" [attr.aria-label]="'chat.version.label' | t: { index: p.index, count: p.count }" data-testid="versions">
        <button mat-icon-button type="button" [disabled]="disabled() || !p.previous" (click)="show.emit(p.previous!)" [matTooltip]="'chat.version.previous' | t" [attr.aria-label]="'chat.version.previous' | t" data-testid="version-previous">
          <mat-icon>chevron_left</mat-icon>
        </button>
        <span class="place" data-testid="version-place">{{ p.index }}/{{ p.count }}</span>
        <button mat-icon-button type="button" [disabled]="disabled() || !p.next" (click)="show.emit(p.next!)" [matTooltip]="'chat.version.next' | t" [attr.aria-label]="'chat.version.next' | t" data-testid="version-next">
          <mat-icon>chevron_right</mat-icon>
        </button>
      </nav>
    }
  `,
  styles: `
    .versions { display: inline-flex; align-items: center; gap: 0; font-size: 0.8125rem; color: var(--mat-sys-on-surface-variant); }
    .versions button { --mdc-icon-button-state-layer-size: 28px; width: 28px; height: 28px; padding: 2px; }
    .place { min-width: 2.5em; text-align: center; font-variant-numeric: tabular-nums; }
  `,
})
export class VersionNav {
  /** The message shown. */
  readonly messageId = input.required<string | null>();
  readonly siblingIds = input.required<readonly string[]>();
  /** While a stream runs, the versions cannot change. */
  readonly disabled = input(false);
  readonly show = output<string>();

  protected readonly place = computed(() => versionPlace(this.messageId(), this.siblingIds()));
}
