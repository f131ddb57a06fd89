import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { AgentsController } from './agents.controller';
import { AgentsService } from './agents.service';
import { AgentInputDto } from './dto/agent.dto';
import { AgentErrorCode } from './agents.errors';
import { ToolErrorCode } from '../tools/tools.errors';

describe(AgentsController.name, () => {
  const api = controllerSetup(AgentsController, { mocks: [AgentsService] });
  const agents = api.mock(AgentsService);
  const agent = { name: ' Analyst ', instructions: 'You analyse.', defaultModel: 'openai/gpt-5.4', temperature: 0.4, starters: ['Go'], tools: ['calculator'], maxSteps: 4 };
  const parsed = { ...agent, name: 'Analyst' };
  const wrong = {
    name: '',
    instructions: '',
    defaultModel: 'x',
    temperature: 3,
    starters: ['a', 'b', 'c', 'd'],
    icon: 'Not An Icon',
    tools: ['calculator', 'calculator'],
    collectionIds: ['not-a-uuid'],
    maxSteps: 21,
    timeLimitSeconds: 5,
  };

  describeRouteAccess(api);

  describeValidation(api, [
    { handler: 'createAgent', body: agent, wrong, calls: [agents.create, api.user, dto(AgentInputDto, parsed)] },
    { handler: 'updateAgent', body: agent, wrong: { name: 7, referenceNotes: 42 }, calls: [agents.update, api.user, ROUTE_PARAM_ID, dto(AgentInputDto, parsed)] },
  ]);

  describe('service errors', () => {
    it('changing a built-in agent answers 403 AGENT_BUILT_IN', async () => {
      agents.update.mockRejectedValue(domainError('forbidden', AgentErrorCode.AGENT_BUILT_IN, 'Built-in agents cannot be changed; duplicate it'));
      const response = await api.http().patch(`/api/agents/${ROUTE_PARAM_ID}`).set(api.auth.user).send(agent).expect(403);
      expect(response.body).toEqual({ statusCode: 403, code: AgentErrorCode.AGENT_BUILT_IN, message: 'Built-in agents cannot be changed; duplicate it' });
    });

    it('another user’s agent answers 404 AGENT_NOT_FOUND', async () => {
      agents.duplicate.mockRejectedValue(domainError('not_found', AgentErrorCode.AGENT_NOT_FOUND, 'Agent not found'));
      const response = await api.http().post(`/api/agents/${ROUTE_PARAM_ID}/duplicate`).set(api.auth.user).expect(404);
      expect(response.body).toEqual({ statusCode: 404, code: AgentErrorCode.AGENT_NOT_FOUND, message: 'Agent not found' });
      expect(agents.duplicate).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
    });

    it('a tool the agent may not use answers 400 naming the field', async () => {
      agents.create.mockRejectedValue(domainError('invalid', ToolErrorCode.UNKNOWN_TOOL, 'Unknown tool nope', [{ field: 'tools', message: 'nope is not a tool' }]));
      const response = await api.http().post('/api/agents').set(api.auth.user).send(agent).expect(400);
      expect(response.body.details).toEqual([{ field: 'tools', message: 'nope is not a tool' }]);
    });
  });

  it('deletes with 204 and no body', async () => {
    const response = await api.http().delete(`/api/agents/${ROUTE_PARAM_ID}`).set(api.auth.user).expect(204);
    expect(response.text).toBe('');
    expect(agents.delete).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
  });
});
