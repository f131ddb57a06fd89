import { startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ChatChunk, ChatRequest } from '../capabilities';
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
