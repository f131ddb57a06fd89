import { controllerSetup, describeRouteAccess, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { AccessTokensService } from '../profile/access-tokens.service';
import { PersonalTokenGuard } from '../openai-compat/personal-token.guard';
import { CombinationRunsService } from './combination-runs.service';
import { WorkflowTokenController } from './workflow-token.controller';

describe(WorkflowTokenController.name, () => {
  const TOKEN = 'wbx_test_personal_token';
  const personalTokens = { authenticate: async (token: string) => (token === TOKEN ? api.user : null) };
  const api = controllerSetup(WorkflowTokenController, { prefix: '', mocks: [CombinationRunsService], providers: [PersonalTokenGuard, { provide: AccessTokensService, useValue: personalTokens }] });
  const runs = api.mock(CombinationRunsService);
  const bearer = { Authorization: `Bearer ${TOKEN}` };

  describeRouteAccess(api, { userAuth: () => bearer });

  it('passes the saved workflow and its inputs to the runs service', async () => {
    runs.execute.mockResolvedValue({ id: ROUTE_PARAM_ID, status: 'queued' } as never);
    await api.http().post('/v1/workflows/runs').set(bearer).send({ workflowId: ROUTE_PARAM_ID, inputs: { topic: 'tides' } }).expect(202, { id: ROUTE_PARAM_ID, status: 'queued' });
    expect(runs.execute).toHaveBeenCalledWith(api.user, { workflowId: ROUTE_PARAM_ID, inputs: { topic: 'tides' } });
  });

  it('answers 400 naming inputs in OpenAI\'s error shape, and 401 to a session token or a wrong personal token', async () => {
    const response = await api.http().post('/v1/workflows/runs').set(bearer).send({ workflowId: ROUTE_PARAM_ID, inputs: 'tides' }).expect(400);
    expect(response.body).toEqual({ error: expect.objectContaining({ type: 'invalid_request_error', code: 'VALIDATION_FAILED', param: 'inputs' }) });
    await api.http().post('/v1/workflows/runs').set(api.auth.user).send({ workflowId: ROUTE_PARAM_ID }).expect(401);
    await api.http().get(`/v1/workflows/runs?id=${ROUTE_PARAM_ID}`).set('Authorization', 'Bearer wbx_other').expect(401);
    const notAnId = await api.http().get('/v1/workflows/runs?id=%E0%A4%A').set(bearer).expect(400);
    expect(notAnId.body.error).toMatchObject({ param: 'id' });
    expect(runs.get).not.toHaveBeenCalled();
  });
});
