import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

/** A field for choosing a password (sign-up, a reset link): the rule as its hint, and its errors, the server's first. */
@Component({
  selector: 'wbx-new-password-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, TranslatePipe],
  template: `
    @let password = control();
    <mat-form-field appearance="outline" class="wbx-full-width">
      <mat-label>{{ label() | t }}</mat-label>
      <input matInput type="password" [formControl]="password" autocomplete="new-password" name="password" required />
      <mat-hint>{{ 'auth.passwordHint' | t }}</mat-hint>
      @if (password.hasError('server')) {
        <mat-error>{{ password.getError('server') }}</mat-error>
      } @else if (password.hasError('required')) {
        <mat-error>{{ 'validation.required' | t }}</mat-error>
      } @else if (password.hasError('passwordRule')) {
        <mat-error>{{ 'validation.passwordRule' | t }}</mat-error>
      }
    </mat-form-field>
  `,
  styles: `
    :host {
      display: block;
    }
  `,
})
export class NewPasswordField {
  readonly control = input.required<FormControl<string>>();
  readonly label = input<MessageKey>('auth.password');
}
