import { AiErrorCode } from '../../ai/ai.errors';
import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { PageQueryDto } from '../../common/pagination';
import { CreateApiKeyDto } from '../profile/dto/profile.dto';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';

describe(AdminController.name, () => {
  const api = controllerSetup(AdminController, { mocks: [AdminService] });
  const admin = api.mock(AdminService);

  describeRouteAccess(api, { admin: 'all' });

  describeValidation(api, [
    { handler: 'listUsers', as: 'admin', query: { page: '3', limit: '50' }, wrong: { page: '-1', limit: 'all' }, calls: [admin.listUsers, dto(PageQueryDto, { page: 3, limit: 50 })] },
    { handler: 'listWorkspaceApiKeys', as: 'admin', query: {}, wrong: { limit: '101' }, calls: [admin.listWorkspaceApiKeys, dto(PageQueryDto, { page: 1, limit: 20 })] },
    {
      handler: 'createWorkspaceApiKey',
      as: 'admin',
      body: { provider: 'anthropic', label: 'Team', key: 'sk-ant-123456789' },
      wrong: { provider: 'nobody', key: '', label: '' },
      calls: [admin.createWorkspaceApiKey, dto(CreateApiKeyDto, { provider: 'anthropic', label: 'Team', key: 'sk-ant-123456789' })],
    },
  ]);

  it('answers what the service lists', async () => {
    admin.listUsers.mockResolvedValue({ items: [], total: 0, page: 1, limit: 20 });
    await api.http().get('/api/admin/users').set(api.auth.admin).expect(200, { items: [], total: 0, page: 1, limit: 20 });
  });

  it('deleting a key that does not exist answers 404', async () => {
    admin.deleteWorkspaceApiKey.mockRejectedValue(domainError('not_found', AiErrorCode.API_KEY_NOT_FOUND));
    const response = await api.http().delete(`/api/admin/api-keys/${ROUTE_PARAM_ID}`).set(api.auth.admin).expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: AiErrorCode.API_KEY_NOT_FOUND });
    expect(admin.deleteWorkspaceApiKey).toHaveBeenCalledWith(ROUTE_PARAM_ID);
  });
});
