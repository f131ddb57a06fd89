import type { AuditAction, InvitationDto, RegistrationPolicy, RegistrationSettingsDto, Role, UserStatus } from '../../api/models';
import type { MessageKey } from '../../core/i18n/messages.en';

/** The dictionary keys of the admin area's values (the compiler checks that each one exists). */
export const adminLabels = {
  status: (status: UserStatus): MessageKey => `admin.status.${status}`,
  role: (role: Role): MessageKey => `admin.role.${role}`,
  policy: (policy: RegistrationPolicy): MessageKey => `admin.policy.${policy}`,
  policySource: (source: RegistrationSettingsDto['source']): MessageKey => `admin.policySource.${source}`,
  invitationState: (state: InvitationDto['state']): MessageKey => `admin.invitationState.${state}`,
  action: (action: AuditAction): MessageKey => `admin.action.${action}`,
};
