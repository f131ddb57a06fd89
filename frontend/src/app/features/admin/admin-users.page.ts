import { Clipboard } from '@angular/cdk/clipboard';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import type { Observable } from 'rxjs';
import type { AdminUserDto, Role, UserStatus } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { formatCost } from '../../shared/format/number-format';
import { ListState } from '../../shared/list-state/list-state';
import { formatBytes } from '../../shared/media/media-format';
import { adminLabels } from './admin-labels';
import { ADMIN_PAGE_SIZE, AdminStore, ROLES, USER_STATUSES } from './admin.store';
import { SignUpSettings } from './sign-up-settings';

/** `/admin/users`: the sign-up policy and invitations, then every account: search, role, approval, disabling, reset links. */
@Component({
  selector: 'wbx-admin-users-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatPaginatorModule, MatSelectModule, MatTableModule, TranslatePipe, ListState, SignUpSettings],
  templateUrl: './admin-users.page.html',
  styleUrl: './admin-sections.scss',
})
export default class AdminUsersPage {
  private readonly store = inject(AdminStore);
  private readonly i18n = inject(I18nService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly clipboard = inject(Clipboard);

  protected readonly list = this.store.users;
  protected readonly pageSize = ADMIN_PAGE_SIZE;
  protected readonly roles = ROLES;
  protected readonly statuses = USER_STATUSES;
  protected readonly locale = this.i18n.locale;
  protected readonly labels = adminLabels;
  protected readonly columns = ['user', 'role', 'status', 'usage', 'storage', 'actions'];
  /** The reset link just made, with whose it is: shown once. */
  protected readonly resetLink = signal<{ email: string; url: string } | null>(null);
  protected readonly busy = signal<ReadonlySet<string>>(new Set());

  protected readonly search = inject(FormBuilder).nonNullable.group({ q: [''], status: ['' as UserStatus | ''] });

  constructor() {
    this.list.load(1);
  }

  protected applySearch(): void {
    const { q, status } = this.search.getRawValue();
    this.store.searchUsers({ q: q.trim(), status });
  }

  protected changePage(event: PageEvent): void {
    this.list.load(event.pageIndex + 1);
  }

  protected cost(user: AdminUserDto): string {
    return formatCost(user.usage.cost, this.locale());
  }

  protected storage(user: AdminUserDto): string {
    return formatBytes(user.storageBytes, this.locale());
  }

  protected setRole(user: AdminUserDto, role: Role): void {
    this.run(user, this.store.setRole(user.id, role), 'admin.users.roleChanged');
  }

  protected approve(user: AdminUserDto): void {
    this.run(user, this.store.approve(user.id), 'admin.users.approved');
  }

  protected disable(user: AdminUserDto): void {
    this.run(user, this.store.disable(user.id), 'admin.users.disabled');
  }

  protected enable(user: AdminUserDto): void {
    this.run(user, this.store.enable(user.id), 'admin.users.enabled');
  }

  protected makeResetLink(user: AdminUserDto): void {
    this.run(user, this.store.passwordResetLink(user.id), null, (link) => this.resetLink.set({ email: user.email, url: `${window.location.origin}${link.path}` }));
  }

  protected copy(text: string): void {
    const copied = this.clipboard.copy(text);
    this.snackBar.open(this.i18n.t(copied ? 'accessTokens.copied' : 'accessTokens.copyFailed'), undefined, { duration: 3000 });
  }

  protected isBusy(user: AdminUserDto): boolean {
    return this.busy().has(user.id);
  }

  private run<T>(user: AdminUserDto, call: Observable<T>, done: 'admin.users.roleChanged' | 'admin.users.approved' | 'admin.users.disabled' | 'admin.users.enabled' | null, next?: (value: T) => void): void {
    this.track(user.id, true);
    call.subscribe({
      next: (value) => {
        this.track(user.id, false);
        next?.(value);
        if (done) this.snackBar.open(this.i18n.t(done, { email: user.email }), undefined, { duration: 3000 });
      },
      error: (error: unknown) => {
        this.track(user.id, false);
        const problem = toApiProblem(error);
        const message = problem.code === 'LAST_ADMIN' ? this.i18n.t('admin.users.lastAdmin') : (problem.message ?? this.i18n.t('common.unexpectedError'));
        this.snackBar.open(message, undefined, { duration: 6000 });
        // The row may be out of date (another admin changed it): show it as it is.
        this.list.load();
      },
    });
  }

  private track(id: string, on: boolean): void {
    this.busy.update((ids) => {
      const next = new Set(ids);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }
}
