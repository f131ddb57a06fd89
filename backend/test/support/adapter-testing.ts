import type { ChatChunk, ChatMessage, ChatRequest, ProviderId, ToolCall, ToolSpec } from '../../src/ai/capabilities';
import { ProviderError, ProviderErrorCode, providerLabel } from '../../src/ai/provider-error';
import { startProviderEmulator, type ProviderEmulator } from './provider-emulator';

/** What the adapter specs share: draining a chat stream, a signal that never aborts, two tools and a tool round. */

export interface Drained {
  chunks: ChatChunk[];
  /** The text chunks joined. */
  text: string;
  /** What the stream threw, if it did (after `chunks`). */
  error?: unknown;
}

/** Reads a chat stream to its end, keeping what arrived before an error; `onChunk` sees each chunk with its 1-based count. */
export async function drain(stream: AsyncIterable<ChatChunk>, onChunk?: (chunk: ChatChunk, count: number) => void): Promise<Drained> {
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

/** A signal for calls nobody cancels. */
export const never = () => new AbortController().signal;

/** A chat request with a system prompt and a three-word question (the emulator counts 5 prompt tokens). */
export const chatRequest = (model: string, overrides: Partial<ChatRequest> = {}): ChatRequest => ({
  model,
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'hello there world' },
  ],
  ...overrides,
});

/** The vendor answers every adapter maps alike: HTTP status, ProviderError code; all retryable. */
export const RETRYABLE_STATUSES = [
  [429, 'rate_limited'],
  [500, 'unavailable'],
  [503, 'unavailable'],
] as const;

/** A vendor's failure as every adapter must report it: a ProviderError naming the provider. */
export function expectProviderError(error: unknown, expected: { provider: ProviderId; code: ProviderErrorCode; retryable: boolean; status?: number }): void {
  expect(error).toBeInstanceOf(ProviderError);
  expect(error).toMatchObject(expected);
  expect((error as Error).message).toContain(providerLabel(expected.provider));
}

export const toolCallsOf = (chunks: ChatChunk[]): ToolCall[] => chunks.flatMap((chunk) => (chunk.type === 'tool_call' ? [chunk.call] : []));

export const weatherTool: ToolSpec = {
  name: 'get_weather',
  description: 'The weather forecast for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] },
};

export const clockTool: ToolSpec = { name: 'current_time', description: 'The time now.', parameters: { type: 'object', properties: {} } };

/** A first round that asked for two tools, answered: one result, one failure. */
export function secondRound(calls: ToolCall[] = [
  { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
  { id: 'call_b', name: 'current_time', arguments: {} },
]): ChatMessage[] {
  return [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'weather in Paris, and the time?' },
    { role: 'assistant', content: 'Checking.', toolCalls: calls },
    { role: 'tool', toolCallId: calls[0]!.id, name: calls[0]!.name, content: 'Sunny, 21 °C' },
    { role: 'tool', toolCallId: calls[1]!.id, name: calls[1]!.name, content: 'clock unavailable', isError: true },
  ];
}

/** Fails the test when a scripted behaviour was never used: call in `afterEach`, it also resets the emulator. */
export function resetEmulator(emulator: ProviderEmulator): void {
  const unused = emulator.pendingScripts.length;
  emulator.reset();
  expect(unused).toBe(0);
}

/** A base URL where nothing listens: that of an emulator started and closed at once. */
export async function closedBaseUrl(pick: (emulator: ProviderEmulator) => string): Promise<string> {
  const closed = await startProviderEmulator();
  const url = pick(closed);
  await closed.close();
  return url;
}
