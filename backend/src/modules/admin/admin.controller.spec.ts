import { AiErrorCode } from '../../ai/ai.errors';
import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { PageQueryDto } from '../../common/pagination';
import { AuditAction } from '../audit/audit-actions';
import { AuthErrorCode } from '../auth/auth.errors';
import { AuditQueryDto } from '../audit/dto/audit.dto';
import { CreateOwnApiKeyDto } from '../profile/dto/profile.dto';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';
import { CreateInvitationDto, UpdateRegistrationDto } from './dto/admin.dto';

describe(AdminController.name, () => {
  const api = controllerSetup(AdminController, { mocks: [AdminService] });
  const admin = api.mock(AdminService);
  const actor = () => ({ id: api.admin.id, email: api.admin.email, ip: expect.any(String) });

  describeRouteAccess(api, { admin: 'all' });

  describeValidation(api, [
    { handler: 'listWorkspaceApiKeys', as: 'admin', query: {}, wrong: { limit: '101' }, calls: [admin.listWorkspaceApiKeys, dto(PageQueryDto, { page: 1, limit: 20 })] },
    {
      handler: 'createWorkspaceApiKey',
      as: 'admin',
      body: { provider: 'anthropic', label: 'Team', key: 'sk-ant-123456789' },
      wrong: { provider: 'nobody', key: '', label: '' },
      calls: [admin.createWorkspaceApiKey, actor(), dto(CreateOwnApiKeyDto, { provider: 'anthropic', label: 'Team', key: 'sk-ant-123456789' })],
    },
    { handler: 'setRegistration', as: 'admin', body: { policy: 'invite' }, wrong: { policy: 'everyone' }, calls: [admin.setRegistration, actor(), dto(UpdateRegistrationDto, { policy: 'invite' })] },
    {
      handler: 'createInvitation',
      as: 'admin',
      body: { email: ' Guest@Example.com ', role: 'editor', expiresInDays: 3 },
      wrong: { email: 'nope', role: 'owner', expiresInDays: 31 },
      calls: [admin.createInvitation, actor(), dto(CreateInvitationDto, { email: 'guest@example.com', role: 'editor', expiresInDays: 3 })],
    },
    { handler: 'listInvitations', as: 'admin', query: { page: '2' }, wrong: { page: '0' }, calls: [admin.listInvitations, dto(PageQueryDto, { page: 2, limit: 20 })] },
    {
      handler: 'searchAudit',
      as: 'admin',
      query: { q: ' ada ', action: 'auth.login_failed', userId: ROUTE_PARAM_ID },
      wrong: { action: 'auth.everything', userId: 'me', q: 'x'.repeat(201) },
      calls: [admin.searchAudit, dto(AuditQueryDto, { q: 'ada', action: AuditAction.LOGIN_FAILED, userId: ROUTE_PARAM_ID, page: 1, limit: 20 })],
    },
  ]);

  it('deleting a key that does not exist answers 404', async () => {
    admin.deleteWorkspaceApiKey.mockRejectedValue(domainError('not_found', AiErrorCode.API_KEY_NOT_FOUND));
    const response = await api.http().delete(`/api/admin/api-keys/${ROUTE_PARAM_ID}`).set(api.auth.admin).expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: AiErrorCode.API_KEY_NOT_FOUND });
    expect(admin.deleteWorkspaceApiKey).toHaveBeenCalledWith(actor(), ROUTE_PARAM_ID);
  });

  it('revoking an invitation passes who did it; an unknown one answers 404, a used one 410', async () => {
    admin.revokeInvitation.mockRejectedValueOnce(domainError('not_found', AuthErrorCode.INVITATION_NOT_FOUND));
    const unknown = await api.http().post(`/api/admin/invitations/${ROUTE_PARAM_ID}/revoke`).set(api.auth.admin).expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, code: AuthErrorCode.INVITATION_NOT_FOUND });
    expect(admin.revokeInvitation).toHaveBeenCalledWith(actor(), ROUTE_PARAM_ID);
    admin.revokeInvitation.mockRejectedValueOnce(domainError('gone', AuthErrorCode.INVITATION_USED));
    const used = await api.http().post(`/api/admin/invitations/${ROUTE_PARAM_ID}/revoke`).set(api.auth.admin).expect(410);
    expect(used.body.code).toBe(AuthErrorCode.INVITATION_USED);
    // Not an id at all: 404 too, without asking the service.
    await api.http().post('/api/admin/invitations/not-an-id/revoke').set(api.auth.admin).expect(404);
    expect(admin.revokeInvitation).toHaveBeenCalledTimes(2);
  });

  it('has no route that changes or deletes the audit trail', () => {
    const auditRoutes = api.routes.filter((route) => route.url.includes('/audit'));
    expect(auditRoutes.map((route) => route.method)).toEqual(['get']);
  });
});
