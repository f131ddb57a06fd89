import { startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ChatChunk, ChatMessage, ChatRequest, ToolSpec } from '../capabilities';
import type { ProviderCredentials } from '../credentials';
import { ProviderError } from '../provider-error';
import { AnthropicAdapter } from './anthropic.adapter';

/** The Anthropic adapter through the real `@anthropic-ai/sdk`, against the provider emulator. */

const MODEL = 'claude-sonnet-4-6';
let emulator: ProviderEmulator;
const adapter = new AnthropicAdapter();

beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => {
  const unused = emulator.pendingScripts.length;
  emulator.reset();
  expect(unused).toBe(0);
});
afterAll(() => emulator.close());

async function drain(stream: AsyncIterable<ChatChunk>, onChunk?: (chunk: ChatChunk, index: number) => void): Promise<{ chunks: ChatChunk[]; text: string; error?: unknown }> {
  const chunks: ChatChunk[] = [];
  let error: unknown;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk);
      onChunk?.(chunk, chunks.length);
    }
  } catch (caught) {
    error = caught;
  }
  return { chunks, text: chunks.map((chunk) => (chunk.type === 'text' ? chunk.text : '')).join(''), error };
}

const never = () => new AbortController().signal;
const credentials = (apiKey = 'test-key'): ProviderCredentials => ({ apiKey, baseUrl: emulator.anthropicBaseUrl, source: 'environment' });
const request = (overrides: Partial<ChatRequest> = {}): ChatRequest => ({
  model: MODEL,
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'hello there world' },
  ],
  ...overrides,
});

const weatherTool: ToolSpec = {
  name: 'get_weather',
  description: 'The weather forecast for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] },
};
const clockTool: ToolSpec = { name: 'current_time', description: 'The time now.', parameters: { type: 'object', properties: {} } };
const toolCallsOf = (chunks: ChatChunk[]) => chunks.flatMap((chunk) => (chunk.type === 'tool_call' ? [chunk.call] : []));

describe('AnthropicAdapter tools', () => {
  it('sends the tools with input_schema, and no tools field when there are none', async () => {
    await drain(adapter.stream(request({ tools: [weatherTool, clockTool] }), credentials(), never()));
    await drain(adapter.stream(request(), credentials(), never()));

    const [withTools, without] = emulator.requests;
    expect(withTools?.toolNames).toEqual(['get_weather', 'current_time']);
    expect((withTools?.body as Record<string, unknown>)['tools']).toEqual([
      { name: 'get_weather', description: weatherTool.description, input_schema: weatherTool.parameters },
      { name: 'current_time', description: clockTool.description, input_schema: clockTool.parameters },
    ]);
    expect(without?.body).not.toHaveProperty('tools');
  });

  it('assembles two tool_use blocks from their input_json_delta pieces, each complete at its block stop', async () => {
    emulator.script({
      reply: 'Let me check.',
      toolCalls: [
        { id: 'toolu_w', name: 'get_weather', arguments: { city: 'Paris', days: 3 } },
        { id: 'toolu_t', name: 'current_time', arguments: {} },
      ],
    });
    const { chunks, text, error } = await drain(adapter.stream(request({ tools: [weatherTool, clockTool] }), credentials(), never()));

    expect(error).toBeUndefined();
    expect(text).toBe('Let me check.');
    expect(toolCallsOf(chunks)).toEqual([
      { id: 'toolu_w', name: 'get_weather', arguments: { city: 'Paris', days: 3 } },
      { id: 'toolu_t', name: 'current_time', arguments: {} },
    ]);
    expect(chunks.map((chunk) => chunk.type)).toEqual(['text', 'text', 'text', 'tool_call', 'tool_call', 'usage']);
  });

  it('keeps input that is not JSON as invalidArguments, with empty arguments', async () => {
    emulator.script({ toolCalls: [{ id: 'toolu_bad', name: 'get_weather', arguments: '{"city": "Par' }] });
    const { chunks, error } = await drain(adapter.stream(request({ tools: [weatherTool] }), credentials(), never()));

    expect(error).toBeUndefined();
    expect(toolCallsOf(chunks)).toEqual([{ id: 'toolu_bad', name: 'get_weather', arguments: {}, invalidArguments: '{"city": "Par' }]);
  });

  it('yields no half-assembled call when the stream is cut inside its input', async () => {
    emulator.script({ toolCalls: [{ id: 'toolu_w', name: 'get_weather', arguments: { city: 'Paris', days: 3 } }], failure: { type: 'cut', afterTokens: 2 } });
    const { chunks, error } = await drain(adapter.stream(request({ tools: [weatherTool] }), credentials(), never()));

    expect(error).toBeInstanceOf(ProviderError);
    expect(toolCallsOf(chunks)).toEqual([]);
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

    const [logged] = emulator.requests;
    expect((logged?.body as Record<string, unknown>)['messages']).toEqual([
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
    expect(logged?.toolCalls.map((call) => call.id)).toEqual(['toolu_a', 'toolu_b', 'toolu_c']);
    expect(logged?.toolResults).toEqual([
      { id: 'toolu_a', text: 'Sunny, 21 °C' },
      { id: 'toolu_b', text: 'clock unavailable', isError: true },
      { id: 'toolu_c', text: '12:00' },
    ]);
    expect(logged?.outcome).toBe('completed');
  });
});

describe('AnthropicAdapter', () => {
  it('streams the text word by word and reports the usage from message_start and message_delta', async () => {
    const { chunks, text, error } = await drain(adapter.stream(request(), credentials(), never()));

    expect(error).toBeUndefined();
    expect(text).toBe(`Echo from ${MODEL}: hello there world`);
    expect(chunks.filter((chunk) => chunk.type === 'text').length).toBe(6);
    expect(chunks.filter((chunk) => chunk.type === 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 5, outputTokens: 6 } }]);
    expect(chunks.at(-1)?.type).toBe('usage');
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({ vendor: 'anthropic', model: MODEL, stream: true, keyMatched: true, outcome: 'completed' });
  });

  it('sends the system prompt as the top-level `system`, never as a message, with the temperature', async () => {
    const messages: ChatRequest['messages'] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'second question' },
    ];
    await drain(adapter.stream(request({ messages, temperature: 0.7 }), credentials(), never()));

    const [logged] = emulator.requests;
    expect(logged?.system).toBe('Be brief.\n\nAnswer in French.');
    const body = logged?.body as Record<string, unknown>;
    expect(body['system']).toBe('Be brief.\n\nAnswer in French.');
    expect(body['messages']).toEqual([
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'second question' },
    ]);
    expect(body['temperature']).toBe(0.7);
  });

  it('always sends max_tokens (required by Anthropic): the caller limit, else a default', async () => {
    await drain(adapter.stream(request({ maxOutputTokens: 3 }), credentials(), never()));
    await drain(adapter.stream(request({ messages: [{ role: 'user', content: 'no system here' }] }), credentials(), never()));

    expect((emulator.requests[0]?.body as Record<string, unknown>)['max_tokens']).toBe(3);
    const second = emulator.requests[1]?.body as Record<string, unknown>;
    expect(second['max_tokens']).toEqual(expect.any(Number));
    expect(second).not.toHaveProperty('system');
    expect(second).not.toHaveProperty('temperature');
  });

  it('maps a refused key (401) to invalid_credentials naming Anthropic', async () => {
    const { error, chunks } = await drain(adapter.stream(request(), credentials('wrong-key'), never()));

    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'anthropic', code: 'invalid_credentials', retryable: false, status: 401 });
    expect((error as Error).message).toContain('Anthropic');
    expect(emulator.requests).toHaveLength(1);
  });

  it('maps 429 to rate_limited, retryable, without retrying itself', async () => {
    emulator.script({ failure: { type: 'status', status: 429 } });
    const { error } = await drain(adapter.stream(request(), credentials(), never()));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'anthropic', code: 'rate_limited', retryable: true, status: 429 });
    expect(emulator.requests).toHaveLength(1);
  });

  it('maps 500 to unavailable, retryable', async () => {
    emulator.script({ failure: { type: 'status', status: 500 } });
    const { error } = await drain(adapter.stream(request(), credentials(), never()));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'anthropic', code: 'unavailable', retryable: true, status: 500 });
    expect(emulator.requests).toHaveLength(1);
  });

  it('fails with a ProviderError when the stream is cut mid-way, after the text that arrived', async () => {
    emulator.script({ failure: { type: 'cut', afterTokens: 2 } });
    const { error, text, chunks } = await drain(adapter.stream(request(), credentials(), never()));

    expect(text).toBe('Echo from');
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'anthropic' });
    expect((error as Error).message).toContain('Anthropic');
    expect(chunks.filter((chunk) => chunk.type === 'usage')).toEqual([]);
    expect((await emulator.waitForEnd(0)).outcome).toBe('cut');
  });

  async function abortMidway() {
    emulator.script({ tokensPerSecond: 20 });
    const controller = new AbortController();
    let abortedAt = 0;
    const result = await drain(adapter.stream(request(), credentials(), controller.signal), (_chunk, count) => {
      if (count === 2) {
        abortedAt = Date.now();
        controller.abort();
      }
    });
    return { ...result, abortedAt };
  }

  it('closes the upstream request within a second of an abort', async () => {
    const { text, abortedAt } = await abortMidway();

    const logged = await emulator.waitForAbort(0, 1000);
    expect(logged.abortedAt! - abortedAt).toBeLessThan(1000);
    expect(logged.tokensSent).toBeLessThan(6);
    expect(text).toBe('Echo from');
  });

  it('ends an aborted stream with ProviderError aborted, not with a usage chunk as if the answer were complete', async () => {
    const { error, chunks } = await abortMidway();

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'anthropic', code: 'aborted', retryable: false });
    expect(chunks.filter((chunk) => chunk.type === 'usage')).toEqual([]);
  });
});
