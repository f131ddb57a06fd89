import { Clipboard } from '@angular/cdk/clipboard';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import type { InvitationDto, RegistrationPolicy, Role } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { ListState } from '../../shared/list-state/list-state';
import { adminLabels } from './admin-labels';
import { ADMIN_PAGE_SIZE, AdminStore, REGISTRATION_POLICIES, ROLES } from './admin.store';

/** Who may sign up (the policy, with where it comes from) and the invitations an admin makes. */
@Component({
  selector: 'wbx-sign-up-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatPaginatorModule, MatSelectModule, MatTableModule, TranslatePipe, ListState],
  templateUrl: './sign-up-settings.html',
  styleUrl: './admin-sections.scss',
})
export class SignUpSettings {
  private readonly store = inject(AdminStore);
  private readonly i18n = inject(I18nService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly clipboard = inject(Clipboard);
  private readonly dialog = inject(MatDialog);

  protected readonly registration = this.store.registration;
  protected readonly policies = REGISTRATION_POLICIES;
  protected readonly roles = ROLES;
  protected readonly invitations = this.store.invitations;
  protected readonly pageSize = ADMIN_PAGE_SIZE;
  protected readonly locale = this.i18n.locale;
  protected readonly labels = adminLabels;
  protected readonly columns = ['email', 'role', 'expiresAt', 'state', 'actions'];
  /** The invitation link just made: its only appearance. */
  protected readonly createdLink = signal<string | null>(null);
  protected readonly savingPolicy = signal(false);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.email, Validators.maxLength(254)]],
    role: ['user' as Role],
    expiresInDays: [7, [Validators.required, Validators.min(1), Validators.max(30)]],
  });
  protected readonly submission = new FormSubmission();

  constructor() {
    this.store.loadRegistration();
    this.invitations.load(1);
  }

  protected setPolicy(policy: RegistrationPolicy): void {
    this.savingPolicy.set(true);
    this.store.setRegistration(policy).subscribe({
      next: () => {
        this.savingPolicy.set(false);
        this.snackBar.open(this.i18n.t('admin.signUp.saved'), undefined, { duration: 3000 });
      },
      error: (error: unknown) => {
        this.savingPolicy.set(false);
        this.store.loadRegistration();
        this.snackBar.open(toApiProblem(error).message ?? this.i18n.t('common.unexpectedError'), undefined, { duration: 6000 });
      },
    });
  }

  protected invite(formDirective: FormGroupDirective): void {
    const { email, role, expiresInDays } = this.form.getRawValue();
    this.submission.submit(this.form, () => this.store.createInvitation({ role, expiresInDays, ...(email.trim() ? { email: email.trim() } : {}) }), {
      saved: (invitation) => {
        this.createdLink.set(`${window.location.origin}${invitation.path}`);
        formDirective.resetForm({ email: '', role: 'user', expiresInDays: 7 });
      },
    });
  }

  protected revoke(invitation: InvitationDto): void {
    const t = (key: Parameters<I18nService['t']>[0]) => this.i18n.t(key);
    confirmAction(this.dialog, { title: t('admin.invitations.revokeTitle'), message: t('admin.invitations.revokeBody'), confirm: t('admin.invitations.revoke'), cancel: t('common.cancel') }).subscribe((confirmed) => {
      if (!confirmed) return;
      this.store.revokeInvitation(invitation.id).subscribe({
        next: () => this.snackBar.open(t('admin.invitations.revoked'), undefined, { duration: 3000 }),
        error: (error: unknown) => {
          this.invitations.load(this.invitations.page());
          this.snackBar.open(toApiProblem(error).message ?? t('common.unexpectedError'), undefined, { duration: 6000 });
        },
      });
    });
  }

  protected copy(text: string): void {
    const copied = this.clipboard.copy(text);
    this.snackBar.open(this.i18n.t(copied ? 'accessTokens.copied' : 'accessTokens.copyFailed'), undefined, { duration: 3000 });
  }

  protected changePage(event: PageEvent): void {
    this.invitations.load(event.pageIndex + 1);
  }
}
