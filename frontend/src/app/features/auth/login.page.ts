import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../api/services';
import { SessionStore } from '../../core/auth/session.store';
import type { ApiProblemCode } from '../../core/http/api-error';
import type { MessageKey } from '../../core/i18n/messages.en';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { AuthFrame } from './auth-frame';
import { safeReturnUrl } from './return-url';

/** Refusals of a right password, in the reader's language: the account waits for approval, or was disabled. */
export const ACCOUNT_REFUSALS: Partial<Record<ApiProblemCode, MessageKey>> = {
  ACCOUNT_PENDING: 'auth.accountPending',
  ACCOUNT_DISABLED: 'auth.accountDisabled',
};

@Component({
  selector: 'wbx-login-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule, TranslatePipe, AuthFrame],
  templateUrl: './login.page.html',
  styleUrl: './auth-form.scss',
})
export default class LoginPage {
  private readonly authApi = inject(AuthService);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18nService);

  /** Query parameters: where to go after logging in, and whether the last session expired. */
  readonly returnUrl = input<string>();
  readonly expired = input<string>();

  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required]],
  });
  protected readonly submission = new FormSubmission();

  protected submit(): void {
    this.submission.submit(this.form, () => this.authApi.login({ body: this.form.getRawValue() }), {
      leaves: true,
      messageWithFieldErrors: true,
      refused: (problem) => {
        const key = ACCOUNT_REFUSALS[problem.code];
        if (key) this.submission.error.set(this.i18n.t(key));
      },
      saved: (session) => {
        this.session.start(session);
        // The user's language may be another one than this page's: go on once its dictionary is here.
        void this.i18n.ready().then(() => this.router.navigateByUrl(safeReturnUrl(this.returnUrl())));
      },
    });
  }
}
