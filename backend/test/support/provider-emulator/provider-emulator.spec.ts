import './undici-dispatcher.jest-setup';
import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
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
