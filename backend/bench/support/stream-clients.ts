import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';

/** Epoch milliseconds (sub-millisecond) of a `performance.now()` reading, to line up with the emulator's `Date.now()` stamps. */
export const toEpoch = (at: number) => performance.timeOrigin + at;

/** One streamed answer called straight at the emulator. Times are `performance.now()` readings. */
export interface DirectResult {
  ok: boolean;
  error?: string;
  sentAt: number;
  firstTokenAt?: number;
  endedAt: number;
  text: string;
}

/**
 * The baseline: the `openai` SDK with exactly the settings of Webox's OpenAI adapter
 * (`backend/src/ai/adapters/openai.adapter.ts`: a client per call, `maxRetries: 0`, `stream: true`,
 * `stream_options.include_usage`), straight at the emulator. TTFT = first chunk with content.
 */
export async function streamDirect(baseURL: string, apiKey: string, model: string, message: string, timeoutMs: number): Promise<DirectResult> {
  const sentAt = performance.now();
  let firstTokenAt: number | undefined;
  let text = '';
  try {
    const client = new OpenAI({ apiKey, baseURL, maxRetries: 0, timeout: 120_000 });
    const stream = await client.chat.completions.create(
      { model, messages: [{ role: 'user', content: message }], stream: true, stream_options: { include_usage: true } },
      { signal: AbortSignal.timeout(timeoutMs) },
    );
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta?.content;
      if (content) {
        firstTokenAt ??= performance.now();
        text += content;
      }
    }
    const ok = firstTokenAt !== undefined;
    return { ok, ...(ok ? {} : { error: 'no content chunk' }), sentAt, firstTokenAt, endedAt: performance.now(), text };
  } catch (error) {
    return { ok: false, error: describe(error), sentAt, firstTokenAt, endedAt: performance.now(), text };
  }
}

export interface DoneData {
  model: string;
  ttftMs: number | null;
  durationMs: number;
}

export interface ModelStream {
  firstDeltaAt?: number;
  doneAt?: number;
  done?: DoneData;
  error?: string;
  text: string;
}

/** One `POST /api/chat` turn with `stream: true`, read event by event. Times are `performance.now()` readings. */
export interface TurnResult {
  ok: boolean;
  errors: string[];
  status: number;
  sentAt: number;
  /** First `delta` event of any model. */
  firstDeltaAt?: number;
  /** The `end` event: every model done and the turn stored. */
  endAt?: number;
  closedAt: number;
  models: Map<string, ModelStream>;
}

/** Sends one chat turn through Webox and follows its Server-Sent Events to the end. */
export async function streamThroughWebox(baseUrl: string, token: string, models: string[], message: string, timeoutMs: number): Promise<TurnResult> {
  const sentAt = performance.now();
  const result: TurnResult = { ok: false, errors: [], status: 0, sentAt, closedAt: sentAt, models: new Map(models.map((id) => [id, { text: '' }])) };
  try {
    const response = await fetch(`${baseUrl}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ message, models, stream: true }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    result.status = response.status;
    if (response.status !== 200 || !response.body) {
      result.errors.push(`HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return finish(result);
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const at = performance.now();
      buffer += decoder.decode(value, { stream: true });
      for (let boundary = buffer.indexOf('\n\n'); boundary >= 0; boundary = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        onEvent(result, frame, at);
      }
    }
  } catch (error) {
    result.errors.push(describe(error));
  }
  return finish(result);
}

function onEvent(result: TurnResult, frame: string, at: number): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  const payload = data.length ? (JSON.parse(data.join('\n')) as Record<string, unknown>) : {};
  const model = typeof payload['model'] === 'string' ? result.models.get(payload['model']) : undefined;
  if (event === 'delta' && model) {
    result.firstDeltaAt ??= at;
    model.firstDeltaAt ??= at;
    model.text += String(payload['text'] ?? '');
  } else if (event === 'done' && model) {
    model.doneAt = at;
    model.done = payload as unknown as DoneData;
  } else if (event === 'error') {
    if (model) model.error = String(payload['message']);
    result.errors.push(`error event: ${JSON.stringify(payload)}`);
  } else if (event === 'end') {
    result.endAt = at;
  }
}

function finish(result: TurnResult): TurnResult {
  result.closedAt = performance.now();
  if (result.status === 200 && result.endAt === undefined) result.errors.push('stream closed without an end event');
  for (const [id, model] of result.models) {
    if (result.status === 200 && !model.error && !model.done) result.errors.push(`${id}: no done event`);
    if (result.status === 200 && model.firstDeltaAt === undefined) result.errors.push(`${id}: no delta event`);
  }
  result.ok = result.errors.length === 0;
  return result;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`;
  return String(error);
}

/** Registers a fresh account and returns its access token. */
export async function registerUser(baseUrl: string): Promise<string> {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const response = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `bench-${suffix}@example.test`, password: `bench-${suffix}-pass1`, name: 'Benchmark' }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { accessToken?: string };
  if (!response.ok || !body.accessToken) throw new Error(`register answered ${response.status}: ${JSON.stringify(body)}`);
  return body.accessToken;
}
