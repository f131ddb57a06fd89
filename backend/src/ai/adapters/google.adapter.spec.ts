import { startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ChatChunk, ChatMessage, ChatRequest, ToolCall, ToolSpec } from '../capabilities';
import type { ProviderCredentials } from '../credentials';
import { ProviderError } from '../provider-error';
import { GoogleAdapter } from './google.adapter';

/** The Gemini adapter through the real `@google/genai` SDK, against the provider emulator. */

const MODEL = 'gemini-3.5-flash';
let emulator: ProviderEmulator;
const adapter = new GoogleAdapter();

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
const credentials = (apiKey = 'test-key'): ProviderCredentials => ({ apiKey, baseUrl: emulator.geminiBaseUrl, source: 'environment' });
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
  parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'], additionalProperties: false },
};
const clockTool: ToolSpec = { name: 'current_time', description: 'The time now.', parameters: { type: 'object', properties: {} } };
const toolCallsOf = (chunks: ChatChunk[]) => chunks.flatMap((chunk) => (chunk.type === 'tool_call' ? [chunk.call] : []));
const GEMINI_2 = 'gemini-2.5-flash';
type Body = { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>; tools?: unknown };

/** A first round that asked for two tools, answered: one result, one failure. */
function secondRound(calls: ToolCall[]): ChatMessage[] {
  return [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'weather in Paris, and the time?' },
    { role: 'assistant', content: 'Checking.', toolCalls: calls },
    { role: 'tool', toolCallId: calls[0]!.id, name: calls[0]!.name, content: 'Sunny, 21 °C' },
    { role: 'tool', toolCallId: calls[1]!.id, name: calls[1]!.name, content: 'clock unavailable', isError: true },
  ];
}

describe('GoogleAdapter tools', () => {
  it('sends the tools as functionDeclarations with their JSON schema, and none when there are none', async () => {
    await drain(adapter.stream(request({ tools: [weatherTool, clockTool] }), credentials(), never()));
    await drain(adapter.stream(request(), credentials(), never()));

    const [withTools, without] = emulator.requests;
    expect(withTools?.toolNames).toEqual(['get_weather', 'current_time']);
    expect((withTools?.body as Body).tools).toEqual([
      {
        functionDeclarations: [
          { name: 'get_weather', description: weatherTool.description, parametersJsonSchema: weatherTool.parameters },
          { name: 'current_time', description: clockTool.description, parametersJsonSchema: clockTool.parameters },
        ],
      },
    ]);
    expect(without?.body).not.toHaveProperty('tools');
  });

  it('turns function calls into tool calls, keeping the vendor id and generating one when Gemini sends none', async () => {
    emulator.script({
      reply: 'Let me check.',
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Paris', days: 3 } },
        { id: 'fc_t', name: 'current_time', arguments: {} },
      ],
    });
    const { chunks, text, error } = await drain(adapter.stream(request({ model: GEMINI_2, tools: [weatherTool, clockTool] }), credentials(), never()));

    expect(error).toBeUndefined();
    expect(text).toBe('Let me check.');
    const calls = toolCallsOf(chunks);
    expect(calls).toEqual([
      { id: expect.stringMatching(/^call_webox_[0-9a-f]{12}$/), name: 'get_weather', arguments: { city: 'Paris', days: 3 } },
      { id: 'fc_t', name: 'current_time', arguments: {} },
    ]);
    expect(chunks.map((chunk) => chunk.type)).toEqual(['text', 'text', 'text', 'tool_call', 'tool_call', 'usage']);
    // Generated ids differ from one answer to the next: the agent loop keys its steps by them.
    emulator.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    const again = toolCallsOf((await drain(adapter.stream(request({ tools: [weatherTool] }), credentials(), never()))).chunks);
    expect(again[0]?.id).not.toBe(calls[0]?.id);
  });

  it('sends calls back as model functionCall parts and results as ONE user content of functionResponse parts', async () => {
    const calls: ToolCall[] = [
      { id: 'call_webox_0123456789ab', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'fc_t', name: 'current_time', arguments: {} },
    ];
    // Gemini 2.5: no thought signatures to carry (see below for Gemini 3).
    await drain(adapter.stream(request({ model: GEMINI_2, messages: secondRound(calls), tools: [weatherTool, clockTool] }), credentials(), never()));

    const [logged] = emulator.requests;
    expect((logged?.body as Body).contents).toEqual([
      { role: 'user', parts: [{ text: 'weather in Paris, and the time?' }] },
      {
        role: 'model',
        // The id we generated means nothing to Gemini and is not sent; Gemini's own is.
        parts: [{ text: 'Checking.' }, { functionCall: { name: 'get_weather', args: { city: 'Paris' } } }, { functionCall: { id: 'fc_t', name: 'current_time', args: {} } }],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { output: 'Sunny, 21 °C' } } },
          { functionResponse: { id: 'fc_t', name: 'current_time', response: { error: 'clock unavailable' } } },
        ],
      },
    ]);
    expect(logged?.toolCalls).toEqual([
      { name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'fc_t', name: 'current_time', arguments: {} },
    ]);
    expect(logged?.toolResults).toEqual([
      { name: 'get_weather', text: 'Sunny, 21 °C' },
      { id: 'fc_t', name: 'current_time', text: 'clock unavailable', isError: true },
    ]);
    expect(logged?.outcome).toBe('completed');
  });

  describe('on Gemini 3, which refuses a replayed function call without its thought signature', () => {
    const GEMINI_3 = MODEL;

    it('keeps the signature of a call and sends it back on the call’s part', async () => {
      emulator.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }, { name: 'current_time', arguments: {} }] });
      const first = await drain(adapter.stream(request({ model: GEMINI_3, tools: [weatherTool, clockTool] }), credentials(), never()));
      const calls = toolCallsOf(first.chunks);
      // Like the real API, the emulator signs the first call of a step only.
      expect(calls[0]?.signature).toEqual(expect.any(String));
      expect(calls[1]).not.toHaveProperty('signature');

      const second = await drain(adapter.stream(request({ model: GEMINI_3, messages: secondRound(calls), tools: [weatherTool, clockTool] }), credentials(), never()));

      expect(second.error).toBeUndefined();
      const modelParts = (emulator.requests[1]?.body as Body).contents[1]?.parts;
      expect(modelParts?.[1]).toEqual({ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: calls[0]?.signature });
      expect(modelParts?.[2]).toEqual({ functionCall: { name: 'current_time', args: {} } });
      expect(emulator.requests[1]?.outcome).toBe('completed');
    });

    it('puts Google’s stand-in signature on a replayed step that has none, so the request is accepted', async () => {
      const unsigned: ToolCall[] = [
        { id: 'fc_w', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'fc_t', name: 'current_time', arguments: {} },
      ];
      const { error } = await drain(adapter.stream(request({ model: GEMINI_3, messages: secondRound(unsigned) }), credentials(), never()));

      expect(error).toBeUndefined();
      expect(emulator.requests[0]?.toolCalls.map((call) => call.signature)).toEqual(['skip_thought_signature_validator', undefined]);
    });

    it('sends no stand-in to older models, which do not check', async () => {
      const unsigned: ToolCall[] = [
        { id: 'fc_w', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'fc_t', name: 'current_time', arguments: {} },
      ];
      await drain(adapter.stream(request({ model: GEMINI_2, messages: secondRound(unsigned) }), credentials(), never()));

      expect(JSON.stringify(emulator.requests[0]?.body)).not.toContain('thoughtSignature');
    });
  });
});

describe('GoogleAdapter', () => {
  it('streams the text chunk by chunk and reports the usage metadata', async () => {
    const { chunks, text, error } = await drain(adapter.stream(request(), credentials(), never()));

    expect(error).toBeUndefined();
    expect(text).toBe(`Echo from ${MODEL}: hello there world`);
    expect(chunks.filter((chunk) => chunk.type === 'text').length).toBe(6);
    expect(chunks.filter((chunk) => chunk.type === 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 5, outputTokens: 6 } }]);
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({ vendor: 'gemini', model: MODEL, stream: true, keyMatched: true, outcome: 'completed' });
  });

  it('sends the system prompt as systemInstruction, assistant turns as role model, and the temperature', async () => {
    const messages: ChatRequest['messages'] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'second question' },
    ];
    await drain(adapter.stream(request({ messages, temperature: 0.2, maxOutputTokens: 40 }), credentials(), never()));

    const [logged] = emulator.requests;
    expect(logged?.system).toBe('Be brief.');
    expect(logged?.messages).toEqual([
      { role: 'user', text: 'first question' },
      { role: 'model', text: 'first answer' },
      { role: 'user', text: 'second question' },
    ]);
    const body = logged?.body as Record<string, Record<string, unknown>>;
    expect(JSON.stringify(body['systemInstruction'])).toContain('Be brief.');
    expect(body['generationConfig']).toMatchObject({ temperature: 0.2, maxOutputTokens: 40 });
  });

  it('sends no systemInstruction and no temperature when there are none', async () => {
    await drain(adapter.stream(request({ messages: [{ role: 'user', content: 'plain' }] }), credentials(), never()));

    const body = emulator.requests[0]?.body as Record<string, unknown>;
    expect(body).not.toHaveProperty('systemInstruction');
    expect((body['generationConfig'] as Record<string, unknown> | undefined)?.['temperature']).toBeUndefined();
  });

  it('maps a refused key (401) to invalid_credentials naming Google Gemini', async () => {
    const { error, chunks } = await drain(adapter.stream(request(), credentials('wrong-key'), never()));

    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'google', code: 'invalid_credentials', retryable: false, status: 401 });
    expect((error as Error).message).toContain('Google Gemini');
    expect(emulator.requests).toHaveLength(1);
  });

  it('maps 429 to rate_limited, retryable, with the SDK retries off', async () => {
    emulator.script({ failure: { type: 'status', status: 429 } });
    const { error } = await drain(adapter.stream(request(), credentials(), never()));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'google', code: 'rate_limited', retryable: true, status: 429 });
    expect(emulator.requests).toHaveLength(1);
  });

  it('maps 500 to unavailable, retryable', async () => {
    emulator.script({ failure: { type: 'status', status: 500 } });
    const { error } = await drain(adapter.stream(request(), credentials(), never()));

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'google', code: 'unavailable', retryable: true, status: 500 });
    expect(emulator.requests).toHaveLength(1);
  });

  it('fails with a ProviderError when the stream is cut mid-way, after the text that arrived', async () => {
    emulator.script({ failure: { type: 'cut', afterTokens: 2 } });
    const { error, text, chunks } = await drain(adapter.stream(request(), credentials(), never()));

    expect(text).toBe('Echo from');
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'google' });
    expect((error as Error).message).toContain('Google Gemini');
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

  it('ends an aborted stream with ProviderError aborted', async () => {
    const { error, chunks } = await abortMidway();

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'google', code: 'aborted', retryable: false });
    expect(chunks.filter((chunk) => chunk.type === 'usage')).toEqual([]);
  });
});
