import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../api/services';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { NewPasswordField } from '../../shared/forms/new-password-field';
import { passwordRule } from '../../shared/forms/password.validator';
import { AuthFrame } from './auth-frame';

/** `/reset-password?token=...`: a new password through the one-time link an administrator made. */
@Component({
  selector: 'wbx-reset-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatProgressBarModule, TranslatePipe, AuthFrame, NewPasswordField],
  templateUrl: './reset-password.page.html',
  styleUrl: './auth-form.scss',
})
export default class ResetPasswordPage {
  private readonly authApi = inject(AuthService);
  private readonly i18n = inject(I18nService);

  /** Query parameter: the link's token. */
  readonly token = input<string>();
  protected readonly done = signal(false);

  protected readonly form = inject(FormBuilder).nonNullable.group({ password: ['', [Validators.required, passwordRule]] });
  protected readonly submission = new FormSubmission();

  protected submit(): void {
    const token = this.token();
    if (!token) return;
    this.submission.submit(this.form, () => this.authApi.resetPassword({ body: { token, password: this.form.getRawValue().password } }), {
      saved: () => this.done.set(true),
      refused: (problem) => {
        if (problem.code === 'PASSWORD_RESET_GONE' || problem.code === 'PASSWORD_RESET_NOT_FOUND' || problem.fieldErrors['token']) this.submission.error.set(this.i18n.t('auth.reset.gone'));
      },
    });
  }
}
