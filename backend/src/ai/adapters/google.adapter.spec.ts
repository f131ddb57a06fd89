import { chatRequest, clockTool, drain, never, resetEmulator, secondRound, toolCallsOf, weatherTool } from '../../../test/support/adapter-testing';
import { startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ChatRequest, ToolCall } from '../capabilities';
import type { ProviderCredentials } from '../credentials';
import { GoogleAdapter } from './google.adapter';

/**
 * What the Gemini adapter sends and reads in Gemini's own shapes, thought signatures included, through the
 * real `@google/genai` SDK against the provider emulator. Streaming, tool calls, errors and aborts are the
 * chat adapter contract's (chat-adapters.contract.spec.ts).
 */

const GEMINI_3 = 'gemini-3.5-flash';
const GEMINI_2 = 'gemini-2.5-flash';
let emulator: ProviderEmulator;
const adapter = new GoogleAdapter();

beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => resetEmulator(emulator));
afterAll(() => emulator.close());

const credentials = (): ProviderCredentials => ({ apiKey: 'test-key', baseUrl: emulator.geminiBaseUrl, source: 'environment' });
const request = (overrides: Partial<ChatRequest> = {}) => chatRequest(GEMINI_2, overrides);
type Body = { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>; tools?: unknown; systemInstruction?: unknown };
const sent = (index = 0) => emulator.requests[index]?.body as Body;

describe('GoogleAdapter', () => {
  it('sends the system prompt as systemInstruction and assistant turns as role model', async () => {
    const messages: ChatRequest['messages'] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'second question' },
    ];
    await drain(adapter.stream(request({ model: GEMINI_3, messages }), credentials(), never()));

    expect(JSON.stringify(sent().systemInstruction)).toContain('Be brief.');
    expect(emulator.requests[0]?.messages).toEqual([
      { role: 'user', text: 'first question' },
      { role: 'model', text: 'first answer' },
      { role: 'user', text: 'second question' },
    ]);
  });

  it('sends temperature, topP and maxOutputTokens in generationConfig', async () => {
    await drain(adapter.stream(request({ temperature: 0.5, topP: 0.7, maxOutputTokens: 64 }), credentials(), never()));

    expect((sent() as unknown as { generationConfig: unknown }).generationConfig).toMatchObject({ temperature: 0.5, topP: 0.7, maxOutputTokens: 64 });
  });

  it('sends the tools as functionDeclarations with their JSON schema', async () => {
    const strict = { ...weatherTool, parameters: { ...weatherTool.parameters, additionalProperties: false } };
    await drain(adapter.stream(request({ tools: [strict, clockTool] }), credentials(), never()));

    expect(sent().tools).toEqual([
      {
        functionDeclarations: [
          { name: 'get_weather', description: weatherTool.description, parametersJsonSchema: strict.parameters },
          { name: 'current_time', description: clockTool.description, parametersJsonSchema: clockTool.parameters },
        ],
      },
    ]);
  });

  it('gives a call Gemini sent without an id one of its own, unique from one answer to the next', async () => {
    emulator.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris', days: 3 } }, { id: 'fc_t', name: 'current_time', arguments: {} }] });
    const calls = toolCallsOf((await drain(adapter.stream(request({ tools: [weatherTool, clockTool] }), credentials(), never()))).chunks);

    expect(calls).toEqual([
      { id: expect.stringMatching(/^call_webox_[0-9a-f]{12}$/), name: 'get_weather', arguments: { city: 'Paris', days: 3 } },
      { id: 'fc_t', name: 'current_time', arguments: {} },
    ]);
    // The agent loop keys its steps by call id.
    emulator.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    const again = toolCallsOf((await drain(adapter.stream(request({ tools: [weatherTool] }), credentials(), never()))).chunks);
    expect(again[0]?.id).not.toBe(calls[0]?.id);
  });

  it('sends calls back as model functionCall parts and results as ONE user content of functionResponse parts, without the ids Webox made up', async () => {
    const calls: ToolCall[] = [
      { id: 'call_webox_0123456789ab', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'fc_t', name: 'current_time', arguments: {} },
    ];
    await drain(adapter.stream(request({ messages: secondRound(calls), tools: [weatherTool, clockTool] }), credentials(), never()));

    expect(sent().contents).toEqual([
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
    expect(emulator.requests[0]?.outcome).toBe('completed');
  });

  describe('on Gemini 3, which refuses a replayed function call without its thought signature', () => {
    const unsigned: ToolCall[] = [
      { id: 'fc_w', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'fc_t', name: 'current_time', arguments: {} },
    ];

    it('keeps the signature of a call and sends it back on the call’s part', async () => {
      emulator.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }, { name: 'current_time', arguments: {} }] });
      const first = await drain(adapter.stream(request({ model: GEMINI_3, tools: [weatherTool, clockTool] }), credentials(), never()));
      const calls = toolCallsOf(first.chunks);
      // Like the real API, the emulator signs the first call of a step only.
      expect(calls[0]?.signature).toEqual(expect.any(String));
      expect(calls[1]).not.toHaveProperty('signature');

      const second = await drain(adapter.stream(request({ model: GEMINI_3, messages: secondRound(calls), tools: [weatherTool, clockTool] }), credentials(), never()));

      expect(second.error).toBeUndefined();
      const modelParts = sent(1).contents[1]?.parts;
      expect(modelParts?.[1]).toEqual({ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: calls[0]?.signature });
      expect(modelParts?.[2]).toEqual({ functionCall: { name: 'current_time', args: {} } });
      expect(emulator.requests[1]?.outcome).toBe('completed');
    });

    it('puts Google’s stand-in signature on a replayed step that has none, so the request is accepted', async () => {
      const { error } = await drain(adapter.stream(request({ model: GEMINI_3, messages: secondRound(unsigned) }), credentials(), never()));

      expect(error).toBeUndefined();
      expect(emulator.requests[0]?.toolCalls.map((call) => call.signature)).toEqual(['skip_thought_signature_validator', undefined]);
    });

    it('sends no stand-in to older models, which do not check', async () => {
      await drain(adapter.stream(request({ model: GEMINI_2, messages: secondRound(unsigned) }), credentials(), never()));

      expect(JSON.stringify(emulator.requests[0]?.body)).not.toContain('thoughtSignature');
    });
  });
});
