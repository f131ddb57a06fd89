import { controllerSetup, describeRouteAccess } from '../../../test/support/controller-setup';
import { ToolsController } from './tools.controller';
import { ToolsService } from './tools.service';

describe(ToolsController.name, () => {
  const api = controllerSetup(ToolsController, { mocks: [ToolsService] });
  const tools = api.mock(ToolsService);

  describeRouteAccess(api);

  it('answers the caller’s tool catalog', async () => {
    const catalog = { builtIns: [{ name: 'calculator', description: 'Maths' }], mcp: [] };
    tools.catalog.mockResolvedValue(catalog as never);
    await api.http().get('/api/tools').set(api.auth.user).expect(200, catalog);
    expect(tools.catalog).toHaveBeenCalledWith(api.user);
  });
});
