import { startProviderEmulator, type ProviderEmulator } from '../../../test/support/provider-emulator';
import type { ChatChunk, ChatRequest } from '../capabilities';
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
