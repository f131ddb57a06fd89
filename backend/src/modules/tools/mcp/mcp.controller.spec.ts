import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, namedFields, ROUTE_PARAM_ID } from '../../../../test/support/controller-setup';
import { PageQueryDto } from '../../../common/pagination';
import { CreateMcpServerDto, UpdateMcpServerDto } from './dto/mcp-server.dto';
import { McpController } from './mcp.controller';
import { McpService } from './mcp.service';
import { McpErrorCode } from './mcp.errors';

describe(McpController.name, () => {
  const api = controllerSetup(McpController, { mocks: [McpService] });
  const mcp = api.mock(McpService);
  const server = { name: ' Docs ', url: 'https://mcp.example.com/mcp', token: 'secret', enabled: false };

  describeRouteAccess(api);

  describeValidation(api, [
    { handler: 'listMcpServers', query: {}, wrong: { limit: '1000' }, calls: [mcp.list, api.user, dto(PageQueryDto, { page: 1, limit: 20 })] },
    {
      handler: 'createMcpServer',
      body: server,
      wrong: { name: '', url: 'file:///etc/passwd', token: '', enabled: 'no', transport: 'carrier-pigeon' },
      calls: [mcp.create, api.user, dto(CreateMcpServerDto, { ...server, name: 'Docs' })],
    },
    {
      handler: 'updateMcpServer',
      body: { token: null, url: 'http://mcp.internal:8080/mcp' },
      wrong: { url: 'not a url', token: '', name: 9 },
      calls: [mcp.update, api.user, ROUTE_PARAM_ID, dto(UpdateMcpServerDto, { token: null, url: 'http://mcp.internal:8080/mcp' })],
    },
  ]);

  it('an http server needs its url', async () => {
    const response = await api.http().post('/api/mcp/servers').set(api.auth.user).send({ name: 'Docs' }).expect(400);
    expect(namedFields(response.body)).toEqual(['url']);
  });

  it.each([
    ['updateMcpServer', 'forbidden', McpErrorCode.MCP_SERVER_SHARED, 403],
    ['createMcpServer', 'forbidden', McpErrorCode.MCP_STDIO_ADMIN_ONLY, 403],
    ['getMcpServer', 'not_found', McpErrorCode.MCP_SERVER_NOT_FOUND, 404],
  ] as const)('%s: the service’s %s %s answers %i', async (handler, kind, code, status) => {
    const methods = { updateMcpServer: mcp.update, createMcpServer: mcp.create, getMcpServer: mcp.get };
    methods[handler].mockRejectedValue(domainError(kind, code));
    const response = await api.call(handler, handler === 'getMcpServer' ? {} : { body: server }).expect(status);
    expect(response.body).toMatchObject({ statusCode: status, code });
  });

  it('refreshes a server visible to the caller (mine or shared)', async () => {
    await api.http().post(`/api/mcp/servers/${ROUTE_PARAM_ID}/refresh`).set(api.auth.user).expect(200);
    expect(mcp.refreshVisible).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
  });
});
