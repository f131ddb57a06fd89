import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../../test/support/controller-setup';
import { PageQueryDto } from '../../../common/pagination';
import { CreateSharedMcpServerDto, UpdateSharedMcpServerDto } from './dto/mcp-server.dto';
import { McpAdminController } from './mcp-admin.controller';
import { McpService } from './mcp.service';
import { McpErrorCode } from './mcp.errors';

describe(McpAdminController.name, () => {
  const api = controllerSetup(McpAdminController, { mocks: [McpService] });
  const mcp = api.mock(McpService);
  const actor = () => ({ id: api.admin.id, email: api.admin.email, ip: expect.any(String) });
  const stdio = { name: 'Files', transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem'] };

  describeRouteAccess(api, { admin: 'all' });

  describeValidation(api, [
    { handler: 'listSharedMcpServers', as: 'admin', query: { page: '2' }, wrong: { page: '0' }, calls: [mcp.listShared, dto(PageQueryDto, { page: 2, limit: 20 })] },
    {
      handler: 'createSharedMcpServer',
      as: 'admin',
      body: stdio,
      wrong: { command: '', args: 'npx', allowlisted: 'yes' },
      calls: [mcp.createShared, dto(CreateSharedMcpServerDto, stdio), actor()],
    },
    {
      handler: 'updateSharedMcpServer',
      as: 'admin',
      body: { allowlisted: true, url: 'http://10.0.0.5/mcp' },
      wrong: { allowlisted: 1, args: [1], command: '' },
      calls: [mcp.updateShared, ROUTE_PARAM_ID, dto(UpdateSharedMcpServerDto, { allowlisted: true, url: 'http://10.0.0.5/mcp' }), actor()],
    },
  ]);

  it('GET settings is not read as an id', async () => {
    mcp.settings.mockReturnValue({ stdioEnabled: false, timeoutMs: 5000 });
    await api.http().get('/api/admin/mcp-servers/settings').set(api.auth.admin).expect(200, { stdioEnabled: false, timeoutMs: 5000 });
  });

  it('a stdio server where stdio is off answers 400 MCP_STDIO_DISABLED', async () => {
    mcp.createShared.mockRejectedValue(domainError('invalid', McpErrorCode.MCP_STDIO_DISABLED, 'stdio MCP servers are off (WEBOX_MCP_STDIO)', [{ field: 'transport', message: 'stdio is off' }]));
    const response = await api.http().post('/api/admin/mcp-servers').set(api.auth.admin).send(stdio).expect(400);
    expect(response.body).toMatchObject({ code: McpErrorCode.MCP_STDIO_DISABLED, details: [{ field: 'transport', message: 'stdio is off' }] });
  });

  it('deleting a shared server passes who did it, for the audit trail', async () => {
    mcp.deleteShared.mockResolvedValue(undefined);
    await api.http().delete(`/api/admin/mcp-servers/${ROUTE_PARAM_ID}`).set(api.auth.admin).expect(204);
    expect(mcp.deleteShared).toHaveBeenCalledWith(ROUTE_PARAM_ID, actor());
  });
});
