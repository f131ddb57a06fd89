import { ChangeDetectionStrategy, Component, input, type Signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

/** What the state shows of a list (a `PagedList` is one). */
export interface ListView {
  items: Signal<readonly unknown[]>;
  loading: Signal<boolean>;
  failed: Signal<boolean>;
  load(): void;
}

/** Above a server list's table: the loading bar, the failure with a retry, or the empty message. */
@Component({
  selector: 'wbx-list-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressBarModule, TranslatePipe],
  template: `
    @let state = list();
    @if (state.loading()) {
      <mat-progress-bar mode="indeterminate" />
    }
    @if (state.failed()) {
      <div class="wbx-error-banner" role="alert">
        {{ 'common.unexpectedError' | t }}
        <button mat-button type="button" (click)="state.load()">{{ 'common.retry' | t }}</button>
      </div>
    } @else if (!state.loading() && state.items().length === 0) {
      <p class="empty" [attr.data-testid]="emptyTestId()">{{ empty() }}</p>
    }
  `,
  styles: `
    .empty {
      color: var(--mat-sys-on-surface-variant);
      margin: 0 0 8px;
    }
  `,
})
export class ListState {
  readonly list = input.required<ListView>();
  /** The message when the list is empty, already translated. */
  readonly empty = input.required<string>();
  readonly emptyTestId = input<string>();
}
