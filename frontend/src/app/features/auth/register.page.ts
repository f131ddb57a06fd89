import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { AuthService, ProfileService } from '../../api/services';
import { SessionStore } from '../../core/auth/session.store';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { AuthFrame } from './auth-frame';
import { NewPasswordField } from '../../shared/forms/new-password-field';
import { passwordRule } from '../../shared/forms/password.validator';

@Component({
  selector: 'wbx-register-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule, TranslatePipe, AuthFrame, NewPasswordField],
  templateUrl: './register.page.html',
  styleUrl: './auth-form.scss',
})
export default class RegisterPage {
  private readonly authApi = inject(AuthService);
  private readonly profileApi = inject(ProfileService);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18nService);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    password: ['', [Validators.required, passwordRule]],
  });
  protected readonly submission = new FormSubmission();
  /** Query parameters: the first admin's setup token (`/register?setup=...`), an invitation (`?invitation=...`). */
  readonly setup = input<string>();
  readonly invitation = input<string>();
  /** The account was made and waits for an admin: the form's work is done. */
  protected readonly pending = signal(false);

  protected submit(): void {
    this.submission.submit(
      this.form,
      () => {
        const { name, email, password } = this.form.getRawValue();
        const setupToken = this.setup();
        const invitationToken = this.invitation();
        return this.authApi.register({ body: { name: name.trim(), email: email.trim(), password, ...(setupToken ? { setupToken } : {}), ...(invitationToken ? { invitationToken } : {}) } });
      },
      {
        leaves: true,
        messageWithFieldErrors: true,
        refused: (problem) => {
          if (problem.code === 'ACCOUNT_PENDING') {
            this.submission.error.set(null);
            this.pending.set(true);
          } else if (problem.code === 'INVITATION_USED' || problem.code === 'INVITATION_EXPIRED' || problem.code === 'INVITATION_REVOKED') {
            this.submission.error.set(this.i18n.t('auth.register.invitationGone'));
          }
        },
        saved: (session) => {
          // The account starts in the language the visitor was reading; the server's default may differ.
          const language = this.i18n.language();
          this.session.start({ ...session, user: { ...session.user, language } });
          if (session.user.language !== language) {
            this.profileApi.updateProfile({ body: { language } }).subscribe({ next: (user) => this.session.setUser(user), error: () => undefined });
          }
          void this.router.navigateByUrl('/');
        },
      },
    );
  }
}
