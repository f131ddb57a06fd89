import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { AuthErrorCode } from '../auth/auth.errors';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { AdminUserQueryDto } from './dto/admin.dto';

describe(AdminUsersController.name, () => {
  const api = controllerSetup(AdminUsersController, { mocks: [AdminUsersService] });
  const users = api.mock(AdminUsersService);
  const actor = () => ({ id: api.admin.id, email: api.admin.email, ip: expect.any(String) });

  describeRouteAccess(api, { admin: 'all' });

  describeValidation(api, [
    {
      handler: 'listUsers',
      as: 'admin',
      query: { page: '3', limit: '50', q: ' ada ', status: 'pending' },
      wrong: { page: '-1', limit: 'all', status: 'sleeping' },
      calls: [users.list, dto(AdminUserQueryDto, { page: 3, limit: 50, q: 'ada', status: 'pending' })],
    },
    { handler: 'setUserRole', as: 'admin', body: { role: 'editor' }, wrong: { role: 'owner' }, calls: [users.setRole, actor(), ROUTE_PARAM_ID, 'editor'] },
  ]);

  it.each([
    ['approve', 'approve'],
    ['disable', 'disable'],
    ['enable', 'enable'],
    ['password-reset', 'createPasswordReset'],
  ] as const)('POST /api/admin/users/{id}/%s calls the service with the admin and the id', async (path, method) => {
    users[method].mockResolvedValue({} as never);
    await api.http().post(`/api/admin/users/${ROUTE_PARAM_ID}/${path}`).set(api.auth.admin).expect(path === 'password-reset' ? 201 : 200);
    expect(users[method]).toHaveBeenCalledWith(actor(), ROUTE_PARAM_ID);
  });

  it('answers 409 LAST_ADMIN when the service refuses to disable the last admin', async () => {
    users.disable.mockRejectedValue(domainError('conflict', AuthErrorCode.LAST_ADMIN, 'last'));
    const response = await api.http().post(`/api/admin/users/${ROUTE_PARAM_ID}/disable`).set(api.auth.admin).expect(409);
    expect(response.body).toEqual({ statusCode: 409, code: AuthErrorCode.LAST_ADMIN, message: 'last' });
  });
});
