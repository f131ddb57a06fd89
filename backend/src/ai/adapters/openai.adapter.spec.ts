import { startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ChatChunk, ChatMessage, ChatRequest, ToolSpec } from '../capabilities';
import type { ProviderCredentials } from '../credentials';
import { ProviderError } from '../provider-error';
import { OpenAIAdapter, OpenAICompatibleAdapter } from './openai.adapter';

/** The OpenAI adapter and its OpenAI-compatible variant, through the real `openai` SDK, against the provider emulator. */

let emulator: ProviderEmulator;
beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => {
  const unused = emulator.pendingScripts.length;
  emulator.reset();
  expect(unused).toBe(0);
});
afterAll(() => emulator.close());

/** Drains a stream, keeping what arrived before an error. */
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
  const text = chunks.map((chunk) => (chunk.type === 'text' ? chunk.text : '')).join('');
  return { chunks, text, error };
}

const never = () => new AbortController().signal;

const weatherTool: ToolSpec = {
  name: 'get_weather',
  description: 'The weather forecast for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] },
};
const clockTool: ToolSpec = { name: 'current_time', description: 'The time now.', parameters: { type: 'object', properties: {} } };
const toolCallsOf = (chunks: ChatChunk[]) => chunks.flatMap((chunk) => (chunk.type === 'tool_call' ? [chunk.call] : []));

/** A first round that asked for two tools, answered: one result, one failure. */
const secondRound: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'weather in Paris, and the time?' },
  {
    role: 'assistant',
    content: 'Checking.',
    toolCalls: [
      { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'call_b', name: 'current_time', arguments: {} },
    ],
  },
  { role: 'tool', toolCallId: 'call_a', name: 'get_weather', content: 'Sunny, 21 °C' },
  { role: 'tool', toolCallId: 'call_b', name: 'current_time', content: 'clock unavailable', isError: true },
];

describe.each([
  { label: 'OpenAI', provider: 'openai', make: () => new OpenAIAdapter(), model: 'gpt-5.4', limitField: 'max_completion_tokens', otherLimitField: 'max_tokens' },
  { label: 'OpenAI-compatible endpoint', provider: 'openai-compatible', make: () => new OpenAICompatibleAdapter(), model: 'llama3.2', limitField: 'max_tokens', otherLimitField: 'max_completion_tokens' },
] as const)('$label adapter', ({ label, provider, make, model, limitField, otherLimitField }) => {
  const adapter = make();
  const credentials = (apiKey = 'test-key'): ProviderCredentials => ({ apiKey, baseUrl: emulator.openaiBaseUrl, source: 'environment' });
  const request = (overrides: Partial<ChatRequest> = {}): ChatRequest => ({
    model,
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hello there world' },
    ],
    ...overrides,
  });

  it('names its provider', () => {
    expect(adapter.provider).toBe(provider);
  });

  it('streams the text word by word and reports the usage', async () => {
    const { chunks, text, error } = await drain(adapter.stream(request(), credentials(), never()));

    expect(error).toBeUndefined();
    expect(text).toBe(`Echo from ${model}: hello there world`);
    expect(chunks.filter((chunk) => chunk.type === 'text').length).toBe(6);
    // Emulator: prompt = words of the system prompt and every message; completion = words produced.
    expect(chunks.filter((chunk) => chunk.type === 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 5, outputTokens: 6 } }]);
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({ vendor: 'openai', model, stream: true, keyMatched: true, outcome: 'completed' });
  });

  it('sends the system prompt as a system message, and the temperature and output limit', async () => {
    await drain(adapter.stream(request({ temperature: 0.3, maxOutputTokens: 50 }), credentials(), never()));

    const [logged] = emulator.requests;
    expect(logged?.system).toBe('Be brief.');
    expect(logged?.messages).toEqual([{ role: 'user', text: 'hello there world' }]);
    const body = logged?.body as Record<string, unknown>;
    expect(body['messages']).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hello there world' },
    ]);
    expect(body['temperature']).toBe(0.3);
    expect(body[limitField]).toBe(50);
    expect(body).not.toHaveProperty(otherLimitField);
    expect(body['stream_options']).toEqual({ include_usage: true });
  });

  it('sends the tools as functions, and no tools field when there are none', async () => {
    await drain(adapter.stream(request({ tools: [weatherTool, clockTool] }), credentials(), never()));
    await drain(adapter.stream(request({ tools: [] }), credentials(), never()));

    const [withTools, without] = emulator.requests;
    expect(withTools?.toolNames).toEqual(['get_weather', 'current_time']);
    expect((withTools?.body as Record<string, unknown>)['tools']).toEqual([
      { type: 'function', function: { name: 'get_weather', description: weatherTool.description, parameters: weatherTool.parameters } },
      { type: 'function', function: { name: 'current_time', description: clockTool.description, parameters: clockTool.parameters } },
    ]);
    expect(without?.body).not.toHaveProperty('tools');
  });

  it('assembles two streamed tool calls from their pieces, after the text, before the usage', async () => {
    emulator.script({
      reply: 'Let me check.',
      toolCalls: [
        { id: 'call_w', name: 'get_weather', arguments: { city: 'Paris', days: 3 } },
        { id: 'call_t', name: 'current_time', arguments: {} },
      ],
    });
    const { chunks, text, error } = await drain(adapter.stream(request({ tools: [weatherTool, clockTool] }), credentials(), never()));

    expect(error).toBeUndefined();
    expect(text).toBe('Let me check.');
    // The emulator sends arguments in 8-character pieces: `{"city":"Paris","days":3}` is four of them.
    expect(toolCallsOf(chunks)).toEqual([
      { id: 'call_w', name: 'get_weather', arguments: { city: 'Paris', days: 3 } },
      { id: 'call_t', name: 'current_time', arguments: {} },
    ]);
    expect(chunks.map((chunk) => chunk.type)).toEqual(['text', 'text', 'text', 'tool_call', 'tool_call', 'usage']);
    expect(emulator.requests[0]?.outcome).toBe('completed');
  });

  it('keeps arguments that are not JSON as invalidArguments, with empty arguments', async () => {
    emulator.script({ toolCalls: [{ id: 'call_bad', name: 'get_weather', arguments: '{"city": "Par' }] });
    const { chunks, error } = await drain(adapter.stream(request({ tools: [weatherTool] }), credentials(), never()));

    expect(error).toBeUndefined();
    expect(toolCallsOf(chunks)).toEqual([{ id: 'call_bad', name: 'get_weather', arguments: {}, invalidArguments: '{"city": "Par' }]);
  });

  it('sends the tool calls and their results back natively: tool_calls, then role tool with tool_call_id', async () => {
    await drain(adapter.stream(request({ messages: secondRound, tools: [weatherTool, clockTool] }), credentials(), never()));

    const [logged] = emulator.requests;
    expect((logged?.body as Record<string, unknown>)['messages']).toEqual([
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
    expect(logged?.toolCalls).toEqual([
      { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'call_b', name: 'current_time', arguments: {} },
    ]);
    expect(logged?.toolResults).toEqual([
      { id: 'call_a', text: 'Sunny, 21 °C' },
      { id: 'call_b', text: 'Error: clock unavailable' },
    ]);
  });

  it('replays a bare tool call with null content, and arguments that were not JSON as {}', async () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_x', name: 'get_weather', arguments: {}, invalidArguments: '{"city": "Par' }] },
      { role: 'tool', toolCallId: 'call_x', name: 'get_weather', content: 'arguments were not valid JSON', isError: true },
    ];
    await drain(adapter.stream(request({ messages, tools: [weatherTool] }), credentials(), never()));

    const sent = (emulator.requests[0]?.body as { messages: unknown[] }).messages;
    expect(sent[1]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'call_x', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] });
  });

  it('sends no temperature when none is set', async () => {
    await drain(adapter.stream(request(), credentials(), never()));
    expect(emulator.requests[0]?.body).not.toHaveProperty('temperature');
  });

  it('maps a refused key (401) to invalid_credentials naming the provider, without retrying', async () => {
    const { error, chunks } = await drain(adapter.stream(request(), credentials('wrong-key'), never()));

    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider, code: 'invalid_credentials', retryable: false, status: 401 });
    expect((error as Error).message).toContain(label);
    expect(emulator.requests).toHaveLength(1);
  });

  it('maps 429 to rate_limited, retryable, and leaves the retry to the registry', async () => {
    emulator.script({ failure: { type: 'status', status: 429 } });
    const { error } = await drain(adapter.stream(request(), credentials(), never()));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider, code: 'rate_limited', retryable: true, status: 429 });
    expect((error as Error).message).toContain(label);
    expect(emulator.requests).toHaveLength(1);
  });

  it('maps 500 to unavailable, retryable', async () => {
    emulator.script({ failure: { type: 'status', status: 500 } });
    const { error } = await drain(adapter.stream(request(), credentials(), never()));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider, code: 'unavailable', retryable: true, status: 500 });
    expect(emulator.requests).toHaveLength(1);
  });

  it('fails with a ProviderError when the stream is cut mid-way, after the text that arrived', async () => {
    emulator.script({ failure: { type: 'cut', afterTokens: 2 } });
    const { error, text } = await drain(adapter.stream(request(), credentials(), never()));

    expect(text).toBe('Echo from');
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider });
    expect((error as Error).message).toContain(label);
    expect((await emulator.waitForEnd(0)).outcome).toBe('cut');
  });

  it('yields no half-assembled call when the stream is cut inside its arguments', async () => {
    emulator.script({ toolCalls: [{ id: 'call_w', name: 'get_weather', arguments: { city: 'Paris', days: 3 } }], failure: { type: 'cut', afterTokens: 2 } });
    const { chunks, error } = await drain(adapter.stream(request({ tools: [weatherTool] }), credentials(), never()));

    expect(error).toBeInstanceOf(ProviderError);
    expect(toolCallsOf(chunks)).toEqual([]);
  });

  /** Streams slowly, aborts after the second chunk, and returns what the adapter did. */
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

  it('ends an aborted stream with ProviderError aborted, not as if the answer were complete', async () => {
    const { error, chunks } = await abortMidway();

    // Ending normally makes the chat service store the cut answer as `complete` (see chat.e2e-spec abort test).
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider, code: 'aborted', retryable: false });
    expect(chunks.filter((chunk) => chunk.type === 'usage')).toEqual([]);
  });
});
