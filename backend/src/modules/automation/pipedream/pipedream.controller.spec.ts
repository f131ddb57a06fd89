import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto } from '../../../../test/support/controller-setup';
import { AutomationErrorCode } from '../automation.errors';
import { PipedreamConnectDto, PipedreamWorkflowInputDto } from '../dto/pipedream.dto';
import { PipedreamController } from './pipedream.controller';
import { PipedreamService } from './pipedream.service';

describe(PipedreamController.name, () => {
  const api = controllerSetup(PipedreamController, { mocks: [PipedreamService] });
  const pipedream = api.mock(PipedreamService);
  const credentials = { clientId: ' oa_abc ', clientSecret: ' pd_secret ', projectId: 'proj_abc123', environment: 'development' };

  describeRouteAccess(api);

  describeValidation(api, [
    {
      handler: 'connectPipedream',
      body: credentials,
      wrong: { clientId: '', clientSecret: 42, projectId: 'proj abc/..', environment: 'staging' },
      calls: [pipedream.connect, api.user, dto(PipedreamConnectDto, { clientId: 'oa_abc', clientSecret: 'pd_secret', projectId: 'proj_abc123', environment: 'development' })],
    },
    {
      handler: 'createPipedreamWorkflow',
      body: { name: ' From Webox ' },
      wrong: { name: 'x'.repeat(121) },
      calls: [pipedream.createWorkflow, api.user, dto(PipedreamWorkflowInputDto, { name: 'From Webox' })],
    },
  ]);

  it('answers the status of the caller and disconnects the caller only', async () => {
    const status = { connected: false, clientId: null, projectId: null, environment: null, checkedAt: null, externalUserId: null };
    pipedream.status.mockResolvedValue(status);
    await api.http().get('/api/automation/status').set(api.auth.user).expect(200, status);
    expect(pipedream.status).toHaveBeenLastCalledWith(api.user);
    pipedream.disconnect.mockResolvedValue(undefined);
    await api.http().delete('/api/automation/connect').set(api.auth.user).expect(204);
    expect(pipedream.disconnect).toHaveBeenLastCalledWith(api.user);
  });

  it.each([
    ['invalid', AutomationErrorCode.AUTOMATION_PIPEDREAM_CREDENTIALS_REJECTED, 400],
    ['invalid', AutomationErrorCode.AUTOMATION_PIPEDREAM_PROJECT_NOT_FOUND, 400],
    ['provider', AutomationErrorCode.AUTOMATION_PIPEDREAM_FAILED, 502],
  ] as const)('connect failing with %s %s answers %i in the error shape', async (kind, code, status) => {
    pipedream.connect.mockRejectedValue(domainError(kind, code));
    const response = await api.http().post('/api/automation/connect').set(api.auth.user).send(credentials).expect(status);
    expect(response.body).toMatchObject({ statusCode: status, code });
  });

  it('answers 400 NOT_CONNECTED for workflows without a connection', async () => {
    pipedream.listWorkflows.mockRejectedValue(domainError('invalid', AutomationErrorCode.AUTOMATION_PIPEDREAM_NOT_CONNECTED));
    const response = await api.http().get('/api/automation/workflows').set(api.auth.user).expect(400);
    expect(response.body.code).toBe(AutomationErrorCode.AUTOMATION_PIPEDREAM_NOT_CONNECTED);
  });
});
