import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { CombinationRunsService } from './combination-runs.service';
import { CombinationErrorCode } from './combinations.errors';
import { CombinationsController } from './combinations.controller';
import { CombinationsService } from './combinations.service';
import { ExecuteWorkflowDto, WorkflowRunQueryDto } from './dto/run.dto';
import { SaveWorkflowDto, WorkflowBodyDto, WorkflowQueryDto } from './dto/workflow.dto';

describe(CombinationsController.name, () => {
  const api = controllerSetup(CombinationsController, { mocks: [CombinationsService, CombinationRunsService] });
  const workflows = api.mock(CombinationsService);
  const runs = api.mock(CombinationRunsService);
  const workflow = { name: 'Chain', inputs: [{ name: 'topic', type: 'text' }], steps: [{ id: 'a', kind: 'text', model: 'local/webox-mini', prompt: '{{inputs.topic}}' }] };

  describeRouteAccess(api);

  describeValidation(api, [
    {
      handler: 'executeCombination',
      body: { workflowId: ROUTE_PARAM_ID, inputs: { topic: 'tides' } },
      wrong: { workflowId: 'not-an-id', workflow: 'text', inputs: ['tides'] },
      calls: [runs.execute, api.user, dto(ExecuteWorkflowDto, { workflowId: ROUTE_PARAM_ID, inputs: { topic: 'tides' } })],
    },
    {
      handler: 'saveCombination',
      body: { ...workflow, id: ROUTE_PARAM_ID },
      wrong: { id: 'nope', name: 3, steps: {}, inputs: 'topic' },
      calls: [workflows.save, api.user, dto(SaveWorkflowDto, { ...workflow, id: ROUTE_PARAM_ID })],
    },
    { handler: 'createWorkflow', body: workflow, wrong: { name: null, steps: 'one' }, calls: [workflows.create, api.user, dto(WorkflowBodyDto, workflow)] },
    { handler: 'updateWorkflow', body: workflow, wrong: { description: 5, steps: undefined }, calls: [workflows.update, api.user, ROUTE_PARAM_ID, dto(WorkflowBodyDto, workflow)] },
    { handler: 'importWorkflow', body: { version: 1, workflow }, wrong: { version: 2, workflow: [] }, calls: [workflows.create, api.user, workflow] },
    { handler: 'listWorkflows', query: { q: 'chain', limit: '5' }, wrong: { q: 'x'.repeat(201), page: '0' }, calls: [workflows.list, api.user, dto(WorkflowQueryDto, { q: 'chain', page: 1, limit: 5 })] },
    {
      handler: 'listWorkflowRuns',
      query: { workflowId: ROUTE_PARAM_ID, status: 'failed' },
      wrong: { workflowId: 'x', status: 'lost', limit: '101' },
      calls: [runs.list, api.user, dto(WorkflowRunQueryDto, { workflowId: ROUTE_PARAM_ID, status: 'failed', page: 1, limit: 20 })],
    },
    { handler: 'rerunWorkflowRun', body: { fromStepId: 'draft' }, wrong: { fromStepId: '3 spaces' }, calls: [runs.rerun, api.user, ROUTE_PARAM_ID, 'draft'] },
  ]);

  describe('service errors', () => {
    it.each([
      ['not_found', CombinationErrorCode.RUN_NOT_FOUND, 404],
      ['conflict', CombinationErrorCode.RUN_FINISHED, 409],
      ['invalid', CombinationErrorCode.INVALID_RERUN, 400],
    ] as const)('%s %s answers %i in the error shape', async (kind, code, status) => {
      runs.cancel.mockRejectedValue(domainError(kind, code, 'As the service says'));
      const response = await api.http().post(`/api/combinations/runs/${ROUTE_PARAM_ID}/cancel`).set(api.auth.user).send({}).expect(status);
      expect(response.body).toEqual({ statusCode: status, code, message: 'As the service says' });
    });
  });

  it('answers 202 with the queued run, and the templates as the service gives them', async () => {
    runs.execute.mockResolvedValue({ id: ROUTE_PARAM_ID, status: 'queued' } as never);
    await api.http().post('/api/combinations/execute').set(api.auth.user).send({ workflow }).expect(202, { id: ROUTE_PARAM_ID, status: 'queued' });
    workflows.templates.mockReturnValue([{ id: 't', name: 'T', description: '', category: 'writing', workflow }] as never);
    await api.http().get('/api/combinations/templates').set(api.auth.user).expect(200);
  });
});
