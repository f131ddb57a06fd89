import { controllerSetup, describeRouteAccess, describeValidation, serverSentEvents } from '../../../test/support/controller-setup';
import { ProviderError } from '../../ai/provider-error';
import { ChatTurnDto } from '../chat/dto/chat.dto';
import type { ChatEvent } from '../chat/turns/chat-events';
import { AgentContext, ChatTurnsService } from '../chat/turns/chat-turns.service';
import type { Agent } from './agent.entity';
import { AgentsService } from './agents.service';
import { AssistantsController } from './assistants.controller';

describe(AssistantsController.name, () => {
  const api = controllerSetup(AssistantsController, { mocks: [AgentsService, ChatTurnsService] });
  const agents = api.mock(AgentsService);
  const turns = api.mock(ChatTurnsService);
  const AGENT_ID = '00000000-0000-4000-8000-00000000a9e7';
  const context: AgentContext = { id: AGENT_ID, name: 'Sales', instructions: 'You sell.' };
  const knowAgent = () => agents.contextFor.mockResolvedValue({ agent: { id: AGENT_ID, defaultModel: 'openai/gpt-5.4' } as Agent, context });
  const turn: ChatTurnDto = { conversationId: '00000000-0000-4000-8000-00000000c0c0', turn: 1, title: 'Hello', replies: [] };

  describeRouteAccess(api);

  describeValidation(api, [
    {
      handler: 'chatWithAgent',
      body: { agent_type: 'sales', message: ' hello ' },
      wrong: { agent_type: 'pirate', message: ' ', conversationId: 'nope', model: 'x', stream: 'yes' },
      before: knowAgent,
      calls: [agents.contextFor, api.user, { agentId: undefined, agentType: 'sales' }],
    },
  ]);

  it('needs an agent: agentId when there is no agent_type', async () => {
    const response = await api.http().post('/api/assistants/chat').set(api.auth.user).send({ message: 'hello' }).expect(400);
    expect(response.body.details).toEqual([expect.objectContaining({ field: 'agentId' })]);
  });

  it('sends the turn to the agent’s default model with its context, and answers the JSON turn', async () => {
    knowAgent();
    turns.sendAndWait.mockResolvedValue(turn);
    await api.http().post('/api/assistants/chat').set(api.auth.user).send({ agentId: AGENT_ID, message: 'hello' }).expect(200, turn);
    expect(agents.contextFor).toHaveBeenCalledWith(api.user, { agentId: AGENT_ID, agentType: undefined });
    const expected = { conversationId: undefined, message: 'hello', models: ['openai/gpt-5.4'] };
    expect(turns.sendAndWait).toHaveBeenCalledWith(api.user, expected, expect.any(AbortSignal), context);
    expect(turns.startTurn).not.toHaveBeenCalled();
  });

  it('streams the turn’s events when asked, with another model than the default', async () => {
    knowAgent();
    async function* events(): AsyncIterable<ChatEvent> {
      yield { event: 'delta', data: { model: 'anthropic/claude-sonnet-4-6', text: 'Hi' } };
      yield { event: 'end', data: { conversationId: turn.conversationId, turn: 1, title: 'Hello' } };
    }
    turns.startTurn.mockResolvedValue(events());
    const response = await api.http().post('/api/assistants/chat').set(api.auth.user).send({ agentId: AGENT_ID, message: 'hello', model: 'anthropic/claude-sonnet-4-6', stream: true }).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(serverSentEvents(response.text).map((event) => event.event)).toEqual(['delta', 'end']);
    expect(turns.startTurn).toHaveBeenCalledWith(api.user, expect.objectContaining({ models: ['anthropic/claude-sonnet-4-6'] }), expect.any(AbortSignal), context);
  });

  it('a vendor failure answers 502 naming the provider, never a 500', async () => {
    knowAgent();
    turns.sendAndWait.mockRejectedValue(new ProviderError('openai', 'unavailable', 'OpenAI failed with 503'));
    const response = await api.http().post('/api/assistants/chat').set(api.auth.user).send({ agentId: AGENT_ID, message: 'hello' }).expect(502);
    expect(response.body).toEqual({ statusCode: 502, code: 'PROVIDER_UNAVAILABLE', message: 'OpenAI failed with 503', params: { provider: 'openai' } });
  });
});
