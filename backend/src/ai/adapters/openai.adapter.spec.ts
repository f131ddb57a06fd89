import { chatRequest, clockTool, drain, expectProviderError, never, resetEmulator, secondRound, toolCallsOf, weatherTool } from '../../../test/support/adapter-testing';
import { startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ChatMessage, ChatRequest } from '../capabilities';
import type { ProviderCredentials } from '../credentials';
import { OpenAIAdapter, OpenAICompatibleAdapter } from './openai.adapter';

/**
 * What the OpenAI adapter and its OpenAI-compatible variant send in Chat Completions' own shapes, through
 * the real `openai` SDK against the provider emulator. Streaming, tool calls, errors, timeouts and aborts
 * are the chat adapter contract's (chat-adapters.contract.spec.ts).
 */

let emulator: ProviderEmulator;
beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => resetEmulator(emulator));
afterAll(() => emulator.close());

describe.each([
  { label: 'OpenAI', make: () => new OpenAIAdapter(), model: 'gpt-5.4', limitField: 'max_completion_tokens', otherLimitField: 'max_tokens' },
  { label: 'OpenAI-compatible endpoint', make: () => new OpenAICompatibleAdapter(), model: 'llama3.2', limitField: 'max_tokens', otherLimitField: 'max_completion_tokens' },
] as const)('$label adapter', ({ make, model, limitField, otherLimitField }) => {
  const adapter = make();
  const credentials = (): ProviderCredentials => ({ apiKey: 'test-key', baseUrl: emulator.openaiBaseUrl, source: 'environment' });
  const request = (overrides: Partial<ChatRequest> = {}) => chatRequest(model, overrides);
  const sent = () => emulator.requests[0]?.body as Record<string, unknown>;

  it(`sends the system prompt as a system message, the output limit as ${limitField}, and asks for the usage`, async () => {
    await drain(adapter.stream(request({ temperature: 0.3, maxOutputTokens: 50 }), credentials(), never()));

    expect(sent()['messages']).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hello there world' },
    ]);
    expect(sent()[limitField]).toBe(50);
    expect(sent()).not.toHaveProperty(otherLimitField);
    expect(sent()['stream_options']).toEqual({ include_usage: true });
  });

  it('sends temperature and top_p in Chat Completions form, and leaves out what the caller did not set', async () => {
    await drain(adapter.stream(request({ temperature: 0.4, topP: 0.8 }), credentials(), never()));
    await drain(adapter.stream(request(), credentials(), never()));

    expect(sent()).toMatchObject({ temperature: 0.4, top_p: 0.8 });
    const second = emulator.requests[1]?.body as Record<string, unknown>;
    expect(second).not.toHaveProperty('temperature');
    expect(second).not.toHaveProperty('top_p');
    expect(second).not.toHaveProperty(limitField);
  });

  it('sends the tools as functions', async () => {
    await drain(adapter.stream(request({ tools: [weatherTool, clockTool] }), credentials(), never()));

    expect(sent()['tools']).toEqual([
      { type: 'function', function: { name: 'get_weather', description: weatherTool.description, parameters: weatherTool.parameters } },
      { type: 'function', function: { name: 'current_time', description: clockTool.description, parameters: clockTool.parameters } },
    ]);
  });

  it('sends the calls back as tool_calls with JSON arguments, each result as a role tool message, a failure said in its text', async () => {
    await drain(adapter.stream(request({ messages: secondRound(), tools: [weatherTool, clockTool] }), credentials(), never()));

    expect(sent()['messages']).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'weather in Paris, and the time?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'current_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: 'Sunny, 21 °C' },
      // No error flag in Chat Completions: the text says it.
      { role: 'tool', tool_call_id: 'call_b', content: 'Error: clock unavailable' },
    ]);
  });

  it('replays a bare tool call with null content, and arguments that were not JSON as {}', async () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_x', name: 'get_weather', arguments: {}, invalidArguments: '{"city": "Par' }] },
      { role: 'tool', toolCallId: 'call_x', name: 'get_weather', content: 'arguments were not valid JSON', isError: true },
    ];
    await drain(adapter.stream(request({ messages, tools: [weatherTool] }), credentials(), never()));

    expect((sent()['messages'] as unknown[])[1]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'call_x', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] });
  });

  describe('a whole answer (`answer`: one JSON response, no stream)', () => {
    it('asks without a stream and yields the text, each tool call and the usage, in the stream’s order', async () => {
      emulator.script({ reply: 'Let me check.', toolCalls: [{ id: 'call_w', name: 'get_weather', arguments: { city: 'Paris' } }] });
      const { chunks, text, error } = await drain(adapter.answer(request({ tools: [weatherTool], maxOutputTokens: 40 }), credentials(), never()));

      expect(error).toBeUndefined();
      expect(emulator.requests[0]?.stream).toBe(false);
      expect(sent()).not.toHaveProperty('stream_options');
      expect(sent()[limitField]).toBe(40);
      expect(text).toBe('Let me check.');
      expect(toolCallsOf(chunks)).toEqual([{ id: 'call_w', name: 'get_weather', arguments: { city: 'Paris' } }]);
      expect(chunks.map((chunk) => chunk.type)).toEqual(['text', 'tool_call', 'finish', 'usage']);
      expect(chunks).toContainEqual({ type: 'finish', reason: 'tool_calls' });
      expect(chunks.at(-1)).toEqual({ type: 'usage', usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) } });
    });

    it('reports a refused key as the stream does', async () => {
      const { error } = await drain(adapter.answer(request(), { ...credentials(), apiKey: 'wrong-key' }, never()));
      expectProviderError(error, { provider: adapter.provider, code: 'invalid_credentials', retryable: false, status: 401 });
    });
  });
});
