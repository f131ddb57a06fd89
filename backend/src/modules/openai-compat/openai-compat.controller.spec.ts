import { controllerSetup, describeRouteAccess } from '../../../test/support/controller-setup';
import type { ChatChunk } from '../../ai/capabilities';
import { ModelCatalogue } from '../../ai/model-catalogue.service';
import { findModel } from '../../ai/models';
import { ProviderError } from '../../ai/provider-error';
import { ChatSession, ProviderRegistry } from '../../ai/provider-registry';
import { UsageService } from '../../ai/usage.service';
import { AccessTokensService } from '../profile/access-tokens.service';
import { OpenAiCompatController } from './openai-compat.controller';
import { OpenAiCompatService } from './openai-compat.service';

/**
 * `/v1` validates in its service (OpenAI clients send fields Webox ignores rather than refuses), so
 * this spec runs the real OpenAiCompatService over mocked AI-layer collaborators, and authenticates
 * with a personal access token (PersonalTokenGuard) instead of the JWT.
 */
describe(OpenAiCompatController.name, () => {
  const TOKEN = 'wbx_test_personal_token';
  const personalTokens = { authenticate: async (token: string) => (token === TOKEN ? api.user : null) };
  const api = controllerSetup(OpenAiCompatController, {
    prefix: '',
    mocks: [ProviderRegistry, ModelCatalogue, UsageService],
    providers: [OpenAiCompatService, { provide: AccessTokensService, useValue: personalTokens }],
  });
  const registry = api.mock(ProviderRegistry);
  const ledger = api.mock(UsageService);
  const bearer = { authorization: `Bearer ${TOKEN}` };
  const model = findModel('openai/gpt-5.4', 'chat')!;
  const session = (chunks: ChatChunk[] | Error, seen: { request?: unknown; how?: string } = {}): ChatSession => {
    const reply = (how: string) =>
      async function* (request: unknown) {
        Object.assign(seen, { request, how });
        if (chunks instanceof Error) throw chunks;
        yield* chunks;
      };
    return { model, stream: reply('stream'), answer: reply('answer') };
  };
  const answering = (seen: { request?: unknown; how?: string } = {}) => {
    registry.chatModel.mockReturnValue(model);
    registry.openChat.mockResolvedValue(session([{ type: 'text', text: 'Hello' }, { type: 'text', text: ' there' }, { type: 'usage', usage: { inputTokens: 3, outputTokens: 2 } }], seen));
  };
  const body = { model: 'openai/gpt-5.4', messages: [{ role: 'developer', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'hi' }] }], temperature: 0.2, max_tokens: 50, n: 1, user: 'ignored' };

  describeRouteAccess(api, { userAuth: () => bearer });

  it('refuses a Webox access token (JWT): /v1 takes personal tokens only, in OpenAI’s error shape', async () => {
    const response = await api.http().get('/v1/models').set(api.auth.user).expect(401);
    expect(response.body).toEqual({ error: { message: expect.stringContaining('access token'), type: 'authentication_error', code: 'invalid_api_key', param: null } });
  });

  it('is not under /api', async () => {
    await api.http().get('/api/v1/models').set(bearer).expect(404);
  });

  it.each([
    ['model', { ...body, model: 42 }],
    ['messages', { ...body, messages: [] }],
    ['messages.0.role', { ...body, messages: [{ role: 'robot', content: 'hi' }] }],
    ['temperature', { ...body, temperature: 3 }],
    ['max_tokens', { ...body, max_tokens: 0 }],
    ['stream', { ...body, stream: 'yes' }],
    ['messages.0.content', { ...body, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: 'x' }] }] }],
  ])('answers 400 naming %s as OpenAI’s param', async (param, wrong) => {
    registry.chatModel.mockReturnValue(model);
    const response = await api.http().post('/v1/chat/completions').set(bearer).send(wrong).expect(400);
    expect(response.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_request', param });
    expect(registry.openChat).not.toHaveBeenCalled();
  });

  it('ignores the fields Webox does not use and passes the parsed request on, asking the vendor for one answer rather than a stream', async () => {
    const seen: { request?: unknown; how?: string } = {};
    answering(seen);
    const response = await api.http().post('/v1/chat/completions').set(bearer).send(body).expect(200);
    expect(registry.chatModel).toHaveBeenCalledWith('openai/gpt-5.4', 'model');
    expect(registry.openChat).toHaveBeenCalledWith(api.user.id, 'openai/gpt-5.4');
    expect(seen.request).toEqual({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }], temperature: 0.2, maxOutputTokens: 50 });
    expect(seen.how).toBe('answer');
    expect(response.body).toMatchObject({ object: 'chat.completion', model: 'openai/gpt-5.4', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } });
    expect(ledger.record).toHaveBeenCalledWith(api.user.id, 'api', model, { inputTokens: 3, outputTokens: 2 });
  });

  it('streams `data:` chunks ending with [DONE]', async () => {
    const seen: { how?: string } = {};
    answering(seen);
    const response = await api.http().post('/v1/chat/completions').set(bearer).send({ ...body, stream: true, stream_options: { include_usage: true } }).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    const frames = response.text.split('\n\n').filter(Boolean);
    expect(frames.at(-1)).toBe('data: [DONE]');
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame.slice('data: '.length)));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Hello there');
    expect(chunks.at(-1).usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
    expect(seen.how).toBe('stream');
  });

  it('says `length` when the vendor cut the reply at its output limit, streamed or not', async () => {
    registry.chatModel.mockReturnValue(model);
    registry.openChat.mockResolvedValue(session([{ type: 'text', text: 'Cut' }, { type: 'finish', reason: 'length' }, { type: 'usage', usage: { inputTokens: 3, outputTokens: 1 } }]));
    const whole = await api.http().post('/v1/chat/completions').set(bearer).send(body).expect(200);
    expect(whole.body.choices[0]).toMatchObject({ message: { content: 'Cut' }, finish_reason: 'length' });
    const streamed = await api.http().post('/v1/chat/completions').set(bearer).send({ ...body, stream: true }).expect(200);
    const chunks = streamed.text.split('\n\n').filter((frame) => frame && frame !== 'data: [DONE]').map((frame) => JSON.parse(frame.slice('data: '.length)));
    expect(chunks.at(-1).choices[0].finish_reason).toBe('length');
  });

  it('a vendor failure before the first token is a plain 502 in OpenAI’s shape, even when streaming', async () => {
    registry.chatModel.mockReturnValue(model);
    registry.openChat.mockResolvedValue(session(new ProviderError('openai', 'unavailable', 'OpenAI failed with 503')));
    const response = await api.http().post('/v1/chat/completions').set(bearer).send({ ...body, stream: true }).expect(502);
    expect(response.body).toEqual({ error: { message: 'OpenAI failed with 503', type: 'api_error', code: 'PROVIDER_UNAVAILABLE', param: null } });
  });

  it('lists the models the token’s owner can use', async () => {
    api.mock(ModelCatalogue).forUser.mockResolvedValue([
      { model, available: true },
      { model: findModel('anthropic/claude-sonnet-4-6', 'chat')!, available: false, unavailableReason: 'No key' },
    ]);
    const response = await api.http().get('/v1/models').set(bearer).expect(200);
    expect(response.body).toEqual({ object: 'list', data: [{ id: 'openai/gpt-5.4', object: 'model', created: 0, owned_by: 'openai' }] });
  });
});
