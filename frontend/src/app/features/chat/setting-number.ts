import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

/** One number of the chat settings (temperature, top-p, max tokens): empty is the default, a problem is said under it. */
@Component({
  selector: 'wbx-setting-number',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormFieldModule, MatInputModule],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>{{ label() }}</mat-label>
      <input
        matInput
        type="number"
        [min]="min()"
        [max]="max()"
        [step]="step()"
        [value]="value() ?? ''"
        [placeholder]="placeholder()"
        [disabled]="disabled()"
        (input)="changed.emit($event)"
        [attr.aria-invalid]="problem() !== null"
        [attr.data-testid]="testid()"
      />
    </mat-form-field>
    @if (problem(); as text) {
      <p class="field-error" role="alert">{{ text }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    mat-form-field {
      width: 100%;
    }
    .field-error {
      margin: 2px 0 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-error);
    }
  `,
})
export class SettingNumber {
  readonly label = input.required<string>();
  readonly value = input<number | null | undefined>(null);
  readonly min = input.required<number>();
  readonly max = input.required<number>();
  readonly step = input.required<number>();
  readonly placeholder = input('');
  readonly disabled = input(false);
  readonly problem = input<string | null>(null);
  readonly testid = input<string | null>(null);
  /** The input event: the panel reads the text (empty: back to the default). */
  readonly changed = output<Event>();
}
