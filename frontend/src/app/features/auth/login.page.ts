import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../api/services';
import { SessionStore } from '../../core/auth/session.store';
import { toApiProblem } from '../../core/http/api-error';
import { applyFieldErrors } from '../../core/http/form-errors';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { AuthFrame } from './auth-frame';
import { safeReturnUrl } from './return-url';

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
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected submit(): void {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.error.set(null);
    this.authApi.login({ body: this.form.getRawValue() }).subscribe({
      next: (session) => {
        this.session.start(session);
        void this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
      },
      error: (error: unknown) => {
        const problem = toApiProblem(error);
        applyFieldErrors(this.form, problem);
        this.error.set(problem.message ?? this.i18n.t(problem.status === 0 ? 'common.networkError' : 'common.unexpectedError'));
        this.submitting.set(false);
      },
    });
  }
}
