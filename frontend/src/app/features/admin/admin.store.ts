import { Injectable, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import type { AdminUserDto, AuditAction, AuditEventDto, CreatedInvitationDto, CreateInvitationDto, InvitationDto, PasswordResetLinkDto, RegistrationPolicy, RegistrationSettingsDto, Role, UserStatus } from '../../api/models';
import { AdminService } from '../../api/services';
import { PagedList } from '../../core/http/paged-list';

export const ADMIN_PAGE_SIZE = 20;
export const ROLES: readonly Role[] = ['user', 'editor', 'admin'];
export const REGISTRATION_POLICIES: readonly RegistrationPolicy[] = ['open', 'approval', 'invite', 'closed'];
export const USER_STATUSES: readonly UserStatus[] = ['active', 'pending', 'disabled'];

/** The admin area's accounts, sign-up policy, invitations and audit trail, over the generated client. */
@Injectable()
export class AdminStore {
  private readonly api = inject(AdminService);

  readonly userFilter = signal<{ q: string; status: UserStatus | '' }>({ q: '', status: '' });
  readonly users = new PagedList<AdminUserDto>((page) => {
    const { q, status } = this.userFilter();
    return this.api.listUsers({ page, limit: ADMIN_PAGE_SIZE, ...(q ? { q } : {}), ...(status ? { status } : {}) });
  });

  readonly registration = signal<RegistrationSettingsDto | null>(null);
  readonly invitations = new PagedList<InvitationDto>((page) => this.api.listInvitations({ page, limit: ADMIN_PAGE_SIZE }));

  readonly auditFilter = signal<{ q: string; action: AuditAction | '' }>({ q: '', action: '' });
  readonly audit = new PagedList<AuditEventDto>((page) => {
    const { q, action } = this.auditFilter();
    return this.api.searchAudit({ page, limit: ADMIN_PAGE_SIZE, ...(q ? { q } : {}), ...(action ? { action } : {}) });
  });

  searchUsers(filter: { q: string; status: UserStatus | '' }): void {
    this.userFilter.set(filter);
    this.users.load(1);
  }

  searchAudit(filter: { q: string; action: AuditAction | '' }): void {
    this.auditFilter.set(filter);
    this.audit.load(1);
  }

  setRole(id: string, role: Role): Observable<AdminUserDto> {
    return this.api.setUserRole({ id, body: { role } }).pipe(tap((user) => this.replace(user)));
  }

  approve(id: string): Observable<AdminUserDto> {
    return this.api.approveUser({ id }).pipe(tap((user) => this.replace(user)));
  }

  disable(id: string): Observable<AdminUserDto> {
    return this.api.disableUser({ id }).pipe(tap((user) => this.replace(user)));
  }

  enable(id: string): Observable<AdminUserDto> {
    return this.api.enableUser({ id }).pipe(tap((user) => this.replace(user)));
  }

  passwordResetLink(id: string): Observable<PasswordResetLinkDto> {
    return this.api.createPasswordResetLink({ id });
  }

  loadRegistration(): void {
    this.api.getRegistration().subscribe({ next: (settings) => this.registration.set(settings), error: () => this.registration.set(null) });
  }

  setRegistration(policy: RegistrationPolicy): Observable<RegistrationSettingsDto> {
    return this.api.setRegistration({ body: { policy } }).pipe(tap((settings) => this.registration.set(settings)));
  }

  createInvitation(body: CreateInvitationDto): Observable<CreatedInvitationDto> {
    return this.api.createInvitation({ body }).pipe(tap(() => this.invitations.load(1)));
  }

  revokeInvitation(id: string): Observable<InvitationDto> {
    return this.api.revokeInvitation({ id }).pipe(tap((revoked) => this.invitations.items.update((rows) => rows.map((row) => (row.id === revoked.id ? revoked : row)))));
  }

  private replace(user: AdminUserDto): void {
    this.users.items.update((users) => users.map((shown) => (shown.id === user.id ? user : shown)));
  }
}
