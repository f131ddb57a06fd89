import { clockTool, drain, never, resetEmulator, weatherTool } from '../../../test/support/adapter-testing';
import { startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ChatMessage, ChatRequest } from '../capabilities';
import type { ProviderCredentials } from '../credentials';
import { AnthropicAdapter } from './anthropic.adapter';

/**
 * What the Anthropic adapter sends in the Messages API's own shapes, through the real `@anthropic-ai/sdk`
 * against the provider emulator. Streaming, tool calls, errors, timeouts and aborts are the chat adapter
 * contract's (chat-adapters.contract.spec.ts).
 */

const MODEL = 'claude-sonnet-4-6';
let emulator: ProviderEmulator;
const adapter = new AnthropicAdapter();

beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => resetEmulator(emulator));
afterAll(() => emulator.close());

const credentials = (): ProviderCredentials => ({ apiKey: 'test-key', baseUrl: emulator.anthropicBaseUrl, source: 'environment' });
const request = (overrides: Partial<ChatRequest> = {}): ChatRequest => ({ model: MODEL, messages: [{ role: 'user', content: 'hello there world' }], ...overrides });
const sent = (index = 0) => emulator.requests[index]?.body as Record<string, unknown>;

describe('AnthropicAdapter', () => {
  it('sends the system prompts joined as the top-level `system`, never as a message', async () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'second question' },
    ];
    await drain(adapter.stream(request({ messages }), credentials(), never()));

    expect(sent()['system']).toBe('Be brief.\n\nAnswer in French.');
    expect(sent()['messages']).toEqual([
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'second question' },
    ]);
  });

  it('always sends max_tokens (Anthropic requires it): the caller’s limit, else a default', async () => {
    await drain(adapter.stream(request({ maxOutputTokens: 3 }), credentials(), never()));
    await drain(adapter.stream(request(), credentials(), never()));

    expect(sent(0)['max_tokens']).toBe(3);
    expect(sent(1)['max_tokens']).toEqual(expect.any(Number));
  });

  it('sends temperature and top_p as the Messages API names them, only when set', async () => {
    await drain(adapter.stream(request({ temperature: 0.2 }), credentials(), never()));
    await drain(adapter.stream(request({ topP: 0.9 }), credentials(), never()));

    expect(sent(0)).toMatchObject({ temperature: 0.2 });
    expect(sent(0)).not.toHaveProperty('top_p');
    expect(sent(1)).toMatchObject({ top_p: 0.9 });
    expect(sent(1)).not.toHaveProperty('temperature');
  });

  it('sends the tools with their JSON schema as input_schema', async () => {
    await drain(adapter.stream(request({ tools: [weatherTool, clockTool] }), credentials(), never()));

    expect(sent()['tools']).toEqual([
      { name: 'get_weather', description: weatherTool.description, input_schema: weatherTool.parameters },
      { name: 'current_time', description: clockTool.description, input_schema: clockTool.parameters },
    ]);
  });

  it('sends tool calls as tool_use blocks and consecutive results as ONE user message of tool_result blocks', async () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'weather in Paris, and the time?' },
      {
        role: 'assistant',
        content: 'Checking.',
        toolCalls: [
          { id: 'toolu_a', name: 'get_weather', arguments: { city: 'Paris' } },
          { id: 'toolu_b', name: 'current_time', arguments: {} },
        ],
      },
      { role: 'tool', toolCallId: 'toolu_a', name: 'get_weather', content: 'Sunny, 21 °C' },
      { role: 'tool', toolCallId: 'toolu_b', name: 'current_time', content: 'clock unavailable', isError: true },
      { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_c', name: 'current_time', arguments: {} }] },
      { role: 'tool', toolCallId: 'toolu_c', name: 'current_time', content: '12:00' },
    ];
    await drain(adapter.stream(request({ messages, tools: [weatherTool, clockTool] }), credentials(), never()));

    expect(sent()['messages']).toEqual([
      { role: 'user', content: 'weather in Paris, and the time?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_b', name: 'current_time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_a', content: 'Sunny, 21 °C' },
          { type: 'tool_result', tool_use_id: 'toolu_b', content: 'clock unavailable', is_error: true },
        ],
      },
      // A bare tool call: no empty text block, which Anthropic refuses.
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_c', name: 'current_time', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_c', content: '12:00' }] },
    ]);
    expect(emulator.requests[0]?.outcome).toBe('completed');
  });
});
