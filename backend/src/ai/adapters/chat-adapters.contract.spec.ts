import { chatRequest, clockTool, closedBaseUrl, drain, expectProviderError, never, resetEmulator, RETRYABLE_STATUSES, secondRound, toolCallsOf, weatherTool } from '../../../test/support/adapter-testing';
import { startProviderEmulator, type ProviderEmulator, type RecordedToolResult, type Vendor } from '../../../test/support/provider-emulator';
import type { ChatMessage, ChatModelProvider, ChatProviderId, ChatRequest } from '../capabilities';
import type { ProviderCredentials } from '../credentials';
import { ProviderError } from '../provider-error';
import { AnthropicAdapter } from './anthropic.adapter';
import { GoogleAdapter } from './google.adapter';
import { LocalAdapter } from './local.adapter';
import { OpenAIAdapter, OpenAICompatibleAdapter } from './openai.adapter';

/**
 * The chat adapter contract: what every chat vendor's adapter does the same way, run against each
 * one — the four vendors through the provider emulator with their real SDKs, and the offline local
 * adapter for what does not need a vendor. What is one vendor's own (the exact wire shapes, Gemini's
 * thought signatures, Anthropic's tool results in one user turn...) is in that vendor's spec.
 */

/** How a vendor speaks on the wire, for the cases that go through the emulator. */
interface Wire {
  vendor: Vendor;
  baseUrl: (emulator: ProviderEmulator) => string;
  /** The temperature and output limit as this vendor's request carries them. */
  settings: (body: Record<string, unknown>) => { temperature?: unknown; maxOutputTokens?: unknown };
  /** Streams tool arguments as text in pieces (so they can be cut, or broken JSON); Gemini sends each call whole. */
  streamsArgumentText: boolean;
  /** The standard second round's results as the vendor received them, read back from its native form. */
  resultsSent: RecordedToolResult[];
  /** The adapter gives up waiting for a vendor that does not answer (`make(timeoutMs)`). */
  timesOut: boolean;
  /** How the vendor carries an image in a user message. */
  imageForm: 'image_url' | 'image' | 'inlineData';
}

interface ChatVendor {
  provider: ChatProviderId;
  make: (timeoutMs?: number) => ChatModelProvider;
  model: string;
  wire?: Wire;
}

const VENDORS: ChatVendor[] = [
  {
    provider: 'openai',
    make: (timeoutMs) => new OpenAIAdapter(timeoutMs),
    model: 'gpt-5.4',
    wire: {
      vendor: 'openai',
      baseUrl: (emulator) => emulator.openaiBaseUrl,
      settings: (sent) => ({ temperature: sent['temperature'], maxOutputTokens: sent['max_completion_tokens'] }),
      streamsArgumentText: true,
      // No error flag in Chat Completions: the text says it.
      resultsSent: [
        { id: 'call_a', text: 'Sunny, 21 °C' },
        { id: 'call_b', text: 'Error: clock unavailable' },
      ],
      timesOut: true,
      imageForm: 'image_url',
    },
  },
  {
    provider: 'openai-compatible',
    make: (timeoutMs) => new OpenAICompatibleAdapter(timeoutMs),
    model: 'llama3.2',
    wire: {
      vendor: 'openai',
      baseUrl: (emulator) => emulator.openaiBaseUrl,
      settings: (sent) => ({ temperature: sent['temperature'], maxOutputTokens: sent['max_tokens'] }),
      streamsArgumentText: true,
      resultsSent: [
        { id: 'call_a', text: 'Sunny, 21 °C' },
        { id: 'call_b', text: 'Error: clock unavailable' },
      ],
      timesOut: true,
      imageForm: 'image_url',
    },
  },
  {
    provider: 'anthropic',
    make: (timeoutMs) => new AnthropicAdapter(timeoutMs),
    model: 'claude-sonnet-4-6',
    wire: {
      vendor: 'anthropic',
      baseUrl: (emulator) => emulator.anthropicBaseUrl,
      settings: (sent) => ({ temperature: sent['temperature'], maxOutputTokens: sent['max_tokens'] }),
      streamsArgumentText: true,
      resultsSent: [
        { id: 'call_a', text: 'Sunny, 21 °C' },
        { id: 'call_b', text: 'clock unavailable', isError: true },
      ],
      timesOut: true,
      imageForm: 'image',
    },
  },
  {
    provider: 'google',
    make: () => new GoogleAdapter(),
    // Gemini 2.5: no thought signatures here (google.adapter.spec covers Gemini 3's).
    model: 'gemini-2.5-flash',
    wire: {
      vendor: 'gemini',
      baseUrl: (emulator) => emulator.geminiBaseUrl,
      settings: (sent) => {
        const config = (sent['generationConfig'] ?? {}) as Record<string, unknown>;
        return { temperature: config['temperature'], maxOutputTokens: config['maxOutputTokens'] };
      },
      streamsArgumentText: false,
      resultsSent: [
        { id: 'call_a', name: 'get_weather', text: 'Sunny, 21 °C' },
        { id: 'call_b', name: 'current_time', text: 'clock unavailable', isError: true },
      ],
      // No client timeout: the SDK's would also cut a long answer mid-stream (its timer runs until the body
      // ends), so the adapter sets none and a Gemini request that never answers waits for the caller's signal.
      timesOut: false,
      imageForm: 'inlineData',
    },
  },
  { provider: 'local', make: () => new LocalAdapter(0), model: 'webox-mini' },
];

let emulator: ProviderEmulator;
beforeAll(async () => (emulator = await startProviderEmulator()));
afterEach(() => resetEmulator(emulator));
afterAll(() => emulator.close());

describe.each(VENDORS)('chat adapter contract: $provider', ({ provider, make, model, wire }) => {
  const adapter = make();
  const credentials = (apiKey = 'test-key'): ProviderCredentials => (wire ? { apiKey, baseUrl: wire.baseUrl(emulator), source: 'environment' } : { apiKey: 'offline', source: 'none' });
  const request = (overrides: Partial<ChatRequest> = {}) => chatRequest(model, overrides);
  const sent = (index = 0) => emulator.requests[index]?.body as Record<string, unknown>;

  /** Streams slowly, aborts after the second chunk, and says when. */
  async function abortMidway() {
    if (wire) emulator.script({ tokensPerSecond: 20 });
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

  it('names its provider', () => {
    expect(adapter.provider).toBe(provider);
  });

  it('streams the text in several pieces, then the usage, once and last', async () => {
    const { chunks, error } = await drain(adapter.stream(request(), credentials(), never()));

    expect(error).toBeUndefined();
    expect(chunks.filter((chunk) => chunk.type === 'text').length).toBeGreaterThan(1);
    expect(chunks.filter((chunk) => chunk.type === 'usage')).toHaveLength(1);
    expect(chunks.at(-1)).toEqual({ type: 'usage', usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) } });
  });

  it('ends a stream aborted midway with ProviderError aborted, not retryable, and no usage as if it were complete', async () => {
    const { error, chunks } = await abortMidway();

    // Ending normally would make the chat service store the cut answer as `complete` (chat.e2e-spec's abort test).
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider, code: 'aborted', retryable: false });
    expect(chunks.filter((chunk) => chunk.type === 'text')).toHaveLength(2);
    expect(chunks.filter((chunk) => chunk.type === 'usage')).toEqual([]);
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { chunks, error } = await drain(adapter.stream(request(), credentials(), controller.signal));

    expect(chunks).toEqual([]);
    expect(error).toMatchObject({ provider, code: 'aborted', retryable: false });
    expect(emulator.requests).toEqual([]);
  });

  if (!wire) return;

  describe('through the emulator, with the vendor’s SDK', () => {
    it('sends the images of a user message in the vendor’s own form, and the model sees them', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      const messages: ChatMessage[] = [{ role: 'user', content: 'What is this?', images: [{ mimeType: 'image/png', data: png }] }];
      const { text, error } = await drain(adapter.stream(request({ messages }), credentials(), never()));

      expect(error).toBeUndefined();
      expect(emulator.requests[0]?.messages.at(-1)).toEqual({ role: 'user', text: 'What is this?', images: [{ form: wire.imageForm, mimeType: 'image/png', bytes: png.length }] });
      expect(text).toContain(`I see an image of ${png.length} bytes, image/png. What is this?`);
    });

    it('streams the words as the vendor sent them and reports the tokens the vendor counted', async () => {
      const { chunks, text } = await drain(adapter.stream(request(), credentials(), never()));

      expect(text).toBe(`Echo from ${model}: hello there world`);
      expect(chunks.filter((chunk) => chunk.type === 'text')).toHaveLength(6);
      // Emulator: prompt = words of the system prompt and every message; completion = words produced.
      expect(chunks.at(-1)).toEqual({ type: 'usage', usage: { inputTokens: 5, outputTokens: 6 } });
      expect(emulator.requests).toHaveLength(1);
      expect(emulator.requests[0]).toMatchObject({ vendor: wire.vendor, model, stream: true, keyMatched: true, outcome: 'completed' });
    });

    it('sends the system prompt where the vendor takes it, the temperature and the output limit, and none of them when unset', async () => {
      await drain(adapter.stream(request({ temperature: 0.3, maxOutputTokens: 50 }), credentials(), never()));
      await drain(adapter.stream(request({ messages: [{ role: 'user', content: 'plain' }] }), credentials(), never()));

      expect(emulator.requests[0]?.system).toBe('Be brief.');
      expect(emulator.requests[0]?.messages).toEqual([{ role: 'user', text: 'hello there world' }]);
      expect(wire.settings(sent(0))).toEqual({ temperature: 0.3, maxOutputTokens: 50 });
      expect(emulator.requests[1]?.system).toBeUndefined();
      expect(wire.settings(sent(1)).temperature).toBeUndefined();
    });

    it('offers the tools, and sends no tools field when there are none', async () => {
      await drain(adapter.stream(request({ tools: [weatherTool, clockTool] }), credentials(), never()));
      await drain(adapter.stream(request({ tools: [] }), credentials(), never()));

      expect(emulator.requests[0]?.toolNames).toEqual(['get_weather', 'current_time']);
      expect(sent(1)).not.toHaveProperty('tools');
    });

    it('yields each tool call once complete, after the text and before the usage', async () => {
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
      // OpenAI and Anthropic stream the arguments in 8-character pieces: `{"city":"Paris","days":3}` is four.
      expect(toolCallsOf(chunks)).toEqual([
        { id: 'call_w', name: 'get_weather', arguments: { city: 'Paris', days: 3 } },
        { id: 'call_t', name: 'current_time', arguments: {} },
      ]);
      expect(chunks.map((chunk) => chunk.type)).toEqual(['text', 'text', 'text', 'tool_call', 'tool_call', 'finish', 'usage']);
      expect(emulator.requests[0]?.outcome).toBe('completed');
    });

    it('says when the reply stopped at its length limit, and when it did not', async () => {
      emulator.script({ reply: 'one two three four five six seven eight' });
      const cut = await drain(adapter.stream(request({ maxOutputTokens: 3 }), credentials(), never()));
      const whole = await drain(adapter.stream(request(), credentials(), never()));

      expect(cut.error).toBeUndefined();
      expect(cut.chunks.filter((chunk) => chunk.type === 'finish')).toEqual([{ type: 'finish', reason: 'length' }]);
      expect(whole.chunks.filter((chunk) => chunk.type === 'finish')).toEqual([{ type: 'finish', reason: 'stop' }]);
    });

    it('sends the calls and their results back in the vendor’s form, a failed result marked as one', async () => {
      const { error } = await drain(adapter.stream(request({ messages: secondRound(), tools: [weatherTool, clockTool] }), credentials(), never()));

      expect(error).toBeUndefined();
      const [logged] = emulator.requests;
      expect(logged?.toolCalls).toEqual([
        { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'call_b', name: 'current_time', arguments: {} },
      ]);
      expect(logged?.toolResults).toEqual(wire.resultsSent);
      expect(logged?.outcome).toBe('completed');
    });

    it('replays a bare call whose arguments were not JSON with {} as its arguments', async () => {
      const messages: ChatMessage[] = [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_x', name: 'get_weather', arguments: {}, invalidArguments: '{"city": "Par' }] },
        { role: 'tool', toolCallId: 'call_x', name: 'get_weather', content: 'arguments were not valid JSON', isError: true },
      ];
      const { error } = await drain(adapter.stream(request({ messages, tools: [weatherTool] }), credentials(), never()));

      expect(error).toBeUndefined();
      expect(emulator.requests[0]?.toolCalls).toEqual([expect.objectContaining({ id: 'call_x', name: 'get_weather', arguments: {} })]);
    });

    if (wire.streamsArgumentText) {
      it('keeps arguments that are not JSON as invalidArguments, with empty arguments', async () => {
        emulator.script({ toolCalls: [{ id: 'call_bad', name: 'get_weather', arguments: '{"city": "Par' }] });
        const { chunks, error } = await drain(adapter.stream(request({ tools: [weatherTool] }), credentials(), never()));

        expect(error).toBeUndefined();
        expect(toolCallsOf(chunks)).toEqual([{ id: 'call_bad', name: 'get_weather', arguments: {}, invalidArguments: '{"city": "Par' }]);
      });

      it('yields no half-assembled call when the stream is cut inside its arguments', async () => {
        emulator.script({ toolCalls: [{ id: 'call_w', name: 'get_weather', arguments: { city: 'Paris', days: 3 } }], failure: { type: 'cut', afterTokens: 2 } });
        const { chunks, error } = await drain(adapter.stream(request({ tools: [weatherTool] }), credentials(), never()));

        expect(error).toBeInstanceOf(ProviderError);
        expect(toolCallsOf(chunks)).toEqual([]);
      });
    }

    it('maps a refused key (401) to invalid_credentials naming the provider, not retryable, without retrying', async () => {
      const { error, chunks } = await drain(adapter.stream(request(), credentials('wrong-key'), never()));

      expect(chunks).toEqual([]);
      expectProviderError(error, { provider, code: 'invalid_credentials', retryable: false, status: 401 });
      expect(emulator.requests).toHaveLength(1);
    });

    it.each(RETRYABLE_STATUSES)('maps %i to %s, retryable, and leaves the retry to the registry (one request)', async (status, code) => {
      emulator.script({ failure: { type: 'status', status } });
      const { error, chunks } = await drain(adapter.stream(request(), credentials(), never()));

      expect(chunks).toEqual([]);
      expectProviderError(error, { provider, code, retryable: true, status });
      expect(emulator.requests).toHaveLength(1);
    });

    it('maps a server that cannot be reached to unavailable, retryable', async () => {
      const baseUrl = await closedBaseUrl(wire.baseUrl);
      const { error } = await drain(adapter.stream(request(), { ...credentials(), baseUrl }, never()));

      expectProviderError(error, { provider, code: 'unavailable', retryable: true });
    });

    if (wire.timesOut) {
      it('maps a vendor that does not start answering in time to timeout, retryable, and closes the request', async () => {
        emulator.script({ failure: { type: 'hang' } });
        const { error } = await drain(make(300).stream(request(), credentials(), never()));

        expectProviderError(error, { provider, code: 'timeout', retryable: true });
        expect((await emulator.waitForAbort(0, 1000)).outcome).toBe('aborted');
      });
    }

    it('fails with a ProviderError when the stream is cut midway, after the text that arrived and without usage', async () => {
      emulator.script({ failure: { type: 'cut', afterTokens: 2 } });
      const { error, text, chunks } = await drain(adapter.stream(request(), credentials(), never()));

      expect(text).toBe('Echo from');
      expectProviderError(error, { provider, code: 'unavailable', retryable: true });
      expect(chunks.filter((chunk) => chunk.type === 'usage')).toEqual([]);
      expect((await emulator.waitForEnd(0)).outcome).toBe('cut');
    });

    it('closes the upstream request within a second of an abort: the vendor stops sending (and billing)', async () => {
      const { text, abortedAt } = await abortMidway();

      const logged = await emulator.waitForAbort(0, 1000);
      expect(logged.abortedAt! - abortedAt).toBeLessThan(1000);
      expect(logged.tokensSent).toBeLessThan(6);
      expect(text).toBe('Echo from');
    });

    it('closes the request when aborted before the vendor answers at all', async () => {
      emulator.script({ failure: { type: 'hang' } });
      const controller = new AbortController();
      const stream = drain(adapter.stream(request(), credentials(), controller.signal));
      await emulator.waitForRequest(0);
      controller.abort();

      expect((await stream).error).toMatchObject({ provider, code: 'aborted', retryable: false });
      expect((await emulator.waitForAbort(0, 1000)).outcome).toBe('aborted');
    });
  });
});
