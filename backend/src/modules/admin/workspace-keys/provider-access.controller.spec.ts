import { controllerSetup, describeRouteAccess, dto, namedFields } from '../../../../test/support/controller-setup';
import { ProviderAccessController } from './provider-access.controller';
import { UpdateProviderAccessDto } from './provider-access.dto';
import { ProviderAccessService } from './provider-access.service';

describe(ProviderAccessController.name, () => {
  const api = controllerSetup(ProviderAccessController, { mocks: [ProviderAccessService] });
  const access = api.mock(ProviderAccessService);
  const actor = () => ({ id: api.admin.id, email: api.admin.email, ip: expect.any(String) });
  const put = (provider: string, body: unknown) => api.http().put(`/api/admin/providers/${provider}`).set(api.auth.admin).send(body as object);

  describeRouteAccess(api, { admin: 'all' });

  it('passes the provider, the parsed switches and who changed them to the service', async () => {
    access.update.mockResolvedValue({ provider: 'openai', allowOwnKeys: false, allowWorkspaceKey: true, workspaceKeys: 1 });
    const response = await put('openai', { allowOwnKeys: false }).expect(200);
    expect(response.body).toEqual({ provider: 'openai', allowOwnKeys: false, allowWorkspaceKey: true, workspaceKeys: 1 });
    expect(access.update).toHaveBeenCalledWith(actor(), 'openai', dto(UpdateProviderAccessDto, { allowOwnKeys: false }));
  });

  it('answers 400 naming the field for a switch that is not a boolean, or an unknown field', async () => {
    for (const [field, value] of [['allowOwnKeys', 'no'], ['allowWorkspaceKey', 1], ['unexpectedField', true]] as const) {
      const response = await put('openai', { [field]: value }).expect(400);
      expect(namedFields(response.body)).toEqual([field]);
    }
    expect(access.update).not.toHaveBeenCalled();
  });

  it('answers 400 for a provider that does not exist, without asking the service', async () => {
    const response = await put('nobody', { allowOwnKeys: false }).expect(400);
    expect(namedFields(response.body)).toEqual(['provider']);
    expect(access.update).not.toHaveBeenCalled();
  });
});
