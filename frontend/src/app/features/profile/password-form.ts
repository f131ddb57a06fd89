import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { passwordRule } from '../../shared/forms/password.validator';
import { ProfileStore } from './profile.store';

/** Current and new password; the server signs the other sessions out. */
@Component({
  selector: 'wbx-password-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, TranslatePipe],
  template: `
    <h2>{{ 'profile.password.title' | t }}</h2>
    @if (submission.error(); as message) {
      <div class="wbx-error-banner" role="alert">{{ message }}</div>
    }
    <form [formGroup]="form" (ngSubmit)="submit(formDirective)" #formDirective="ngForm" novalidate>
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>{{ 'profile.password.current' | t }}</mat-label>
          <input matInput type="password" formControlName="currentPassword" autocomplete="current-password" name="currentPassword" required />
          @let current = form.controls.currentPassword;
          @if (current.hasError('server')) {
            <mat-error>{{ current.getError('server') }}</mat-error>
          } @else if (current.hasError('required')) {
            <mat-error>{{ 'validation.required' | t }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'profile.password.new' | t }}</mat-label>
          <input matInput type="password" formControlName="newPassword" autocomplete="new-password" name="newPassword" required />
          <mat-hint>{{ 'auth.passwordHint' | t }}</mat-hint>
          @let next = form.controls.newPassword;
          @if (next.hasError('server')) {
            <mat-error>{{ next.getError('server') }}</mat-error>
          } @else if (next.hasError('required')) {
            <mat-error>{{ 'validation.required' | t }}</mat-error>
          } @else if (next.hasError('passwordRule')) {
            <mat-error>{{ 'validation.passwordRule' | t }}</mat-error>
          }
        </mat-form-field>
      </div>
      <div class="actions">
        <button mat-flat-button type="submit" [disabled]="submission.busy()">{{ 'profile.password.submit' | t }}</button>
      </div>
    </form>
  `,
  styleUrl: '../../shared/styles/section.scss',
})
export class PasswordForm {
  private readonly store = inject(ProfileStore);
  private readonly i18n = inject(I18nService);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    currentPassword: ['', [Validators.required]],
    newPassword: ['', [Validators.required, passwordRule]],
  });
  protected readonly submission = new FormSubmission();

  protected submit(formDirective: FormGroupDirective): void {
    this.submission.submit(this.form, () => this.store.changePassword(this.form.getRawValue()), {
      messageWithFieldErrors: true,
      saved: () => {
        formDirective.resetForm();
        this.snackBar.open(this.i18n.t('profile.password.changed'), undefined, { duration: 5000 });
      },
    });
  }
}
