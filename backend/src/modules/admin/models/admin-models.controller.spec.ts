import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto } from '../../../../test/support/controller-setup';
import { AdminModelsController } from './admin-models.controller';
import { SetDefaultChatModelDto, SetModelAccessDto } from './admin-models.dto';
import { AdminModelsErrorCode } from './admin-models.errors';
import { AdminModelsService } from './admin-models.service';

describe(AdminModelsController.name, () => {
  const api = controllerSetup(AdminModelsController, { mocks: [AdminModelsService] });
  const models = api.mock(AdminModelsService);
  const actor = () => ({ id: api.admin.id, email: api.admin.email, ip: expect.any(String) });

  describeRouteAccess(api, { admin: 'all' });

  describeValidation(api, [
    {
      handler: 'setModelAccess',
      as: 'admin',
      body: { model: 'openai/gpt-5.4', enabled: false, roles: { user: false } },
      wrong: { model: 42, enabled: 'no' },
      calls: [models.setAccess, actor(), dto(SetModelAccessDto, { model: 'openai/gpt-5.4', enabled: false, roles: { user: false } })],
    },
    {
      handler: 'setDefaultChatModel',
      as: 'admin',
      body: { model: 'local/webox-mini' },
      wrong: { model: 7 },
      calls: [models.setDefault, actor(), dto(SetDefaultChatModelDto, { model: 'local/webox-mini' })],
    },
  ]);

  it('answers 400 naming the role switch that is not a boolean', async () => {
    const response = await api.http().put('/api/admin/models/access').set(api.auth.admin).send({ model: 'openai/gpt-5.4', roles: { editor: 'off' } }).expect(400);
    expect(response.body.details).toEqual([expect.objectContaining({ field: 'roles.editor' })]);
    expect(models.setAccess).not.toHaveBeenCalled();
  });

  it('answers 409 MODEL_IS_DEFAULT when the service refuses to turn the default off', async () => {
    models.setAccess.mockRejectedValue(domainError('conflict', AdminModelsErrorCode.MODEL_IS_DEFAULT));
    const response = await api.http().put('/api/admin/models/access').set(api.auth.admin).send({ model: 'local/webox-mini', enabled: false }).expect(409);
    expect(response.body).toMatchObject({ statusCode: 409, code: 'MODEL_IS_DEFAULT' });
  });
});
