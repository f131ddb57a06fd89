import './undici-dispatcher.jest-setup';
import Anthropic from '@anthropic-ai/sdk';
import { ElevenLabsClient, ElevenLabsError } from '@elevenlabs/elevenlabs-js';
import { ApiError, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import Replicate, { type ApiError as ReplicateApiError } from 'replicate';
import { cosineSimilarity, embedText, SCENARIO_HEADER, startProviderEmulator, type ProviderEmulator } from './index';

/** Every assertion goes through the vendors' real SDKs, so a wire-format mistake fails here first. */

const GPT = 'gpt-4o';
const CLAUDE = 'claude-sonnet-4-6';
const GEMINI = 'gemini-2.5-flash';

let emulator: ProviderEmulator;
let openai: OpenAI;
let anthropic: Anthropic;
let gemini: GoogleGenAI;

beforeAll(async () => {
  emulator = await startProviderEmulator();
  openai = new OpenAI({ apiKey: 'test-key', baseURL: emulator.openaiBaseUrl, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'test-key', baseURL: emulator.anthropicBaseUrl, maxRetries: 0 });
  gemini = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: emulator.geminiBaseUrl } });
});

afterEach(() => {
  const unused = emulator.pendingScripts.length;
  emulator.reset();
  // A test that scripts more than it uses is hiding a request that never happened.
  expect(unused).toBe(0);
});

afterAll(() => emulator.close());

/** Errors from Node's fetch come from another realm than Jest's sandbox, so `instanceof Error` is false for them. */
function isError(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** Drains an async iterable, keeping what arrived before any error so tests can assert on partial streams. */
async function drain<T>(stream: AsyncIterable<T>): Promise<{ items: T[]; error?: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of stream) items.push(item);
    return { items };
  } catch (error) {
    return { items, error };
  }
}

const weatherCall = { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius', days: 3 } };

describe('OpenAI', () => {
  it('answers a chat with an echo, usage and a logged request whose key is redacted', async () => {
    const completion = await openai.chat.completions.create({
      model: GPT,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello there world' },
      ],
    });

    expect(completion.choices[0]?.message.content).toBe(`Echo from ${GPT}: hello there world`);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 });
    const [request] = emulator.requests;
    expect(request).toMatchObject({ vendor: 'openai', kind: 'chat', model: GPT, stream: false, system: 'Be brief.', keyMatched: true, keyIndex: 0, keySource: 'authorization', outcome: 'completed' });
    expect(request?.messages).toEqual([{ role: 'user', text: 'hello there world' }]);
    expect(request?.headers['authorization']).toBe('Bearer [redacted]');
    expect(JSON.stringify(request)).not.toContain('test-key');
  });

  it('streams content deltas after a role chunk, then finish_reason, a usage chunk and [DONE]', async () => {
    const stream = await openai.chat.completions.create({ model: GPT, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'stream this please' }] });
    const { items: chunks, error } = await drain(stream);

    expect(error).toBeUndefined();
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(`Echo from ${GPT}: stream this please`);
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBe(6);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 6, total_tokens: 9 });
  });

  it('answers scripted tool calls, non-streaming and streamed through the SDK helper', async () => {
    emulator.script({ toolCalls: [weatherCall] }, { toolCalls: [weatherCall], match: { vendor: 'openai', model: /^gpt-/ } });
    const tools: OpenAI.Chat.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }];

    const completion = await openai.chat.completions.create({ model: GPT, tools, messages: [{ role: 'user', content: 'weather?' }] });
    const runner = openai.chat.completions.stream({ model: GPT, tools, messages: [{ role: 'user', content: 'weather?' }] });
    const argumentDeltas: string[] = [];
    runner.on('tool_calls.function.arguments.delta', (event) => argumentDeltas.push(event.arguments_delta));
    const streamed = await runner.finalChatCompletion();

    for (const choice of [completion.choices[0], streamed.choices[0]]) {
      expect(choice?.finish_reason).toBe('tool_calls');
      const call = choice?.message.tool_calls?.[0];
      expect(call).toMatchObject({ type: 'function', id: expect.stringMatching(/^call_/), function: { name: 'get_weather' } });
      expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual(weatherCall.arguments);
    }
    expect(argumentDeltas.length).toBeGreaterThan(3);
    expect(emulator.requests[0]?.toolNames).toEqual(['get_weather']);
  });

  it('sends scripted argument text as is, even when it is not JSON', async () => {
    emulator.script({ toolCalls: [{ id: 'call_bad', name: 'get_weather', arguments: '{"city": "Par' }] });
    const completion = await openai.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'weather?' }] });

    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.arguments).toBe('{"city": "Par');
  });

  it('logs the tool calls and tool results a request sends back', async () => {
    await openai.chat.completions.create({
      model: GPT,
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      ],
    });

    expect(emulator.requests[0]).toMatchObject({ toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }], toolResults: [{ id: 'call_1', text: 'Sunny' }] });
  });

  it('truncates at max_tokens with finish_reason length', async () => {
    const completion = await openai.chat.completions.create({ model: GPT, max_tokens: 2, messages: [{ role: 'user', content: 'a long question here' }] });

    expect(completion.choices[0]?.message.content).toBe('Echo from');
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(2);
  });

  it('returns deterministic embeddings (base64 by default in the SDK, or floats) of the asked dimension', async () => {
    const defaultFormat = await openai.embeddings.create({ model: 'text-embedding-3-small', input: ['refund policy for orders', 'shipping times'] });
    const floats = await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'refund policy', encoding_format: 'float', dimensions: 64 });

    expect(defaultFormat.data).toHaveLength(2);
    expect(defaultFormat.data[0]?.embedding).toHaveLength(1536);
    embedText('refund policy for orders', 1536).forEach((value, position) => expect(defaultFormat.data[0]?.embedding[position]).toBeCloseTo(value, 6));
    expect(floats.data[0]?.embedding).toEqual(embedText('refund policy', 64));
    expect(defaultFormat.usage.prompt_tokens).toBe(6);
    const query = embedText('what is the refund policy', 1536);
    expect(cosineSimilarity(query, defaultFormat.data[0]?.embedding ?? [])).toBeGreaterThan(cosineSimilarity(query, defaultFormat.data[1]?.embedding ?? []));
  });

  it('lists models', async () => {
    const models = await openai.models.list();
    expect(models.data.map((model) => model.id)).toContain(GPT);
  });

  it('refuses a wrong key with AuthenticationError without consuming a script', async () => {
    emulator.script({ reply: 'kept for the next request' });
    const intruder = new OpenAI({ apiKey: 'wrong-key', baseURL: emulator.openaiBaseUrl, maxRetries: 0 });

    await expect(intruder.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    expect(emulator.requests[0]).toMatchObject({ keyMatched: false, status: 401, outcome: 'error-status' });
    expect(emulator.pendingScripts).toHaveLength(1);
    await openai.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'hi' }] });
  });

  it('fails with 429 (RateLimitError, retry-after) and 500 (InternalServerError)', async () => {
    emulator.script({ failure: { type: 'status', status: 429, retryAfterSeconds: 7 } }, { failure: { type: 'status', status: 500 } });

    const limited = await openai.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    await expect(openai.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(OpenAI.InternalServerError);

    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('rate_limit_exceeded');
  });

  it('cuts a stream mid-way: the SDK iteration throws after the first tokens', async () => {
    emulator.script({ failure: { type: 'cut', afterTokens: 2 } });
    const stream = await openai.chat.completions.create({ model: GPT, stream: true, messages: [{ role: 'user', content: 'one two three four' }] });

    const { items, error } = await drain(stream);

    expect(isError(error)).toBe(true);
    expect(items.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Echo from');
    expect(await emulator.waitForEnd(0)).toMatchObject({ outcome: 'cut', tokensSent: 2 });
  });

  it('hangs until the client aborts, and records the abort within a second', async () => {
    emulator.script({ failure: { type: 'hang' } });
    const controller = new AbortController();
    const call = openai.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
    await emulator.waitForRequest(0);

    const abortedAt = Date.now();
    controller.abort();

    await expect(call).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    const request = await emulator.waitForAbort(0, 1000);
    expect(request.outcome).toBe('aborted');
    expect((request.abortedAt ?? Infinity) - abortedAt).toBeLessThan(1000);
  });

  it('records a client that walks away mid-stream as an abort', async () => {
    emulator.script({ tokensPerSecond: 20, reply: 'one two three four five six seven eight nine ten' });
    const stream = await openai.chat.completions.create({ model: GPT, stream: true, messages: [{ role: 'user', content: 'hi' }] });

    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) break;

    const request = await emulator.waitForAbort(0, 1000);
    expect(request.tokensSent).toBeLessThan(10);
  });

  it('honours the first-token delay and the token pace', async () => {
    emulator.script({ firstTokenDelayMs: 300, tokensPerSecond: 50, reply: 'one two three four five six seven eight nine ten' });
    const started = Date.now();
    const stream = await openai.chat.completions.create({ model: GPT, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const arrivals: number[] = [];

    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) arrivals.push(Date.now());

    expect((arrivals[0] ?? 0) - started).toBeGreaterThanOrEqual(290);
    // Nine intervals of 20 ms between ten tokens.
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(160);
    const request = emulator.requests[0];
    expect((request?.firstTokenAt ?? 0) - (request?.receivedAt ?? 0)).toBeGreaterThanOrEqual(300);
  });
});

describe('Anthropic', () => {
  it('answers with a text block and usage, and logs the system prompt', async () => {
    const message = await anthropic.messages.create({ model: CLAUDE, max_tokens: 100, system: 'You are terse.', messages: [{ role: 'user', content: 'hello claude' }] });

    expect(message.content).toEqual([{ type: 'text', text: `Echo from ${CLAUDE}: hello claude`, citations: null }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 5, output_tokens: 5 });
    expect(emulator.requests[0]).toMatchObject({ vendor: 'anthropic', system: 'You are terse.', keyMatched: true });
  });

  it('streams text deltas and ends with message_delta usage and message_stop', async () => {
    const stream = anthropic.messages.stream({ model: CLAUDE, max_tokens: 100, messages: [{ role: 'user', content: 'stream me please' }] });
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));

    const message = await stream.finalMessage();

    expect(deltas.join('')).toBe(`Echo from ${CLAUDE}: stream me please`);
    expect(deltas).toHaveLength(6);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 3, output_tokens: 6 });
  });

  it('answers scripted tool_use blocks, whole and streamed as input_json_delta', async () => {
    emulator.script({ reply: 'Let me check.', toolCalls: [weatherCall] }, { toolCalls: [weatherCall], match: { vendor: 'anthropic' } });
    const tools: Anthropic.Tool[] = [{ name: 'get_weather', input_schema: { type: 'object', properties: {} } }];

    const whole = await anthropic.messages.create({ model: CLAUDE, max_tokens: 100, tools, messages: [{ role: 'user', content: 'weather?' }] });
    const stream = anthropic.messages.stream({ model: CLAUDE, max_tokens: 100, tools, messages: [{ role: 'user', content: 'weather?' }] });
    const partials: string[] = [];
    stream.on('inputJson', (partial) => partials.push(partial));
    const streamed = await stream.finalMessage();

    expect(whole.stop_reason).toBe('tool_use');
    expect(whole.content[0]).toMatchObject({ type: 'text', text: 'Let me check.' });
    expect(whole.content[1]).toMatchObject({ type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'get_weather', input: weatherCall.arguments });
    expect(streamed.stop_reason).toBe('tool_use');
    expect(streamed.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'get_weather', input: weatherCall.arguments })]);
    expect(partials.length).toBeGreaterThan(3);
  });

  it('logs tool_use blocks and tool_result blocks sent back, with is_error', async () => {
    await anthropic.messages.create({
      model: CLAUDE,
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'no network', is_error: true }] },
      ],
    });

    expect(emulator.requests[0]).toMatchObject({
      toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: { city: 'Paris' } }],
      toolResults: [{ id: 'toolu_1', text: 'no network', isError: true }],
    });
  });

  it('maps 401, 429 and 503 to the SDK error classes', async () => {
    const intruder = new Anthropic({ apiKey: 'wrong-key', baseURL: emulator.anthropicBaseUrl, maxRetries: 0 });
    const ask = (client: Anthropic): Promise<unknown> => client.messages.create({ model: CLAUDE, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    emulator.script({ failure: { type: 'status', status: 429 } }, { failure: { type: 'status', status: 503 } });

    const unauthorized = await ask(intruder).catch((error: unknown) => error);
    await expect(ask(anthropic)).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    await expect(ask(anthropic)).rejects.toBeInstanceOf(Anthropic.InternalServerError);

    expect(unauthorized).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((unauthorized as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('refuses a request without max_tokens as the real API does', async () => {
    const raw = await fetch(`${emulator.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'test-key', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: CLAUDE, messages: [{ role: 'user', content: 'hi' }] }),
    });

    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
  });

  it('cuts a stream mid-way and hangs until aborted', async () => {
    emulator.script({ failure: { type: 'cut', afterTokens: 1 } }, { failure: { type: 'hang', afterTokens: 2 } });
    const cut = await drain(anthropic.messages.stream({ model: CLAUDE, max_tokens: 100, messages: [{ role: 'user', content: 'a b c' }] }));
    const controller = new AbortController();
    const hung = anthropic.messages.stream({ model: CLAUDE, max_tokens: 100, messages: [{ role: 'user', content: 'a b c' }] }, { signal: controller.signal });
    const received: string[] = [];
    hung.on('text', (text) => {
      received.push(text);
      if (received.length === 2) controller.abort();
    });

    expect(isError(cut.error)).toBe(true);
    await expect(hung.finalMessage()).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
    expect(received.join('')).toBe('Echo from');
    expect((await emulator.waitForAbort(1, 1000)).tokensSent).toBe(2);
  });
});

describe('Gemini', () => {
  it('answers generateContent with text, usageMetadata, and logs systemInstruction', async () => {
    const response = await gemini.models.generateContent({ model: GEMINI, contents: 'hello gemini', config: { systemInstruction: 'Answer in French.' } });

    expect(response.text).toBe(`Echo from ${GEMINI}: hello gemini`);
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 5, candidatesTokenCount: 5, totalTokenCount: 10 });
    expect(emulator.requests[0]).toMatchObject({ vendor: 'gemini', path: `/v1beta/models/${GEMINI}:generateContent`, keySource: 'x-goog-api-key', system: 'Answer in French.', keyMatched: true });
  });

  it('streams chunks over alt=sse, the last with finishReason and full usage', async () => {
    const chunks = (await drain(await gemini.models.generateContentStream({ model: GEMINI, contents: 'stream gemini now' }))).items;

    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe(`Echo from ${GEMINI}: stream gemini now`);
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(chunks.at(-1)?.usageMetadata).toMatchObject({ promptTokenCount: 3, candidatesTokenCount: 6, totalTokenCount: 9 });
    expect(emulator.requests[0]?.query).toEqual({ alt: 'sse' });
  });

  it('answers scripted function calls, whole and streamed', async () => {
    emulator.script({ toolCalls: [weatherCall], match: { vendor: 'gemini' } }, { toolCalls: [weatherCall], match: { vendor: 'gemini' } });
    const config = { tools: [{ functionDeclarations: [{ name: 'get_weather' }] }] };

    const whole = await gemini.models.generateContent({ model: GEMINI, contents: 'weather?', config });
    const streamed = (await drain(await gemini.models.generateContentStream({ model: GEMINI, contents: 'weather?', config }))).items;

    expect(whole.functionCalls).toEqual([{ name: 'get_weather', args: weatherCall.arguments }]);
    expect(streamed.flatMap((chunk) => chunk.functionCalls ?? [])).toEqual([{ name: 'get_weather', args: weatherCall.arguments }]);
    expect(emulator.requests[0]?.toolNames).toEqual(['get_weather']);
  });

  it('signs the first function call on Gemini 3, and refuses a replayed call of the current turn without its signature', async () => {
    const GEMINI_3 = 'gemini-3.5-flash';
    emulator.script({ toolCalls: [weatherCall, { name: 'current_time', arguments: {} }], match: { vendor: 'gemini' } });
    const config = { tools: [{ functionDeclarations: [{ name: 'get_weather' }, { name: 'current_time' }] }] };
    const first = await gemini.models.generateContent({ model: GEMINI_3, contents: 'weather?', config });
    const parts = first.candidates?.[0]?.content?.parts ?? [];
    expect(parts[0]?.thoughtSignature).toEqual(expect.any(String));
    expect(parts[1]?.thoughtSignature).toBeUndefined();

    const replay = (modelParts: typeof parts, before: Array<{ role: string; parts: Array<Record<string, unknown>> }> = []) =>
      gemini.models
        .generateContent({
          model: GEMINI_3,
          contents: [
            ...before,
            { role: 'user', parts: [{ text: 'weather?' }] },
            { role: 'model', parts: modelParts },
            { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 'Sunny' } } }, { functionResponse: { name: 'current_time', response: { error: 'no clock' } } }] },
          ],
        })
        .then(() => 200)
        .catch((error: unknown) => (error instanceof ApiError ? `${error.status} ${error.message}` : error));
    const unsigned = parts.map(({ functionCall }) => ({ functionCall }));

    expect(await replay(parts)).toBe(200);
    expect(await replay(unsigned)).toMatch(/^400 .*missing a thought_signature.*get_weather/);
    // An earlier turn (before the last user text) is not checked.
    expect(await replay(parts, [{ role: 'user', parts: [{ text: 'earlier' }] }, { role: 'model', parts: unsigned }])).toBe(200);
    expect(emulator.requests[1]).toMatchObject({
      toolCalls: [{ name: 'get_weather', arguments: weatherCall.arguments, signature: parts[0]?.thoughtSignature }, { name: 'current_time', arguments: {} }],
      toolResults: [{ name: 'get_weather', text: 'Sunny' }, { name: 'current_time', text: 'no clock', isError: true }],
    });
    expect(emulator.requests[2]?.status).toBe(400);
  });

  it('maps 401, 429 and 500 to ApiError with the status', async () => {
    const intruder = new GoogleGenAI({ apiKey: 'wrong-key', httpOptions: { baseUrl: emulator.geminiBaseUrl } });
    emulator.script({ failure: { type: 'status', status: 429 } }, { failure: { type: 'status', status: 500 } });
    const statuses: unknown[] = [];

    for (const client of [intruder, gemini, gemini]) {
      statuses.push(await client.models.generateContent({ model: GEMINI, contents: 'hi' }).catch((error: unknown) => (error instanceof ApiError ? error.status : error)));
    }

    expect(statuses).toEqual([401, 429, 500]);
  });

  it('cuts a stream mid-way and hangs until the abortSignal fires', async () => {
    emulator.script({ failure: { type: 'cut', afterTokens: 2 } }, { failure: { type: 'hang' } });
    const cut = await drain(await gemini.models.generateContentStream({ model: GEMINI, contents: 'a b c' }));
    const controller = new AbortController();
    const hung = gemini.models.generateContent({ model: GEMINI, contents: 'hi', config: { abortSignal: controller.signal } });
    await emulator.waitForRequest(1);
    setTimeout(() => controller.abort(), 50);

    expect(isError(cut.error)).toBe(true);
    expect(cut.items.map((chunk) => chunk.text).join('')).toBe('Echo from');
    await expect(hung).rejects.toThrow();
    await emulator.waitForAbort(1, 1000);
  });

  it('embeds a batch of texts', async () => {
    const response = await gemini.models.embedContent({ model: 'gemini-embedding-001', contents: ['first text', 'second text'], config: { outputDimensionality: 32 } });

    expect(response.embeddings?.map((embedding) => embedding.values)).toEqual([embedText('first text', 32), embedText('second text', 32)]);
  });
});

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ascii = (data: Buffer, from: number, to: number): string => data.subarray(from, to).toString('latin1');

async function bytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
  return Buffer.concat(chunks);
}

describe('OpenAI images and speech', () => {
  it('answers gpt-image-1 in base64 PNG with usage, and refuses response_format as the real API does', async () => {
    const image = await openai.images.generate({ model: 'gpt-image-1', prompt: 'a red kite', size: '1536x1024' });
    const refused = await openai.images.generate({ model: 'gpt-image-1', prompt: 'a red kite', response_format: 'b64_json' }).catch((error: unknown) => error);

    expect(Buffer.from(image.data?.[0]?.b64_json ?? '', 'base64').subarray(0, 8)).toEqual(PNG_MAGIC);
    expect(image).toMatchObject({ output_format: 'png', size: '1536x1024', usage: { input_tokens: 3 } });
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(emulator.requests[0]).toMatchObject({ vendor: 'openai', kind: 'image', model: 'gpt-image-1', prompt: 'a red kite', outcome: 'completed' });
  });

  it('answers DALL-E with a URL by default, served without a key', async () => {
    const image = await openai.images.generate({ model: 'dall-e-3', prompt: 'a red kite', size: '1024x1792' });
    const url = image.data?.[0]?.url ?? '';
    const file = await fetch(url);

    expect(url.startsWith(emulator.url)).toBe(true);
    expect(image.data?.[0]?.revised_prompt).toBe('a red kite');
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).subarray(0, 8)).toEqual(PNG_MAGIC);
    expect(emulator.requests[1]).toMatchObject({ kind: 'file', keyMatched: false, status: 200 });
  });

  it('answers speech as MP3 by default and as WAV when asked', async () => {
    const mp3 = await openai.audio.speech.create({ model: 'tts-1', input: 'Hello there.', voice: 'alloy' });
    const wav = await openai.audio.speech.create({ model: 'tts-1', input: 'Hello there.', voice: 'alloy', response_format: 'wav' });
    const wavBytes = Buffer.from(await wav.arrayBuffer());

    expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
    expect(ascii(Buffer.from(await mp3.arrayBuffer()), 0, 3)).toBe('ID3');
    expect(wav.headers.get('content-type')).toBe('audio/wav');
    expect([ascii(wavBytes, 0, 4), ascii(wavBytes, 8, 12)]).toEqual(['RIFF', 'WAVE']);
    expect(emulator.requests[0]).toMatchObject({ kind: 'speech', model: 'tts-1', voice: 'alloy', prompt: 'Hello there.' });
  });

  it('applies latency, hangs and cuts to media answers too', async () => {
    emulator.script({ firstTokenDelayMs: 200, match: { kind: 'image' } }, { failure: { type: 'hang' }, match: { kind: 'speech' } }, { failure: { type: 'cut', afterTokens: 0 }, match: { kind: 'speech' } });
    const started = Date.now();
    await openai.images.generate({ model: 'gpt-image-1', prompt: 'slow' });
    const tookMs = Date.now() - started;
    const controller = new AbortController();
    const hung = openai.audio.speech.create({ model: 'tts-1', input: 'hi', voice: 'alloy' }, { signal: controller.signal }).catch((error: unknown) => error);
    await emulator.waitForRequest(1);
    controller.abort();
    const cut = await openai.audio.speech.create({ model: 'tts-1', input: 'hi', voice: 'alloy' }).then((response) => response.arrayBuffer()).catch((error: unknown) => error);

    expect(tookMs).toBeGreaterThanOrEqual(190);
    expect(await hung).toBeInstanceOf(OpenAI.APIUserAbortError);
    await emulator.waitForAbort(1, 1000);
    expect(isError(cut)).toBe(true);
    expect((await emulator.waitForEnd(2)).outcome).toBe('cut');
  });
});

describe('Replicate', () => {
  let replicate: Replicate;
  beforeAll(() => (replicate = new Replicate({ auth: 'test-key', baseUrl: emulator.replicateBaseUrl })));

  it('moves a prediction from starting to processing to succeeded over two status checks, then serves its file', async () => {
    const created = await replicate.predictions.create({ model: 'black-forest-labs/flux-schnell', input: { prompt: 'a kite', aspect_ratio: '16:9', output_format: 'png' } });
    const first = await replicate.predictions.get(created.id);
    const second = await replicate.predictions.get(created.id);
    const [url = ''] = second.output as string[];
    const file = Buffer.from(await (await fetch(url)).arrayBuffer());

    expect([created.status, first.status, second.status]).toEqual(['starting', 'processing', 'succeeded']);
    expect(created).toMatchObject({ model: 'black-forest-labs/flux-schnell', output: null, urls: { get: `${emulator.replicateBaseUrl}/predictions/${created.id}` } });
    expect(file.subarray(0, 8)).toEqual(PNG_MAGIC);
    expect(emulator.predictions[0]).toMatchObject({ id: created.id, status: 'succeeded', checks: 2 });
    expect(emulator.requests.map((request) => request.kind)).toEqual(['prediction', 'prediction-status', 'prediction-status', 'file']);
  });

  it('answers at once in sync mode, which replicate.run uses (Flux outputs are a list, WebP by default)', async () => {
    const output = (await replicate.run('black-forest-labs/flux-schnell', { input: { prompt: 'a kite' } })) as string[];
    const file = Buffer.from(await (await fetch(output[0] ?? '')).arrayBuffer());

    expect([ascii(file, 0, 4), ascii(file, 8, 12)]).toEqual(['RIFF', 'WEBP']);
    expect(emulator.requests[0]?.headers['prefer']).toBe('wait');
    expect(emulator.requests).toHaveLength(2);
  });

  it('runs a model by version id (known versions are logged by model name) and serves video as MP4', async () => {
    const music = await replicate.predictions.create({ version: '671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb', input: { prompt: 'a tune', duration: 3 } });
    const video = await replicate.predictions.create({ model: 'minimax/video-01', input: { prompt: 'waves' } });
    const done = await replicate.wait(video, { interval: 1 });
    const clip = Buffer.from(await (await fetch(done.output as string)).arrayBuffer());

    expect(music).toMatchObject({ model: 'meta/musicgen', version: '671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb' });
    expect(ascii(clip, 4, 8)).toBe('ftyp');
  });

  it('ends a scripted prediction failed with the model’s error, and cancels a running one', async () => {
    emulator.script({ prediction: { error: 'NSFW content detected.', polls: 1 }, match: { kind: 'prediction' } }, { prediction: { polls: 100 }, match: { kind: 'prediction' } });
    const failing = await replicate.predictions.create({ model: 'black-forest-labs/flux-schnell', input: { prompt: 'x' } });
    const running = await replicate.predictions.create({ model: 'black-forest-labs/flux-schnell', input: { prompt: 'y' } });

    const failed = await replicate.predictions.get(failing.id);
    const canceled = await replicate.predictions.cancel(running.id);

    expect(failed).toMatchObject({ status: 'failed', error: 'NSFW content detected.', output: null });
    expect(canceled.status).toBe('canceled');
    expect(emulator.predictions[1]?.canceledAt).toBeDefined();
  });

  it('refuses a bad key, an invalid input (422) and an unknown prediction (404) with problem details', async () => {
    const intruder = new Replicate({ auth: 'wrong-key', baseUrl: emulator.replicateBaseUrl });
    const statusOf = (error: unknown) => (error as ReplicateApiError).response?.status;

    const unauthorized = await intruder.predictions.create({ model: 'black-forest-labs/flux-schnell', input: { prompt: 'x' } }).catch(statusOf);
    const invalid = await replicate.predictions.create({ model: 'black-forest-labs/flux-schnell', input: { prompt: 'x', aspect_ratio: '7:5' } }).catch((error: unknown) => error);
    const missing = await replicate.predictions.get('nope').catch(statusOf);

    expect([unauthorized, statusOf(invalid), missing]).toEqual([401, 422, 404]);
    expect((invalid as Error).message).toContain('input.aspect_ratio');
  });

  it('lists predictions and takes prediction scripts over /_emulator/*', async () => {
    await fetch(`${emulator.url}/_emulator/script`, { method: 'POST', body: JSON.stringify({ prediction: { polls: 0, error: 'boom' }, match: { kind: 'prediction' } }) });
    const created = await replicate.predictions.create({ model: 'black-forest-labs/flux-schnell', input: { prompt: 'x' } });
    const listed = (await (await fetch(`${emulator.url}/_emulator/predictions`)).json()) as Array<{ id: string; status: string }>;

    expect(created.status).toBe('failed');
    expect(listed).toEqual([expect.objectContaining({ id: created.id, status: 'failed' })]);
  });
});

describe('ElevenLabs', () => {
  const client = () => new ElevenLabsClient({ apiKey: 'test-key', baseUrl: emulator.elevenlabsBaseUrl, maxRetries: 0 });

  it('speaks as MP3, or PCM when asked, with the key in xi-api-key', async () => {
    const mp3 = await bytes(await client().textToSpeech.convert('21m00Tcm4TlvDq8ikWAM', { text: 'Hello', modelId: 'eleven_multilingual_v2' }));
    const pcm = await bytes(await client().textToSpeech.convert('21m00Tcm4TlvDq8ikWAM', { text: 'Hello', outputFormat: 'pcm_24000' }));

    expect(ascii(mp3, 0, 3)).toBe('ID3');
    expect(pcm.length).toBe(24_000);
    expect(emulator.requests[0]).toMatchObject({ vendor: 'elevenlabs', kind: 'speech', keySource: 'xi-api-key', voice: '21m00Tcm4TlvDq8ikWAM', model: 'eleven_multilingual_v2', prompt: 'Hello' });
    expect(emulator.requests[1]?.query).toEqual({ output_format: 'pcm_24000' });
    expect(JSON.stringify(emulator.requests)).not.toContain('test-key');
  });

  it('answers a bad key with 401 and an unknown voice with 404, in ElevenLabs’ error shape', async () => {
    const intruder = new ElevenLabsClient({ apiKey: 'wrong-key', baseUrl: emulator.elevenlabsBaseUrl, maxRetries: 0 });

    const unauthorized = await intruder.textToSpeech.convert('21m00Tcm4TlvDq8ikWAM', { text: 'Hello' }).catch((error: unknown) => error);
    const unknownVoice = await client().textToSpeech.convert('Rachel', { text: 'Hello' }).catch((error: unknown) => error);

    expect(unauthorized).toBeInstanceOf(ElevenLabsError);
    expect(unauthorized).toMatchObject({ statusCode: 401, body: { detail: { status: 'invalid_api_key' } } });
    expect(unknownVoice).toMatchObject({ statusCode: 404, body: { detail: { status: 'voice_not_found' } } });
  });
});

describe('scripting', () => {
  it('consumes scripted entries in order among the requests they match, over the server-wide behaviour', async () => {
    emulator.setBehaviour({ reply: 'server-wide' });
    emulator.script({ reply: 'for claude', match: { vendor: 'anthropic' } }, { reply: 'first' }, { reply: 'second', match: { model: 'gpt-4o-mini' } });
    const ask = async (model: string): Promise<string | null | undefined> =>
      (await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] })).choices[0]?.message.content;

    expect(await ask('gpt-4o-mini')).toBe('first');
    expect(await ask('gpt-4o-mini')).toBe('second');
    expect(await ask(GPT)).toBe('server-wide');
    expect(emulator.pendingScripts).toHaveLength(1);
    const message = await anthropic.messages.create({ model: CLAUDE, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content[0]).toMatchObject({ text: 'for claude' });
  });

  it('takes per-request knobs from the x-emulator-scenario header', async () => {
    const completion = await openai.chat.completions.create(
      { model: GPT, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { [SCENARIO_HEADER]: JSON.stringify({ reply: 'from the header', firstTokenDelayMs: 20 }) } },
    );

    expect(completion.choices[0]?.message.content).toBe('from the header');
    expect(emulator.requests[0]?.behaviour).toMatchObject({ reply: 'from the header', firstTokenDelayMs: 20 });
  });

  it('lets a reply function see the parsed request', async () => {
    emulator.script({ reply: (request) => `you sent ${request.messages.length} messages` });
    const completion = await openai.chat.completions.create({
      model: GPT,
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' },
      ],
    });

    expect(completion.choices[0]?.message.content).toBe('you sent 3 messages');
  });

  it('is driven over HTTP through /_emulator/*', async () => {
    const post = (path: string, body?: unknown): Promise<Response> =>
      fetch(`${emulator.url}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

    await post('script', [{ reply: 'scripted over http' }]);
    const completion = await openai.chat.completions.create({ model: GPT, messages: [{ role: 'user', content: 'hi' }] });
    const log = (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as Array<{ path: string }>;
    await post('reset');

    expect(completion.choices[0]?.message.content).toBe('scripted over http');
    expect(log.map((request) => request.path)).toEqual(['/v1/chat/completions']);
    expect(emulator.requests).toHaveLength(0);
  });
});
